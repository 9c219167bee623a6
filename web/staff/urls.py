"""The staff's URLs, under `/equipe/` in the `web:staff` namespace (French paths, as the
rest of the site). Every view here is wrapped by `staff_only`: anyone without its
capability gets the site's 404 (tests/web/staff/test_gates.py walks this list)."""

from django.urls import path

from . import stats, suggestions

app_name = "staff"

urlpatterns = [
    path("chiffres/", stats.support_figures, name="support_figures"),
    path("labo/", suggestions.queue, name="suggestions"),
    path("labo/reunions/", suggestions.meetings, name="meetings"),
    path("labo/reunions/<str:id>/", suggestions.meeting, name="meeting"),
    path("labo/reunions/<str:id>/ordre/", suggestions.agenda, name="agenda"),
    path("labo/idees/<str:id>/", suggestions.idea, name="suggestion"),
    path("labo/idees/<str:id>/statut/", suggestions.change_status, name="change_status"),
    path("labo/idees/<str:id>/doublon/", suggestions.mark_duplicate, name="mark_duplicate"),
    path("labo/idees/<str:id>/reunion/", suggestions.shortlist, name="shortlist"),
]
