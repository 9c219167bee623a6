from django.db import connection
from django.http import JsonResponse
from django.urls import path
from graphene_django.views import GraphQLView


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


urlpatterns = [
    # CSRF stays on (CsrfViewMiddleware), as for Comptoir's cookie-authenticated POSTs.
    path("graphql", GraphQLView.as_view(graphiql=False)),
    path("healthz", healthz),
]
