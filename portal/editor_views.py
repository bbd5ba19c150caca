"""django-markdownx's preview and upload endpoints, mounted behind a staff permission check.

Its own URLs accept anonymous users (neutronX/django-markdownx#182) and its preview returns
unsanitized HTML (#163), so we don't include them; these replace them under the same names.
"""

import logging
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .markdown import CannotShow, render_preview
from .markdown_checks import DESCRIPTION_PLACEHOLDER, content_problems
from .permissions import can_edit_text
from .uploads import SafeImageForm

logger = logging.getLogger(__name__)

ENDPOINTS = {"markdownx_upload", "markdownx_markdownify"}  # URL names, portal/urls.py

NOT_STORED = _(
    "The image could not be stored on the server, so nothing was added to your text. Your "
    "text is safe; tell whoever runs the site, then try again."
)
# The editor's script shows whatever these endpoints answer and can't follow a redirect to the
# sign-in page, so a refusal says in the editor what happened and how not to lose the text.
SIGNED_OUT = _(
    "You are signed out, so the preview and image uploads have stopped. Copy your text "
    "somewhere safe before you leave this page, then sign in again and paste it back."
)
NOT_ALLOWED = _(
    "Your account can't use the preview or image uploads. Ask an administrator for editing rights."
)
STALE_PAGE = _(
    "This page is out of date (you signed in again, or it was open a long time), so the "
    "preview and image uploads have stopped. Copy your text somewhere safe, reload this page, "
    "and paste it back."
)


def errornote(message):
    """`message` as the admin shows an error, for the preview pane."""
    return format_html('<p class="errornote">{}</p>', message)


def refusal(request, message, status=403):
    """`message` where the editor is looking: in the preview pane, or above the editor after
    an upload (see static/js/editor-messages.js)."""
    if request.resolver_match.url_name == "markdownx_upload":
        return JsonResponse({"image_code": [], "image": [str(message)]}, status=status)
    return HttpResponse(errornote(message), status=status)


def editor_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return refusal(request, SIGNED_OUT)
        if not can_edit_text(user):
            return refusal(request, NOT_ALLOWED)
        return view(request, *args, **kwargs)

    return wrapped


@require_POST
@editor_required
def markdownify(request):
    # Problems are shown in the preview pane, where the editor is looking.
    try:
        rendered, left_out = render_preview(request.POST.get("content", ""))
    except CannotShow as error:
        return HttpResponse(errornote(str(error)))
    notes = [
        errornote(message) for problem in content_problems(rendered) for message in problem.messages
    ]
    notes += [errornote(note) for note in left_out]
    return HttpResponse("".join(notes) + rendered)


@require_POST
@editor_required
def upload(request):
    form = SafeImageForm(files=request.FILES)
    if not form.is_valid():
        # markdownx ignores the status and types "Invalid response" into the text for any reply
        # without image_code; an empty list passes its check and inserts nothing. The reasons
        # are shown above the editor by static/js/editor-messages.js.
        errors = form.errors.get("image", [])
        return JsonResponse({"image_code": [], "image": errors}, status=400)
    try:
        url = form.save()
    except OSError as error:
        # A full disk, or MEDIA_ROOT not writable: a 500 page would leave the editor dimmed and
        # silent. The editor is told, and the log says why (no file name: the editor's own).
        logger.error("Image upload not stored: %s", type(error).__name__)
        return JsonResponse({"image_code": [], "image": [NOT_STORED]}, status=503)
    # The placeholder description is a form error until the editor replaces it.
    return JsonResponse({"image_code": f"![{DESCRIPTION_PLACEHOLDER}]({url})"})
