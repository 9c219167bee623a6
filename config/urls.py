from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from config.admin_login import ThrottledAdminAuthenticationForm
from config.observability import metrics_view
from schema import schema
from schema.core.views import (
    CommunityGraphQLView,
    bad_request_view,
    csrf_token_view,
    healthz_view,
    not_found_view,
    permission_denied_view,
    server_error_view,
)
from web.urls import language_urls, sitemap_urls

# The back office's password checks are throttled and audited like every other login.
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
    # The view runs Django's CSRF check itself, on POSTs that carry a session cookie.
    path("graphql", csrf_exempt(CommunityGraphQLView.as_view(schema=schema)), name="graphql"),
    path("auth/csrf/", csrf_token_view, name="csrf"),
    path("healthz", healthz_view, name="healthz"),
    # Prometheus metrics, for the operators' networks only (METRICS_ALLOWED_NETWORKS).
    path("metrics", metrics_view, name="metrics"),
    # The language switch of the website (Django's set_language, a cookie, which also
    # records a logged-in member's choice as the language of their e-mails).
    *language_urls,
    *sitemap_urls,
    # The community website, at the root.
    path("", include("web.urls")),
]

# Errors raised before a view (a foreign Host header, an unknown path under /graphql): a
# GraphQL JSON error under /graphql, Django's own pages elsewhere.
handler400 = bad_request_view
handler403 = permission_denied_view
handler404 = not_found_view
handler500 = server_error_view
