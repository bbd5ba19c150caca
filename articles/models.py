import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import UUID4, Coalesce, Greatest, TruncDate
from django.db.models.signals import post_delete
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from portal import revisions
from portal.markdown import rendered_article, rendered_page
from portal.markdown_checks import validate_body_markdown
from portal.params import without_control_chars

RESERVED_SLUGS = {"feed"}  # /articles/feed/ is the RSS feed, matched before any article


class EditorialText(models.Model):
    """Text saved through a form (the admin) loses its control characters, as pasted from a word
    processor: the RSS and Atom feeds would fail on them, and pages show them as boxes."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(field, (models.CharField, models.TextField)) and isinstance(value, str):
                setattr(self, field.attname, without_control_chars(value))
        super().clean_fields(exclude)


class MovableQuerySet(models.QuerySet):
    def moved_from(self, slug):
        """The row of this queryset whose address used `slug` before its slug changed."""
        former = FormerSlug.objects.filter(model=self.model._meta.label_lower, slug=slug).first()
        return self.filter(pk=former.object_id).first() if former else None


def remember_former_slug(instance, visible):
    """Keep the address `instance` leaves, if readers could see it there (`visible`: what
    they can see of its model), so it redirects to the new one; and take over an address
    another row left, which then leads here (or, until this one is visible, nowhere: a cached
    redirect would outlive that)."""
    model = instance._meta.label_lower
    FormerSlug.objects.filter(model=model, slug=instance.slug).delete()
    if instance.pk is None:
        return
    old = visible.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old and old != instance.slug:
        FormerSlug.objects.update_or_create(
            model=model, slug=old, defaults={"object_id": instance.pk}
        )


def forget_former_slugs(sender, instance, **kwargs):
    """A deleted piece's old addresses go with it: they lead nowhere now, and one may hold a
    reader's own words (an FAQ entry first saved with an unedited reader question). Connected
    per model, so other models' deletes stay fast bulk deletes."""
    FormerSlug.objects.filter(model=instance._meta.label_lower, object_id=instance.pk).delete()


class Topic(EditorialText):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.CharField(_("short description"), max_length=300, blank=True)

    objects = MovableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            remember_former_slug(self, Topic.objects.all())  # topics are always public
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def is_public(status, published_at, now=None):
    """The rule for what readers see, for one piece's values: marked published, and its
    publish time has passed (a future time schedules). PublishableQuerySet.published() is the
    same rule for the database; tests/test_visibility.py checks the two agree."""
    return status == Status.PUBLISHED and published_at <= (now or timezone.now())


class PublishableQuerySet(MovableQuerySet):
    def marked_published(self):
        """Marked Published by an editor, whether its publish time has come or not."""
        return self.filter(status=Status.PUBLISHED)

    def published(self):
        """Public (is_public): marked published, and the publish time has passed."""
        return self.marked_published().filter(published_at__lte=timezone.now())

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def taken_down_from(self, slug):
        """Whether readers saw a piece at `slug` that they can't see now (unpublished, or held
        back): at its address then, or at an address it left while they could see it."""
        hidden = self.exclude(pk__in=self.published().values("pk"))
        return hidden.filter(public_slug=slug).exists() or bool(hidden.moved_from(slug))

    def scheduled(self):
        """Marked published, but readers see it only from its publish time, still to come."""
        return self.marked_published().filter(published_at__gt=timezone.now())

    def with_last_checked(self):
        """Annotates `last_checked`: the day an editor last checked the piece (its "last
        reviewed"), or, never checked, the day it was published (by the site's calendar)."""
        return self.annotate(last_checked=Coalesce("last_reviewed", TruncDate("published_at")))

    def due_for_review(self):
        """Public pieces not checked for REVIEW_AFTER (drafts are read by nobody yet)."""
        return self.published().with_last_checked().filter(last_checked__lt=review_cutoff())


# How long a piece's facts are trusted unchecked: laws and policies change, and readers act on
# what it says. The admin lists public ones checked longer ago as due for review.
REVIEW_MONTHS = 6  # as editors are told it
REVIEW_AFTER = datetime.timedelta(days=round(REVIEW_MONTHS * 365.25 / 12))


def review_cutoff():
    """The first day a check still counts as recent."""
    return timezone.localdate() - REVIEW_AFTER


class FormerSlug(models.Model):
    """An address a piece had before an editor changed its slug: links shared under it (a
    story that spread, a search engine's index) redirect to where the piece is now."""

    model = models.CharField(max_length=100)  # "articles.article", "articles.topic", ...
    slug = models.SlugField(max_length=200)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "slug"], name="former_slug_once_per_model")
        ]

    def __str__(self):
        return f"{self.model} {self.slug}"


def validate_publish_time(value):
    # Python's datetimes run from the year 1 to 9999, and a time near either end overflows
    # when it is converted to UTC for the database (TIME_ZONE decides which end): a server
    # error instead of a message.
    if value.year >= 9000:
        raise ValidationError(_("Choose a date before the year 9000."), code="max_value")
    if value.year < 1000:
        raise ValidationError(_("Choose a date after the year 1000."), code="min_value")


def validate_not_ahead(day):
    # Readers are told when the piece was last checked: a day to come would be a promise.
    if day > timezone.localdate():
        raise ValidationError(_("Choose today or an earlier day."), code="max_value")


class Publishable(EditorialText):
    """What articles and FAQ entries share: a status and a publish time that decide visibility."""

    Status = Status

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        db_index=True,
        validators=[validate_publish_time],
        help_text=_(
            "Readers see this once the status is Published and this time has passed. "
            "A future time schedules it."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When what readers read last changed (content_fields): the "Updated" date. updated_at
    # also moves when it is featured, reordered or reviewed, which changes nothing to read.
    content_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When readers could first see it: a piece taken down and published again keeps its date,
    # where a draft published for the first time gets the time of publishing (the admin).
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A newsroom corrects in the open: what was wrong, shown under the text, and when
    # (corrected_at: the "Updated" date moves only with content_fields, and shows only from
    # the next day).
    corrections = models.TextField(
        _("corrections"),
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "What was wrong and what is right, for readers who saw it before, e.g. “An earlier "
            "version said 12 people were detained; it was 9.” One paragraph each, newest last. "
            "Readers see them under the text, with the time of the latest."
        ),
    )
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True, editable=False)
    last_reviewed = models.DateField(
        _("last reviewed"), null=True, blank=True, validators=[validate_not_ahead],
        help_text=format_lazy(
            _(
                "When an editor last checked that it is still accurate. Readers see the day. "
                "Published pieces not checked for {months} months are listed as due for review."
            ),
            months=REVIEW_MONTHS,
        ),
    )  # fmt: skip
    # The address readers last saw it at. Once it is hidden, a link there says it was taken
    # down (articles/views.py); an address it had only while hidden says nothing about it.
    public_slug = models.SlugField(
        max_length=200, blank=True, default="", db_default="", editable=False
    )
    # Signed into the preview links given to people without an account (portal/shared_preview):
    # replaced when readers start or stop seeing the piece, or an editor ends the links.
    preview_key = models.UUIDField(default=uuid.uuid4, db_default=UUID4(), editable=False)

    objects = PublishableQuerySet.as_manager()

    # Set by each subclass: the field an empty slug is made from, and the slugs whose address
    # a fixed page of the site already answers.
    slug_source = None
    reserved_slugs = frozenset()
    reader_noun = None  # what readers call one ("explainer"), for pages that speak of it
    content_fields = ()  # what readers read of it: a change there is an update

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_slug()
        before = self.saved_row()
        self.note_correction_time(before, kwargs.get("update_fields"))
        self.note_public_slug(before)
        if before and any(getattr(self, field) != before[field] for field in self.content_fields):
            self.content_updated_at = timezone.now()
        if self.status == Status.PUBLISHED and not self.has_been_public:
            self.first_published_at = self.published_at  # may still be ahead: scheduled
        elif self.status != Status.PUBLISHED and not self.has_been_public:
            # Held back before its scheduled time: readers never saw it, so when it is
            # published later it is new, not a piece coming back with its old date.
            self.first_published_at = None
        with transaction.atomic():
            remember_former_slug(self, type(self).objects.published())
            super().save(*args, **kwargs)

    def readable_content(self):
        """What readers read of it, as a version keeps it (portal/revisions.py): plain values,
        for JSON."""
        return {name: getattr(self, name) for name in (*self.content_fields, "corrections")}

    def put_back(self, content):
        """Make readable_content() `content` again, and save. Status, address and dates stay."""
        for name in (*self.content_fields, "corrections"):
            setattr(self, name, content.get(name, ""))
        self.save()

    def saved_row(self):
        """What this save changes: the row's values as stored, or None for a new piece."""
        if self.pk is None:
            return None
        fields = ["slug", "status", "published_at", "corrections", *self.content_fields]
        return type(self)._base_manager.filter(pk=self.pk).values(*fields).first()

    def note_public_slug(self, before):
        was_visible = bool(before) and is_public(before["status"], before["published_at"])
        if was_visible:
            self.public_slug = before["slug"]  # taken down, or moved, by this save
        if self.is_published:
            self.public_slug = self.slug
        if before and was_visible != self.is_published:
            # A preview link given while it was hidden is for that time only: published and
            # taken down again, it doesn't open it.
            self.preview_key = uuid.uuid4()

    def note_correction_time(self, before, update_fields):
        if update_fields is not None and "corrections" not in update_fields:
            return
        if self.corrections.strip() != (before["corrections"] if before else "").strip():
            self.corrected_at = timezone.now() if self.corrections.strip() else None

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Only where the form has a slug field (not in the list's editable "order" column, say),
        # and here as well as in save(), so a slug made from the title is checked like a typed one.
        if "slug" not in (exclude or ()) and "slug" not in errors:
            try:
                self.fill_slug()
                # In any case: /FAQ/ would lead a reader to the page, not the FAQ.
                if self.slug.lower() in self.reserved_slugs:
                    taken = _("This address is taken by the site; pick another.")
                    raise ValidationError({"slug": taken})
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def fill_slug(self):
        """Make an empty slug from the title or question, as the admin's script does in the
        browser (this covers editors without JavaScript). "-2" only steps around the site's own
        addresses: an address already in use is a form error, so a form sent twice doesn't
        publish the piece twice."""
        source = getattr(self, self.slug_source)
        if self.slug or not source:
            return  # an empty title has its own "required" error
        max_length = self._meta.get_field("slug").max_length
        slug = slugify(source)[:max_length].strip("-")
        if not slug:
            raise ValidationError(
                {"slug": _("Type an address for this page in Latin letters, digits and hyphens.")}
            )
        if slug.lower() in self.reserved_slugs:
            slug = f"{slug[: max_length - 2]}-2"
        if type(self)._base_manager.exclude(pk=self.pk).filter(slug=slug).exists():
            taken = _("The address “%(slug)s”, made from the %(source)s, is taken; type another.")
            source = self._meta.get_field(self.slug_source).verbose_name
            params = {"slug": slug, "source": source}
            raise ValidationError({"slug": ValidationError(taken, params=params)})
        self.slug = slug

    @property
    def is_published(self):
        return is_public(self.status, self.published_at)

    @property
    def has_been_public(self):
        return self.first_published_at is not None and self.first_published_at <= timezone.now()

    @property
    def show_updated(self):
        """What readers read changed on a later day than it was published, by the site's
        calendar (TIME_ZONE), not UTC's."""
        changed = self.content_updated_at
        return changed is not None and (
            timezone.localdate(changed) > timezone.localdate(self.published_at)
        )

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and not self.is_published

    # When readers last had something new here: published, updated or corrected. What feeds,
    # sitemaps and structured data call "modified"; updated_at also moves when a piece is
    # featured, reordered or reviewed, which changes nothing to read. The first is never empty.
    LAST_CHANGED_FIELDS = ["published_at", "content_updated_at", "corrected_at"]

    @property
    def last_changed(self):
        return max(filter(None, (getattr(self, name) for name in self.LAST_CHANGED_FIELDS)))

    @classmethod
    def last_changed_of(cls, prefix=""):
        """last_changed in SQL, for the pieces at `prefix` ("articles__")."""
        published, *others = (models.F(prefix + name) for name in cls.LAST_CHANGED_FIELDS)
        # Each empty one as the publish time: SQLite's MAX() is NULL if any of its values is.
        return Greatest(published, *(Coalesce(other, published) for other in others))


class Article(Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, blank=True,
        help_text=_(
            "Part of the address: /articles/your-slug/. Left empty, it is made from the title. "
            "Changed once published, the old address leads here."
        ),
    )  # fmt: skip
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences. Shown in lists, search results and feeds."),
    )
    body = MarkdownxField(
        _("body"),
        help_text=_("Markdown. Use ## for section headings."),
        validators=[validate_body_markdown],
    )
    body_html = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    topics = models.ManyToManyField(Topic, related_name="articles", blank=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    featured = models.BooleanField(_("featured"), default=False, db_index=True)

    class Meta:
        # The id breaks ties: pieces scheduled for one slot share their publish time, and
        # PostgreSQL then paged them in no fixed order (some on two pages, some on none).
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return self.title

    slug_source = "title"
    reserved_slugs = RESERVED_SLUGS
    reader_noun = _("explainer")
    content_fields = ("title", "summary", "body", "byline")

    def save(self, *args, **kwargs):
        for name, value in rendered_article(self.body, self.title).items():
            setattr(self, name, value)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def get_preview_url(self):
        return reverse("articles:preview", kwargs={"slug": self.slug})

    def readable_content(self):
        sources = [source.readable_content() for source in self.sources.all()]
        return {**super().readable_content(), "sources": sources}

    def put_back(self, content):
        with transaction.atomic():
            super().put_back(content)
            sources = content.get("sources", [])
            if sources == self.readable_content()["sources"]:
                # Untouched: new rows would date the explainer "Updated" and fail every page
                # open on it ("a row here was deleted by someone else").
                return
            self.sources.all().delete()
            for order, source in enumerate(sources):
                date = source.get("date") and datetime.date.fromisoformat(source["date"])
                self.sources.create(**{**source, "date": date or None, "order": order})

    @property
    def author_name(self):
        """Who wrote it, for feeds and structured data: the byline without its "By "."""
        return self.byline.removeprefix("By ").removeprefix("by ").strip()

    @property
    def show_toc(self):
        """Long pieces get a table of contents: three sections, or four headings it lists at
        any level (two "# " parts of two sections each, which hid it while only the parts
        counted)."""
        return len(self.toc) >= 3 or self.toc_size >= 4

    @property
    def toc_size(self):
        """How many headings the table of contents lists, sections under each part included."""
        return len(self.toc) + sum(len(entry["children"]) for entry in self.toc)


class Source(EditorialText):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.article_updated()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.article_updated()
        return result

    def readable_content(self):
        return {
            "title": self.title,
            "publisher": self.publisher,
            "url": self.url,
            "date": self.date.isoformat() if self.date else "",
        }

    def article_updated(self):
        # The list of sources is part of what readers read: its explainer is updated. (The
        # source's own save invalidates the page cache.)
        Article.objects.filter(pk=self.article_id).update(content_updated_at=timezone.now())


# The first part of every address the site answers other than a page's (portal/urls.py): a page
# at one of them would never be reached. tests/test_site_pages.py checks the list is whole.
SITE_ADDRESSES = {
    "admin", "articles", "faq", "healthz", "media", "opensearch.xml", "preview", "robots.txt",
    "search", "sitemap.xml", "static", "topics",
}  # fmt: skip


class Page(Publishable):
    """A page about the site itself, at /<slug>/: who runs it, how it handles readers' data,
    its corrections policy. Readers who are wary of being tracked, or who act on what an
    explainer says, look for these before trusting it; the footer links to them."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, blank=True,
        help_text=_(
            "The address: /your-slug/, e.g. about or privacy. Left empty, it is made from the "
            "title. Changed once published, the old address leads here."
        ),
    )  # fmt: skip
    body = MarkdownxField(
        _("body"),
        help_text=_("Markdown. Use ## for section headings."),
        validators=[validate_body_markdown],
    )
    body_html = models.TextField(editable=False, default="")
    in_footer = models.BooleanField(
        _("linked from every page's footer"),
        default=True,
        help_text=_("Once published. Pages not in the footer are reached by their address."),
    )
    footer_order = models.PositiveSmallIntegerField(
        _("footer order"), default=0, help_text=_("Lower numbers come first in the footer.")
    )

    class Meta:
        ordering = ["footer_order", "title", "pk"]
        verbose_name = _("page about the site")
        verbose_name_plural = _("pages about the site")

    def __str__(self):
        return self.title

    slug_source = "title"
    reserved_slugs = SITE_ADDRESSES
    reader_noun = _("page")
    content_fields = ("title", "body")

    def save(self, *args, **kwargs):
        self.body_html = rendered_page(self.body, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:detail", kwargs={"slug": self.slug})

    def get_preview_url(self):
        return reverse("pages:preview", kwargs={"slug": self.slug})


post_delete.connect(forget_former_slugs, sender=Topic)
post_delete.connect(forget_former_slugs, sender=Article)
post_delete.connect(forget_former_slugs, sender=Page)
revisions.connect(Article)
revisions.connect(Page)
