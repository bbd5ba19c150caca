"""django-markdownx's preview and upload endpoints, mounted behind a staff permission check.

Its own URLs accept anonymous users (neutronX/django-markdownx#182) and its preview returns
unsanitized HTML (#163), so we don't include them; these replace them under the same names.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from .markdown import OUTSIDE_IMAGES, TOO_DEEP, NestedTooDeep, outside_images, render_markdown
from .uploads import SafeImageForm

EDITING_PERMISSIONS = ("articles.change_article", "faq.change_faqentry")


def editor_required(view):
    @login_required(login_url="admin:login")
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_staff and any(user.has_perm(p) for p in EDITING_PERMISSIONS)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@require_POST
@editor_required
def markdownify(request):
    # Problems are shown in the preview pane, where the editor is looking.
    try:
        rendered = render_markdown(request.POST.get("content", ""))
    except NestedTooDeep:
        return HttpResponse(format_html('<p class="errornote">{}</p>', TOO_DEEP))
    if outside := outside_images(rendered):
        sources = ", ".join(outside)
        note = format_html('<p class="errornote">{}</p>', OUTSIDE_IMAGES % {"sources": sources})
        rendered = note + rendered
    return HttpResponse(rendered)


@require_POST
@editor_required
def upload(request):
    form = SafeImageForm(files=request.FILES)
    if not form.is_valid():
        # markdownx ignores the status and types "Invalid response" into the text for any reply
        # without image_code; an empty list passes its check and inserts nothing. The reasons
        # are shown above the editor by static/js/editor-upload-errors.js.
        errors = form.errors.get("image", [])
        return JsonResponse({"image_code": [], "image": errors}, status=400)
    return JsonResponse({"image_code": f"![]({form.save()})"})
