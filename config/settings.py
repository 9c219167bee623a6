"""Settings for Comptoir, read from the environment with defaults that work on a laptop.

DATABASE_URL  default: a SQLite file under var/ (the embedded database of `make run`)
REDIS_URL     optional: Django's cache goes to Redis when set, local memory otherwise
SECRET_KEY    required when DEBUG is off
DEBUG         "1"/"true" to turn on (default on, for the laptop); production sets it off
ALLOWED_HOSTS comma-separated (default: localhost names)
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DEBUG", True)

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
    "models.apps.CommunityConfig",
    # Management commands (export_schema, load_demo, ...): they use every layer, which the
    # models app must not import.
    "config",
]

# Django's own middlewares, with their hooks run inline under ASGI instead of one thread
# hop each (config/middleware.py).
MIDDLEWARE = [
    "config.middleware.SecurityMiddleware",
    "config.middleware.SessionMiddleware",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "community.Member"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Messages (e.g. a new API token's secret, shown once in the admin) stay server-side.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- Comptoir rules ---------------------------------------------------------------------
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
# Weights of the committee's criteria in a suggestion's overall score (they sum to 1).
COMPTOIR_EVALUATION_WEIGHTS = {
    "customer_benefit": 0.4,
    "technical_feasibility": 0.2,
    "cost": 0.2,
    "time_to_deliver": 0.2,
}
# Brute force on `login` (resolvers/services/login_throttle.py): failed logins are counted in
# the cache (Redis when REDIS_URL is set, so every worker sees the same counts) per account
# (username, case-insensitive) and per client address (REMOTE_ADDR; IPv6 per /64), over a
# window that starts at the first failure. Past a limit, `login` answers RATE_LIMITED
# without checking the password until the window ends; a successful login clears the
# account's count. Behind a reverse proxy, REMOTE_ADDR must be the client's address, not
# the proxy's (e.g. `uvicorn --proxy-headers --forwarded-allow-ips=<the proxy's address>`).
COMPTOIR_LOGIN_FAILURE_WINDOW = int(os.environ.get("COMPTOIR_LOGIN_FAILURE_WINDOW", "900"))
COMPTOIR_LOGIN_FAILURES_PER_ACCOUNT = int(
    os.environ.get("COMPTOIR_LOGIN_FAILURES_PER_ACCOUNT", "10")
)
COMPTOIR_LOGIN_FAILURES_PER_ADDRESS = int(
    os.environ.get("COMPTOIR_LOGIN_FAILURES_PER_ADDRESS", "50")
)
# Partner API tokens (`Authorization: Bearer`): each token may send this many requests per
# window of this many seconds (fixed windows on the clock), counted in the cache like the
# login limits; every partner response says what remains in `extensions.rateLimit`, and past
# the limit the answer is HTTP 429 RATE_LIMITED with a Retry-After header.
COMPTOIR_PARTNER_RATE_LIMIT = int(os.environ.get("COMPTOIR_PARTNER_RATE_LIMIT", "600"))
COMPTOIR_PARTNER_RATE_WINDOW = int(os.environ.get("COMPTOIR_PARTNER_RATE_WINDOW", "60"))
# The most rows one GraphQL document may ask for: each page counts its size times the sizes
# of the pages it is nested in (QUERY_TOO_COMPLEX above).
COMPTOIR_MAX_QUERY_COST = int(os.environ.get("COMPTOIR_MAX_QUERY_COST", "5000"))
# The largest GraphQL document accepted, in UTF-8 bytes, comments and whitespace included;
# checked before parsing (QUERY_TOO_COMPLEX above). GraphiQL's introspection query is
# ~1.5 KB and the front end's documents a few KB; 3,000 tokens of long names hold ~30 KB,
# and a 10,000-character text written inline (not as a variable) up to 40 KB.
COMPTOIR_MAX_DOCUMENT_BYTES = int(os.environ.get("COMPTOIR_MAX_DOCUMENT_BYTES", str(64 * 1024)))
# What a worker's cache of parsed and validated documents may hold, in bytes as accounted
# by schema/document_cache.py (measured bytes kept per byte of source, rounded up). Full of
# the largest documents, 32 MiB are ~80,000 objects for the garbage collector to scan;
# the front end's documents take a few MiB.
COMPTOIR_DOCUMENT_CACHE_BYTES = int(
    os.environ.get("COMPTOIR_DOCUMENT_CACHE_BYTES", str(32 * 1024 * 1024))
)
