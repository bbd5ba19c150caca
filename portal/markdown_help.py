"""The formatting help under each Markdown editor in the admin: what to type for what readers
get, in the portal's own Markdown. Editors come from word processors, not Markdown; before,
nothing on the form said how to write a heading, a link or a table. tests/test_markdown_help.py
renders each example, so the help can't promise what the renderer doesn't do."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Example:
    what: str
    typed: str
    renders: str  # a piece of the HTML it renders to: the test's check
    note: str = ""
    explainers_only: bool = False  # a FAQ answer is shown on several pages: no links within


EXAMPLES = [
    Example(
        _("A section heading"),
        "## What a detainer is\n\n### Who signs it",
        "<h2",
        _("“##” for a section (an explainer lists them in its contents); “###” for a part of one."),
    ),
    Example(_("Bold and italics"), "**must** and _only_", "<strong>must</strong>"),
    Example(
        _("A link"),
        "[USCIS](https://www.uscis.gov/)\n[our FAQ](/faq/)",
        '<a href="https://www.uscis.gov/"',
        _("A website's address starts with https://; one of our pages with /."),
    ),
    Example(
        _("A link to a heading above or below"),
        "[See who signs it](#who-signs-it)",
        'href="#who-signs-it"',
        _("The heading's words in lower case, with hyphens for spaces."),
        explainers_only=True,
    ),
    Example(
        _("A phone number or email address"),
        "[1-800-555-0100](tel:+18005550100)\n[Email us](mailto:tips@example.org)",
        'href="tel:+18005550100"',
        _("A tap away on a phone."),
    ),
    Example(
        _("A list"),
        "- Stay calm\n- Ask if you are free to go\n  - a sub-item: two spaces first",
        "<ul>",
        _("Lists pasted from Word or Google Docs become lists too."),
    ),
    Example(_("Numbered steps"), "1. Ask to see the warrant\n2. Read the name on it", "<ol>"),
    Example(_("A quotation"), "> We do not hold anyone past their release date.", "<blockquote>"),
    Example(
        _("A table"),
        "| Law | Year |\n| --- | --- |\n| Posse Comitatus Act | 1878 |",
        "<table>",
        _("The first row names the columns. A wide table scrolls sideways on phones."),
    ),
    Example(
        _("An image"),
        '![Marchers on Main Street](/media/uploads/photo.jpg "Photo: Ana Ruiz / The Ledger")',
        "<figcaption>Photo: Ana Ruiz / The Ledger</figcaption>",
        _(
            "Drag or paste it into the editor, or use “Insert an image”. Between the brackets, "
            "say what it shows, for readers who can't see it. A title in quotes after the "
            "address is its caption: a photo's credit."
        ),
    ),
    Example(
        _("A note under the text"),
        "The law changed in 2019.[^1]\n\n[^1]: Senate Bill 54, section 3.",
        '<div class="footnote">',
        _("Notes are numbered in the order they appear."),
    ),
    Example(
        _("An abbreviation explained"),
        "ICE can ask.\n\n*[ICE]: Immigration and Customs Enforcement",
        '<abbr title="Immigration and Customs Enforcement">ICE</abbr>',
        _("Every “ICE” in the text then explains itself."),
    ),
    Example(
        _("Words in another language"),
        'Ask for an <span lang="es">abogado</span>.',
        '<span lang="es">abogado</span>',
        _("Screen readers read them in that language's voice."),
    ),
    Example(_("A dividing line"), "Before.\n\n---\n\nAfter.", "<hr>"),
]


def examples_for(field_name):
    """The examples for the editor of `field_name`: an FAQ entry's "answer" has no headings to
    link to (it is shown on several pages)."""
    return [example for example in EXAMPLES if field_name == "body" or not example.explainers_only]
