"""The staff's URLs, under `/equipe/` in the `web:staff` namespace (French paths, as the
rest of the site). Every view here is wrapped by `staff_only`: anyone without its
capability gets the site's 404 (tests/web/staff/test_gates.py walks this list)."""

from django.urls import path

from . import committee, moderation, stats, suggestions, threads

app_name = "staff"

urlpatterns = [
    path("chiffres/", stats.support_figures, name="support_figures"),
    path("support/", threads.support_desk, name="support_desk"),
    path("support/sujets/<str:id>/attribuer/", threads.assign, name="assign_thread"),
    path("support/sujets/<str:id>/note/", threads.note, name="internal_note"),
    path("support/sujets/<str:id>/etat/", threads.change_state, name="thread_state"),
    path("moderation/", moderation.moderation_queue, name="moderation_queue"),
    path("moderation/signalements/<str:id>/classer/", moderation.dismiss, name="dismiss_flag"),
    path("moderation/contenus/<str:id>/masquer/", moderation.hide, name="hide_content"),
    path("moderation/contenus/<str:id>/afficher/", moderation.unhide, name="unhide_content"),
    path("labo/", suggestions.queue, name="suggestions"),
    path("labo/reunions/", suggestions.meetings, name="meetings"),
    path("labo/reunions/<str:id>/", suggestions.meeting, name="meeting"),
    path("labo/reunions/<str:id>/ordre/", suggestions.agenda, name="agenda"),
    path("labo/idees/<str:id>/", suggestions.idea, name="suggestion"),
    path("labo/idees/<str:id>/statut/", suggestions.change_status, name="change_status"),
    path("labo/idees/<str:id>/doublon/", suggestions.mark_duplicate, name="mark_duplicate"),
    path("labo/idees/<str:id>/reunion/", suggestions.shortlist, name="shortlist"),
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
