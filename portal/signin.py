"""The admin's sign-in form, with a limit on wrong passwords per client.

Moderators' accounts can read askers' names and emails, so password guessing is worth
stopping. Only failures count, per client address (portal.ratelimit), and a client over the
limit is refused before its password is checked. Not per account: that would let anyone lock a
moderator out by guessing on purpose. Failures are logged without the username, which is
sometimes a password typed into the wrong box.
"""

import logging
import math
import os

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .ratelimit import RateLimit

logger = logging.getLogger(__name__)

DEMO_PASSWORD_REFUSED = _(
    "This account still has the demo password, which is published, so it can't sign in while "
    "DEBUG is off. Give it its own password first: manage.py changepassword %(username)s"
)


def demo_password():
    return os.environ.get("PORTAL_DEMO_PASSWORD") or "portal-demo"


def has_demo_password(user):
    """A demo account made while DEBUG was on, still with the password anyone can read."""
    from portal.management.commands.load_demo import DEMO_ACCOUNTS

    demo_names = {username for username, _superuser, _group in DEMO_ACCOUNTS}
    return user.username in demo_names and user.check_password(demo_password())


FAILURES_ALLOWED = 10
FAILURE_WINDOW_SECONDS = 15 * 60


class LimitedAdminAuthenticationForm(AdminAuthenticationForm):
    def clean(self):
        limit = RateLimit(self.request, "admin-signin", FAILURES_ALLOWED, FAILURE_WINDOW_SECONDS)
        if limit.exceeded():
            minutes = math.ceil(limit.retry_after / 60)
            raise ValidationError(
                ngettext(
                    "Too many wrong passwords from this network. Try again in %(minutes)d minute.",
                    "Too many wrong passwords from this network. Try again in %(minutes)d minutes.",
                    minutes,
                ),
                code="too_many_failures",
                params={"minutes": minutes},
            )
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                limit.hit()
                logger.warning("admin sign-in failed: wrong username or password")
            raise

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # A database first used with `make run` keeps its demo accounts: with DEBUG off (in
        # production) their public password must not open the admin and askers' emails.
        if not settings.DEBUG and has_demo_password(user):
            logger.warning("admin sign-in refused: a demo account with the demo password")
            raise ValidationError(
                DEMO_PASSWORD_REFUSED, code="demo_password", params={"username": user.username}
            )
