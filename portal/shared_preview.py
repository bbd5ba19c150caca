"""Preview links an editor can give someone without an account (a lawyer reading a draft before
it goes out, a source checking a quote): signed for one piece, working for SHARE_DAYS days.

The signature is in the query string, which the logs never show (portal/logs.py). Anyone with
the link can read the piece until it expires; once the piece is published, the link leads to
its page. An editor can end the links given for a piece (the admin list's "End preview links");
rotating SECRET_KEY (without keeping the old key in SECRET_KEY_FALLBACKS) ends every link.
"""

import datetime

from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

import articles.views
import faq.views
from articles.models import Article, Page
from faq.models import FaqEntry

SALT = "portal.shared-preview"
SHARE_DAYS = 3
PARAM = "key"


# {model label: (model, the view that renders its preview)}
PREVIEWS = {
    "articles.article": (Article, articles.views.render_preview),
    "faq.faqentry": (FaqEntry, faq.views.render_preview),
    "articles.page": (Page, articles.views.render_page_preview),
}


def share_url(piece):
    """The link to give: the address of the shared preview, signed for `piece` and its
    preview_key, which is replaced when readers start or stop seeing it, or an editor ends the
    links given so far (the admin's "End preview links")."""
    key = signing.dumps([piece._meta.label_lower, piece.pk, piece.preview_key.hex], salt=SALT)
    return f"{reverse('shared_preview')}?{PARAM}={key}"


def share_expiry():
    """When a link made now stops working."""
    return timezone.now() + datetime.timedelta(days=SHARE_DAYS)


def shared_piece(key):
    """(the piece `key` was signed for, its preview view), or (None, None) when the key is
    forged, expired or for a piece deleted since."""
    try:
        signed = signing.loads(key, salt=SALT, max_age=datetime.timedelta(days=SHARE_DAYS))
        label, pk, preview_key = signed
        model, preview = PREVIEWS[label]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, None
    piece = model.objects.filter(pk=pk).first()
    if piece and not piece.is_published and piece.preview_key.hex != preview_key:
        return None, None  # ended, or public since the link was made and taken down again
    return piece, preview


@never_cache
@require_safe
def view(request):
    piece, preview = shared_piece(request.GET.get(PARAM, ""))
    if piece is None:
        context = {"days": SHARE_DAYS}
        response = render(request, "shared_preview_expired.html", context, status=404)
    elif piece.is_published:
        return redirect(piece.get_absolute_url())
    else:
        response = preview(request, piece, shared=True)
    # Links on the draft (its sources, say) must not hand the key to other sites.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
