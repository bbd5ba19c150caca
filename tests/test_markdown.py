"""Markdown is rendered once at save and sanitized: nothing an editor pastes can run."""

import contextlib
import html
import re
import time

import pytest
from django.core.exceptions import ValidationError

from faq.forms import started_token
from portal.markdown import render_markdown, render_preview, render_with_toc
from portal.markdown_checks import content_problems, validate_body_markdown, validate_markdown
from tests.factories import make_article, make_faq, make_topic

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    '<a href="javascript&colon;alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=alert(1)><circle/></svg>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div onclick="alert(1)">click</div>',
    '<object data="evil.swf"></object>',
    '<embed src="evil.swf">',
    '<form action="https://evil.example"><input name=x></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<style>body{display:none}</style>",
    "<h2 onmouseover=alert(1) id=ok>Heading</h2>",
    "<!--<script>alert(1)</script>-->",
    '<div style="position:fixed;inset:0">covers the page</div>',
    '<a href="/x" id="main" target="_blank" class="skip-link">x</a>',
    '<img src="/media/a.png" srcset="https://evil.example/b.png 2x" alt="">',
    # Markdown inside raw HTML (md_in_html) is sanitized like the rest.
    '<div markdown="1" onclick="alert(1)" id="main">[x](javascript:alert(1)) *y*</div>',
    '<details markdown="1"><summary>s</summary>\n\n<script>alert(1)</script>\n\n'
    "<img src=x onerror=alert(1)></details>",
    '<script markdown="1">alert(1)</script>',
    '<iframe markdown="1" src="https://evil.example">**x**</iframe>',
    '<h2 markdown="1" style="color:red" class="notice">**a**</h2>',
]
FORBIDDEN = [
    "<script", "onerror", "onload", "onclick", "onmouseover", "javascript:", "vbscript:",
    "<iframe", "<svg", "style=", "<object", "<embed", "<form", "<style", "<base", "<meta",
    "<link", "data:text", "target=", "srcset", 'id="main"', "class=", "markdown=",
]  # fmt: skip


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_markdown_is_neutralised(payload):
    html = render_markdown(f"Before\n\n{payload}\n\nAfter").lower()
    for marker in FORBIDDEN:
        assert marker not in html, (payload, html)


def test_ordinary_markdown_survives():
    html = render_markdown(
        "## Your rights\n\nYou **may** record police. See [the law](https://example.org/law).\n\n"
        "| Right | Where |\n|---|---|\n| Speech | Everywhere |\n\n- one\n- two"
    )
    assert "<h2>Your rights</h2>" in html  # ids only where there is a table of contents
    assert "<strong>may</strong>" in html
    assert 'href="https://example.org/law"' in html
    assert 'rel="noopener noreferrer"' in html
    assert "<table>" in html and "<li>one</li>" in html


def test_a_passage_in_another_language_can_be_marked_for_screen_readers():
    html = render_markdown(
        'Ask for an <span lang="es">abogado</span>.\n\n<p lang="es-MX">Tiene derechos.</p>\n\n'
        '<span lang="x onmouseover=alert(1)">a</span> <em lang="not a language">b</em>'
    )
    assert '<span lang="es">abogado</span>' in html
    assert '<p lang="es-MX">Tiene derechos.</p>' in html
    assert "onmouseover" not in html and "not a language" not in html


@pytest.mark.parametrize("heading", ["# Big title", "#Big title", "Big title\n========="])
def test_level_one_heading_becomes_h2_so_the_page_keeps_one_h1(heading):
    text = f"Lead-in.\n\n{heading}\n\ntext"
    assert render_markdown(text) == "<p>Lead-in.</p>\n<h2>Big title</h2>\n<p>text</p>"
    html, toc = render_with_toc(text)
    assert '<h2 id="big-title">Big title</h2>' in html and toc[0]["id"] == "big-title"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "title", ["# Sanctuary cities, explained", "Sanctuary cities, explained\n==="]
)
def test_a_body_opening_with_its_own_title_line_shows_it_once(client, title):
    # A document pasted whole opens with its title: kept, it showed twice, every section became
    # a subsection, and the table of contents went missing.
    body = f"{title}\n\nIntro.\n\n## What it is\n\na\n\n## What it isn't\n\nb\n\n## FAQ\n\nc"
    article = make_article(title="Sanctuary cities, explained", body=body)
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count("Sanctuary cities, explained</h") == 1  # the page's own <h1>
    assert '<h2 id="what-it-is">What it is</h2>' in page
    assert [entry["name"] for entry in article.toc] == ["What it is", "What it isn't", "FAQ"]
    assert article.show_toc and 'href="#what-it-is"' in page


@pytest.mark.django_db
def test_an_opening_line_that_isnt_the_title_is_never_left_out():
    # "#MeToo" is a heading to python-markdown, and an answer may open with "# No.": only a line
    # repeating the explainer's title may go.
    article = make_article(title="Workplace complaints", body="#MeToo began in 2006.\n\nIt grew.")
    assert article.body_html.startswith('<h2 id="metoo-began-in-2006">MeToo began in 2006.</h2>')
    entry = make_faq(answer="# No, not for that alone.\n\nState law protects you.")
    assert entry.answer_html == "<h2>No, not for that alone.</h2>\n<p>State law protects you.</p>"


def test_a_body_written_from_level_one_keeps_its_outline_one_level_down():
    # "# Part" over "## Section": demoting only the parts made the sections their equals.
    html, toc = render_with_toc("# Part one\n\n## Section a\n\n# Part two\n\n## Section b")
    assert html == (
        '<h2 id="part-one">Part one</h2>\n<h3 id="section-a">Section a</h3>\n'
        '<h2 id="part-two">Part two</h2>\n<h3 id="section-b">Section b</h3>'
    )
    assert [entry["name"] for entry in toc] == ["Part one", "Part two"]
    assert render_markdown("## Section\n\n### Detail") == "<h2>Section</h2>\n<h3>Detail</h3>"
    # A stray "#hashtag" at a line's start further down is only demoted: the outline stays.
    assert render_markdown("## Intro\n\n#rally Friday\n\n## Where\n\n### Detail") == (
        "<h2>Intro</h2>\n<h2>rally Friday</h2>\n<h2>Where</h2>\n<h3>Detail</h3>"
    )


@pytest.mark.django_db
def test_headings_never_take_an_id_the_page_layout_uses(client):
    article = make_article(
        body="## Main\n\nx\n\n## Sources heading\n\ny\n\n## Toc heading\n\nz\n\n## FAQ: bail\n\nw"
        "\n\n## Corrections\n\nv"  # the corrections box's ids, the box shown too
        '\n\n<h2 id="main">Written as HTML</h2>\n\n<h3 id="faq-bail">Too</h3>',
        corrections="An earlier version named the wrong court.",
    )
    make_faq(slug="bail", answer="## Main\n\nAn answer with a heading.", articles=[article])
    body = client.get(article.get_absolute_url()).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', body)
    assert len(ids) == len(set(ids)), sorted(ids)
    assert 'href="#main-section"' in body and 'href="#main"' in body  # skip link still works
    for target in re.findall(r'href="#([^"]+)"', body):  # every contents link leads somewhere
        assert target in ids, target
    assert "<h2>Written as HTML</h2>" in body and "<h3>Too</h3>" in body


@pytest.mark.django_db
def test_table_of_contents_shows_headings_as_written(client):
    article = make_article(body="## Q&A\n\nx\n\n## Rights & duties\n\ny\n\n## Age < 18\n\nz")
    assert [item["name"] for item in article.toc] == ["Q&A", "Rights & duties", "Age < 18"]
    body = client.get(article.get_absolute_url()).content.decode()
    assert ">Q&amp;A</a>" in body and ">Rights &amp; duties</a>" in body
    assert ">Age &lt; 18</a>" in body and "&amp;amp;" not in body and "&amp;lt;" not in body


@pytest.mark.django_db
def test_article_save_stores_sanitized_html_toc_and_reading_time():
    body = (
        "## One\n\n"
        + "word " * 900
        + "\n\n## Two\n\ntext\n\n### Two point one\n\n<script>x()</script>"
    )
    article = make_article(body=body)
    assert "<script" not in article.body_html
    assert [item["id"] for item in article.toc] == ["one", "two"]
    assert article.toc[1]["children"][0]["id"] == "two-point-one"
    assert article.reading_minutes == 4
    assert article.show_toc is False  # two top-level sections: short enough without one


@pytest.mark.django_db
def test_long_article_page_shows_table_of_contents(client):
    article = make_article(body="## A\n\nx\n\n## B\n\ny\n\n## C\n\nz")
    body = client.get(article.get_absolute_url()).content.decode()
    assert 'href="#a"' in body and 'href="#c"' in body and 'id="c"' in body


@pytest.mark.django_db
def test_article_page_does_not_render_markdown_on_request(client, monkeypatch):
    article = make_article()
    import portal.markdown

    def boom(*args, **kwargs):
        raise AssertionError("Markdown rendered on the request path")

    monkeypatch.setattr(portal.markdown.markdown, "Markdown", boom)
    assert client.get(article.get_absolute_url()).status_code == 200


def test_tables_scroll_in_a_box_keyboard_users_can_reach():
    # A wide table scrolls sideways on a phone; only a focusable box lets a keyboard scroll it.
    # Named after its columns, so two tables on one page are two different regions.
    html = render_markdown(
        "Intro\n\n| Law | **Year** |\n| --- | --- |\n| Posse Comitatus Act | 1878 |"
    )
    box = 'class="table-scroll" role="region" tabindex="0"><table>'
    assert f'<div aria-label="Table: Law, Year" {box}' in html and "</table>\n</div>" in html
    assert render_with_toc("| a |\n| - |\n| 1 |")[0].startswith(f'<div aria-label="Table: a" {box}')


def test_each_table_row_is_named_by_its_first_cell_for_screen_readers():
    # Moving down the "Administrative" column, a screen reader says the row's question too.
    html = render_markdown(
        "| Question | Judicial | Administrative |\n| --- | --- | --- |\n"
        "| Who signs it? | A judge | An agency officer |"
    )
    assert '<th scope="col">Judicial</th>' in html
    assert '<tr>\n<th scope="row">Who signs it?</th>\n<td>A judge</td>' in html
    assert 'aria-label="Table: Question, Judicial, Administrative"' in html  # columns only
    # A one-column table is a list of values: no row headers.
    assert "<td>1</td>" in render_markdown("| a |\n| - |\n| 1 |")


@pytest.mark.parametrize(
    "text, dead",
    [
        ("[bad](javascript:alert(1)) and [ok](https://example.org)", ["bad"]),
        ('[bad](javascript:alert(1) "href=x")', ["bad"]),  # a title that says href= is no address
        # An <abbr> is not a link, nor are the links after it.
        (
            '<abbr title="Immigration and Customs Enforcement">ICE</abbr> rules.\n\n'
            "See [the guide](https://example.org/guide) or [up](/articles/) or [there](#faq)",
            [],
        ),
        ('<a id="top"></a>A named spot with no text', []),
    ],
)
def test_links_readers_cant_follow_are_named_and_nothing_else(text, dead):
    problems = [m for p in content_problems(render_markdown(text)) for m in p.messages]
    assert len(problems) == len(dead) <= 1, problems
    for name in dead:
        assert f"their addresses were removed: “{name}”" in problems[0]


def test_a_row_with_an_empty_first_cell_gets_no_empty_row_header():
    html = render_markdown("| | Judicial |\n| --- | --- |\n| | signed |\n| Who? | a judge |")
    assert "<td></td>" in html and '<th scope="row">Who?</th>' in html
    assert '<th scope="row"></th>' not in html


def test_editors_cannot_give_elements_other_roles_focus_or_the_sites_classes():
    html = render_markdown(
        '<div role="button" tabindex="-1" aria-label="Close" class="notice">x</div>'
    )
    assert html == '<div aria-label="Close">x</div>'


@pytest.mark.parametrize(
    "source, allowed",
    [
        ("/media/uploads/2026/map.png", True),
        ("https://explainers.example.org/media/map.png", True),
        ("https://tracker.example/pixel.png", False),
        ("//tracker.example/pixel.png", False),
        ("map.png", False),  # would load from under the article's own address
        # Browsers read "\\" as "/" and drop tabs: both load from tracker.example.
        ("/\\tracker.example/pixel.png", False),
        ("/&#9;/tracker.example/pixel.png", False),
        ("https://explainers.example.org.tracker.example/pixel.png", False),
    ],
)
def test_images_from_other_sites_are_a_form_error_naming_them(settings, source, allowed):
    # The public pages' policy (img-src 'self') would block them: readers see a broken image.
    settings.SITE_URL = "https://explainers.example.org"
    text = f"Intro\n\n![A map]({source})"
    if allowed:
        validate_markdown(text)
        return
    with pytest.raises(ValidationError) as error:
        validate_markdown(text)
    [message] = error.value.messages
    assert "upload these instead" in message and message.endswith(html.unescape(source))


@pytest.mark.parametrize("description", ["", "  ", "Describe the image"])
def test_an_image_without_a_description_is_a_form_error_naming_it(description):
    # Readers who can't see it would hear nothing, or the editor's placeholder.
    text = f"Intro\n\n![A map](/media/uploads/map.png)\n\n![{description}](/media/uploads/b.png)"
    with pytest.raises(ValidationError) as error:
        validate_markdown(text)
    [message] = error.value.messages
    assert message.startswith("Describe each image") and message.endswith("/media/uploads/b.png")
    validate_markdown("![The county's three districts](/media/uploads/b.png)")


def test_an_images_title_on_a_line_of_its_own_is_its_visible_caption():
    # A title is a tooltip, which phones never show: a photo's credit was lost to most readers.
    text = '![Marchers on Main Street](/media/uploads/a.png "Photo: Ana <Ruiz> / The Ledger")'
    for rendered in (render_markdown(text), render_with_toc(text)[0], render_preview(text)[0]):
        assert rendered == (
            '<figure><img alt="Marchers on Main Street" decoding="async" loading="lazy" '
            'src="/media/uploads/a.png"><figcaption>Photo: Ana &lt;Ruiz&gt; / The Ledger'
            "</figcaption></figure>"
        )
    # In a sentence, or without a title, an image stays as it was.
    assert "figure" not in render_markdown('See ![a map](/media/uploads/a.png "Districts").')
    assert render_markdown("![A map](/media/uploads/a.png)").startswith("<p><img")


def test_table_column_alignment_survives_sanitizing():
    html = render_markdown("| Law | Year |\n| :-- | --: |\n| Posse Comitatus Act | 1878 |")
    assert '<th align="left" scope="col">Law</th>' in html and '<td align="right">1878</td>' in html


@pytest.mark.django_db
def test_an_answer_shown_several_times_on_a_page_adds_no_duplicate_ids(client):
    topics = [make_topic(), make_topic()]
    for question in ["Can I film the police?", "Can the police film me?"]:
        make_faq(
            question=question,
            answer="## Where you stand\n\nOn a public sidewalk filming is allowed."
            '\n\n<h3 id="sidewalks">Written as HTML</h3>',  # raw ids go too
            topics=topics,
        )
    form = {
        "question": "Can I film the police at work?",
        "action": "check",
        "started": started_token(time.time() - 30),
    }
    for response in [client.get("/faq/"), client.post("/faq/ask/", form)]:
        body = response.content.decode()
        assert body.count("Where you stand</h2>") >= 2
        ids = re.findall(r'\bid="([^"]+)"', body)
        assert len(ids) == len(set(ids)), sorted(ids)


@pytest.mark.parametrize(
    "text, rendered",
    [
        # A list typed right under its lead-in line, as most editors type it.
        (
            "Officers should not:\n- ask about status\n- hold anyone",
            "<p>Officers should not:</p>\n<ul>\n<li>ask about status</li>\n"
            "<li>hold anyone</li>\n</ul>",
        ),
        ("Steps:\n1. Ask\n2. Wait", "<p>Steps:</p>\n<ol>\n<li>Ask</li>\n<li>Wait</li>\n</ol>"),
        # Not a year at the start of a wrapped line, nor a hyphen inside a sentence.
        ("It passed in\n2019. It says so.", "<p>It passed in\n2019. It says so.</p>"),
        ("A dash - here\nand -there", "<p>A dash - here\nand -there</p>"),
        # A list's own lines, a quote's and fenced code are left as they were.
        ("- a\n  more\n- b", "<ul>\n<li>a\n  more</li>\n<li>b</li>\n</ul>"),
        ("> quote\n- more quote", "<blockquote>\n<p>quote\n- more quote</p>\n</blockquote>"),
        ("```\ncode\n- not a list\n```", "<pre><code>code\n- not a list\n</code></pre>"),
        (
            "````\n```\nLead:\n- code\n```\n````",
            "<pre><code>```\nLead:\n- code\n```\n</code></pre>",
        ),
        ("<pre>\n\nText\n- line\n</pre>", "<pre>\nText\n- line\n</pre>"),
        # A table whose header row has no leading pipe, over "- | -".
        ("Name | Role\n- | -\nAna | Chair", None),
    ],
)
def test_a_list_may_start_right_under_its_lead_in_line(text, rendered):
    if rendered is None:
        assert "<table>" in render_markdown(text) and "<li>" not in render_markdown(text)
        return
    assert render_markdown(text) == rendered


@pytest.mark.parametrize(
    "lead_in",
    ["Some records are kept back by law:", "- a list item\n\nSome are kept back:"],
)
def test_a_table_may_start_right_under_its_lead_in_line(lead_in):
    # It showed as lines of raw pipes: python-markdown wanted a blank line first.
    html = render_markdown(f"{lead_in}\n| Reason | Law |\n| --- | :-: |\n| Privacy | 7(1)(c) |")
    assert "<p>Some" in html and '<th align="center" scope="col">Law</th>' in html
    assert "|" not in html
    # Not a line with a pipe in a sentence, nor a "---" rule under one.
    for text in ["Pick one\nA | B\n|", "A | B\n---"]:
        assert "<table>" not in render_markdown(text)


@pytest.mark.parametrize("indent", ["  ", "   ", "    "])
def test_sub_items_indented_by_two_spaces_or_more_nest(indent):
    # GitHub's and most editors' habit: python-markdown nested only 4 spaces, and made a
    # 2-space sub-item a sibling of the item it belongs under, without a word.
    text = "- Ask to see it\n- Check it:\n{0}- the name\n{0}{0}- and address\n{0}- the judge"
    assert render_markdown(text.format(indent)) == (
        "<ul>\n<li>Ask to see it</li>\n<li>Check it:<ul>\n<li>the name<ul>\n"
        "<li>and address</li>\n</ul>\n</li>\n<li>the judge</li>\n</ul>\n</li>\n</ul>"
    )


def test_a_sub_item_under_a_number_nests_and_its_paragraphs_follow_it():
    # Under "1. ", a 3-space "- " showed as text; "Then wait." is indented under "politely".
    assert render_markdown("1. Ask\n   - politely\n\n     Then wait.\n\nDone.") == (
        "<ol>\n<li>Ask<ul>\n<li>\n<p>politely</p>\n<p>Then wait.</p>\n</li>\n</ul>\n</li>\n"
        "</ol>\n<p>Done.</p>"
    )


def test_code_indented_by_four_spaces_stays_code_in_and_out_of_lists():
    assert render_markdown("Type:\n\n    - not a list\n      here") == (
        "<p>Type:</p>\n<pre><code>- not a list\n  here\n</code></pre>"
    )
    code_in_item = "<li>Type:<pre><code>- not a list\n</code></pre>\n</li>"
    assert code_in_item in render_markdown("- Type:\n\n        - not a list")
    assert code_in_item in render_markdown("- a\n  - Type:\n\n          - not a list")


@pytest.mark.parametrize(
    "text, rendered",
    [
        # Word's bullets with a tab after them, "o" its second level: pasting loses the indent.
        (
            "Officers may not:\n•\tAsk about status\no\tNot even indirectly\n•\tHold anyone",
            "<p>Officers may not:</p>\n<ul>\n<li>Ask about status<ul>\n"
            "<li>Not even indirectly</li>\n</ul>\n</li>\n<li>Hold anyone</li>\n</ul>",
        ),
        ("·     Ask\n◦ Wait\n▪ Sue", "<ul>\n<li>Ask<ul>\n<li>Wait<ul>\n<li>Sue</li>"),
        ("Steps:\n1) Ask\n2) Wait", "<p>Steps:</p>\n<ol>\n<li>Ask</li>\n<li>Wait</li>\n</ol>"),
        ("3) Appeal\n4) Sue", '<ol start="3">\n<li>Appeal</li>\n<li>Sue</li>\n</ol>'),
        ("Do not:\n-\u00a0run\n-\u00a0hide", "<p>Do not:</p>\n<ul>\n<li>run</li>\n<li>hide</li>"),
        # Text stays text: a year under a line, Spanish "o" ("or"), code, a quote's line.
        ("It passed in\n2019) It says so.", "<p>It passed in\n2019) It says so.</p>"),
        ("• Call\no bien escriba", "<ul>\n<li>Call\no bien escriba</li>\n</ul>"),
        ("o\tAlone", "<p>o   Alone</p>"),
        ("```\n• code\n1) x\n```", "<pre><code>• code\n1) x\n</code></pre>"),
        ("Code:\n\n    • x", "<p>Code:</p>\n<pre><code>• x\n</code></pre>"),
        ("> Quote\n1) more", "<blockquote>\n<p>Quote\n1) more</p>\n</blockquote>"),
    ],
)
def test_lists_pasted_from_a_word_processor_are_lists(text, rendered):
    # "•", "1)" and "-" with a no-break space ran into one paragraph with their bullets.
    assert render_markdown(text).startswith(rendered)


@pytest.mark.parametrize(
    "raw",
    [
        '<figure><img src="/media/x.png" alt="A march"><figcaption>The march</figcaption></figure>',
        '<table><caption>Budget</caption><tbody><tr><th colspan="2">2025</th></tr></tbody>'
        '<tfoot><tr><td rowspan="2">Total</td></tr></tfoot></table>',
        "<details><summary>The full policy</summary>Its text.</details>",
        "<p>Press <kbd>Ctrl</kbd> and <mark>read this</mark>.</p>",
    ],
)
def test_harmless_raw_html_editors_use_is_kept(raw):
    # Removed, a figure's caption ran into the next paragraph and a spanning header no longer
    # lined up with its columns.
    assert render_markdown(raw) == raw


def test_markdown_inside_details_is_rendered_when_marked():
    # Readers got literal **…** and [the site](…) inside a <details> the README offers.
    text = (
        '<details markdown="1">\n<summary markdown="1">Your **original request**</summary>\n\n'
        "Keep [a copy](https://ag.example).\n\n- dated\n- signed\n</details>"
    )
    assert render_markdown(text) == (
        "<details>\n<summary>Your <strong>original request</strong></summary>\n"
        '<p>Keep <a href="https://ag.example" rel="noopener noreferrer">a copy</a>.</p>\n'
        "<ul>\n<li>dated</li>\n<li>signed</li>\n</ul>\n</details>"
    )
    # Unmarked, raw HTML stays as it was written.
    assert render_markdown("<details><summary>S</summary>**x**</details>") == (
        "<details><summary>S</summary>**x**</details>"
    )


def test_abbreviations_and_a_glossary_are_marked_up():
    text = "File a FOIA request.\n\n*[FOIA]: Freedom of Information Act\n\nDetainer\n:   A hold."
    assert render_markdown(text) == (
        '<p>File a <abbr title="Freedom of Information Act">FOIA</abbr> request.</p>\n'
        "<dl>\n<dt>Detainer</dt>\n<dd>A hold.</dd>\n</dl>"
    )


def test_a_numbered_list_keeps_the_number_it_starts_at():
    # Steps 3-5 after a paragraph showed as 1-3, and "1986." at a paragraph's start as "1.".
    html = render_markdown("1. Ask\n2. Wait\n\nIf they refuse:\n\n3. Appeal\n4. Sue")
    assert '<ol start="3">\n<li>Appeal</li>' in html
    assert render_markdown("1986. The year the city passed it.").startswith('<ol start="1986">')
    assert "start" not in render_markdown('<ol start="x"><li>a</li></ol>')


@pytest.mark.django_db
def test_parts_of_a_body_count_towards_its_table_of_contents(client):
    # Two "# " parts of two sections each: only the parts counted, so it got none.
    article = make_article(
        body="# Part one\n\n## A\n\nx\n\n## B\n\ny\n\n# Part two\n\n## C\n\nz\n\n## D\n\nw"
    )
    assert article.show_toc
    assert 'href="#c"' in client.get(article.get_absolute_url()).content.decode()
    assert not make_article(body="## One\n\nx\n\n## Two\n\n### Two point one").show_toc


@pytest.mark.parametrize("text", ["", " \n "])
def test_the_preview_of_an_empty_text_is_empty(text):
    # A field cleared while its preview was on was a server error: python-markdown returns
    # early for an empty text, before the step that notes a title line.
    assert render_preview(text) == ("", [])


def test_the_preview_says_which_bold_lines_look_like_headings_but_are_not():
    # Pasted headings came as bold lines: not in the contents, not headings for screen readers.
    text = (
        "**What the police can refuse**\n\nThey may **not** search.\n\n"
        "**Don't sign anything.**\n\n- **In a list**\n\n__Where to complain__\n\nAt the desk."
    )
    html, notes = render_preview(text)
    assert html.startswith("<p><strong>What the police can refuse</strong></p>")
    assert notes == [
        "These lines are only bold text, so they look like headings but aren't: “What the police "
        "can refuse”, “Where to complain”. Write a heading as “## What the police can refuse”, so "
        "it is in the table of contents and a heading for screen readers."
    ]
    assert render_preview("## What the police can refuse\n\n**Bold** start.")[1] == []
    assert render_preview("**Thank you**")[1] == []  # heads nothing: it ends the text


def test_the_preview_says_a_dashed_line_made_the_line_above_it_a_heading():
    # A divider typed right under a paragraph made the paragraph a heading (and a contents entry).
    html, notes = render_preview("Council votes in June.\n---\n\nNext.\n\n---\n\nLast\n===")
    assert html.startswith("<h2>Council votes in June.</h2>\n<p>Next.</p>\n<hr>")
    assert notes == [
        "A “---” line right under a line of text makes that line a heading: “Council votes in "
        "June.”. For a dividing line instead, leave a blank line above the “---”."
    ]


def test_the_preview_names_table_cells_past_the_last_column():
    # A table shows as many columns as its first row names, as GitHub's does: a cell pasted
    # past them vanished from the page without a word.
    text = (
        "| Service | Phone |\n| --- | --- |\n| Legal aid | 555-0100 | open all night |\n"
        "| Hotline | 555-0199 | |\n| Bail fund |"
    )
    html, notes = render_preview(text)
    assert "open all night" not in html and "<td>555-0199</td>" in html
    assert notes == [
        "Readers won't see these table cells: their rows have more cells than the table's first "
        "row, which names the columns: “open all night”. Add a column to the first row, or "
        "remove them."
    ]
    assert render_preview("| A | B |\n| - | - |\n| 1 | 2 |\n| 3 |")[1] == []


FOOTNOTED = (
    "A detainer is a request, not an order.[^1] Cities may say no.[^tenth] Judges agree.[^1]\n\n"
    "[^1]: Signed by an agency officer, not a judge.\n"
    "[^tenth]: The Tenth Amendment: see [the text](https://constitution.congress.gov/)."
)


@pytest.mark.django_db
def test_footnotes_in_an_explainer_link_to_their_notes_and_back(client):
    # "[^1]" showed as typed. The notes' ids don't take the layout's, nor an FAQ entry's below.
    article = make_article(body=f"## Main\n\n{FOOTNOTED}", corrections="It was 9, not 12.")
    make_faq(answer=FOOTNOTED, articles=[article])
    validate_body_markdown(article.body)  # every link leads to a place on the page
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<sup id="fnref:1"><a href="#fn:1"' in page and ">[1]</a></sup>" in page
    assert '<li id="fn:tenth">' in page and 'href="#fnref:tenth"' in page
    assert '<div class="footnote">' in page and "[^1]" not in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(ids)
    for target in re.findall(r'href="#([^"]+)"', page):
        assert target in ids, target
    # Raw HTML can't take a note's id, nor give one to anything but a marker or a note.
    html, _toc = render_with_toc('<h2 id="fn:1">A</h2><li id="main">b</li><sup id="x">c</sup>')
    assert "id=" not in html


def test_a_note_the_text_refers_to_twice_tells_its_links_back_apart():
    # "↩︎↩︎", both titled alike: a reader couldn't tell which led back to which mention.
    html, _toc = render_with_toc("Held[^held] and held again[^held].\n\n[^held]: 48 hours.")
    assert (
        '<a href="#fnref:held" title="Jump back to footnote 1 in the text (a)" rel="noopener '
        'noreferrer">↩︎<sup>a</sup></a> <a href="#fnref2:held" title="Jump back to footnote 1 '
        'in the text (b)" rel="noopener noreferrer">↩︎<sup>b</sup></a></p>'
    ) in html
    once, _toc = render_with_toc("Held[^held].\n\n[^held]: 48 hours.")
    assert "<sup>a</sup>" not in once and "(a)" not in once


def test_footnotes_in_an_faq_answer_are_a_plain_numbered_list():
    # An answer can appear several times on one page, so it has no ids to link to.
    html = render_markdown(FOOTNOTED)
    assert html.startswith("<p>A detainer is a request, not an order.<sup>[1]</sup> Cities")
    assert "Judges agree.<sup>[1]</sup></p>" in html
    assert (
        '<div class="footnote">\n<hr>\n<ol>\n<li>\n<p>Signed by an agency officer, not a '
        "judge.</p>\n</li>"
    ) in html
    assert "#fn" not in html and "id=" not in html and "&nbsp;" not in html
    validate_markdown(FOOTNOTED)  # no link to a place on the page


@pytest.mark.parametrize(
    "text, rendered",
    [
        (
            "More help: https://www.ilattorneygeneral.net/foia?a=1&b=2.",
            '<p>More help: <a class="url" href="https://www.ilattorneygeneral.net/foia?a=1&amp;'
            'b=2" rel="noopener noreferrer">https://www.ilattorneygeneral.net/foia?a=1&amp;b=2'
            "</a>.</p>",
        ),
        # Punctuation around it stays text; brackets the address opened are its own.
        (
            "(see http://example.org/a), or https://en.wikipedia.org/wiki/Bail_(law)!",
            '<p>(see <a class="url" href="http://example.org/a" rel="noopener noreferrer">'
            'http://example.org/a</a>), or <a class="url" '
            'href="https://en.wikipedia.org/wiki/Bail_(law)" rel="noopener noreferrer">'
            "https://en.wikipedia.org/wiki/Bail_(law)</a>!</p>",
        ),
        # Not in code, a link's text or a raw link's.
        ("`https://example.org`", "<p><code>https://example.org</code></p>"),
        ("```\nhttps://example.org\n```", "<pre><code>https://example.org\n</code></pre>"),
        (
            "[the AG https://ag.example](https://ag.example)",
            '<p><a href="https://ag.example" rel="noopener noreferrer">the AG https://ag.example'
            "</a></p>",
        ),
        (
            '<a href="https://ag.example">read https://ag.example</a>',
            '<p><a href="https://ag.example" rel="noopener noreferrer">read https://ag.example'
            "</a></p>",
        ),
        ("Type https:// first.", "<p>Type https:// first.</p>"),
    ],
)
def test_a_bare_address_in_the_text_is_a_link(text, rendered):
    # A phone reader had to select and copy a long address.
    assert render_markdown(text) == rendered


@pytest.mark.parametrize("text", ["A line of a long paragraph\n" * 20000, "a | b\n| - |\n" * 10000])
def test_a_long_block_renders_in_time_linear_in_its_length(text):
    # Asking of every line whether the block above it was text took a minute (quadratic).
    started = time.perf_counter()
    render_markdown(text)
    assert time.perf_counter() - started < 5


def test_bare_addresses_among_many_raw_links_render_quickly():
    # Looking for an open raw <a> before each address through the whole paragraph took 20 s.
    started = time.perf_counter()
    render_markdown('<a href="https://ag.example">AG</a> https://ag.example ' * 2000)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    "text",
    [
        "Intro" + " " * 100_000 + "end.",  # a run of spaces: each start was tried anew
        "[x](a@" + "a." * 50_000 + "/)",  # an address "perhaps mailto:" backtracked
        "See https://a.org/" + ")" * 100_000,  # a bare address trimmed a bracket at a time
    ],
)
def test_pasted_text_of_any_shape_renders_and_validates_quickly(text):
    # At save and on every keystroke of the preview: each of these took from 10 s to minutes.
    start = time.monotonic()
    render_preview(text)
    with pytest.raises(ValidationError) if "[x]" in text else contextlib.nullcontext():
        validate_markdown(text)
    assert time.monotonic() - start < 5


def test_a_footnote_labelled_with_a_space_still_links_to_its_note():
    html, _toc = render_with_toc("A detainer.[^my note]\n\n[^my note]: Not a warrant.")
    assert 'id="fnref:my-note"' in html and 'href="#fn:my-note"' in html
    assert 'id="fn:my-note"' in html and 'href="#fnref:my-note"' in html
    validate_body_markdown("A detainer.[^my note]\n\n[^my note]: Not a warrant.")


def test_raw_html_taking_a_headings_or_a_notes_id_is_a_form_error():
    # The first id wins: "[1]" led to a planted note with another source, and the table of
    # contents to a planted heading.
    text = (
        'Bail is set by a judge.[^1]\n\n<h2 id="what-bail-is">Click here</h2>\n\n'
        '## What bail is\n\nText.\n\n<ol><li id="fn:1">Bail is abolished.</li></ol>\n\n'
        "[^1]: Set by statute."
    )
    with pytest.raises(ValidationError) as error:
        validate_body_markdown(text)
    assert "already has: #fn:1, #what-bail-is." in str(error.value)
    validate_body_markdown(text.replace(' id="fn:1"', "").replace(' id="what-bail-is"', ""))
    # Only HTML's ids count: not words in the text, nor a code sample.
    validate_body_markdown('## Rights\n\nLook for id="rights" on the form.\n\n    <p id="rights">')


def test_only_a_footnotes_own_links_are_taken_out_of_an_answer():
    raw = '<div markdown="1" class="footnote-ref">Kept text</div>\n\nafter'
    assert "Kept text" in render_markdown(raw)
