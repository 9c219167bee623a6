"""The staff's URLs, under `/equipe/` in the `web:staff` namespace (French paths, as the
rest of the site). Every view here is wrapped by `staff_only`: anyone without its
capability gets the site's 404 (tests/web/staff/test_gates.py walks this list)."""

from django.urls import path

from . import stats

app_name = "staff"

urlpatterns = [
    path("chiffres/", stats.support_figures, name="support_figures"),
]
