"""Image files as an editor's browser uploads them."""

import io

from PIL import Image


def image_file(fmt="PNG", size=(40, 30), name="photo.png"):
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, fmt)
    buffer.seek(0)
    buffer.name = name
    return buffer
