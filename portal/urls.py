from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from django.views.static import serve

from articles.sitemaps import ArticleSitemap, ListSitemap, PageSitemap, TopicSitemap
from faq.sitemaps import FaqEntrySitemap

from . import editor_views, health, shared_preview, views
from .signin import LimitedAdminAuthenticationForm

admin.site.site_header = format_lazy("{} · {}", settings.SITE_NAME, _("editorial desk"))
admin.site.site_title = admin.site.site_header
admin.site.index_title = _("Articles, FAQ and reader questions")
admin.site.login_form = LimitedAdminAuthenticationForm

sitemaps = {
    "lists": ListSitemap,
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "faq": FaqEntrySitemap,
    "pages": PageSitemap,
}

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    # Lets browsers add the portal as a search engine (<link rel="search"> in base.html).
    path(
        "opensearch.xml",
        TemplateView.as_view(
            template_name="opensearch.xml", content_type="application/opensearchdescription+xml"
        ),
        name="opensearch",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("preview/", shared_preview.view, name="shared_preview"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
    # django-markdownx's own URLs accept anonymous users; ours require staff permission.
    path("admin/markdownx/upload/", editor_views.upload, name="markdownx_upload"),
    path("admin/markdownx/markdownify/", editor_views.markdownify, name="markdownx_markdownify"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    path("", include("faq.urls")),
    path("", include("articles.page_urls")),  # last: /<slug>/ (pages about the site)
]

if settings.SERVE_MEDIA:
    # Uploads never change under their random names (they are only deleted): an hour, not a
    # revalidation on every page view. Behind a proxy in production, the proxy decides.
    media = cache_control(public=True, max_age=3600)(require_safe(serve))
    urlpatterns += [path("media/<path:path>", media, {"document_root": settings.MEDIA_ROOT})]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
