"""Pasting into the Markdown editor: text copied from Word, Excel or OneNote, which also put a
picture of it on the clipboard, pastes as text; a screenshot alone is uploaded as an image.

A synthetic paste event never makes the browser paste, so these tests put the clipboard's
contents there for real, as Word does (text, HTML and a PNG of the selection), and press
Ctrl+V."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import log_in

pytestmark = pytest.mark.browser

COPY = """async ([text, html]) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 8;
    const picture = await new Promise((done) => canvas.toBlob(done, "image/png"));
    const types = {"image/png": picture};
    if (text) {
        types["text/plain"] = new Blob([text], {type: "text/plain"});
        types["text/html"] = new Blob([html], {type: "text/html"});
    }
    await navigator.clipboard.write([new ClipboardItem(types)]);
}"""


def paste(open_context, editor, text="", html=""):
    """Paste into an article's empty body what `text` and `html` (if given) and a picture on
    the clipboard make. Returns the page and the upload requests it sent."""
    context, monitor = open_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    log_in(page, editor)
    page.goto("/admin/articles/article/add/")
    uploads = []
    page.on("request", lambda r: "/markdownx/upload/" in r.url and uploads.append(r.url))
    page.evaluate(COPY, [text, html])
    page.get_by_label("Body").focus()
    page.keyboard.press("ControlOrMeta+V")
    return page, monitor, uploads


def test_text_copied_from_word_pastes_as_text_not_as_its_picture(open_context, editor):
    text = "Turnout rose to 61% in 2024."
    html = "<p class=MsoNormal>Turnout rose to <b>61%</b> in 2024.</p>"
    page, monitor, uploads = paste(open_context, editor, text, html)
    body = page.get_by_label("Body")
    expect(body).to_have_value(text)
    expect(page.locator(".markdownx-preview")).to_contain_text(text)  # markdownx saw the input
    assert uploads == []
    monitor.assert_clean(page)


def test_a_screenshot_alone_is_uploaded_as_an_image(open_context, editor):
    page, monitor, uploads = paste(open_context, editor)
    image = r"!\[Describe the image\]\(/media/uploads/\w+\.png\)"
    expect(page.get_by_label("Body")).to_have_value(re.compile(rf"^{image}$"))
    assert len(uploads) == 1
    monitor.assert_clean(page)
