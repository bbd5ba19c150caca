"""The admin's sign-in form, with limits on wrong passwords.

Moderators' accounts can read askers' names and emails, so password guessing is worth
stopping. Only failures count, and a client over a limit is refused before its password is
checked. Per account from one client address (portal.ratelimit): a newsroom shares one address,
and one person's typos must not lock everyone else there out; nor is it per account alone,
which would let anyone lock a moderator out by guessing on purpose. A wider limit per address
stops guessing across many accounts. Failures are logged without the username, which is
sometimes a password typed into the wrong box.
"""

import hashlib
import hmac
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


def too_many_failures(limit, for_account):
    minutes = math.ceil(limit.retry_after / 60)
    if for_account:
        message = ngettext(
            "Too many wrong passwords for this account from this network. Try again in "
            "%(minutes)d minute, or sign in from another network.",
            "Too many wrong passwords for this account from this network. Try again in "
            "%(minutes)d minutes, or sign in from another network.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many wrong passwords from this network. Try again in %(minutes)d minute.",
            "Too many wrong passwords from this network. Try again in %(minutes)d minutes.",
            minutes,
        )
    return ValidationError(message, code="too_many_failures", params={"minutes": minutes})


def account_scope(form):
    """The rate limit's scope for the account being signed in to: the username as Django
    compares it (normalized: a full-width "ｍ" is an "m"), in any case, keyed with the secret so
    a password typed in the username box is never kept in the cache in a guessable form."""
    username = (form.cleaned_data.get("username") or "").casefold()
    secret = f"portal.signin:{settings.SECRET_KEY}".encode()
    return "admin-signin:" + hmac.new(secret, username.encode(), hashlib.sha256).hexdigest()[:32]


FAILURES_ALLOWED = 10  # for one account from one address
FAILURES_ALLOWED_PER_ADDRESS = 50  # for all accounts from one address
FAILURE_WINDOW_SECONDS = 15 * 60
# An IPv6 household is often given a /56 or a /48 (RFC 6177) and could guess from each /64 in
# it: 256 or 65,536 times the allowance. Staff are few, so a whole /48 counts as one address.
SIGNIN_IPV6_PREFIX = 48


class LimitedAdminAuthenticationForm(AdminAuthenticationForm):
    def clean(self):
        window = FAILURE_WINDOW_SECONDS
        prefix = SIGNIN_IPV6_PREFIX
        for_account = RateLimit(
            self.request, account_scope(self), FAILURES_ALLOWED, window, ipv6_prefix=prefix
        )
        for_address = RateLimit(
            self.request, "admin-signin", FAILURES_ALLOWED_PER_ADDRESS, window, ipv6_prefix=prefix
        )
        if for_account.exceeded():
            raise too_many_failures(for_account, for_account=True)
        if for_address.exceeded():
            raise too_many_failures(for_address, for_account=False)
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                for_account.hit()
                for_address.hit()
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
