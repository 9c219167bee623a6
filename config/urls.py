from django.contrib import admin
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from schema import schema
from schema.views import CommunityGraphQLView, csrf_token_view, healthz_view

urlpatterns = [
    path("admin/", admin.site.urls),
    # The view runs Django's CSRF check itself, on POSTs that carry a session cookie.
    path("graphql", csrf_exempt(CommunityGraphQLView.as_view(schema=schema)), name="graphql"),
    path("auth/csrf/", csrf_token_view, name="csrf"),
    path("healthz", healthz_view, name="healthz"),
]
