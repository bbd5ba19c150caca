"""What the Markdown editor's image upload answers when it refuses a file.

markdownx's script (markdownx.js, sendFile) ignores the HTTP status and inserts the reply's
`image_code` into the text, or the words "Invalid response" when there is none. A refusal
must therefore carry an `image_code` that inserts nothing, and its reasons under "image" for
static/js/editor-messages.js to show.
"""

import errno
import io

import pytest
from django.core.files.storage import FileSystemStorage
from PIL import Image

from portal.markdown import render_markdown
from tests.factories import make_article
from tests.helpers.images import image_file

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/markdownx/upload/"


SVG_WITH_SCRIPT = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"


def truncated_jpeg():
    whole = image_file("JPEG", size=(200, 200)).getvalue()
    upload = io.BytesIO(whole[: len(whole) // 2])  # a valid header, then cut off
    upload.name = "cut.jpg"
    return upload


def huge_blank_png():
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")  # 81 megapixels in a few kilobytes
    buffer.seek(0)
    buffer.name = "blank.png"
    return buffer


def png_with_a_text_bomb():
    # A valid picture whose compressed text chunk inflates past Pillow's 1 MB limit.
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("comment", "x" * 2_000_000, zip=True)
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "PNG", pnginfo=info)
    buffer.seek(0)
    buffer.name = "bomb.png"
    return buffer


def named(data, name):
    upload = io.BytesIO(data)
    upload.name = name
    return upload


@pytest.mark.parametrize(
    "make_upload, message",
    [
        (lambda: named(b"not an image at all", "notes.png"), "JPEG, PNG or WebP"),
        (lambda: named(SVG_WITH_SCRIPT, "logo.svg"), "JPEG, PNG or WebP"),
        (lambda: image_file("GIF", name="anim.gif"), "JPEG, PNG or WebP"),
        (lambda: image_file(size=(600, 600)), "too large"),
        (truncated_jpeg, "damaged or incomplete"),
        (huge_blank_png, "9000 × 9000 pixels"),
        (png_with_a_text_bomb, "JPEG, PNG or WebP image. This file isn't one, or it is damaged"),
    ],
    ids=[
        "not-an-image",
        "svg",
        "gif",
        "too-large",
        "truncated-jpeg",
        "too-many-pixels",
        "png-text-bomb",
    ],  # fmt: skip
)
def test_a_refused_upload_gives_its_reason_and_inserts_nothing(
    client, editor, settings, make_upload, message
):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 100_000
    client.force_login(editor)
    response = client.post(
        UPLOAD, {"image": make_upload()}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 400
    reply = response.json()
    assert message in reply["image"][0]
    # An empty list is truthy in JavaScript, so markdownx takes it for code to insert, and
    # it inserts as "": nothing lands in the text.
    assert reply["image_code"] == []
    assert not (settings.MEDIA_ROOT / "uploads").exists()


def test_a_whole_jpeg_uploads_and_the_same_file_cut_off_is_refused(client, editor):
    client.force_login(editor)
    whole = client.post(UPLOAD, {"image": image_file("JPEG", size=(200, 200), name="a.jpg")})
    assert whole.status_code == 200 and whole.json()["image_code"].endswith(".jpg)")
    cut = client.post(UPLOAD, {"image": truncated_jpeg()})  # was a 500 (OSError) on re-encoding
    assert cut.status_code == 400


@pytest.mark.parametrize("url", ["/admin/articles/article/add/", "/admin/faq/faqentry/add/"])
def test_both_editors_load_the_script_that_shows_the_reasons(client, editor, url):
    client.force_login(editor)
    assert "/static/js/editor-messages.js" in client.get(url).content.decode()


def test_a_phone_photo_held_upright_is_stored_upright(client, editor, settings):
    # Phones store the pixels sideways with an EXIF note to turn them; re-encoding drops EXIF.
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to show
    Image.new("RGB", (30, 20)).save(buffer, "JPEG", exif=exif)
    buffer.seek(0)
    buffer.name = "portrait.jpg"
    client.force_login(editor)
    reply = client.post(UPLOAD, {"image": buffer}).json()
    stored = reply["image_code"].removeprefix("![Describe the image](").removesuffix(")")
    path = settings.MEDIA_ROOT / stored.removeprefix(settings.MEDIA_URL)
    with Image.open(path) as image:
        assert image.size == (20, 30) and not image.getexif()


def test_a_camera_jpeg_with_a_preview_picture_is_stored_as_a_jpeg(client, editor):
    # Many phones and cameras write MPO: a JPEG followed by more pictures.
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "red").save(
        buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (30, 20))]
    )
    buffer.seek(0)
    buffer.name = "camera.jpg"
    client.force_login(editor)
    response = client.post(UPLOAD, {"image": buffer})
    assert response.status_code == 200 and response.json()["image_code"].endswith(".jpg)")


def test_a_large_photo_is_stored_at_most_1600_pixels_wide(client, editor, settings):
    # A phone photo would otherwise reach every reader's data plan at full size.
    client.force_login(editor)
    photo = image_file("JPEG", size=(3200, 1200), name="crowd.jpg")
    reply = client.post(UPLOAD, {"image": photo}).json()
    stored = reply["image_code"].removeprefix("![Describe the image](").removesuffix(")")
    with Image.open(settings.MEDIA_ROOT / stored.removeprefix(settings.MEDIA_URL)) as image:
        assert image.size == (1600, 600)


def test_a_phone_photo_of_several_megabytes_uploads_as_it_is(client, editor, settings):
    # Refused over 2 MB, it had to be made smaller elsewhere first, though it is shrunk here
    # anyway. Over FILE_UPLOAD_MAX_MEMORY_SIZE it reaches the upload as a file on disk.
    client.force_login(editor)
    photo = image_file("JPEG", size=(4032, 3024), name="IMG_0412.jpg")  # 12 megapixels
    assert len(photo.getvalue()) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(UPLOAD, {"image": photo})
    assert response.status_code == 200, response.json()["image"]
    stored = response.json()["image_code"].removeprefix("![Describe the image](").removesuffix(")")
    with Image.open(settings.MEDIA_ROOT / stored.removeprefix(settings.MEDIA_URL)) as image:
        assert image.size == (1600, 1200)


def test_an_image_the_server_cannot_store_says_so_in_the_editor(client, editor, settings, caplog):
    # A full disk or a MEDIA_ROOT the app can't write: not a 500 page the editor never sees.
    settings.MEDIA_ROOT = "/proc/portal-media"
    client.force_login(editor)
    response = client.post(
        UPLOAD, {"image": image_file()}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 503
    reply = response.json()
    assert reply["image_code"] == []
    assert "could not be stored on the server, so nothing was added" in reply["image"][0]
    assert "Image upload not stored: " in caplog.text


def test_an_uploaded_image_loads_lazily_at_its_own_size_on_the_page(client, editor):
    # A slow phone pays for a photo far down the text only on reaching it, and the text below
    # doesn't jump when it arrives.
    client.force_login(editor)
    photo = io.BytesIO()
    Image.new("RGB", (720, 480), "white").save(photo, "JPEG")  # no narrow copy: see below
    photo.seek(0)
    photo.name = "march.jpg"
    reply = client.post(UPLOAD, {"image": photo}, headers={"x-requested-with": "XMLHttpRequest"})
    address = reply.json()["image_code"].removeprefix("![Describe the image](").removesuffix(")")

    article = make_article(body=f"Intro.\n\n![The march on Main Street]({address})")

    assert (
        f'<img alt="The march on Main Street" decoding="async" height="480" loading="lazy" '
        f'src="{address}" width="720">' in article.body_html
    )
    # An image that isn't (or is no longer) an upload loads lazily without a size.
    gone = address.replace(address.split("/")[-1], "0" * 32 + ".jpg")
    assert 'loading="lazy" src="' in render_markdown(f"![Gone]({gone})")
    assert "width" not in render_markdown(f"![Gone]({gone})")


def test_an_uploads_size_is_read_once_and_a_broken_file_breaks_nothing(settings):
    # Read on every keystroke of the live preview, object storage would be asked each time.
    folder = settings.MEDIA_ROOT / "uploads"
    folder.mkdir(parents=True)
    Image.new("RGB", (640, 480)).save(folder / f"{'a' * 32}.png")
    text = f"![A map](/media/uploads/{'a' * 32}.png)"
    assert 'height="480"' in render_markdown(text)
    (folder / f"{'a' * 32}.png").unlink()
    assert 'height="480"' in render_markdown(text)  # not read again
    # Not there yet (media restored after the app started): no size, and tried again later.
    later = f"![A map](/media/uploads/{'c' * 32}.png)"
    assert "width" not in render_markdown(later)
    Image.new("RGB", (320, 240)).save(folder / f"{'c' * 32}.png")
    assert 'height="240"' in render_markdown(later)
    # Not an image after all (truncated, or junk under an upload's name): no size, no error.
    (folder / f"{'b' * 32}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    assert "width" not in render_markdown(f"![A map](/media/uploads/{'b' * 32}.png)")


def upload_photo(client, size, fmt="JPEG", name="march.jpg"):
    """Upload a photo through the editor; its address."""
    photo = image_file(fmt, size=size, name=name)
    reply = client.post(UPLOAD, {"image": photo}, headers={"x-requested-with": "XMLHttpRequest"})
    return reply.json()["image_code"].removeprefix("![Describe the image](").removesuffix(")")


def test_a_wide_image_is_offered_to_phones_at_800_pixels(client, editor, settings):
    # A phone's screen is 320 to 430 CSS pixels wide: the 1600-pixel upload is four times the
    # pixels it can show, on a reader's data plan.
    client.force_login(editor)
    address = upload_photo(client, (1600, 1000))
    narrow = address.replace(".jpg", "-800w.jpg")

    article = make_article(body=f"Intro.\n\n![The march on Main Street]({address})")
    make_article(body=f"Again.\n\n![The march, again]({address})")  # the copy is made once

    assert (
        f'<img alt="The march on Main Street" decoding="async" height="1000" loading="lazy" '
        f'sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)" src="{address}" '
        f'srcset="{narrow} 800w, {address} 1600w" width="1600">' in article.body_html
    )
    uploads = settings.MEDIA_ROOT / "uploads"
    assert sorted(path.name for path in uploads.iterdir()) == sorted(
        [address.rsplit("/", 1)[1], narrow.rsplit("/", 1)[1]]
    )
    original, copy = uploads / address.rsplit("/", 1)[1], uploads / narrow.rsplit("/", 1)[1]
    with Image.open(copy) as image:
        assert (image.format, image.size) == ("JPEG", (800, 500))
    assert copy.stat().st_size < original.stat().st_size / 2


def test_an_image_a_phone_can_show_whole_gets_no_narrow_copy(client, editor, settings):
    client.force_login(editor)
    address = upload_photo(client, (800, 1600))  # upright: 800 pixels wide already
    html = render_markdown(f"![A flyer]({address})")
    assert 'width="800"' in html and "srcset" not in html and "sizes" not in html
    assert len(list((settings.MEDIA_ROOT / "uploads").iterdir())) == 1


def test_a_chart_saved_as_a_palette_png_is_shrunk_smoothly(settings):
    # Shrunk pixel by pixel, as Pillow does a palette image, a chart's labels break up.
    folder = settings.MEDIA_ROOT / "uploads"
    folder.mkdir(parents=True)
    Image.new("RGB", (1200, 600), "white").convert("P").save(folder / f"{'d' * 32}.png")
    assert "-800w.png 800w" in render_markdown(f"![A chart](/media/uploads/{'d' * 32}.png)")
    with Image.open(folder / f"{'d' * 32}-800w.png") as image:
        assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (800, 400))


class FullDisk(FileSystemStorage):
    def _save(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_narrow_copy_that_cannot_be_made_leaves_the_image_as_it_was(settings):
    folder = settings.MEDIA_ROOT / "uploads"
    folder.mkdir(parents=True)
    Image.new("RGB", (1200, 600)).save(folder / f"{'e' * 32}.jpg")
    storages = settings.STORAGES
    settings.STORAGES = {**storages, "default": {"BACKEND": f"{__name__}.FullDisk"}}
    html = render_markdown(f"![A crowd](/media/uploads/{'e' * 32}.jpg)")
    assert 'width="1200"' in html and "srcset" not in html
    # Tried again next time: made once the storage takes it.
    settings.STORAGES = storages
    assert "-800w.jpg 800w" in render_markdown(f"![A crowd](/media/uploads/{'e' * 32}.jpg)")


@pytest.mark.parametrize(
    "srcset",
    [
        "https://tracker.example/pixel.png 800w",
        "/media/uploads/a.png 800w, //tracker.example/pixel.png 1600w",
        "/media/uploads/a.png 2x",
        "/media/uploads/a.png",
    ],
)
def test_raw_html_can_offer_no_image_from_elsewhere_through_srcset(srcset):
    # Like src, a srcset from another site would let it see who reads the page (and the
    # policy would block it anyway).
    html = render_markdown(f'<img src="/media/uploads/a.png" alt="A map" srcset="{srcset}">')
    assert "srcset" not in html and "tracker" not in html
    assert 'src="/media/uploads/a.png"' in html
    assert "sizes" not in render_markdown('<img src="/a.png" alt="A map" sizes="9999px">')
