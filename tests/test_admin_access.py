"""Only the right staff reach URLs that edit, preview or upload."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from PIL import Image

from portal.signin import FAILURES_ALLOWED, FAILURES_ALLOWED_PER_ADDRESS
from tests.factories import draft
from tests.helpers.images import image_file

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/markdownx/upload/"
MARKDOWNIFY = "/admin/markdownx/markdownify/"


def test_anonymous_is_refused_everywhere_staff_only(client):
    article = draft()
    for url in [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    assert client.get(article.get_preview_url()).status_code == 404
    # The editor's script shows these answers where the editor is looking: the preview pane,
    # or the list above the editor after an upload. A redirect would put the sign-in page there.
    preview = client.post(MARKDOWNIFY, {"content": "# hi"})
    assert preview.status_code == 403
    assert (
        "You are signed out" in preview.content.decode() and "<h1>" not in preview.content.decode()
    )
    upload = client.post(UPLOAD, {"image": image_file()})
    assert upload.status_code == 403 and upload.json()["image_code"] == []
    assert upload.json()["image"][0].startswith("You are signed out")


def test_the_package_default_markdownx_urls_are_not_mounted(client):
    assert client.post("/markdownx/upload/", {"image": image_file()}).status_code == 404
    assert client.post("/markdownx/markdownify/", {"content": "x"}).status_code == 404


def test_staff_without_editing_rights_cannot_preview_or_upload(client, django_user_model):
    user = django_user_model.objects.create_user("intern", password="pw", is_staff=True)
    client.force_login(user)
    preview = client.post(MARKDOWNIFY, {"content": "x"})
    assert preview.status_code == 403 and "Ask an administrator" in preview.content.decode()
    upload = client.post(UPLOAD, {"image": image_file()})
    assert upload.status_code == 403 and "Ask an administrator" in upload.json()["image"][0]
    assert client.get("/admin/articles/article/").status_code == 403


def test_an_out_of_date_page_is_told_so_in_the_editor_not_given_the_csrf_page(editor):
    # Signing in again in another tab changes the CSRF secret; an open editor's token goes stale.
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.cookies["csrftoken"] = "x" * 32
    preview = client.post(MARKDOWNIFY, {"content": "x", "csrfmiddlewaretoken": "y" * 32})
    assert preview.status_code == 403
    assert "This page is out of date" in preview.content.decode()
    assert "<h1>" not in preview.content.decode()
    upload = client.post(UPLOAD, {"image": image_file(), "csrfmiddlewaretoken": "y" * 32})
    assert upload.status_code == 403 and upload.json()["image_code"] == []
    assert upload.json()["image"][0].startswith("This page is out of date")
    # Everywhere else the site's own page still explains a refused form.
    page = client.post("/faq/ask/", {"question": "x", "csrfmiddlewaretoken": "y" * 32})
    assert page.status_code == 403 and "Your form was not sent" in page.content.decode()


def test_moderator_cannot_change_articles(client, moderator):
    article = draft()
    client.force_login(moderator)
    response = client.post(f"/admin/articles/article/{article.pk}/change/", {"title": "Hijacked"})
    assert response.status_code == 403
    # Moderators do write FAQ answers (faq.change_faqentry), so the Markdown editor's preview
    # and upload are open to them (#4); article editing is not.
    assert client.post(MARKDOWNIFY, {"content": "x"}).status_code == 200


def test_editor_live_preview_is_sanitized_and_matches_the_renderer(client, editor):
    client.force_login(editor)
    response = client.post(
        MARKDOWNIFY, {"content": "## Hi\n\n[x](javascript:alert(1)) <script>a()</script>"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Hi</h2>" in html
    assert "javascript:" not in html and "<script" not in html


def test_editor_uploads_an_image_reencoded_under_a_random_name(client, editor, settings):
    client.force_login(editor)
    response = client.post(
        UPLOAD, {"image": image_file()}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![Describe the image](/media/uploads/") and code.endswith(".png)")
    assert "photo" not in code
    stored = list((settings.MEDIA_ROOT / "uploads").iterdir())
    assert len(stored) == 1
    with Image.open(stored[0]) as image:
        assert image.format == "PNG"


def test_editor_can_create_and_publish_an_article_in_the_admin(client, editor):
    from articles.models import Article
    from tests.factories import make_topic

    topic = make_topic()
    client.force_login(editor)
    response = client.post(
        "/admin/articles/article/add/",
        {
            "title": "Who runs the jail?",
            "slug": "who-runs-the-jail",
            "summary": "County sheriffs usually do.",
            "body": "## Short answer\n\nThe sheriff.",
            "topics": [topic.pk],
            "byline": "",
            "status": "published",
            "published_at_0": "2020-01-01",
            "published_at_1": "10:00:00",
            "past_publish_time_seen": "2020-01-01T10:00:00-06:00",  # that date, knowingly
            "sources-TOTAL_FORMS": "1",
            "sources-INITIAL_FORMS": "0",
            "sources-0-order": "0",
            "sources-0-title": "County handbook",
            "sources-0-url": "https://example.org/handbook",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="who-runs-the-jail")
    assert article.body_html.startswith('<h2 id="short-answer">')
    assert client.get("/articles/who-runs-the-jail/").status_code == 200


def sign_in(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_demo_accounts_cant_sign_in_with_the_published_password_once_debug_is_off(client, settings):
    # A database first used with `make run`, then deployed: its demo accounts' password is in
    # the README, and the admin holds askers' names and emails.
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    assert sign_in(client, "moderator", "portal-demo").status_code == 302  # locally: fine
    settings.DEBUG = False
    for username in ["admin", "editor", "moderator"]:
        response = sign_in(Client(), username, "portal-demo")
        assert response.status_code == 200, username
        assert "still has the demo password" in response.content.decode()
        assert f"manage.py changepassword {username}" in response.content.decode()
    # With a password of its own, the account signs in.
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("a-long-password-of-its-own")
    admin.save()
    assert sign_in(Client(), "admin", "a-long-password-of-its-own").status_code == 302


def test_password_guessing_is_stopped_without_locking_the_account(
    client, moderator, editor, caplog
):
    for n in range(FAILURES_ALLOWED):
        response = sign_in(client, "moderator", f"guess-{n}")
        assert "enter the correct username and password" in response.content.decode()
    # Past the limit even the right password is refused: guessing on can't find it, nor by
    # writing the name another way that signs in to the same account (a full-width "ｍ").
    for name in ["moderator", "ｍoderator", " Moderator "]:
        response = sign_in(client, name, "pw")
        assert response.status_code == 200, name
        assert "Too many wrong passwords for this account from this network" in response.text
    assert "_auth_user_id" not in client.session
    # The moderator, signing in from elsewhere, is not locked out.
    assert sign_in(Client(REMOTE_ADDR="198.51.100.30"), "moderator", "pw").status_code == 302
    # Nor is a colleague at the same newsroom, behind the same address: only that account is.
    assert sign_in(Client(), "editor", "pw").status_code == 302
    # Each failure is logged, without the username or what was typed as the password.
    failures = [r.getMessage() for r in caplog.records if r.name == "portal.signin"]
    assert failures == ["admin sign-in failed: wrong username or password"] * FAILURES_ALLOWED


def test_guessing_across_many_accounts_from_one_address_is_stopped_too(client, editor):
    for n in range(FAILURES_ALLOWED_PER_ADDRESS):
        sign_in(client, f"user{n}", "guess")  # a few guesses per name: under each name's limit
    response = sign_in(client, "editor", "pw")
    assert "Too many wrong passwords from this network" in response.content.decode()
    assert sign_in(Client(REMOTE_ADDR="198.51.100.30"), "editor", "pw").status_code == 302


def test_guesses_from_the_many_ipv6_blocks_of_one_household_add_up(moderator):
    # A household may be given a /48 (or a /56) and could guess from each /64 in it: 65,536
    # times the allowance. Sign-ins count the whole /48 as one address.
    for n in range(FAILURES_ALLOWED):
        sign_in(Client(REMOTE_ADDR=f"2001:db8:abcd:{n:x}::1"), "moderator", f"guess-{n}")
    response = sign_in(Client(REMOTE_ADDR="2001:db8:abcd:ff00::1"), "moderator", "pw")
    assert "Too many wrong passwords for this account from this network" in response.text
    # Another /48 is another network.
    assert sign_in(Client(REMOTE_ADDR="2001:db8:abce::1"), "moderator", "pw").status_code == 302


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_signing_in_from_a_link_pointing_off_the_site_lands_on_the_admin(client, editor, next_url):
    # Not on another site, and not on Django's default /accounts/profile/ (a 404 here).
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "pw", "next": next_url}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_staff_beyond_their_role_get_an_admin_page_that_says_so(client, editor):
    client.force_login(editor)
    response = client.get("/admin/faq/submittedquestion/")  # the moderators' queue
    body = response.content.decode()
    assert response.status_code == 403
    assert "This page is not part of your role" in body and "signed in as editor" in body
    assert 'href="/admin/"' in body and "Civic Explainers" in body  # the admin's own header
