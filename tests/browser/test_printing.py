"""Printing: readers print explainers and the FAQ to take along (a clinic, a hearing). The paper
is black on white whatever the screen's scheme."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Topic
from faq.models import FaqEntry
from tests.factories import make_article

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


@pytest.mark.parametrize("path", ["/faq/", ARTICLE])
@pytest.mark.parametrize("javascript", [True, False])
def test_faq_answers_print_though_their_details_are_closed(open_context, path, javascript):
    context, monitor = open_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(path)
    answer = page.locator("details .prose").first
    expect(answer).to_be_hidden()
    page.emulate_media(media="print")
    expect(answer).to_be_visible()
    # What only moves around the site stays off the paper.
    for link in ["Ask a question", "Open this answer on its own page"]:
        expect(page.get_by_role("main").get_by_role("link", name=link)).to_have_count(0)
    monitor.assert_clean(page)


def test_printing_opens_the_closed_answers_and_closes_them_after(open_context):
    # For browsers without ::details-content, faq.js opens them when the reader prints.
    context, monitor = open_context()
    page = context.new_page()
    page.goto(ARTICLE)
    page.wait_for_load_state()  # faq.js is attached by now
    details = page.locator(".article-faq details")
    details.first.locator("summary").click()  # the reader opened one
    states = "(all) => all.map((d) => d.open)"
    before = details.evaluate_all(states)
    assert before[0] and len(before) > 1 and not any(before[1:])
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert all(details.evaluate_all(states))
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert details.evaluate_all(states) == before
    monitor.assert_clean(page)


BUDGET = "\n".join(
    [
        "| Line | FY2019 | FY2020 | FY2021 | FY2022 | FY2023 | FY2024 | FY2025 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *[f"| Line {n} | $45,020,000 | $46,100,000 | $47,250,000 | $48,900,000 "
          f"| $49,300,000 | $50,750,000 | $52,010,000 |" for n in range(3)],
    ]
)  # fmt: skip


def test_a_printed_explainer_keeps_every_table_column_and_says_where_it_came_from(open_context):
    make_article(
        slug="police-budget-years",
        body=f"## The budget\n\nSee [our FAQ](/faq/), https://www.uscis.gov/ and the table."
        f"\n\n{BUDGET}\n",
    )
    context, monitor = open_context(viewport={"width": 800, "height": 1000})  # Letter's width
    page = context.new_page()
    page.goto("/articles/police-budget-years/")
    page.emulate_media(media="print")
    box = page.locator(".prose .table-scroll")
    # Nothing scrolls on paper: a column past the box's edge is lost.
    assert box.evaluate("(el) => el.scrollWidth <= el.clientWidth")
    expect(page.get_by_role("cell", name="$52,010,000").first).to_be_visible()
    # A handout can be traced back, and a link to the site's own page shows its address.
    expect(page.locator(".print-source")).to_be_visible()
    expect(page.locator(".print-source")).to_have_text(
        re.compile(r"Civic Explainers · http://\S+/articles/police-budget-years/$")
    )
    after = page.get_by_role("link", name="our FAQ").evaluate(
        "(a) => getComputedStyle(a, '::after').content"
    )
    assert after == '" (/faq/)"'
    # A bare address isn't printed twice.
    after = page.get_by_role("link", name="https://www.uscis.gov/").evaluate(
        "(a) => getComputedStyle(a, '::after').content"
    )
    assert after == "none"
    monitor.assert_clean(page)
    page.emulate_media(media="screen")
    expect(page.locator(".print-source")).to_be_hidden()


def test_the_printed_faq_gives_each_answer_once_with_its_correction(open_context):
    entry = FaqEntry.objects.filter(topics__isnull=False).first()
    entry.topics.add(*Topic.objects.all())  # listed under every topic on screen
    entry.corrections = "An earlier version named the wrong court."
    entry.answer += "\n\n<details><summary>The full policy</summary>POLICYTEXT here.</details>"
    entry.save()
    context, monitor = open_context()
    page = context.new_page()
    page.goto("/faq/")
    question = page.locator("summary", has_text=entry.question)
    assert question.count() == Topic.objects.count()
    page.emulate_media(media="print")
    expect(question).to_have_count(Topic.objects.count())
    assert [q.is_visible() for q in question.all()].count(True) == 1
    expect(page.locator(".faq-entry__corrected").first).to_be_visible()
    # A <details> written inside the answer prints too.
    assert [p.is_visible() for p in page.get_by_text("POLICYTEXT here.").all()].count(True) == 1
    monitor.assert_clean(page)
