import datetime
import uuid

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin import PortalAdmin, zoned_column
from portal.dates import zoned
from portal.edit_conflicts import EditConflictAdmin, MergedRows
from portal.merging import MergedRow
from portal.permissions import can_moderate
from portal.revisions import KeptVersions
from portal.shared_preview import share_expiry, share_url
from portal.time_fields import SiteTimeField

from .admin_deleting import (
    TOPIC_IN_USE,
    TOPIC_IN_USE_HELP,
    UNPUBLISH_FIRST,
    explainers,
    faq_entries,
    what_deleting_ends,
)
from .admin_publishing import (
    DATED_NOW,
    PastPublishTimeCheck,
    first_publish_time,
    where_it_stands,
)
from .models import REVIEW_MONTHS, Article, Page, Source, Topic, review_cutoff

UPDATED = zoned_column("updated_at", _("updated"))
REVIEW = {"months": REVIEW_MONTHS}

# A piece published as the add form is first saved: how long the form may have been open
# before the editor is told its publish time moved to now.
NOTICED = datetime.timedelta(minutes=1)
DRAFT_PUBLISHED_NOW = _(
    "Its publish time is now, when it went from draft to published, so readers see it as new. "
    "To give it an earlier date, change the publish time and save again."
)
PUBLISHED_NOW = _(
    "Its publish time is now, when it was saved as published, not when this page was opened. "
    "To give it another date, change the publish time and save again."
)


class WholeTextKept:
    """Admin mixin: text fields without the `maxlength` attribute. With it, the browser cuts a
    longer pasted title or summary at the limit, mid-word, and tells no one; without it, the
    form's own error says how long the text is and keeps all of it for the editor to shorten
    (as the reader's question form does, faq/forms.py)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs.pop("maxlength", None)
        return field


class PublishableAdmin(KeptVersions, WholeTextKept, EditConflictAdmin, PortalAdmin):
    """What the article and FAQ entry admins share: the Markdown editor's upload messages and
    the published state, "View on site" opening the staff preview until it is public, no
    save silently undoing another editor's, and earlier versions to put back."""

    actions = ["delete_selected", "end_preview_links"]
    # What deleting it ends for readers, in plain words (what_deleting_ends).
    delete_confirmation_template = "admin/articles/delete_confirmation.html"
    # A publish time in the hour clocks go back can be saved (portal/time_fields.py).
    formfield_overrides = {models.DateTimeField: {"form_class": SiteTimeField}}

    class Media:
        css = {"all": ["css/admin-editor.css"]}  # an editor as wide as the form
        js = [
            "js/editor-messages.js",  # refused images, an unreachable site: markdownx shows neither
            "js/editor-keyboard.js",  # Tab leaves the editor instead of indenting
            "js/editor-paste.js",  # text copied from Word pastes as text, not as its picture
            "js/editor-image-button.js",  # uploads without dragging: keyboard and touch
            "js/editor-unsaved.js",  # leaving with unsaved changes asks first
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_last_checked()

    @admin.display(description=_("last checked"), ordering="last_checked")
    def last_checked(self, obj):
        if obj.last_reviewed:
            checked = date_format(obj.last_reviewed)
        elif obj.is_published:
            checked = _("never (published %(date)s)") % {"date": date_format(obj.last_checked)}
        else:
            return _("never")
        if obj.is_published and obj.last_checked < review_cutoff():
            return format_html("{} <strong>{}</strong>", checked, _("due for review"))
        return checked

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Mixed into whichever form the model's admin uses (the FAQ entry admin has its own).
        form = kwargs.get("form", self.form)
        kwargs["form"] = type(form.__name__, (PastPublishTimeCheck, form), {})
        return super().get_form(request, obj, change, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self.say_where_it_stands(request, obj)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self.say_where_it_stands(request, obj)
        return response

    def say_where_it_stands(self, request, obj):
        if IS_POPUP_VAR not in request.POST:  # a popup closes: the page under it shows no message
            self.message_user(request, where_it_stands(obj), messages.INFO)

    def save_model(self, request, obj, form, change):
        if self._publishes_an_old_draft(form, obj):
            # Its publish time was the draft's creation, or when the add form was opened (the
            # field's default): it would go live back-dated, below newer pieces and in the
            # feed's past. Now is what the editor means.
            now = timezone.now()
            if change:
                kept = getattr(form, "kept_their_changes", [])
                if "published_at" in kept:  # replaced, not kept: the message below says so
                    kept.remove("published_at")
                self.message_user(request, DRAFT_PUBLISHED_NOW, messages.INFO)
            elif now - obj.published_at > NOTICED:
                self.message_user(request, PUBLISHED_NOW, messages.INFO)
            obj.published_at = now
        super().save_model(request, obj, form, change)

    def deletion_refused(self, request, obj):
        # Unpublishing is the everyday way to take a piece down, and it can be undone; a
        # deleted one is gone, with its address. Only a superuser deletes a piece readers see.
        if obj.is_published and not request.user.is_superuser:
            return UNPUBLISH_FIRST % {"piece": obj}
        return None

    def render_delete_form(self, request, context):
        context["losses"] = what_deleting_ends(context["object"])
        return super().render_delete_form(request, context)

    def lookup_allowed(self, lookup, value, request):
        # The admin takes a filter across relations from the address: without this,
        # ?submitted_questions__id=3 would tell an editor which explainer a reader asked about.
        related = {f.name: f.related_model for f in self.model._meta.get_fields()}
        about = related.get(lookup.split("__")[0])
        about_questions = about is not None and about._meta.label == "faq.SubmittedQuestion"
        if about_questions and not can_moderate(request.user):
            return False
        return super().lookup_allowed(lookup, value, request)

    @admin.action(
        description=_("End preview links given for the selected pieces"), permissions=["change"]
    )
    def end_preview_links(self, request, queryset):
        # One key for them all is enough: a link is signed for its piece's id as well. And
        # .update(): ending the links changes nothing readers or editors see, not even the
        # "changed since you opened this page" check.
        count = queryset.update(preview_key=uuid.uuid4())
        self.message_user(
            request,
            ngettext(
                "The preview links given for %(count)d piece no longer work.",
                "The preview links given for %(count)d pieces no longer work.",
                count,
            )
            % {"count": count},
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.is_published or not self.has_change_permission(request, obj):
            return fieldsets
        # A draft or scheduled piece: a link for someone without an account to read it.
        *others, (name, options) = fieldsets
        return [*others, (name, {**options, "fields": [*options["fields"], "share_link"]})]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "share_link"]

    @admin.display(description=_("Preview link to share"))
    def share_link(self, obj):
        until = zoned(share_expiry())
        return format_html(
            '<input type="text" class="vTextField" readonly value="{}" aria-label="{}">'
            '<div class="help">{}</div>',
            settings.SITE_URL + share_url(obj),
            _("Preview link to share"),
            _(
                "Anyone with this link can read this draft, without an account, until %(until)s "
                "(a new link each time this page opens). Once it is published, the link leads to "
                "its page. To end the links given so far, use the list's action “End preview "
                "links”."
            )
            % {"until": until},
        )

    @staticmethod
    def _publishes_an_old_draft(form, obj):
        """Whether this save publishes a draft with the publish time the page showed, so that it
        is dated now: first_publish_time decides, with PastPublishTimeCheck's question."""
        rule = first_publish_time(form, obj.status, obj.published_at, obj.has_been_public)
        return rule == DATED_NOW

    @admin.display(description=_("Readers see it"), ordering="published_at")
    def visibility(self, obj):
        # One column instead of "Published" next to a red cross for a scheduled piece.
        if obj.is_published:
            return _("Yes, since %(date)s") % {"date": date_format(localtime(obj.published_at))}
        if obj.is_scheduled:
            return _("Scheduled: from %(when)s") % {"when": zoned(obj.published_at)}
        return _("No: draft")

    def view_on_site(self, obj):
        # Drafts and scheduled pieces open as a staff-only preview, with a banner saying which.
        return obj.get_absolute_url() if obj.is_published else obj.get_preview_url()


class SourceInline(WholeTextKept, admin.StackedInline):
    # Stacked, not tabular: the tabular inline's fields have only a column heading, no label.
    model = Source
    # Merged with what was saved meanwhile, row by row, as the article's own fields are.
    form = MergedRow
    formset = MergedRows
    extra = 1
    fields = ["order", "title", "publisher", "url", "date"]


class VisibilityFilter(admin.SimpleListFilter):
    title = _("readers see it")
    parameter_name = "visible"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("scheduled", _("Scheduled")), ("draft", _("No: draft"))]

    def queryset(self, request, queryset):
        # The model's own published()/scheduled() decide, as they do for readers.
        return {
            "yes": queryset.published,
            "scheduled": queryset.scheduled,
            "draft": queryset.drafts,
        }.get(self.value(), lambda: queryset)()


class ReviewFilter(admin.SimpleListFilter):
    """Public pieces by when an editor last checked them (models.REVIEW_AFTER), so the ones
    whose facts may have gone stale can be worked through."""

    title = _("last checked")
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [
            ("due", _("Over %(months)d months ago: due for review") % REVIEW),
            ("recent", _("In the last %(months)d months") % REVIEW),
        ]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.due_for_review()
        if self.value() == "recent":
            return queryset.published().filter(last_checked__gte=review_cutoff())
        return queryset


class TopicFilter(admin.RelatedFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = _("No topic")  # not the admin's bare "-"


@admin.register(Topic)
class TopicAdmin(PortalAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["used_by"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj else [name for name in fields if name != "used_by"]

    def deletion_refused(self, request, obj):
        # Deleting it would take it off every piece, in no piece's history: which ones had it
        # would be lost, and its pages and feed with it. Renaming keeps all that.
        if obj.articles.exists() or obj.faq_entries.exists():
            return TOPIC_IN_USE % {
                "topic": obj,
                "explainers": explainers(obj),
                "entries": faq_entries(obj),
            }
        return None

    @admin.display(description=_("used by"))
    def used_by(self, obj):
        links = format_html_join(
            ", ",
            '<a href="{}?topics__id__exact={}">{}</a>',
            [
                (reverse("admin:articles_article_changelist"), obj.pk, explainers(obj)),
                (reverse("admin:faq_faqentry_changelist"), obj.pk, faq_entries(obj)),
            ],
        )
        return format_html('{}<div class="help">{}</div>', links, TOPIC_IN_USE_HELP)


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = ["title", "visibility", "featured", "last_checked", UPDATED]
    list_filter = [
        VisibilityFilter, ReviewFilter, "featured", ("topics", TopicFilter), "published_at"
    ]  # fmt: skip
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    filter_horizontal = ["topics"]
    inlines = [SourceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "topics", "byline", "corrections"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "featured", "last_reviewed"]}),
    ]

    def get_search_fields(self, request):
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            # Picking an explainer in an FAQ entry searches as it is typed: titles and
            # summaries, not every body (a scan of all of them per keystroke).
            return ["title", "summary"]
        return super().get_search_fields(request)


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    """Pages about the site (About, Privacy): written and published as explainers are."""

    list_display = ["title", "visibility", "in_footer", "footer_order", UPDATED]
    list_filter = [VisibilityFilter, "in_footer"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "body"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "in_footer", "footer_order"]}),
    ]
