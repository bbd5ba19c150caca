"""Journey 4: an editor writes an explainer in the admin with the Markdown editor, checks the
live preview, saves a draft, previews it, and publishes it; readers see it only then."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.factories import make_article

from .helpers import assert_no_axe_violations, log_in

pytestmark = pytest.mark.browser

TITLE = "How a ballot measure gets on the ballot"
BODY = (
    "Most cities let residents put a question to voters.\n\n"
    "## Who decides\n\nThe city clerk checks the **petition signatures**.\n\n"
    "## How long it takes\n\nUsually a few months.\n"
)


def signed_in(open_context, user, url="/admin/articles/article/add/"):
    """A page signed in as `user` on `url`, its browser context and its monitor."""
    context, monitor = open_context()
    page = context.new_page()
    log_in(page, user)
    page.goto(url)
    return page, context, monitor


def drop_file(field, name, content):
    """Drop a file made of `content` on `field`, as dragging it from the desktop does."""
    files = field.page.evaluate_handle(
        """([name, content]) => {
            const files = new DataTransfer();
            files.items.add(new File([content], name, {type: "image/png"}));
            return files;
        }""",
        [name, content],
    )
    field.dispatch_event("drop", {"dataTransfer": files})


def test_editor_writes_previews_and_publishes_an_explainer(open_context, editor):
    admin, _, staff_monitor = signed_in(open_context, editor)
    admin.locator("#id_title").fill(TITLE)  # a source has a "Title" too
    admin.get_by_label("Summary").fill("How residents can put a question to voters.")
    admin.get_by_label("Body").fill(BODY)
    # The editor's live preview shows the rendered, sanitized text as the editor types.
    preview = admin.locator(".markdownx-preview")
    expect(preview.get_by_role("heading", name="Who decides")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("petition signatures")
    admin.locator("#id_topics_from").select_option(label="Local government")
    admin.get_by_role("button", name="Choose selected topics").click()
    admin.get_by_role("button", name="Save and continue editing").click()
    expect(admin.locator(".messagelist")).to_contain_text("was added successfully")
    staff_monitor.assert_clean(admin)

    admin.get_by_role("link", name="View on site").click()
    expect(admin.get_by_role("status")).to_contain_text("Draft preview")
    expect(admin.get_by_role("heading", level=1)).to_have_text(TITLE)
    preview_url = admin.url
    staff_monitor.assert_clean(admin)
    assert_no_axe_violations(admin)  # the draft banner, too, must be readable

    reader, reader_monitor = open_context()
    page = reader.new_page()
    for url in [preview_url, "/articles/how-a-ballot-measure-gets-on-the-ballot/"]:
        assert page.goto(url).status == 404
        reader_monitor.assert_clean(page, expected_status=404)
    page.goto("/")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    admin.go_back()
    admin.get_by_label("Status").select_option(label="Published")
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")
    staff_monitor.assert_clean(admin)

    page.goto("/")
    expect(page.get_by_role("link", name=TITLE).first).to_be_visible()
    page.goto("/topics/local-government/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".prose strong")).to_have_text("petition signatures")
    expect(page.get_by_role("status")).to_have_count(0)
    page.get_by_role("searchbox", name="Search the explainers").fill("ballot measure")
    page.get_by_role("searchbox", name="Search the explainers").press("Enter")
    expect(page.locator("main").get_by_role("link", name=TITLE)).to_be_visible()
    reader_monitor.assert_clean(page)
    feed = reader.request.get("/articles/feed/")
    assert feed.ok and TITLE in feed.text()


def test_a_refused_image_is_explained_and_nothing_lands_in_the_text(open_context, editor):
    admin, _, monitor = signed_in(open_context, editor)
    body = admin.get_by_label("Body")
    body.fill("Some text.")
    drop_file(body, "notes.png", "not an image")
    alert = admin.locator(".field-body").get_by_role("alert")
    refusal = "Upload a JPEG, PNG or WebP image. This file isn't one, or it is damaged."
    expect(alert).to_have_text(refusal)
    expect(body).to_have_value("Some text.")
    # The refusal's own 400 is logged by Chromium; anything else is a problem.
    monitor.console_errors = [e for e in monitor.console_errors if "status of 400" not in e]
    monitor.assert_clean(admin)


def test_an_image_is_inserted_without_dragging_and_described(open_context, editor, tmp_path):
    # Dragging or pasting was the only way in: not for keyboard or touch users. The button is a
    # native <button>, so it takes the focus and Enter or Space like any other.
    photo = tmp_path / "districts.png"
    Image.new("RGB", (40, 30), "navy").save(photo)
    admin, _, monitor = signed_in(open_context, editor)
    body = admin.get_by_label("Body")
    body.fill("A map:\n\nThe districts meet twice a year.")
    body.evaluate("field => field.setSelectionRange(8, 8)")  # between the two paragraphs
    with admin.expect_file_chooser() as chooser:
        admin.get_by_role("button", name="Insert an image").click()
    chooser.value.set_files(photo)
    image = r"!\[Describe the image\]\(/media/uploads/\w+\.png\)"
    expect(body).to_have_value(re.compile(rf"^A map:\n\n{image}The districts meet"))
    # The placeholder is selected: typing replaces it with the description.
    preview = admin.locator(".markdownx-preview")
    expect(preview).to_contain_text("Describe each image")  # until it is described
    admin.keyboard.type("The county's three districts")
    expect(body).to_have_value(re.compile(r"!\[The county's three districts\]\(/media/uploads/"))
    expect(preview.locator("img")).to_have_attribute("alt", "The county's three districts")
    expect(preview).not_to_contain_text("Describe each image")
    monitor.assert_clean(admin)


def test_an_unreachable_site_or_a_sign_out_is_said_and_the_text_is_kept(open_context, editor):
    admin, staff, monitor = signed_in(open_context, editor)
    body = admin.get_by_label("Body")
    body.fill("Some text.")
    alert = admin.locator(".field-body").get_by_role("alert")
    # The connection drops: markdownx typed "Invalid response" into the text and said nothing.
    admin.route("**/admin/markdownx/**", lambda route: route.abort("internetdisconnected"))
    drop_file(body, "photo.png", "any bytes")
    expect(alert).to_contain_text("The image was not uploaded: the site could not be reached.")
    expect(body).to_have_value("Some text.")
    body.fill("Some text, and more.")
    expect(alert.get_by_role("listitem")).to_have_text(
        [re.compile("^The image was not uploaded"), re.compile("^The preview has stopped")]
    )
    # Back online: the next preview arrives and the stale preview message goes.
    admin.unroute("**/admin/markdownx/**")
    body.fill("Some text, and more **words**.")
    expect(admin.locator(".markdownx-preview strong")).to_have_text("words")
    expect(alert.get_by_role("listitem")).to_have_text([re.compile("^The image was not uploaded")])
    # Chromium logs each failed request, and markdownx logs it again as an empty line; nothing
    # else may go wrong.
    origin = admin.url.split("/admin/")[0]
    expected = {" [" + origin + "/static/markdownx/js/markdownx.js]"} | {
        f"Failed to load resource: net::ERR_INTERNET_DISCONNECTED [{origin}/admin/markdownx/{end}/]"
        for end in ("upload", "markdownify")
    }
    monitor.console_errors = [e for e in monitor.console_errors if e not in expected]
    monitor.assert_clean(admin)

    # Signed out in another tab: the preview says so instead of showing the sign-in page.
    staff.clear_cookies(name="sessionid")
    body.fill("Still my text.")
    expect(admin.locator(".markdownx-preview")).to_contain_text("You are signed out")
    expect(admin.locator(".markdownx-preview form")).to_have_count(0)
    expect(body).to_have_value("Still my text.")


@pytest.mark.parametrize(
    "status, body, message",
    [
        (413, "<html><center>413 Request Entity Too Large</center></html>", "the server in"),
        (502, "<html>Bad Gateway</html>", "the site answered with an error (502 Bad"),
    ],
)
def test_an_upload_the_proxy_refuses_is_said(open_context, editor, status, body, message):
    # The proxy in front (nginx's 1 MB default, a restart) answers with its own HTML page:
    # markdownx threw on it and left the editor dimmed without a word.
    admin, _, monitor = signed_in(open_context, editor)
    text = admin.get_by_label("Body")
    text.fill("Some text.")
    admin.route(
        "**/admin/markdownx/upload/",
        lambda route: route.fulfill(status=status, body=body, content_type="text/html"),
    )
    drop_file(text, "photo.png", "any bytes")
    alert = admin.locator(".field-body").get_by_role("alert")
    expect(alert).to_contain_text(f"The image was not uploaded: {message}")
    expect(text).to_have_css("opacity", "1")
    expect(text).to_have_value("Some text.")
    text.fill("Some text, and more.")  # the editor and its preview carry on
    expect(admin.locator(".markdownx-preview")).to_contain_text("and more")
    # Chromium logs the failed request, and markdownx its own JSON error; nothing else.
    monitor.console_errors = [
        e
        for e in monitor.console_errors
        if f"status of {status}" not in e and "is not valid JSON" not in e
    ]
    monitor.assert_clean(admin)


@pytest.mark.parametrize(
    "url, field",
    [("/admin/articles/article/add/", "Body"), ("/admin/faq/faqentry/add/", "Answer")],
)
def test_keyboard_users_can_leave_the_markdown_editor(open_context, editor, url, field):
    # markdownx makes Tab indent, which kept keyboard users inside the editor for good.
    admin, _, monitor = signed_in(open_context, editor, url)
    editor_field = admin.get_by_role("textbox", name=f"{field}:")
    editor_field.fill("Plain text.")
    editor_field.press("Tab")
    expect(editor_field).not_to_be_focused()
    admin.keyboard.press("Shift+Tab")
    expect(editor_field).to_be_focused()
    admin.keyboard.press("Shift+Tab")
    expect(editor_field).not_to_be_focused()
    expect(editor_field).to_have_value("Plain text.")
    # Indenting stays on the keyboard, under markdownx's own Ctrl+].
    editor_field.press("Control+]")
    expect(editor_field).to_have_value("\tPlain text.")
    # The preview is a named region, so its headings aren't taken for the form's own.
    expect(admin.get_by_role("region", name="Preview")).to_be_attached()
    monitor.assert_clean(admin)


def test_every_source_field_of_an_article_has_a_label(open_context, editor):
    admin, _, monitor = signed_in(open_context, editor)
    assert_no_axe_violations(admin, context="#sources-group")
    expect(admin.locator("#sources-group").get_by_role("textbox", name="URL:")).to_be_visible()
    monitor.assert_clean(admin)


def test_the_editor_takes_the_forms_width_and_the_preview_reads_like_the_page(open_context, editor):
    admin, _, monitor = signed_in(open_context, editor)
    body = admin.get_by_label("Body")
    # The admin's form row lined the editor up at the width of its 40 columns (about 300 px).
    assert body.bounding_box()["width"] > 700
    body.fill("## Who decides\n\n| Office | Elected |\n|---|---|\n| Sheriff | Yes |\n")
    heading = admin.locator(".markdownx-preview h2")
    expect(heading).to_have_text("Who decides")
    # Not the admin's section bar (a coloured band) or its small-capital table headings.
    styles = "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).textTransform]"
    assert heading.evaluate(styles) == ["rgba(0, 0, 0, 0)", "none"]
    assert admin.locator(".markdownx-preview th").first.evaluate(styles)[1] == "none"
    # A bullet list inside a numbered one keeps its bullets, as on the page.
    body.fill("1. In most states:\n\n    - a judge signs\n")
    nested = admin.locator(".markdownx-preview ol ul li")
    expect(nested).to_have_text("a judge signs")
    assert nested.evaluate("e => getComputedStyle(e).listStyleType") == "disc"
    monitor.assert_clean(admin)


def test_a_column_aligned_in_the_markdown_is_aligned_on_the_page(open_context):
    # `---:` lines figures up in the preview (the admin's own table style); readers too.
    make_article(slug="budget", body="| Year | Budget |\n| --- | ---: |\n| 2025 | $52,010,000 |\n")
    context, monitor = open_context()
    page = context.new_page()
    page.goto("/articles/budget/")
    cell = page.get_by_role("cell", name="$52,010,000")
    assert cell.evaluate("e => getComputedStyle(e).textAlign") == "right"
    monitor.assert_clean(page)


def test_two_editors_saving_one_entry_keep_each_others_changes(
    open_context, editor, django_user_model
):
    from django.contrib.auth.models import Group

    from faq.models import FaqEntry
    from tests.factories import make_faq

    ana = django_user_model.objects.create_user("ana", password="pw", is_staff=True)
    ana.groups.add(Group.objects.get(name="Editors"))
    entry = make_faq(answer="The sherif decides.\n\nAsk the county clerk.")
    url = f"/admin/faq/faqentry/{entry.pk}/change/"
    mine, _, monitor = signed_in(open_context, editor, url)
    theirs, _, _ = signed_in(open_context, ana, url)
    # Ana takes it down; the editor, whose page was open all along, fixes a typo.
    theirs.get_by_label("Status").select_option(label="Draft")
    theirs.get_by_role("button", name="Save", exact=True).click()
    expect(theirs.locator(".messagelist")).to_contain_text("was changed successfully")
    mine.get_by_label("Answer").fill("The sheriff decides.\n\nAsk the county clerk.")
    mine.get_by_role("button", name="Save", exact=True).click()

    # What the browser sends (line ends included) counts only the answer as this editor's.
    messages = mine.locator(".messagelist")
    expect(messages).to_contain_text("it was saved by ana (")
    expect(messages).to_contain_text("Those changes to Status are kept, and yours are saved too.")
    monitor.assert_clean(mine)
    entry.refresh_from_db()
    assert (entry.status, entry.answer) == (
        FaqEntry.Status.DRAFT,
        "The sheriff decides.\n\nAsk the county clerk.",
    )


def test_an_faq_entrys_explainers_are_found_by_typing_with_the_keyboard(open_context, editor):
    from tests.factories import make_article, make_faq

    make_article(title="Bail hearings", summary="What a judge weighs before release.")
    make_article(title="Jury selection")
    entry = make_faq(question="Can a judge keep me in jail?")
    url = f"/admin/faq/faqentry/{entry.pk}/change/"
    page, _, monitor = signed_in(open_context, editor, url)

    picker = page.locator(".field-related_articles .select2-search__field")  # its text box
    picker.focus()
    page.keyboard.type("judge")  # a word of the summary
    expect(page.get_by_role("option", name="Bail hearings")).to_be_visible()
    expect(page.get_by_role("option", name="Jury selection")).to_have_count(0)
    assert_no_axe_violations(page, context=".field-related_articles")
    page.keyboard.press("Enter")
    assert_no_axe_violations(page, context=".field-related_articles")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    monitor.assert_clean(page)
    assert [a.title for a in entry.related_articles.all()] == ["Bail hearings"]


def test_a_moderator_finds_a_questions_faq_entry_by_typing(open_context, moderator):
    from tests.factories import make_faq, make_question

    make_faq(question="Can I record a traffic stop on my phone?")
    question = make_question()
    url = f"/admin/faq/submittedquestion/{question.pk}/change/"
    page, _, monitor = signed_in(open_context, moderator, url)

    page.locator(".field-faq_entry .select2-selection").click()
    page.keyboard.type("traffic")
    expect(
        page.get_by_role("option", name="Can I record a traffic stop on my phone?")
    ).to_be_visible()
    assert_no_axe_violations(page)  # the open list and its search box, too
    page.keyboard.press("Enter")
    # The chosen entry is read without the mouse-only clear cross's "×" in front.
    cross = page.locator(".field-faq_entry .select2-selection__clear")
    expect(cross).to_have_attribute("aria-hidden", "true")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    monitor.assert_clean(page)
    question.refresh_from_db()
    assert question.faq_entry.question == "Can I record a traffic stop on my phone?"
