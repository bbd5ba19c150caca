"""Preview links an editor can give someone without an account (a lawyer reading a draft before
it goes out, a source checking a quote): signed for one piece, working for SHARE_DAYS days.

The signature is in the query string, which the logs never show (portal/logs.py). Anyone with
the link can read the piece until it expires; once the piece is published, the link leads to
its page. Rotating SECRET_KEY (without keeping the old key in SECRET_KEY_FALLBACKS) ends every
link at once.
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
from articles.models import Article
from faq.models import FaqEntry

SALT = "portal.shared-preview"
SHARE_DAYS = 3
PARAM = "key"


# {model label: (model, the view that renders its preview)}
PREVIEWS = {
    "articles.article": (Article, articles.views.render_preview),
    "faq.faqentry": (FaqEntry, faq.views.render_preview),
}


def share_url(piece):
    """The link to give: the address of the shared preview, signed for `piece`. Its
    public_slug (set once readers have seen it) is signed too: a piece published after the
    link was made, then taken down, can't be read through the link again."""
    key = signing.dumps([piece._meta.label_lower, piece.pk, piece.public_slug], salt=SALT)
    return f"{reverse('shared_preview')}?{PARAM}={key}"


def share_expiry():
    """When a link made now stops working."""
    return timezone.now() + datetime.timedelta(days=SHARE_DAYS)


def shared_piece(key):
    """(the piece `key` was signed for, its preview view), or (None, None) when the key is
    forged, expired or for a piece deleted since."""
    try:
        signed = signing.loads(key, salt=SALT, max_age=datetime.timedelta(days=SHARE_DAYS))
        label, pk, public_slug = signed
        model, preview = PREVIEWS[label]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None, None
    piece = model.objects.filter(pk=pk).first()
    if piece and not piece.is_published and piece.public_slug != public_slug:
        return None, None  # public after the link was made, and taken down since
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
