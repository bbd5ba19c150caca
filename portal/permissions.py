"""Who may do what beyond the admin's own add/change/delete checks, decided once: moderating
(seeing who asked what), seeing a piece before readers do, and using the Markdown editor's
endpoints. The Editors and Moderators groups get these permissions from migrations."""

# Moderators see askers' names and emails, and anything that says which question is whose or
# about what; editors never learn anything about reader questions.
MODERATE = "faq.moderate_submittedquestion"
# The Markdown editor's preview and upload: whoever may change a piece's text.
EDITING = ("articles.change_article", "faq.change_faqentry", "articles.change_page")


def can_moderate(user):
    return user.has_perm(MODERATE)


def can_preview(user, model):
    """Staff who may see `model`'s pieces in the admin (editors, and moderators, who may only
    view explainers) see them before readers can: a draft, a scheduled piece."""
    opts = model._meta
    return user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def can_edit_text(user):
    return user.is_staff and any(user.has_perm(permission) for permission in EDITING)
