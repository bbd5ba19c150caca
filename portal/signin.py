"""The admin's sign-in form, with a limit on wrong passwords per client.

Moderators' accounts can read askers' names and emails, so password guessing is worth
stopping. Only failures count, per client address (portal.ratelimit), and a client over the
limit is refused before its password is checked. Not per account: that would let anyone lock a
moderator out by guessing on purpose. Failures are logged without the username, which is
sometimes a password typed into the wrong box.
"""

import logging
import math

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from .ratelimit import RateLimit

logger = logging.getLogger(__name__)

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
