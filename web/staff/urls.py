"""The staff's URLs, under `/equipe/` in the `web:staff` namespace (French paths, as the
rest of the site). Every view here is wrapped by `staff_only`: anyone without its
capability gets the site's 404 (tests/web/staff/test_gates.py walks this list)."""

from django.urls import path

from . import committee, stats

app_name = "staff"

urlpatterns = [
    path("chiffres/", stats.support_figures, name="support_figures"),
    path("comite/", committee.meetings, name="committee_meetings"),
    path("comite/<str:id>/", committee.agenda, name="committee_agenda"),
    path("comite/<str:meeting>/idees/<str:suggestion>/", committee.idea, name="committee_idea"),
    path(
        "comite/<str:meeting>/idees/<str:suggestion>/noter/",
        committee.score,
        name="committee_score",
    ),
    path(
        "comite/<str:meeting>/idees/<str:suggestion>/decision/",
        committee.decision,
        name="committee_decision",
    ),
    path(
        "comite/<str:meeting>/idees/<str:suggestion>/decision/apercu/",
        committee.preview,
        name="committee_preview",
    ),
    path(
        "comite/<str:meeting>/idees/<str:suggestion>/decision/publier/",
        committee.publish,
        name="committee_publish",
    ),
]
