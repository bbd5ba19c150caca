import datetime
import re
import unicodedata

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.search.query import words


# What may be a person's details rather than a topic: an email address, or a phone, case, ID or
# "A-number" (four or more digits in all, however they are split up). Never kept. NFKC reads
# the full-width "＠" and "﹫" of some keyboards as "@".
def looks_personal(text):
    text = unicodedata.normalize("NFKC", text)
    return "@" in text or len(re.findall(r"\d", text)) >= 4


# A search made once and not again within this many days is deleted: it tells editors little,
# and it may be one reader's search for a person (a relative's name), which no digit or @ gives
# away. Editors see only searches made at least twice (ZeroResultSearchAdmin).
ONE_OFF_DAYS = 7


class ZeroResultSearchQuerySet(models.QuerySet):
    def expired(self, days):
        """Searches nobody has made for more than `days` days, and those made only once more
        than ONE_OFF_DAYS ago."""
        today = timezone.localdate()
        old = Q(last_seen__lt=today - datetime.timedelta(days=days))
        one_off = Q(count__lte=1, last_seen__lt=today - datetime.timedelta(days=ONE_OFF_DAYS))
        return self.filter(old | one_off)

    def repeated(self):
        """Made by more than one search: what editors see."""
        return self.filter(count__gte=2)


class ZeroResultSearch(models.Model):
    """A search that found nothing, so editors know what readers look for and don't find.

    Only the words and how often: no address, no user, no time of each search. Searches that
    look like personal details are never kept, and rows expire (`forget_old`).
    """

    query = models.CharField(_("query"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("times searched"), default=0)
    last_seen = models.DateField(_("last searched"), default=timezone.localdate, db_index=True)

    objects = ZeroResultSearchQuerySet.as_manager()

    class Meta:
        ordering = ["-count", "query"]
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")

    def __str__(self):
        return self.query

    @staticmethod
    def normalise(text):
        """What is counted of a search: lower case, words only."""
        return " ".join(words(text))[:200].strip()

    @classmethod
    def kept(cls, text):
        """Whether a search for `text` is counted at all: not one holding an email address or
        a long number (a phone, a case number), which no trace of may be kept."""
        return bool(cls.normalise(text)) and not looks_personal(text)

    @classmethod
    def record(cls, text):
        """Count one more search for `text` (normalised)."""
        if not cls.kept(text):
            return
        query = cls.normalise(text)
        changes = {"count": F("count") + 1, "last_seen": timezone.localdate()}
        if cls.objects.filter(query=query).update(**changes):
            return
        try:
            with transaction.atomic():
                cls.objects.create(query=query, count=1)
        except IntegrityError:  # another request recorded it first
            cls.objects.filter(query=query).update(**changes)

    @classmethod
    def forget_old(cls, days):
        """Delete the expired searches (ZeroResultSearchQuerySet.expired); returns how many."""
        return cls.objects.expired(days).delete()[0]


class Revision(models.Model):
    """One version of an explainer or FAQ entry as readers read it: its text fields (and an
    explainer's sources) after a save in the admin. Editors see them under "Versions" and
    can put one back (portal/revisions.py)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content = models.JSONField()
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    note = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["-saved_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-saved_at"])]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self):
        # Not its title or question: those may hold what a rewrite took out.
        return gettext("Version %(id)s") % {"id": self.pk}
