"""Images uploaded through the Markdown editor: checked, re-encoded and renamed."""

import uuid
from io import BytesIO

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

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
