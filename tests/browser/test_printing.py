"""Printing: readers print explainers and the FAQ to take along (a clinic, a hearing). The paper
is black on white whatever the screen's scheme."""

import pytest

pytestmark = pytest.mark.browser

ARTICLE = "/articles/what-an-ice-detainer-is/"

# Each colour as the browser computes it; the light scheme's muted grey is #505050.
COLOURS = """() => ({
  muted: getComputedStyle(document.querySelector(".article__meta")).color,
  text: getComputedStyle(document.body).color,
  paper: getComputedStyle(document.body).backgroundColor,
})"""


def test_a_page_printed_from_a_dark_scheme_device_has_dark_ink(open_context):
    # The dark scheme's light grey (#b4b8bf) on white paper was 1.99:1.
    context, monitor = open_context(color_scheme="dark")
    page = context.new_page()
    page.goto(ARTICLE)
    monitor.assert_clean(page)
    assert page.evaluate(COLOURS)["muted"] == "rgb(180, 184, 191)"  # the screen stays dark
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate(COLOURS) == {
        "muted": "rgb(80, 80, 80)",
        "text": "rgb(0, 0, 0)",
        "paper": "rgb(255, 255, 255)",
    }
