"""manage.py prune_uploads: an uploaded image no piece uses any more goes, once it is older than
the grace period; anything a piece uses, in any state, stays; nothing outside uploads/ is touched.
"""

import datetime
import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image

from articles.models import Article, Page, Source
from faq.models import FaqEntry
from tests.factories import draft, make_article, make_faq, scheduled
from tests.helpers.admin_pages import opened_as, versions_url
from tests.helpers.images import image_file

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/markdownx/upload/"
DAY = 24 * 3600


def upload(client, age=8 * DAY):
    """Upload an image through the editor as an editor does; its Markdown and its file, made
    `age` seconds old."""
    response = client.post(
        UPLOAD, {"image": image_file()}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    code = response.json()["image_code"]
    path = Path(default_storage.path(f"uploads/{code[code.rindex('/') + 1 : -1]}"))
    return code.replace("Describe the image", "A map"), aged(path, age)


def aged(path, age):
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def put(path, age=8 * DAY):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not used by any piece")
    return aged(path, age)


def scheduled_faq(**fields):
    return make_faq(published_at=timezone.now() + datetime.timedelta(days=2), **fields)


def prune(*args, **options):
    out = StringIO()
    call_command("prune_uploads", *args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.parametrize("how", ["never used", "taken out of the text", "piece deleted"])
def test_an_old_upload_no_piece_uses_is_deleted(admin_client, how):
    markdown, path = upload(admin_client)
    if how != "never used":
        article = make_article(body=f"Intro\n\n{markdown}")
        if how == "piece deleted":
            article.delete()
        else:
            article.body = "Intro, without the photo."
            article.save()
    assert "Deleted 1 upload(s); kept 0 in use and 0 newer than 168 hour(s)." in prune()
    assert not path.exists()


@pytest.mark.parametrize(
    "make",
    [
        lambda text: make_article(body=text),
        lambda text: draft(body=text),
        lambda text: scheduled(body=text),
        lambda text: make_faq(answer=text),
        lambda text: make_faq(answer=text, status=FaqEntry.Status.DRAFT),
        lambda text: scheduled_faq(answer=text),
        lambda text: Page.objects.create(title="About us", body=text),
    ],
    ids=["article", "draft", "scheduled", "faq", "faq-draft", "faq-scheduled", "page-draft"],
)
def test_an_upload_any_piece_uses_is_kept_whatever_its_state(admin_client, make):
    markdown, path = upload(admin_client)
    _, unused = upload(admin_client)
    make(f"Intro\n\n{markdown}")
    assert "Deleted 1 upload(s); kept 1 in use" in prune()
    assert path.exists() and not unused.exists()


@pytest.mark.parametrize(
    "address",
    [
        "{site}/media/uploads/{name}",  # a full address, as copied from the page
        "https://cdn.example.net/uploads/{name}?X-Amz-Signature=abc",  # object storage
        "/media/uploads/%{hex}{rest}",  # percent-encoded
        "/media\\uploads\\{name}",  # browsers read "\\" as "/"
        '<img src="/media/uploads/&#x{hex};{rest}" alt="A map">',  # an HTML entity
        "<!-- <img src=/media/uploads/{name}> -->",  # only in the Markdown: held back
    ],
    ids=["site-url", "object-storage", "percent", "backslash", "entity", "markdown-only"],
)
def test_an_upload_is_found_however_its_address_is_written(admin_client, settings, address):
    _, path = upload(admin_client)
    name = path.name
    text = address.format(site=settings.SITE_URL, name=name, hex=f"{ord(name[0]):x}", rest=name[1:])
    make_article(body=f"Intro\n\n![A map]({text})" if "<" not in text else f"Intro\n\n{text}")
    prune()
    assert path.exists()


def test_an_upload_linked_as_a_source_is_kept(admin_client, settings):
    _, path = upload(admin_client)
    Source.objects.create(
        article=draft(), title="The letter", url=f"{settings.SITE_URL}/media/uploads/{path.name}"
    )
    prune()
    assert path.exists()


def test_an_upload_an_unpublished_piece_used_stays_until_taken_out(admin_client):
    markdown, path = upload(admin_client)
    article = make_article(body=f"Intro\n\n{markdown}")
    article.status = Article.Status.DRAFT  # taken down; an editor may publish it again
    article.save()
    prune()
    assert path.exists()


def test_a_new_upload_is_kept_during_the_grace_period(admin_client):
    # In an editor left open since Friday, not saved yet.
    _, path = upload(admin_client, age=3 * DAY)
    assert "Deleted 0 upload(s); kept 0 in use and 1 newer than 168 hour(s)." in prune()
    assert path.exists()
    assert "Deleted 0" in prune("--grace-hours", "73")
    assert "Deleted 1" in prune("--grace-hours", "0")
    assert not path.exists()


def test_a_dry_run_lists_what_would_go_and_deletes_nothing(admin_client):
    _, path = upload(admin_client)
    out = prune("--dry-run")
    assert f"Would delete uploads/{path.name}\n" in out
    assert "Would delete 1 upload(s); kept 0 in use and 0 newer than 168 hour(s)." in out
    assert path.exists()


def test_a_named_upload_goes_at_once_unless_a_piece_still_uses_it(admin_client, settings):
    markdown, used = upload(admin_client, age=60)
    _, pulled = upload(admin_client, age=60)
    _, other = upload(admin_client)
    article = make_article(body=f"Intro\n\n{markdown}")
    with pytest.raises(CommandError, match=f"{used.name} by article {article.pk}"):
        prune(f"/media/uploads/{used.name}", pulled.name)
    assert used.exists() and pulled.exists()  # all or nothing
    assert prune(f"{settings.SITE_URL}/media/uploads/{pulled.name}") == "Deleted 1 upload(s).\n"
    assert not pulled.exists() and used.exists() and other.exists()
    with pytest.raises(CommandError, match="No upload named nothing.png"):
        prune("nothing.png")


class ListsNamesOutsideUploads(FileSystemStorage):
    """A storage (an object store, say) that lists keys with "../" or "/" in their names."""

    def listdir(self, path):
        folders, files = super().listdir(path)
        return folders, [*files, "../escape.png", "sub/../../escape.png", "..", ".hidden"]


def test_nothing_outside_the_uploads_folder_is_touched(settings, tmp_path):
    media, outside = settings.MEDIA_ROOT, tmp_path / "outside"
    elsewhere = [
        put(media / "escape.png"),  # MEDIA_ROOT itself
        put(media / "uploads-old/a.png"),  # a folder whose name starts the same
        put(media / "uploads/sub/b.png"),  # a folder inside uploads/
        put(media / "uploads/.hidden"),
        put(media / "uploads/name with spaces.png"),
        put(media / "uploads/press-kit.pdf"),  # put there by hand
        put(media / "uploads/0123abcd.png"),  # not a name the editor's upload gives
        put(outside / "c.png"),
        put(outside / "d.png"),
    ]
    (media / "uploads" / "linked-folder").symlink_to(outside)
    (media / "uploads" / "linked.png").symlink_to(outside / "d.png")
    mine = put(media / "uploads/0123456789abcdef0123456789abcdef.png")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.ListsNamesOutsideUploads"},
    }
    prune()
    assert not mine.exists()
    assert all(path.exists() for path in elsewhere)


@pytest.mark.parametrize("setting", ["", "/srv/uploads/", "uploads/../../"])
def test_an_uploads_folder_outside_the_media_is_refused(settings, setting):
    settings.MARKDOWNX_MEDIA_PATH = setting
    with pytest.raises(ImproperlyConfigured):
        prune()


def test_a_storage_error_stops_with_a_message_and_a_failure(settings):
    media = settings.MEDIA_ROOT
    put(media / "uploads")  # a file where the folder should be
    with pytest.raises(CommandError, match="Storage error while reading uploads/: NotADirectory"):
        prune()


def test_the_grace_period_is_a_whole_number_of_hours():
    with pytest.raises(CommandError, match="whole number of hours"):
        prune("--grace-hours", "-1")


def test_a_narrow_copy_is_kept_and_deleted_with_its_upload(admin_client, settings):
    # A phone loads the copy: deleted while its upload is in use, the image breaks on phones.
    uploads = settings.MEDIA_ROOT / "uploads"
    uploads.mkdir(parents=True)
    original = uploads / f"{'a' * 32}.jpg"
    Image.new("RGB", (1600, 900)).save(original)
    article = make_article(body=f"Intro\n\n![A map](/media/uploads/{original.name})")
    copy = aged(uploads / f"{'a' * 32}-800w.jpg", 8 * DAY)
    aged(original, 8 * DAY)
    assert copy.name in article.body_html
    # A piece rendered before its copy was made names only the upload.
    Article.objects.update(body_html=f'<img src="/media/uploads/{original.name}">')
    assert prune() == "Deleted 0 upload(s); kept 2 in use and 0 newer than 168 hour(s).\n"
    with pytest.raises(CommandError, match=f"{copy.name} by article {article.pk}"):
        prune(copy.name)

    # Pulled at once: the copy goes with it.
    article.delete()
    assert prune(f"/media/uploads/{original.name}") == "Deleted 2 upload(s).\n"
    assert not original.exists() and not copy.exists()


def test_a_narrow_copy_left_without_its_upload_goes_like_any_unused_file(settings):
    copy = put(settings.MEDIA_ROOT / f"uploads/{'b' * 32}-800w.png")
    assert "Deleted 1 upload(s)" in prune()
    assert not copy.exists()


def test_an_image_an_earlier_version_holds_is_kept_for_putting_it_back(admin_client, editor):
    # Put back after the nightly prune had deleted its image, a version showed a broken one.
    markdown, path = upload(admin_client)
    article = make_article(body=f"Intro\n\n{markdown}")
    admin, url, form = opened_as(editor, article)
    assert admin.post(url, form | {"body": ["Intro, without the map."]}).status_code == 302

    assert "kept 1 in use" in prune()
    assert path.exists()
    with pytest.raises(CommandError, match=f"by an earlier version of article {article.pk}"):
        prune(path.name)

    # To pull it at once, the earlier versions go first (the piece's Versions page).
    admin.post(versions_url(article))
    assert prune(path.name) == "Deleted 1 upload(s).\n"
    assert not path.exists()


def test_an_earlier_version_naming_its_image_with_backslashes_keeps_it(admin_client, editor):
    # Browsers read "\\" as "/" in an address: the piece's own text is read so, and so must a
    # version's be (stored as JSON, where "\\" is escaped).
    markdown, path = upload(admin_client)
    backslashed = markdown.replace("/media/uploads/", "/media\\uploads\\")
    article = make_article(body=f"Intro\n\n{backslashed}")
    admin, url, form = opened_as(editor, article)
    assert admin.post(url, form | {"body": ["Intro, without the map."]}).status_code == 302
    assert "kept 1 in use" in prune()
    assert path.exists()


def test_an_image_an_earlier_version_of_a_page_holds_is_kept(admin_client, editor):
    # The About page's team photo, taken out: the version that had it can still be put back.
    markdown, path = upload(admin_client)
    page = Page.objects.create(title="About us", body=f"Intro\n\n{markdown}")
    admin, url, form = opened_as(editor, page)
    assert admin.post(url, form | {"body": ["Intro, without the photo."]}).status_code == 302
    with pytest.raises(CommandError, match=f"by an earlier version of page {page.pk}"):
        prune(path.name)
    assert path.exists()
