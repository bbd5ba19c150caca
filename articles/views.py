from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from .models import Article, Topic

PAGE_SIZE = 12


def public_list():
    """Published articles with what list cards show, in a fixed number of queries."""
    return Article.objects.published().prefetch_related("topics").defer("body", "body_html")


def paginate(request, queryset):
    # get_page() turns a bad or out-of-range ?page= into the nearest valid page.
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def article_list(request):
    articles = public_list()
    topic = None
    if slug := request.GET.get("topic"):
        topic = get_object_or_404(Topic, slug=slug)
        articles = articles.filter(topics=topic)
    return render(
        request,
        "articles/article_list.html",
        {"page": paginate(request, articles), "topic": topic, "topics": Topic.objects.all()},
    )


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    return render(
        request,
        "articles/topic_detail.html",
        {"topic": topic, "page": paginate(request, public_list().filter(topics=topic))},
    )


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.published().prefetch_related("topics", "sources"), slug=slug
    )
    return render(request, "articles/article_detail.html", article_context(article))


@never_cache
def article_preview(request, slug):
    """Staff with change permission may see a draft or scheduled piece; everyone else gets 404."""
    if not (request.user.is_staff and request.user.has_perm("articles.change_article")):
        raise Http404
    article = get_object_or_404(Article.objects.prefetch_related("topics", "sources"), slug=slug)
    context = article_context(article)
    context["preview"] = True
    return render(request, "articles/article_detail.html", context)


def article_context(article):
    topic_ids = [topic.pk for topic in article.topics.all()]
    related = (
        public_list().filter(topics__in=topic_ids).exclude(pk=article.pk).distinct()[:4]
        if topic_ids
        else Article.objects.none()
    )
    return {
        "article": article,
        "related": related,
        "article_ld": article_json_ld(article),
        # Published FAQ entries about this article: one query (#4).
        "faq_entries": list(
            article.faq_entries.published().only("question", "slug", "answer_html")
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
        "dateModified": article.updated_at.isoformat(),
        "mainEntityOfPage": url,
        "url": url,
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "about": [topic.name for topic in article.topics.all()],
    }
    if article.byline:
        author = article.byline.removeprefix("By ").removeprefix("by ")
        data["author"] = {"@type": "Organization", "name": author}
    return data
