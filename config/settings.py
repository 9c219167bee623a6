"""Settings for Comptoir, read from the environment with defaults that work on a laptop.

DATABASE_URL  default: a SQLite file under var/ (the embedded database of `make run`)
DATABASE_REPLICA_URL  optional: a read replica of it (config/database.py)
EMAIL_*, DEFAULT_FROM_EMAIL, SITE_URL   e-mails to members: see "Configuration" in the README
REDIS_URL     optional: Django's cache, the rate-limit counters and the channel layer of live
              events go to Redis when set (otherwise: local memory for the cache and the
              channel layer, the database for the counters)
SECRET_KEY    required when DEBUG is off
DEBUG         "1"/"true" to turn on; off when unset (production). `make run`, `make test` and
              pytest (pyproject's [tool.pytest.ini_options] env) turn it on.
ALLOWED_HOSTS comma-separated (default: localhost names)
SECURE_*      HTTPS in production: see "Deploying" in the README
LOG_FORMAT, LOG_LEVEL, METRICS_ALLOWED_NETWORKS, PROMETHEUS_MULTIPROC_DIR,
OTEL_EXPORTER_OTLP_ENDPOINT  what operators see: docs/deployment.md
COMPTOIR_*    the platform's own settings, each explained where it is read below
WEBHOOKS_ALLOW_PRIVATE_NETWORKS
              "1" lets partners' webhook endpoints resolve to private and loopback addresses
              (`make run`; never in production). WEBHOOKS_TIMEOUT_SECONDS: 5 by default.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def _env_limit(name: str, default: str) -> tuple[int, int]:
    """A rate limit written `<count>/<seconds>` ("10/3600": ten per hour)."""
    value = os.environ.get(name) or default
    count, slash, seconds = value.partition("/")
    try:
        limit = (int(count), int(seconds))
    except ValueError:
        limit = (0, 0)
    if not slash or min(limit) < 1:
        raise ImproperlyConfigured(f"{name} is <count>/<seconds> with both positive: {value!r}.")
    return limit


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Off unless asked for: an unconfigured deployment must not serve GraphiQL with the demo
# passwords and unmasked errors.
DEBUG = _env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for the laptop: a fixed key is fine when DEBUG is on and nothing is public.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # sitemap.xml of the website's public threads and ideas.
    "django.contrib.sitemaps",
    # Content-Security-Policy headers (its system checks; the middleware is below).
    "csp",
    # Django's tasks API (backport) and its database backend: the outbox's deliveries.
    "django_tasks",
    "django_tasks_db",
    "models.apps.CommunityConfig",
    # Management commands (export_schema, load_demo, ...): they use every layer, which the
    # models app must not import.
    "config",
    # The community website (templates, static files, translations, GraphQL documents).
    "web",
]

# Django's own middlewares, with their hooks run inline under ASGI instead of one thread
# hop each (config/middleware.py).
MIDDLEWARE = [
    # First: the request id, the access log and the HTTP metrics of every request
    # (config/observability.py).
    "config.observability.RequestObservabilityMiddleware",
    "config.middleware.SecurityMiddleware",
    # Static files (GraphiQL's and the admin's) before anything else reads the request.
    "config.middleware.WhiteNoiseMiddleware",
    "config.middleware.CSPMiddleware",
    "config.middleware.SessionMiddleware",
    # French unless the visitor chose English (web/middleware.py).
    "web.middleware.LanguageMiddleware",
    "config.middleware.CommonMiddleware",
    "config.middleware.CsrfViewMiddleware",
    "config.middleware.AuthenticationMiddleware",
    "config.middleware.MessageMiddleware",
    "config.middleware.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's templates: graphql/graphiql.html, strawberry's GraphiQL page with
        # Comptoir's example tabs.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'comptoir.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_sqlite)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's built-in psycopg pool: connections are reused across requests and threads.
    DATABASES["default"].setdefault("OPTIONS", {})
    if _env_bool("DATABASE_POOL", True):
        DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 20, "timeout": 10}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # Tests that start a real server (uvicorn in a subprocess: tests/api/core/test_http_server.py)
    # share the test database with it, which Django's default in-memory one cannot.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_comptoir.sqlite3")}
    # WAL lets readers run beside the single writer; the busy timeout makes writers queue
    # instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# The read replica (config/database.py): with DATABASE_REPLICA_URL set, read-only GraphQL
# operations of anonymous visitors and partners read from it; everything else reads the
# primary, and only the primary is written and migrated. Unset: one database, as before.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL)
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql" and _env_bool(
        "DATABASE_POOL", True
    ):
        DATABASES["replica"]["OPTIONS"] = {
            **DATABASES["replica"].get("OPTIONS", {}),
            "pool": {"min_size": 1, "max_size": 20, "timeout": 10},
        }
    # The test runner creates no database of its own on the replica: in tests the alias is
    # the primary's test database (a replica receives what the primary has anyway).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.database.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "community.Member"

# Every password check is throttled (README, "Decisions": one throttle for every password
# check): this backend counts the attempt before ModelBackend checks the password, per account
# and per client address, in the counter store the workers share. It is the only backend, so
# the GraphQL `login`, the back office's login page and any later form all go through it.
# django-axes was weighed and not taken: it counts a failure after the password check (in the
# `user_login_failed` signal), so concurrent guesses slip past its limit, and it has one limit
# for every parameter and no IPv6 /64 grouping.
AUTHENTICATION_BACKENDS = ["config.authentication.ThrottledModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Messages (e.g. a new API token's secret, shown once in the admin) stay server-side.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# The rate-limit counters (resolvers/counters.py) are in Redis when REDIS_URL is set,
# in the database otherwise: every worker shares them either way, never a process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The transactional outbox (resolvers/outbox.py): every task is a row of the database
# backend, written in the transaction of the change that enqueues it, and run by
# `manage.py db_worker` processes (any number, in parallel). Never the immediate backend:
# it would run a delivery before the change commits, or for a change rolled back.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Webhooks for partners (resolvers/outbound.py, docs/webhooks.md). Endpoints must resolve
# to public addresses only; turn this on for a receiver on this machine or a private network
# (tests, a laptop), never in production.
WEBHOOKS_ALLOW_PRIVATE_NETWORKS = _env_bool("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", False)
# One deadline for a whole delivery attempt (resolving, connecting, TLS, sending, the
# response), in seconds; and how much of a response body is read (then dropped).
WEBHOOKS_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOKS_TIMEOUT_SECONDS", "5"))
WEBHOOKS_MAX_RESPONSE_BYTES = 64 * 1024
# The certificate authorities endpoints' certificates are checked against (a PEM file);
# unset: the usual public ones.
WEBHOOKS_CA_FILE = os.environ.get("WEBHOOKS_CA_FILE", "")

# The channel layer that carries live events (subscriptions) from the task workers to every
# server process: Redis when REDIS_URL is set; otherwise process memory, which reaches only
# subscribers of the process that publishes (one process running the server and its worker
# threads is enough for `make run`, not for a deployment).
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": os.environ.get("CHANNEL_LAYER_PREFIX", "comptoir"),
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# E-mail (resolvers/tasks/email.py): the task workers send members' notifications through
# Django's e-mail framework. SMTP when EMAIL_HOST is set (or when DEBUG is off: then
# EMAIL_HOST defaults to localhost, Django's default); with DEBUG on and no EMAIL_HOST
# (`make run`), the console backend prints each e-mail on the worker's output instead.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not EMAIL_HOST
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
# STARTTLS on the port (587, usually), or TLS from the start (465): at most one of them.
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL", False)
# Seconds a worker waits on the SMTP server before the attempt fails (and is tried again).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Comptoir <comptoir@localhost>")
# The website's address as members reach it (scheme, host, optional prefix; no trailing
# slash): e-mails link to it. Required for e-mails when DEBUG is off.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# How long an e-mail's one-click unsubscribe link works (days after it was sent).
COMPTOIR_UNSUBSCRIBE_LINK_DAYS = int(os.environ.get("COMPTOIR_UNSUBSCRIBE_LINK_DAYS", "90"))
# One task worker inside the server process (config/worker.py, started by the ASGI lifespan):
# without Redis the channel layer is the process's memory, so live events reach subscribers
# only when the worker that publishes them runs in the server's process. On by default for
# `make run` (DEBUG without REDIS_URL); a deployment runs `manage.py db_worker` processes.
TASK_WORKER_IN_PROCESS = _env_bool("TASK_WORKER_IN_PROCESS", DEBUG and not REDIS_URL)
# Seconds the worker waits before looking for new tasks again when there were none.
TASK_WORKER_INTERVAL = float(os.environ.get("TASK_WORKER_INTERVAL", "0.2"))

# French by default; English for those who choose it (the website's language switch).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
# The catalogs, compiled by `make messages`: the website's (web/locale, English messages
# translated into French), and the English one of the texts written below the website
# (resolvers/locale: notifications' texts, French messages translated into English).
LOCALE_PATHS = [BASE_DIR / "web" / "locale", BASE_DIR / "resolvers" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# `collectstatic` gathers the admin's files and GraphiQL's here; WhiteNoise serves them.
STATIC_ROOT = VAR_DIR / "static"
# GraphiQL's assets, from npm at the versions package-lock.json pins, copied by
# `make assets` (never loaded from a CDN).
STATICFILES_DIRS = [VAR_DIR / "assets"]

# Sessions and CSRF for the community front end (cookie-authenticated, same site).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
# A bank's community: sessions end after a working day (SESSION_COOKIE_AGE seconds), not
# Django's default two weeks.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# HTTPS. In production (DEBUG off) plain-HTTP requests are redirected to HTTPS (except the
# load balancer's /healthz and the operators' /metrics) and browsers are told to use only
# HTTPS for a year (HSTS, sent on HTTPS responses only). Behind a proxy that terminates TLS,
# Django must learn that the request came over HTTPS: uvicorn's --proxy-headers does it from
# X-Forwarded-Proto for the proxies --forwarded-allow-ips names; otherwise set
# SECURE_PROXY_SSL_HEADER to the header the proxy sets to "https" (e.g. X-Forwarded-Proto),
# and make sure clients cannot send it.
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _proxy_ssl_header.upper().replace("-", "_"),
        "https",
    )

# Content-Security-Policy on every response (django-csp): GraphiQL's page and the admin run
# only scripts served by Comptoir or carrying the response's nonce (the page's own inline
# script), and load nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}

# `check --deploy` looks for Django's middlewares by their dotted names and so misses the
# subclasses in config/middleware.py: config/checks.py runs the same checks on the classes
# they derive from, under comptoir.* ids.
SILENCED_SYSTEM_CHECKS = ["security.W001", "security.W002", "security.W003"]

# Logs (config/logs.py): JSON lines with the request id in production, readable lines under
# DEBUG; LOG_FORMAT chooses ("json" or "text"), LOG_LEVEL is the level of Comptoir's own
# loggers (others log from WARNING).
LOG_FORMAT = (os.environ.get("LOG_FORMAT") or ("text" if DEBUG else "json")).strip().lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT is json or text, not {LOG_FORMAT!r}.")
LOG_LEVEL = (os.environ.get("LOG_LEVEL") or "INFO").strip().upper()
LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL)

# Prometheus metrics on /metrics (config/observability.py) for these client networks only
# (CIDR, comma-separated; REMOTE_ADDR, as the login limits read it); everyone else gets a 404.
METRICS_ALLOWED_NETWORKS = [
    n.strip()
    for n in (os.environ.get("METRICS_ALLOWED_NETWORKS") or "127.0.0.1/32,::1/128").split(",")
    if n.strip()
]
for _network in METRICS_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"METRICS_ALLOWED_NETWORKS: {_network!r} is not a network (e.g. 10.0.0.0/8)."
        ) from None

# OpenTelemetry tracing through Strawberry's extension (config/tracing.py), on only when an
# OTLP exporter has somewhere to send spans. The exporter reads the other OTEL_* variables
# itself (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_HEADERS, ...).
OTEL_EXPORTER_OTLP_ENDPOINT = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip()

# --- Comptoir rules ---------------------------------------------------------------------
# Live updates: GraphQL subscriptions over WebSocket on /graphql (docs/subscriptions.md).
# A connection must send `connection_init` within this many seconds (closed with 4408).
COMPTOIR_LIVE_CONNECTION_INIT_TIMEOUT = float(
    os.environ.get("COMPTOIR_LIVE_CONNECTION_INIT_TIMEOUT", "10")
)
# Subscriptions running at once on one connection, and for one member or partner token on
# all its connections in every server process (RATE_LIMITED beyond).
COMPTOIR_LIVE_SUBSCRIPTIONS_PER_CONNECTION = int(
    os.environ.get("COMPTOIR_LIVE_SUBSCRIPTIONS_PER_CONNECTION", "10")
)
COMPTOIR_LIVE_SUBSCRIPTIONS_PER_MEMBER = int(
    os.environ.get("COMPTOIR_LIVE_SUBSCRIPTIONS_PER_MEMBER", "30")
)
# Seconds a subscription counts against its member's limit without its connection renewing
# it (every third of it): a server process that dies frees its members' places within this.
COMPTOIR_LIVE_SUBSCRIPTION_LEASE = int(os.environ.get("COMPTOIR_LIVE_SUBSCRIPTION_LEASE", "300"))
# Largest page a connection serves (DESIGN §5).
COMPTOIR_MAX_PAGE_SIZE = 100
# TRENDING ordering: votes younger than these ages (in hours) weigh 4, 2 and 1.
COMPTOIR_TRENDING_WEIGHTS = ((24, 4), (72, 2), (168, 1))
# Suggestions with at least this many votes that are still SUBMITTED or UNDER_REVIEW are
# due for review (the advisers' `suggestionsAwaitingReview` list).
COMPTOIR_REVIEW_THRESHOLD = int(os.environ.get("COMPTOIR_REVIEW_THRESHOLD", "50"))
# The promise to the community: a suggestion that reached the threshold gets a published
# decision within this many days (the accountability figures measure it).
COMPTOIR_DECISION_DELAY_DAYS = int(os.environ.get("COMPTOIR_DECISION_DELAY_DAYS", "90"))
# The first-response time promised to customers who ask a question in the café (hours): the
# support desk shows each question's due time, the response-time figures the share kept.
COMPTOIR_SUPPORT_RESPONSE_HOURS = int(os.environ.get("COMPTOIR_SUPPORT_RESPONSE_HOURS", "24"))
# How long personal records are kept (`python manage.py apply_retention`, safe to run hourly;
# README "Personal data"): notifications read this many days ago, and those never read.
COMPTOIR_RETENTION_READ_NOTIFICATIONS_DAYS = int(
    os.environ.get("COMPTOIR_RETENTION_READ_NOTIFICATIONS_DAYS", "90")
)
COMPTOIR_RETENTION_UNREAD_NOTIFICATIONS_DAYS = int(
    os.environ.get("COMPTOIR_RETENTION_UNREAD_NOTIFICATIONS_DAYS", "365")
)
# Committee meetings are scheduled from today (in TIME_ZONE) to this many days ahead
# (`scheduleCommitteeMeeting` answers OUT_OF_RANGE otherwise): three years by default.
COMPTOIR_MEETING_HORIZON_DAYS = int(os.environ.get("COMPTOIR_MEETING_HORIZON_DAYS", "1095"))
# Weights of the committee's criteria in a suggestion's overall score (they sum to 1).
COMPTOIR_EVALUATION_WEIGHTS = {
    "customer_benefit": 0.4,
    "technical_feasibility": 0.2,
    "cost": 0.2,
    "time_to_deliver": 0.2,
}
# Brute force on every password check (resolvers/services/members.py, through the
# authentication backend: `login` and the back office alike): attempts are counted in the
# counter store every worker shares (Redis when REDIS_URL is set, the database otherwise) per
# account (username, case-insensitive) and per client address (REMOTE_ADDR; IPv6 per /64),
# before the password is checked, over a window that starts at the first failure. Past a
# limit, the answer is RATE_LIMITED without checking the password until the window ends; a
# successful login clears the account's count. Behind a reverse proxy, REMOTE_ADDR must be
# the client's address, not the proxy's (e.g. `uvicorn --proxy-headers
# --forwarded-allow-ips=<the proxy's address>`).
COMPTOIR_LOGIN_FAILURE_WINDOW = int(os.environ.get("COMPTOIR_LOGIN_FAILURE_WINDOW", "900"))
COMPTOIR_LOGIN_FAILURES_PER_ACCOUNT = int(
    os.environ.get("COMPTOIR_LOGIN_FAILURES_PER_ACCOUNT", "10")
)
COMPTOIR_LOGIN_FAILURES_PER_ADDRESS = int(
    os.environ.get("COMPTOIR_LOGIN_FAILURES_PER_ADDRESS", "50")
)
# Partner API tokens (`Authorization: Bearer`): each token may send this many requests per
# window of this many seconds (fixed windows on the clock), counted in the counter store like
# the login limits; every partner response says what remains in `extensions.rateLimit`, and past
# the limit the answer is HTTP 429 RATE_LIMITED with a Retry-After header.
COMPTOIR_PARTNER_RATE_LIMIT = int(os.environ.get("COMPTOIR_PARTNER_RATE_LIMIT", "600"))
COMPTOIR_PARTNER_RATE_WINDOW = int(os.environ.get("COMPTOIR_PARTNER_RATE_WINDOW", "60"))
# How often a member may write (resolvers/write_throttle.py): per kind, at most
# <count> per <seconds>, counted per member in the counter store the workers share; past it,
# the mutation answers RATE_LIMITED with retryAfter and writes nothing. Above what an active
# member (or an adviser on a busy shift) writes, far below what a script posts.
COMPTOIR_WRITE_LIMITS = {
    "thread": _env_limit("COMPTOIR_WRITE_LIMIT_THREAD", "10/3600"),
    "reply": _env_limit("COMPTOIR_WRITE_LIMIT_REPLY", "60/3600"),
    "comment": _env_limit("COMPTOIR_WRITE_LIMIT_COMMENT", "30/3600"),
    "suggestion": _env_limit("COMPTOIR_WRITE_LIMIT_SUGGESTION", "5/3600"),
    "flag": _env_limit("COMPTOIR_WRITE_LIMIT_FLAG", "20/3600"),
}
# A suggestion or thread submitted again by its author with the same title and body
# (whitespace aside) within this many seconds is the same submission (a double click, a
# retried request): the first one is answered, with ALREADY_SUBMITTED, and nothing is written.
COMPTOIR_DUPLICATE_SUBMISSION_WINDOW = int(
    os.environ.get("COMPTOIR_DUPLICATE_SUBMISSION_WINDOW", "600")
)
# The most rows one GraphQL document may ask for: each page counts its size times the sizes
# of the pages it is nested in (QUERY_TOO_COMPLEX above).
COMPTOIR_MAX_QUERY_COST = int(os.environ.get("COMPTOIR_MAX_QUERY_COST", "5000"))
# The largest GraphQL document accepted, in UTF-8 bytes, comments and whitespace included;
# checked before parsing (QUERY_TOO_COMPLEX above). GraphiQL's introspection query is
# ~1.5 KB and the front end's documents a few KB; 3,000 tokens of long names hold ~30 KB,
# and a 10,000-character text written inline (not as a variable) up to 40 KB.
COMPTOIR_MAX_DOCUMENT_BYTES = int(os.environ.get("COMPTOIR_MAX_DOCUMENT_BYTES", str(64 * 1024)))
# What a worker's cache of parsed and validated documents may hold, in bytes as accounted
# by schema/core/document_cache.py (measured bytes kept per byte of source, rounded up). Full of
# the largest documents, 32 MiB are ~80,000 objects for the garbage collector to scan;
# the front end's documents take a few MiB.
COMPTOIR_DOCUMENT_CACHE_BYTES = int(
    os.environ.get("COMPTOIR_DOCUMENT_CACHE_BYTES", str(32 * 1024 * 1024))
)
# Trusted documents (schema/core/trusted_documents.py): the website's GraphQL documents by
# their sha256 id (`make documents` writes the manifest). With this on, anonymous visitors
# and members may run only those on /graphql (DOCUMENT_NOT_TRUSTED otherwise); staff
# sessions and partner tokens may send any document. On by default in production.
COMPTOIR_TRUSTED_DOCUMENTS_ONLY = _env_bool("COMPTOIR_TRUSTED_DOCUMENTS_ONLY", not DEBUG)
# COMPTOIR_TRUSTED_DOCUMENTS_MANIFEST: another manifest of the same form, for a deployment
# that also registers documents of its own (it must keep the website's, which the pages run).
COMPTOIR_TRUSTED_DOCUMENTS_MANIFEST = Path(
    os.environ.get("COMPTOIR_TRUSTED_DOCUMENTS_MANIFEST")
    or BASE_DIR / "web" / "documents" / "manifest.json"
)

# Anonymous visitors' and partners' answers to trusted documents, and anonymous visitors'
# website pages, are kept this many seconds in the shared cache (schema/core/public_cache.py,
# web/page_cache.py): a change reaches anonymous readers at most that much later; members are
# never served from it. 0 turns it off. With Redis, Django keeps whole seconds (it truncates
# the timeout to an integer): under 1 turns it off there too.
COMPTOIR_PUBLIC_CACHE_SECONDS = float(os.environ.get("COMPTOIR_PUBLIC_CACHE_SECONDS", "1"))
