from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.params import slug_param
from portal.permissions import can_preview

from .models import Article, FormerSlug, Page, Publishable, Topic

PAGE_SIZE = 12


def public_list():
    """Published articles with what list cards show, in a fixed number of queries."""
    return Article.objects.published().prefetch_related("topics").defer("body", "body_html")


def paginate(request, queryset):
    """The ?page= asked for, and None; or, for a page number that doesn't exist (past the
    end, "abc", "02"), the nearest page and a redirect to its own address.

    The redirect keeps one address per page: the page cache stores list pages by their
    ?page=, so showing the last page under every number up to 9999 would let anyone fill the
    cache with copies of it (a redirect is never stored)."""
    page = Paginator(queryset, PAGE_SIZE).get_page(asked := request.GET.get("page"))
    if asked is None or asked == str(page.number):
        return page, None
    params = request.GET.copy()
    params["page"] = page.number
    if page.number == 1:
        del params["page"]  # the list's own address, as its canonical link gives it
    return page, redirect(f"{request.path}?{params.urlencode()}" if params else request.path)


@require_safe
def article_list(request):
    articles = public_list()
    topic = None
    if request.GET.get("topic"):
        slug = slug_param(request.GET, "topic")
        topic = Topic.objects.filter(slug=slug).first() if slug else None
        if topic is None:
            return topic_filter_moved(request, slug)
        articles = articles.filter(topics=topic)
    page, moved = paginate(request, articles)
    # The topic's own page lists the same explainers: search engines should show that one.
    path = topic.get_absolute_url() if topic else request.path
    return moved or render(
        request,
        "articles/article_list.html",
        {
            "page": page,
            "topic": topic,
            "topics": Topic.objects.all(),
            "canonical_path": canonical_page(path, page),
        },
    )


@require_safe
def topic_detail(request, slug):
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        return redirect_if_moved(request, Topic.objects.all(), slug)
    page, moved = paginate(request, public_list().filter(topics=topic))
    context = {"topic": topic, "page": page, "canonical_path": canonical_page(request.path, page)}
    return moved or render(request, "articles/topic_detail.html", context)


def canonical_page(path, page):
    """The address search engines should keep for this page of a list: each page its own (a
    canonical pointing every page at the first would hide the explainers listed further on)."""
    return f"{path}?page={page.number}" if page.number > 1 else path


@require_safe
def article_detail(request, slug):
    article = Article.objects.published().filter(slug=slug).first()
    if article is None:
        return redirect_if_moved(request, Article.objects.published(), slug)
    return render(request, "articles/article_detail.html", article_context(article))


# How long browsers may keep a moved-address redirect. Without a limit they keep a 301 for
# good, and a slug changed back later would send them round in a loop.
MOVED_REDIRECT_SECONDS = 24 * 3600


def redirect_if_moved(request, visible, slug, url=None):
    """A permanent redirect to the piece (or topic) of `visible` whose address `slug` was
    before its slug changed, or a 404. Only on a miss, so a page that is where it should be
    costs no extra query. The query string goes along (a shared link's utm_… tags, say).
    `url(found)` gives the address to go to: its page, unless said otherwise (a topic's feed).

    An address typed from print, a TV screen or a text message may come in other capitals than
    the slug's (made slugs are lower case; an editor may type one with capitals), so the slug
    is also looked up whatever its case."""
    spellings = [slug] if slug == slug.lower() else [slug, slug.lower()]
    moved = visible.moved_from(slug) or visible.filter(slug__iexact=slug).first()
    if not moved and len(spellings) > 1:
        moved = visible.moved_from(spellings[1])
    if not moved:
        model = visible.model
        if issubclass(model, Publishable) and any(map(model.objects.taken_down_from, spellings)):
            # Readers holding its link (shared, or in an answer email) are told it was taken
            # down, not that the address may have a typo. Still a 404: it may come back.
            context = {"kind": visible.model.reader_noun}
            return render(request, "withdrawn.html", context, status=404)
        raise Http404
    query = request.GET.urlencode()  # decoded and encoded again: UTF-8 stays UTF-8
    address = url(moved) if url else moved.get_absolute_url()
    return moved_permanently(address + (f"?{query}" if query else ""))


def topic_filter_moved(request, slug):
    """/articles/?topic= with a renamed topic's old slug: on to the new one, or a 404."""
    if not slug or not (moved := Topic.objects.moved_from(slug)):
        raise Http404
    params = request.GET.copy()
    params["topic"] = moved.slug
    return moved_permanently(f"{request.path}?{params.urlencode()}")


def moved_permanently(url):
    response = redirect(url, permanent=True)
    patch_cache_control(response, max_age=MOVED_REDIRECT_SECONDS)
    return response


@never_cache
@require_safe
def article_preview(request, slug):
    """Staff who may see articles in the admin (editors, and moderators, who may only view
    them) see a draft or scheduled piece; everyone else gets 404."""
    if not can_preview(request.user, Article):
        raise Http404
    return render_preview(request, get_object_or_404(Article, slug=slug))


@require_safe
def page_detail(request, slug):
    page = Page.objects.published().filter(slug=slug).first()
    if page is None:
        if not ever_a_page_at(slug):
            # /wp-login/ and the like: one query, not redirect_if_moved's four.
            raise Http404
        return redirect_if_moved(request, Page.objects.published(), slug)
    return render(request, "articles/page_detail.html", {"page": page})


def ever_a_page_at(slug):
    """Whether any page, in any state, has or had the address `slug`, in any case: where
    redirect_if_moved may find something to say."""
    former = FormerSlug.objects.filter(model=Page._meta.label_lower, slug__iexact=slug)
    return Page.objects.filter(
        Q(slug__iexact=slug) | Q(public_slug__iexact=slug) | Q(pk__in=former.values("object_id"))
    ).exists()


@never_cache
@require_safe
def page_preview(request, slug):
    """A draft or scheduled page, for staff who may see pages in the admin (as explainers')."""
    if not can_preview(request.user, Page):
        raise Http404
    return render_page_preview(request, get_object_or_404(Page, slug=slug))


def render_page_preview(request, page, shared=False):
    """A page as readers will see it, under a banner saying they can't yet (render_preview)."""
    context = {"page": page, "preview": True, "shared": shared}
    return render(request, "articles/page_detail.html", context)


def render_preview(request, article, shared=False):
    """The page as readers will see it, under a banner saying they can't yet (`shared`: opened
    from a link an editor gave, portal/shared_preview.py)."""
    context = article_context(article) | {"preview": True, "shared": shared}
    return render(request, "articles/article_detail.html", context)


def article_context(article):
    """What the article page shows, in four queries after the article's own, whatever it is.

    Every query costs about 0.2 ms of ORM work, a large share of an uncached page (#6), so
    the related articles are found through the article's topics in SQL, and their topics are
    fetched together with the article's.
    """
    related = list(
        public_list()
        .prefetch_related(None)
        .filter(topics__articles=article)
        .exclude(pk=article.pk)
        .distinct()[:4]
    )
    prefetch_related_objects([article, *related], "topics")
    prefetch_related_objects([article], "sources")
    return {
        "article": article,
        "related": related,
        "article_ld": article_json_ld(article),
        # Published FAQ entries about this article: one query (#4).
        "faq_entries": list(
            article.faq_entries.published().only(
                "question", "slug", "answer_html", "language", "corrected_at"
            )
        ),
    }


def article_json_ld(article):
    url = settings.SITE_URL + article.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.last_changed.isoformat(),
        "mainEntityOfPage": url,
        "url": url,
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "image": settings.SITE_URL + static("img/share.png"),
        "about": [topic.name for topic in article.topics.all()],
    }
    # A byline names a desk as often as a person, so it is an Organization either way.
    data["author"] = {"@type": "Organization", "name": article.author_name or settings.SITE_NAME}
    return data
