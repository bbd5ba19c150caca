"""What editors are told in the admin's article and FAQ forms when something can't be saved."""

import datetime
import threading

import pytest
from django.db import connection
from django.db.models.signals import pre_save
from django.test import Client, override_settings
from django.utils import timezone

from articles.models import Article, Topic
from faq.models import FaqEntry
from tests.conftest import TRANSACTIONAL
from tests.factories import draft, make_article, make_faq
from tests.helpers.admin_forms import ADD_ARTICLE, ADD_ENTRY, article_form, entry_form
from tests.helpers.admin_pages import opened_as
from tests.helpers.caches import redis_cache
from tests.helpers.servers import closed_port

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, form, model", [(ADD_ARTICLE, article_form, Article), (ADD_ENTRY, entry_form, FaqEntry)]
)
@pytest.mark.parametrize(
    "time_zone, date, time, message, accepted",
    [
        # 9999-12-31 23:59 in Chicago is past the largest time Python can convert to UTC.
        ("America/Chicago", "9999-12-31", "23:59:59", "before the year 9000", "8999-12-31"),
        # 0001-01-01 00:00 in Berlin is an hour before the earliest time Python has in UTC.
        ("Europe/Berlin", "0001-01-01", "00:00:00", "after the year 1000", None),
    ],
)
def test_a_publish_time_at_the_ends_of_the_calendar_is_a_form_error_not_a_server_error(
    client, editor, settings, url, form, model, time_zone, date, time, message, accepted
):
    settings.TIME_ZONE = time_zone
    client.force_login(editor)
    response = client.post(url, form(published_at_0=date, published_at_1=time))
    assert response.status_code == 200
    assert f"Choose a date {message}." in response.content.decode()
    assert not model.objects.exists()
    if accepted:
        assert client.post(url, form(published_at_0=accepted)).status_code == 302


def test_an_article_cannot_take_the_feeds_address(client, editor):
    client.force_login(editor)
    response = client.post(ADD_ARTICLE, article_form(title="Feed", slug="feed"))
    assert response.status_code == 200
    assert "This address is taken by the site; pick another." in response.content.decode()
    assert not Article.objects.exists()
    # /articles/feed/ stays the RSS feed.
    assert client.get("/articles/feed/")["Content-Type"].startswith("application/rss+xml")


def test_the_faq_slug_help_shows_the_whole_address(client, editor):
    client.force_login(editor)
    page = client.get(ADD_ENTRY).content.decode()
    # The admin renders help text as HTML, where "<slug>" would be an unknown tag: "/faq//".
    assert "Part of the address: /faq/your-slug/." in page
    assert "<slug>" not in page


@pytest.mark.parametrize(
    "url, form, model", [(ADD_ARTICLE, article_form, Article), (ADD_ENTRY, entry_form, FaqEntry)]
)
def test_an_empty_slug_is_made_from_the_title_for_editors_without_javascript(
    client, editor, url, form, model
):
    # The admin fills the slug as the title is typed, but only with JavaScript on.
    client.force_login(editor)
    assert client.post(url, form(slug="")).status_code == 302
    assert model.objects.get().slug == "who-runs-the-jail"
    # The same form sent again (a double click, Back and resend) is refused, not published twice.
    again = client.post(url, form(slug=""))
    title = "title" if model is Article else "question"
    assert again.status_code == 200
    taken = f"The address “who-runs-the-jail”, made from the {title}, is taken"
    assert taken in again.content.decode()
    assert model.objects.count() == 1
    # An empty title gets its own error, not one about the slug too.
    empty = client.post(url, form(slug="", **{title: ""})).content.decode()
    assert "This field is required." in empty and "Latin letters" not in empty


def test_a_slug_made_from_the_title_avoids_the_sites_own_addresses(client, editor):
    client.force_login(editor)
    assert client.post(ADD_ARTICLE, article_form(title="Feed", slug="")).status_code == 302
    assert client.post(ADD_ENTRY, entry_form(question="Ask?", slug="")).status_code == 302
    assert Article.objects.get().get_absolute_url() == "/articles/feed-2/"
    assert FaqEntry.objects.get().get_absolute_url() == "/faq/ask-2/"


def test_a_title_without_latin_letters_asks_for_a_slug(client, editor):
    client.force_login(editor)
    response = client.post(ADD_ENTRY, entry_form(question="Что такое ордер?", slug=""))
    assert response.status_code == 200
    assert "Type an address for this page in Latin letters" in response.content.decode()
    assert not FaqEntry.objects.exists()
    assert (
        client.post(ADD_ENTRY, entry_form(question="Что такое ордер?", slug="warrant")).status_code
        == 302
    )


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite takes turns: two admin saves can't interleave"
)
@TRANSACTIONAL
@pytest.mark.parametrize(
    "model, url, form, taken",
    [
        (
            Article,
            ADD_ARTICLE,
            article_form(slug=""),
            "The address “who-runs-the-jail”, made from the title, is taken",
        ),
        (
            Topic,
            "/admin/articles/topic/add/",
            {"name": "Courts", "slug": "courts", "description": "Judges and juries."},
            "Topic with this Slug already exists.",
        ),
    ],
    ids=["article", "topic"],
)
def test_two_editors_saving_the_same_address_at_once_never_get_a_server_error(
    editor, django_user_model, model, url, form, taken
):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user("editor2", password="pw", is_staff=True)
    other.groups.add(Group.objects.get(name="Editors"))
    # Both saves pass the form's checks ("is the address free?") before either one inserts.
    both_checked = threading.Barrier(2, timeout=10)

    def wait_for_the_other(sender, instance, **kwargs):
        if instance.pk is None:
            try:
                both_checked.wait()
            except threading.BrokenBarrierError:
                pass  # a machine too busy to line them up: they save one after the other

    pre_save.connect(wait_for_the_other, sender=model, dispatch_uid="test-race")
    statuses, pages = {}, {}

    def save(user):
        client = Client()
        client.force_login(user)
        try:
            response = client.post(url, form)
            statuses[user.username], pages[user.username] = response.status_code, response
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=save, args=(user,)) for user in (editor, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        pre_save.disconnect(dispatch_uid="test-race", sender=model)
    assert sorted(statuses.values()) == [200, 302]
    (loser,) = [pages[name] for name, status in statuses.items() if status == 200]
    page = loser.content.decode()
    assert taken in page
    assert form.get("title", form.get("name")) in page  # what the editor typed is still there
    assert model.objects.count() == 1


def test_text_pasted_with_control_characters_is_saved_without_them(client, editor):
    # Word's manual line break is a vertical tab (\x0b): XML feeds can't carry it.
    client.force_login(editor)
    form = article_form(title="Who runs\x0bthe jail?", summary="County\x01 sheriffs.")
    assert client.post(ADD_ARTICLE, form).status_code == 302
    article = Article.objects.get()
    assert (article.title, article.summary) == ("Who runs the jail?", "County sheriffs.")
    assert "Who runs the jail?" in client.get("/articles/feed/").content.decode()


def test_invisible_characters_pasted_inside_words_are_saved_without_them(client, editor):
    # From a PDF or a web page: a soft hyphen or zero-width space splits the word for search
    # ("separately" found nothing) and for a heading's id, and nobody can see it.
    client.force_login(editor)
    body = "## Seal\u200bing a record\n\nHandled sepa\u00adrately.\ufeff"
    form = article_form(summary="Enfor\u2060ced.", body=body)
    assert client.post(ADD_ARTICLE, form).status_code == 302
    article = Article.objects.get()
    assert article.body == "## Sealing a record\n\nHandled separately."
    assert article.summary == "Enforced." and article.toc[0]["id"] == "sealing-a-record"


@pytest.mark.parametrize(
    "url, form, field",
    [(ADD_ARTICLE, article_form, "body"), (ADD_ENTRY, entry_form, "answer")],
)
def test_markdown_nested_too_deeply_is_a_form_error_and_keeps_the_text(
    client, editor, url, form, field
):
    # python-markdown recurses once per level: hundreds of levels exhaust Python's stack.
    deep = "- " * 480 + "x"
    client.force_login(editor)
    response = client.post(url, form(**{field: deep}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "nested too deeply to show" in page and deep in page
    preview = client.post("/admin/markdownx/markdownify/", {"content": deep})
    assert preview.status_code == 200 and "nested too deeply to show" in preview.content.decode()


@pytest.mark.parametrize(
    "url, form, field",
    [(ADD_ARTICLE, article_form, "body"), (ADD_ENTRY, entry_form, "answer")],
)
@pytest.mark.parametrize(
    "tangled", ["[" * 20_000, "[" * 4000 + "]" * 4000, "<a " * 6000, "[a](" * 5000]
)
def test_text_too_tangled_to_render_in_time_is_refused_at_once(
    client, editor, url, form, field, tangled
):
    # python-markdown's time grows with the square of how deep "[", a link's "(" or "<" nest or
    # stay open: 20 KB of "[" held a server worker for minutes, per preview request, so three
    # previews took the whole site down.
    client.force_login(editor)
    preview = client.post("/admin/markdownx/markdownify/", {"content": tangled})
    assert preview.status_code == 200
    assert "too many to show in time" in preview.content.decode()
    response = client.post(url, form(**{field: tangled}))
    assert response.status_code == 200 and "too many to show in time" in response.content.decode()


def test_text_as_people_write_it_is_never_too_tangled(client, editor):
    # Links in a long table, income brackets ("< $30,000"), code, escaped marks, sad faces.
    fine = "| A | B |\n| - | - |\n" + "| [x](https://e.org/) | [y](https://e.org/y) |\n" * 300
    fine += "\n| Income | Rate |\n| - | - |\n" + "| < $30,000 | 4% |\n" * 260
    fine += "\n```\n" + "if (x < i) { y[i] = z; }\n" * 260 + "```\n\n`[[[[` " * 300
    fine += "\n\n" + "\\[" * 300 + "\n\nOk :( fine. " * 300
    client.force_login(editor)
    preview = client.post("/admin/markdownx/markdownify/", {"content": fine}).content.decode()
    assert "too many to show in time" not in preview and preview.count("<table>") == 2


@pytest.mark.parametrize(
    "url, form, field",
    [(ADD_ARTICLE, article_form, "body"), (ADD_ENTRY, entry_form, "answer")],
)
def test_a_link_readers_cant_follow_is_a_form_error_and_a_note_in_the_preview(
    client, editor, url, form, field
):
    # Saved, it would show as underlined text that goes nowhere and that a keyboard can't reach.
    text = "[Call the hotline](tel:+18005551234) or [read this](htps://example.org/guide)."
    client.force_login(editor)
    response = client.post(url, form(**{field: text}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "their addresses were removed: “read this”. Use an address that starts" in page
    preview = client.post("/admin/markdownx/markdownify/", {"content": text}).content.decode()
    assert preview.startswith('<p class="errornote">Readers&#x27; browsers can&#x27;t safely')
    assert '<a href="tel:+18005551234" rel="noopener noreferrer">Call the hotline</a>' in preview
    # With the address mended it is saved, the phone number a tap away.
    assert (
        client.post(url, form(**{field: "[Call the hotline](tel:+18005551234)"})).status_code == 302
    )


@pytest.mark.parametrize(
    "url, form, field",
    [(ADD_ARTICLE, article_form, "body"), (ADD_ENTRY, entry_form, "answer")],
)
def test_a_link_without_https_is_a_form_error_suggesting_the_address_meant(
    client, editor, url, form, field
):
    # "www.…" is relative to the page the text is on: on every page it was a 404, without a word.
    text = (
        "See [the ordinance](www.chicago.gov/ordinance.html), call [the hotline](1-855-435-7693) "
        "or write to [us](tips@civic.example.org). [Detainers](what-an-ice-detainer-is/) too."
    )
    client.force_login(editor)
    response = client.post(url, form(**{field: text}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "These links would lead nowhere" in page
    assert (
        "“the ordinance” (www.chicago.gov/ordinance.html, perhaps https://www.chicago.gov/" in page
    )
    assert "“the hotline” (1-855-435-7693, perhaps tel:18554357693)" in page
    assert "“us” (tips@civic.example.org, perhaps mailto:tips@civic.example.org)" in page
    assert "“Detainers” (what-an-ice-detainer-is/);" not in page  # the last one ends the list
    assert "“Detainers” (what-an-ice-detainer-is/). Start a website" in page
    assert text in page  # kept for the editor to mend
    preview = client.post("/admin/markdownx/markdownify/", {"content": text}).content.decode()
    assert preview.startswith('<p class="errornote">These links would lead nowhere')
    # Paths on the site, places on the page, other pages of a list and full addresses are fine.
    fine = "[a](/articles/) [b](?page=2) [c](https://x.example) [d](mailto:a@x.example) [e](#top)"
    assert client.post(url, form(**{field: fine})).status_code == 302


@pytest.mark.parametrize(
    "url, form, field",
    [(ADD_ARTICLE, article_form, "body"), (ADD_ENTRY, entry_form, "answer")],
)
def test_an_image_from_another_site_is_a_form_error_and_a_note_in_the_preview(
    client, editor, url, form, field
):
    text = "A map of the districts:\n\n![Districts](https://maps.example/districts.png)"
    client.force_login(editor)
    response = client.post(url, form(**{field: text}))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "upload these instead (drag them into the editor, or use &quot;Insert an image&quot;): https://maps.example/"
        in page
    )
    preview = client.post("/admin/markdownx/markdownify/", {"content": text}).content.decode()
    assert preview.startswith('<p class="errornote">Readers&#x27; browsers only show images')
    assert 'alt="Districts" decoding="async" loading="lazy" src="https://maps.example/' in preview


def test_a_save_while_the_cache_is_down_is_refused_with_a_page_that_says_so(
    client, editor, settings, caplog
):
    # Stored, it would leave readers the old cached pages: nothing is saved, and the editor is
    # told why and what to do, instead of "Something went wrong".
    client.force_login(editor)
    away = redis_cache(f"redis://127.0.0.1:{closed_port()}/0")["default"]
    with override_settings(CACHES={**settings.CACHES, "default": away}):
        response = client.post(ADD_ARTICLE, article_form())
    assert response.status_code == 503
    assert "Your change was not saved" in response.content.decode()
    assert f"POST {ADD_ARTICLE} 503 CacheUnavailable at " in caplog.text
    assert caplog.text.rstrip().endswith("- ConnectionError")
    assert not Article.objects.exists()
    assert client.post(ADD_ARTICLE, article_form()).status_code == 302


@pytest.mark.parametrize("model", ["article", "faqentry"])
def test_publishing_an_old_draft_dates_it_now_unless_the_editor_sets_a_date(client, editor, model):
    week_ago = (timezone.now() - datetime.timedelta(days=7)).replace(microsecond=0)
    if model == "article":
        piece, form = draft(slug="late", published_at=week_ago), article_form
    else:
        piece, form = make_faq(slug="late", status="draft", published_at=week_ago), entry_form
    url = f"/admin/{piece._meta.app_label}/{model}/{piece.pk}/change/"
    local = timezone.localtime(week_ago)
    as_drafted = {"published_at_0": f"{local:%Y-%m-%d}", "published_at_1": f"{local:%H:%M:%S}"}
    # The field has a callable default, so the form also sends the time it showed.
    as_drafted |= {f"initial-{name}": value for name, value in as_drafted.items()}
    client.force_login(editor)

    response = client.post(url, form(slug="late", **as_drafted), follow=True)
    piece.refresh_from_db()
    assert piece.status == "published"
    # Not back-dated to when the draft was started: it is new to readers.
    assert timezone.now() - piece.published_at < datetime.timedelta(minutes=1)
    assert "Its publish time is now" in response.content.decode()

    # Taken down for a correction and published again: it keeps the date readers knew.
    first_date = piece.published_at
    piece.status = "draft"
    piece.save()
    local = timezone.localtime(first_date)
    shown = {"published_at_0": f"{local:%Y-%m-%d}", "published_at_1": f"{local:%H:%M:%S}"}
    shown |= {f"initial-{name}": value for name, value in shown.items()}
    client.post(url, form(slug="late", **shown))
    piece.refresh_from_db()
    assert piece.status == "published"
    assert piece.published_at == first_date.replace(microsecond=0)  # the form keeps seconds

    # A date the editor types is kept.
    piece.status = "draft"
    piece.save()
    chosen = shown | {"published_at_0": "2026-01-15", "published_at_1": "09:00:00"}
    client.post(url, form(slug="late", **chosen))
    piece.refresh_from_db()
    assert timezone.localtime(piece.published_at).date() == datetime.date(2026, 1, 15)


@pytest.mark.parametrize(
    "url, form, model", [(ADD_ARTICLE, article_form, Article), (ADD_ENTRY, entry_form, FaqEntry)]
)
def test_a_piece_published_at_its_first_save_is_dated_then_not_when_the_form_opened(
    client, editor, url, form, model
):
    # Written in the add form over an hour and saved as Published: it went live back-dated
    # to the hour the page was opened, below newer pieces and in the feeds' past.
    opened = timezone.localtime(timezone.now() - datetime.timedelta(hours=1))
    as_opened = {"published_at_0": f"{opened:%Y-%m-%d}", "published_at_1": f"{opened:%H:%M:%S}"}
    as_opened |= {f"initial-{name}": value for name, value in as_opened.items()}
    client.force_login(editor)
    response = client.post(url, form(**as_opened), follow=True)
    piece = model.objects.get()
    assert timezone.now() - piece.published_at < datetime.timedelta(minutes=1)
    assert "not when this page was opened" in response.content.decode()
    # A date the editor typed is kept.
    chosen = as_opened | {"published_at_0": "2026-01-15", "slug": "another"}
    client.post(url, form(**chosen))
    assert timezone.localtime(model.objects.get(slug="another").published_at).date() == (
        datetime.date(2026, 1, 15)
    )


def test_a_scheduled_piece_held_back_and_published_later_is_dated_when_published(client, editor):
    piece = draft(slug="held")
    piece.status, piece.published_at = "published", timezone.now() + datetime.timedelta(hours=1)
    piece.save()  # scheduled
    piece.status = "draft"
    piece.save()  # held back before readers saw it
    # The scheduled hour passes (the times move back instead), then it is published.
    week_ago = (timezone.now() - datetime.timedelta(days=7)).replace(microsecond=0)
    held = Article.objects.filter(pk=piece.pk)
    held.filter(first_published_at__isnull=False).update(first_published_at=week_ago)
    held.update(published_at=week_ago)
    local = timezone.localtime(week_ago)
    shown = {"published_at_0": f"{local:%Y-%m-%d}", "published_at_1": f"{local:%H:%M:%S}"}
    shown |= {f"initial-{name}": value for name, value in shown.items()}
    client.force_login(editor)
    url = f"/admin/articles/article/{piece.pk}/change/"
    response = client.post(url, article_form(slug="held", **shown), follow=True)
    piece.refresh_from_db()
    assert piece.status == "published" and "Its publish time is now" in response.content.decode()
    assert timezone.now() - piece.published_at < datetime.timedelta(minutes=1)  # not a week ago


def test_related_pieces_given_in_the_address_that_are_not_ids_are_left_out(client, editor):
    # An edited or mistyped link to the add page: the form, not a server error.
    article = make_article(title="How bail works")
    client.force_login(editor)
    response = client.get(
        "/admin/faq/faqentry/add/", {"topics": "\x00", "related_articles": f"abc,{article.pk}"}
    )
    assert response.status_code == 200
    assert "How bail works" in response.content.decode()  # the one real id is kept


def test_last_reviewed_cant_be_a_day_to_come(client, editor):
    # Readers see "Last reviewed <date>": a date ahead would be a promise, not a fact.
    client.force_login(editor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(ADD_ARTICLE, article_form(last_reviewed=f"{tomorrow:%Y-%m-%d}"))
    assert (
        response.status_code == 200
        and "Choose today or an earlier day." in response.content.decode()
    )
    assert not Article.objects.exists()
    today = timezone.localdate()
    assert (
        client.post(ADD_ARTICLE, article_form(last_reviewed=f"{today:%Y-%m-%d}")).status_code == 302
    )


def test_the_preview_names_the_raw_html_tags_readers_wont_get(client, editor):
    # Left out silently, an embedded video or an underline just went missing on the page.
    client.force_login(editor)
    text = (
        'Watch:\n\n<iframe src="https://video.example/x"></iframe>\n\n'
        "<u>Key</u> and <mark>this</mark>."
    )
    preview = client.post("/admin/markdownx/markdownify/", {"content": text}).content.decode()
    assert "leave out, so they were removed: &lt;iframe&gt;, &lt;u&gt;. Text between" in preview
    assert "<mark>this</mark>" in preview and "iframe" not in preview.split("</p>", 1)[1]
    kept = client.post("/admin/markdownx/markdownify/", {"content": "<kbd>Ctrl</kbd> **bold**"})
    assert "errornote" not in kept.content.decode()
    # A hotline typed as a CommonMark autolink is a tag here, and its number was gone unsaid.
    hotline = "Call <tel:+18005551234> now. <!-- <u>a note</u> -->"
    preview = client.post("/admin/markdownx/markdownify/", {"content": hotline}).content.decode()
    assert "removed: &lt;tel:+18005551234&gt;. Text" in preview


def test_a_link_to_a_missing_heading_is_a_form_error_listing_the_headings(client, editor):
    # A typo, another case, a word processor's own heading link: the tap did nothing.
    body = (
        "Jump to [your rights](#Your-Rights), [the FAQ](#faq-the-basics) or "
        "[notes](#heading=h.3znysh7); [sources](#sources-heading) is the page's own.\n\n"
        "## Your rights\n\nx\n\n## FAQ: the basics\n\ny"
    )
    client.force_login(editor)
    page = client.post(ADD_ARTICLE, article_form(body=body)).content.decode()
    assert (
        "These links lead to no heading of this explainer: “your rights” (#Your-Rights, perhaps "
        "#your-rights), “the FAQ” (#faq-the-basics, perhaps #section-faq-the-basics), “notes” "
        "(#heading=h.3znysh7). Its headings can be linked to as: #your-rights, "
        "#section-faq-the-basics." in page
    )
    mended = body.replace("#Your-Rights", "#your-rights").replace("(#faq-", "(#section-faq-")
    mended = mended.replace("#heading=h.3znysh7", "#your-rights")
    assert client.post(ADD_ARTICLE, article_form(body=mended)).status_code == 302
    # An answer shows on several pages and has no heading ids: such a link can't work there.
    page = client.post(ADD_ENTRY, entry_form(answer="See [below](#your-rights).")).content.decode()
    assert "a link to a place on the page can&#x27;t lead anywhere: “below” (#your-rights)" in page


def test_the_preview_says_an_opening_title_line_may_be_left_out(client, editor):
    # The preview doesn't know the title: it says what the page will do if the line repeats it.
    client.force_login(editor)
    text = "# Sanctuary cities, explained\n\nIntro.\n\n## What it is"
    preview = client.post("/admin/markdownx/markdownify/", {"content": text}).content.decode()
    assert (
        "If the first line, “Sanctuary cities, explained”, repeats an explainer&#x27;s title, its "
        "page leaves it out" in preview
    )
    # An empty text, as when the editor clears the box, previews as nothing.
    empty = client.post("/admin/markdownx/markdownify/", {"content": " "})
    assert empty.status_code == 200 and empty.content == b""


@pytest.mark.parametrize("kind", ["article", "faqentry"])
def test_the_hour_clocks_go_back_can_be_saved(editor, settings, kind):
    # 1:30 happens twice on 2026-11-01 in Chicago: Django refused the save of a piece dated
    # in that hour, even a draft whose publish time nobody touched.
    settings.TIME_ZONE = "America/Chicago"
    second = datetime.datetime(2026, 11, 1, 7, 30, tzinfo=datetime.UTC)  # 1:30 CST, the later
    piece = (
        make_article(published_at=second) if kind == "article" else make_faq(published_at=second)
    )
    client, url, form = opened_as(editor, piece)
    assert form["published_at_1"] == ["01:30:00"]
    changes = {"summary": ["Shorter."]} if kind == "article" else {"order": ["3"]}
    assert client.post(url, form | changes).status_code == 302
    piece.refresh_from_db()
    assert piece.published_at == second  # kept as saved, not moved to the first 1:30
    # Typed, a time of that hour can't say which: the editor is told.
    page = client.post(url, form | {"published_at_1": ["01:45:00"]}).content.decode()
    assert "This time happens twice that night" in page
    # A time that doesn't exist (clocks go forward) is still refused.
    page = client.post(
        url, form | {"published_at_0": ["2026-03-08"], "published_at_1": ["02:30:00"]}
    )
    assert "may be ambiguous or it may not exist" in page.content.decode()
