"""Settings for the civic portal, read from the environment.

Local defaults make `make run` work with nothing set; production values come from the
environment (every variable is listed in the README).
"""

import logging
import os
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.env import env_bool, env_choice, env_int, env_list, env_time_zone
from portal.logs import SUSPICIOUS_REQUEST_LOGGERS

BASE_DIR = Path(__file__).resolve().parent.parent


def _missing(name):
    raise ImproperlyConfigured(f"Set the {name} environment variable (required when DEBUG is off).")


def site_url_from_hosts():
    """SITE_URL when it isn't set: the local server with DEBUG on, else the first allowed host
    that isn't a local one (canonical links and emails must not point at 127.0.0.1)."""
    if DEBUG:
        return f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    local = {"localhost", "127.0.0.1", "::1", "[::1]", "testserver"}
    public = [host for host in ALLOWED_HOSTS if host not in local]
    host = (public or [""])[0]
    if not host or host == "*" or host.startswith("."):
        raise ImproperlyConfigured(
            "Set the SITE_URL environment variable (e.g. https://explainers.example.org): "
            "it can't be taken from ALLOWED_HOSTS when that has only local hosts or a wildcard."
        )
    return f"{'https' if SECURE_HTTPS else 'http'}://{host}"


def database_from_url(url):
    """Turn DATABASE_URL (sqlite:///path or postgres://user:pass@host:port/name) into settings."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        name = unquote(parts.path[1:])  # sqlite:///rel/path or sqlite:////abs/path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name or BASE_DIR / "db.sqlite3",
            "OPTIONS": {
                # WAL lets readers and one writer work at once across gunicorn workers;
                # IMMEDIATE takes the write lock up front, so a transaction never fails
                # with "database is locked" when it upgrades from reading to writing.
                # secure_delete overwrites what a removal frees (an asker's email), which
                # SQLite builds don't all do by default, so it can't linger in free pages
                # and be copied into backups.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
                ),
            },
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
        }
    if parts.scheme in {"postgres", "postgresql"}:
        options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        # A server that stops answering (rather than refusing) must give a 503 page within
        # seconds, well before gunicorn's worker timeout kills the request.
        options.setdefault("connect_timeout", "5")
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
        if env_bool("DATABASE_POOL", "0"):
            # Django's built-in psycopg pool; persistent connections must then stay off.
            config["OPTIONS"]["pool"] = {
                "min_size": 1,
                "max_size": env_int("DATABASE_POOL_MAX", 8, minimum=1),
                # Waiting for a connection gives up (a 503 page) long before gunicorn's
                # worker timeout; psycopg's default, 30 s, equals it.
                "timeout": 5,
            }
            config["CONN_MAX_AGE"] = 0
        else:
            config["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
        return config
    raise ImproperlyConfigured(f"Unsupported DATABASE_URL scheme: {parts.scheme!r}")


TESTING = "pytest" in sys.modules

DEBUG = env_bool("DEBUG", "1")
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "local-development-only-not-secret" if DEBUG else _missing("SECRET_KEY")
)
# Old keys still accepted for signatures (sessions, so signed-in staff, and the ask form's start
# time) while a new SECRET_KEY takes over; remove them once a session's life has passed.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
# After signing in, when the address to go back to is missing or points off the site.
LOGIN_REDIRECT_URL = "admin:index"

INSTALLED_APPS = [
    "portal.admin_site.PortalAdminConfig",  # django.contrib.admin, with its pickers marking drafts
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",  # the built-in widget templates, for TemplatesSetting below
    "markdownx",
    "portal",
    "articles",
    "faq",
]

MIDDLEWARE = [
    "portal.middleware.HeadWithoutBodyMiddleware",
    # Next (the HEAD middleware above only drops bodies), so every response gets the policy and
    # frame ban: cached pages, static files and the 400 page for a Host header the middleware
    # below refuse.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above everything that checks the Host header (the page cache, CommonMiddleware).
    "portal.middleware.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag → 304 for every page, cached or not; above the page cache so hits get it too.
    "portal.middleware.ConditionalGetMiddleware",
    # Anonymous full-page cache: above everything that may set a cookie or read the database.
    "portal.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Below the CSP middleware so its response hook runs first and can pick the admin policy.
    "portal.middleware.AdminPolicyMiddleware",
    # Below the CSP middleware, so the page it puts in place of an empty 405 gets the policy.
    "portal.middleware.MethodNotAllowedPageMiddleware",
    # Last, so it sees a view's database error first and answers with a clean 503 page.
    "portal.middleware.OutagePageMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

# Widgets render through TEMPLATES, so templates/ can override a package's widget
# (templates/markdownx/widget.html names the editor's preview).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalization: English, with the site's own words marked for translation. The
# Spanish readers get (the ask form's promises, the answer email, search notes) is written in
# the templates, marked lang="es"; there are no translation catalogues (no LOCALE_PATHS).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_time_zone("TIME_ZONE", "America/Chicago")

# Static files and uploads
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads are served by the reverse proxy (or object storage) in production; SERVE_MEDIA=1 lets
# Django serve them where there is none, as under `make serve`.
SERVE_MEDIA = DEBUG or env_bool("SERVE_MEDIA", "0")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Markdown editor (django-markdownx). Our staff-only views (portal/editor_views.py) preview with
# render_markdown and take uploads through portal/uploads.py; the package's own views, which
# read the two settings below, are not mounted, and are pointed at the same rules in case they
# ever are.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "portal.markdown.render_markdown"
# The editor posts to these; they must name our staff-only views (portal/urls.py), since the
# package defaults (/markdownx/...) are deliberately not mounted.
MARKDOWNX_URLS_PATH = "/admin/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/admin/markdownx/upload/"
MARKDOWNX_MEDIA_PATH = "uploads/"
# A phone photo (12 megapixels, 3 to 10 MB) goes in as it is: every upload is shrunk to 1600 px,
# MAX_PIXELS (portal/uploads.py), not the file's size, bounds what decoding it takes, and a file
# over FILE_UPLOAD_MAX_MEMORY_SIZE waits on disk. The proxy must let it through (README,
# "Production": nginx refuses over 1 MB by default).
MARKDOWNX_UPLOAD_MAX_SIZE = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp"]
MARKDOWNX_IMAGE_MAX_SIZE = {"size": (1600, 1600), "quality": 85}
MARKDOWNX_SERVER_CALL_LATENCY = 400

# Security headers. Public pages get a strict policy with no inline code at all, so cached
# pages never need a nonce; the admin gets its own policy (see portal.middleware).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.NONCE],
    # Admin widgets and the Markdown preview set style attributes.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Behind HTTPS by default when DEBUG is off. SECURE_HTTPS=0 relaxes the HTTPS-only settings
# for `make serve` on plain local HTTP.
SECURE_HTTPS = env_bool("SECURE_HTTPS", "0" if DEBUG else "1")
SECURE_SSL_REDIRECT = SECURE_HTTPS
# Load balancers often check health over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000) if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
# The preload flag only allows a submission to the browsers' list; HSTS_PRELOAD=0 withholds it.
SECURE_HSTS_PRELOAD = SECURE_HTTPS and env_bool("HSTS_PRELOAD", "1")
# TLS_PROXY=1: a proxy in front terminates TLS. gunicorn (portal/gunicorn.py) then takes its
# X-Forwarded-Proto as the request's scheme, but only from FORWARDED_ALLOW_IPS. Django's
# SECURE_PROXY_SSL_HEADER would take the header from anyone who reaches the app.
TLS_PROXY = env_bool("TLS_PROXY", "0")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Gone when the browser closes: a reader who asked one question isn't marked for a year.
CSRF_COOKIE_AGE = None
SESSION_COOKIE_SAMESITE = "Lax"

# Number of reverse proxies in front of the app whose X-Forwarded-For we trust (rate limits).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Cache: Redis via REDIS_URL, shared by several app servers. Without it, and with DEBUG off,
# files in CACHE_DIR, shared by the gunicorn workers of one server: a per-process memory cache
# would let each worker serve pages that another worker's edit had invalidated, and count rate
# limits per worker. Local memory for `make run` (one process) and the tests.
# Rate-limit counters and "already sent" markers live in a cache of their own ("counters"), so
# filling the page cache (a bot requesting thousands of distinct URLs) can't evict them.
if os.environ.get("REDIS_URL"):
    # One URL, or several separated by commas (Django writes to the first, reads from the others).
    for _url in re.split("[;,]", os.environ["REDIS_URL"]):
        if not _url.startswith(("redis://", "rediss://", "unix://")):
            raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")
        # redis-py reads a database "number" it can't parse as 0: another site's, maybe.
        if _url.startswith("redis") and not re.fullmatch(r"/?[0-9]*", urlsplit(_url).path):
            raise ImproperlyConfigured("REDIS_URL must end with a database number (/0 to /15).")
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        # Fail fast when Redis is away: pages are then served uncached, not slowly.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    _prefix = os.environ.get("CACHE_KEY_PREFIX", "portal")
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": _prefix},
        "counters": {**_redis, "KEY_PREFIX": f"{_prefix}-counters"},
    }
elif os.environ.get("CACHE_DIR") or not (DEBUG or TESTING):
    _cache_dir = Path(os.environ.get("CACHE_DIR", BASE_DIR / ".cache"))
    _files = "django.core.cache.backends.filebased.FileBasedCache"
    CACHES = {
        "default": {"BACKEND": _files, "LOCATION": _cache_dir, "OPTIONS": {"MAX_ENTRIES": 2000}},
        "counters": {
            "BACKEND": _files,
            "LOCATION": _cache_dir / "counters",
            # Each write lists the folder once it holds more than this: keep it modest.
            "OPTIONS": {"MAX_ENTRIES": 10000},
        },
    }
else:
    _memory = "django.core.cache.backends.locmem.LocMemCache"
    CACHES = {
        "default": {"BACKEND": _memory, "LOCATION": "portal"},
        "counters": {"BACKEND": _memory, "LOCATION": "portal-counters"},
    }

# Anonymous pages are kept this long at most (and never past the next scheduled publish);
# any content change invalidates them at once (portal/cache.py). 0 turns the page cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# What browsers and CDNs are told (max-age): they can't be invalidated, so keep it short.
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 60)

# Email: printed to the console locally; SMTP when EMAIL_HOST is set, and with DEBUG off by
# default through the server's own relay on localhost:25 (Postfix, nullmailer), so production
# never silently prints mail. EMAIL_CONSOLE=1 prints it anyway (make serve, trial runs).
_email_host = os.environ.get("EMAIL_HOST", "" if DEBUG else "localhost")
_local_relay = _email_host in {"localhost", "127.0.0.1", "::1"}
if _email_host and not env_bool("EMAIL_CONSOLE", "0"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 25 if _local_relay else 587, minimum=1),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", "0" if _local_relay else "1"),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# FAQ and reader questions (#4). Limits are per client address (hashed; see portal.ratelimit).
FAQ_ASK_LIMIT = env_int("FAQ_ASK_LIMIT", 5, minimum=1)  # questions per client per period
# Seconds. At most a day: the ask form promises that the hashed address is kept no longer.
FAQ_ASK_PERIOD = env_int("FAQ_ASK_PERIOD", 3600, minimum=1, maximum=24 * 3600)
FAQ_MIN_FILL_SECONDS = env_int("FAQ_MIN_FILL_SECONDS", 3)  # faster is a script
FAQ_MAX_LINKS = env_int("FAQ_MAX_LINKS", 2)  # more links than this is spam
# Names and emails are removed this many days after a question closes (purge_asker_data).
FAQ_PERSONAL_DATA_DAYS = env_int("FAQ_PERSONAL_DATA_DAYS", 90)
# ...and this many days after a question arrives if nobody has closed it by then.
FAQ_OPEN_QUESTION_DAYS = env_int("FAQ_OPEN_QUESTION_DAYS", 365, minimum=1)
# Addresses told when a question arrives (comma-separated); empty sends nothing.
FAQ_MODERATOR_EMAILS = env_list("FAQ_MODERATOR_EMAILS", "")
# Where "Send to the newsroom…" emails a question that is a correction or a tip (its words
# only); empty: the action says so and sends nothing.
FAQ_NEWSROOM_EMAILS = env_list("FAQ_NEWSROOM_EMAILS", "")
# Outside the database, so a restore from a backup can't undo it: which questions lost their
# asker's details, or were deleted, at the asker's request (faq/erasures.py). Ids and dates only.
ERASURE_LOG = Path(os.environ.get("ERASURE_LOG", BASE_DIR / "backups" / "erasures.log"))

# The public name and address of the site, used in feeds, emails and canonical links.
SITE_NAME = os.environ.get("SITE_NAME", "Civic Explainers")
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/") or site_url_from_hosts()
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"SITE_URL must start with https:// (or http://), not {SITE_URL!r}.")

LOG_LEVELS = list(logging.getLevelNamesMapping())  # WARN and NOTSET too, as logging takes
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    # Request errors become one line: method, path, status, exception type and where it was
    # raised; no traceback text, exception message or request data (personal data, #6).
    "filters": {"request_line": {"()": "portal.logs.RequestErrorFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", LOG_LEVELS)},
    "loggers": {
        "django.request": {"level": "ERROR", "filters": ["request_line"]},
        # Suspicious requests (a forged Host header, too many form fields) too: bots send them.
        **{name: {"filters": ["request_line"]} for name in SUSPICIOUS_REQUEST_LOGGERS},
        "django.server": {"level": "WARNING" if TESTING else "INFO"},
    },
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MEDIA_ROOT = Path("/tmp/portal-test-media")  # tests/conftest.py gives each test its own
