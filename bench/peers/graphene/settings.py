"""Django settings of the graphene-django peer: the same database, sessions and middleware
as Comptoir as deployed (DEBUG off, psycopg pool), so only the GraphQL layer differs."""

import os

import dj_database_url

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    # The project's tables (the `models` package imports only Django).
    "models.apps.CommunityConfig",
    "graphene_django",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

ROOT_URLCONF = "bench.peers.graphene.urls"
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
DATABASES["default"]["OPTIONS"] = {"pool": {"min_size": 1, "max_size": 20, "timeout": 10}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "community.Member"
USE_TZ = True
TIME_ZONE = "Europe/Paris"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

GRAPHENE = {
    "SCHEMA": "bench.peers.graphene.schema.schema",
    "RELAY_CONNECTION_MAX_LIMIT": 100,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
