"""The portal's Markdown extension's images (portal/markdown_syntax.py registers them): sized
from the stored upload and offered narrower to phones, and captioned from their title."""

import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor

from .uploads import NARROW_WIDTH, narrow_copy, stored_size, upload_path

# The width an image in a piece's text takes on the page: the column (--measure, 42rem, in
# static/css/site.css) or, on a narrower screen, the screen less main's padding (1rem a side).
IMAGE_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"


class ImageSize(Treeprocessor):
    """Images load as the reader reaches them: on a slow phone connection a 277 KB photo far
    down an explainer held its loading up for 6 seconds. An uploaded image's width and height
    are written out, so the text below it doesn't jump when it arrives; and one wider than a
    phone needs is offered narrower too (srcset), for the browser to pick by the screen."""

    def run(self, root):
        for image in root.iter("img"):
            image.set("loading", "lazy")
            image.set("decoding", "async")
            path = upload_path(image.get("src", ""))
            if image.get("width") or not path or not (size := stored_size(path)):
                continue
            width, height = size
            image.set("width", str(width))
            image.set("height", str(height))
            if narrow := narrow_copy(path, width):
                image.set("srcset", f"{narrow} {NARROW_WIDTH}w, {image.get('src')} {width}w")
                image.set("sizes", IMAGE_SIZES)


class ImageCaptions(Treeprocessor):
    """An image on a line of its own with a title, ![A march](/media/… "Photo: Ana Ruiz / The
    Ledger"), shows the title under it as its caption (<figure> and <figcaption>): a title is a
    tooltip, which phones never show, so a photo's credit was lost to most readers."""

    def run(self, root):
        for paragraph in root.iter("p"):
            [*children] = paragraph
            if (
                len(children) == 1
                and children[0].tag == "img"
                and (title := (children[0].get("title") or "").strip())
                and not (paragraph.text or "").strip()
                and not (children[0].tail or "").strip()
            ):
                paragraph.tag = "figure"
                del children[0].attrib["title"]  # said once, in the caption
                etree.SubElement(paragraph, "figcaption").text = title
