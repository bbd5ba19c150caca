"""Images uploaded through the Markdown editor: checked, re-encoded and renamed; their names,
their narrow copies for phones and their sizes, read from the storage once per process. Which
of them the site's pieces still use is portal/uploads_in_use.py (it reads the models, which
render Markdown with this module)."""

import logging
import re
import uuid
from io import BytesIO
from pathlib import PurePosixPath
from urllib.parse import unquote

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

# Pillow format name -> file extension. No SVG: it can carry script. MPO is the JPEG many phones
# and cameras write (a photo plus a preview); it is stored as a plain JPEG of its first picture.
ALLOWED_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}
# What Pillow raises for bad image data: a cut-off file, a text chunk that inflates past its
# limit, a picture bigger than it will decode.
BAD_IMAGE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError)
# A small file can declare a huge picture (a 2 MB PNG of one colour can be 100+ megapixels) that
# takes gigabytes to decode; a 50-megapixel photo is far beyond what a page shows.
MAX_PIXELS = 50_000_000


class SafeImageForm(forms.Form):
    image = forms.ImageField(
        error_messages={
            "invalid_image": _(
                "Upload a JPEG, PNG or WebP image. This file isn't one, or it is damaged."
            )
        }
    )

    def clean_image(self):
        upload = self.cleaned_data["image"]
        limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                _("The image is too large (%(size)s). The limit is %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        # ImageField has already opened the file with Pillow; trust what it found, not the
        # name or the Content-Type the browser sent.
        if upload.image.format not in ALLOWED_FORMATS:
            raise forms.ValidationError(_("Upload a JPEG, PNG or WebP image."))
        width, height = upload.image.size
        if width * height > MAX_PIXELS:
            raise forms.ValidationError(
                _("The image is %(width)s × %(height)s pixels; please make it smaller first."),
                params={"width": width, "height": height},
            )
        # ImageField only checked the header; decode the whole file so that a cut-off or damaged
        # one is refused here rather than failing in save().
        upload.seek(0)
        try:
            with Image.open(upload) as image:
                image.load()
        except BAD_IMAGE_ERRORS:
            raise forms.ValidationError(_("The image file is damaged or incomplete.")) from None
        return upload

    def save(self, commit=True):
        """Re-encode (drops EXIF and anything hidden in the file), store under a random name."""
        upload = self.cleaned_data["image"]
        upload.seek(0)
        with Image.open(upload) as image:
            fmt = "JPEG" if image.format == "MPO" else image.format
            # A phone photo held upright is stored sideways plus an EXIF note to turn it; the
            # note goes with the EXIF, so turn the pixels first.
            image = ImageOps.exif_transpose(image)
            image.thumbnail(settings.MARKDOWNX_IMAGE_MAX_SIZE["size"])
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = BytesIO()
            image.save(out, fmt, quality=settings.MARKDOWNX_IMAGE_MAX_SIZE["quality"])
        name = f"{settings.MARKDOWNX_MEDIA_PATH}{uuid.uuid4().hex}.{ALLOWED_FORMATS[fmt]}"
        saved = default_storage.save(name, ContentFile(out.getvalue()))
        return default_storage.url(saved)


# The names SafeImageForm.save() gives: a random hex name, the "_abc1234" Django's storage adds
# should one be taken, and an extension it writes; "-800w" for its narrow copy (narrow_copy).
# Any other file in the folder (a press kit put there by hand, a dotfile, a name with "..", a
# key an object store lists under "../") was not made by the editor and is left alone.
_EXTENSIONS = "|".join(sorted(set(ALLOWED_FORMATS.values())))
NARROW_WIDTH = 800
NARROW_SUFFIX = f"-{NARROW_WIDTH}w"
UPLOAD_NAME = re.compile(rf"[0-9a-f]{{32}}(_[A-Za-z0-9]{{7}})?({NARROW_SUFFIX})?\.({_EXTENSIONS})")


def original_of(name):
    """The upload a narrow copy was made from ("<hex>-800w.jpg" -> "<hex>.jpg"); any other
    name is its own."""
    stem, dot, extension = name.rpartition(".")
    return f"{stem.removesuffix(NARROW_SUFFIX)}{dot}{extension}"


def narrow_copy(path, width):
    """The address of a copy of the upload at `path` ("uploads/<name>", `width` pixels wide)
    NARROW_WIDTH pixels wide, made the first time it is asked for; None for an image no wider,
    or when the storage can't read or write it now (tried again next time).

    A phone's screen is 320 to 430 CSS pixels wide: with the copy in an <img srcset>, it loads
    a quarter of the 1600-pixel upload's pixels. A copy stays as long as its upload does
    (prune_uploads keeps and deletes them together), so once made it is remembered for the
    process: the live preview asks on every keystroke, and object storage would be asked each
    time."""
    if width <= NARROW_WIDTH or original_of(path) != path:
        return None
    stem, extension = path.rsplit(".", 1)
    narrow = f"{stem}{NARROW_SUFFIX}.{extension}"
    if narrow not in _narrow_copies:
        try:
            if not default_storage.exists(narrow):
                _store_narrow_copy(path, narrow)
        except BAD_IMAGE_ERRORS:  # deleted, unreadable or not an image; a full disk
            return None
        except Exception:  # object stores raise their own errors: the page shows the upload
            logger.warning("Narrow copy of an upload not made", exc_info=True)
            return None
        _narrow_copies.keep(narrow, default_storage.url(narrow))
    return _narrow_copies[narrow]


class Remembered(dict):
    """What was read from the storage about uploads, kept for the process: an upload's name is
    random and its file never rewritten. At most KEPT entries (all forgotten when full)."""

    KEPT = 4096

    def keep(self, key, value):
        if len(self) >= self.KEPT:
            self.clear()
        self[key] = value


_narrow_copies = Remembered()


def _store_narrow_copy(path, narrow):
    with default_storage.open(path) as file, Image.open(file) as image:
        fmt = image.format
        # A palette (a chart saved as PNG) is shrunk pixel by pixel, which breaks up its text.
        copy = image.convert("RGBA") if image.mode in ("1", "P") else image
        copy.thumbnail((NARROW_WIDTH, image.height))
        out = BytesIO()
        copy.save(out, fmt, quality=settings.MARKDOWNX_IMAGE_MAX_SIZE["quality"])
    saved = default_storage.save(narrow, ContentFile(out.getvalue()))
    if saved != narrow:  # another worker made it first, and the storage gave ours a new name
        default_storage.delete(saved)


def uploads_folder():
    """MARKDOWNX_MEDIA_PATH as a folder name in the storage: "uploads"."""
    folder = PurePosixPath(settings.MARKDOWNX_MEDIA_PATH)
    if folder.is_absolute() or not folder.parts or ".." in folder.parts:
        raise ImproperlyConfigured("MARKDOWNX_MEDIA_PATH must name a folder inside the media.")
    return str(folder)


def mentioned_uploads(text):
    """Names of the uploads `text` refers to, however the address is written: a path or a full
    URL (MEDIA_URL, SITE_URL, an object store's or a CDN's, with a query string), percent-encoded,
    or with "\\" for "/" as browsers read it. A name that ends a sentence loses the full stop
    (names never end with one)."""
    text = unquote(text.replace("\\", "/"))
    mention = re.compile(rf"{re.escape(uploads_folder())}/([\w.-]+)")
    return {name.rstrip(".") for name in mention.findall(text)}


def upload_path(src):
    """ "uploads/<name>" for an uploaded image's address `src` ("/media/uploads/<name>"), or
    None."""
    prefix = f"{settings.MEDIA_URL}{uploads_folder()}/"
    name = src.removeprefix(prefix)
    if not src.startswith(prefix) or not UPLOAD_NAME.fullmatch(name):
        return None
    return f"{uploads_folder()}/{name}"


# Each size is read once per process: not on every keystroke of the live preview, nor once per
# piece from object storage in a re-render. A file that can't be read now (missing where
# `migrate` runs, a storage hiccup) gets no size, and is tried again next time.
_sizes = Remembered()


def stored_size(path):
    if path not in _sizes:
        try:
            with default_storage.open(path) as file, Image.open(file) as image:
                size = image.size
        except BAD_IMAGE_ERRORS:  # deleted, or not an image after all
            return None
        _sizes.keep(path, size)
    return _sizes[path]
