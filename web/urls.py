"""The website's URLs (French paths: the community speaks French first)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import views
from .sitemaps import SITEMAPS

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("cafe/", views.cafe, name="cafe"),
    path("cafe/nouveau/", views.ask, name="ask"),
    path("cafe/sujets/<str:id>/", views.thread, name="thread"),
    path("cafe/sujets/<str:id>/repondre/", views.reply, name="reply"),
    path("cafe/sujets/<str:id>/suivre/", views.follow_thread, name="follow_thread"),
    path("cafe/reponses/<str:id>/accepter/", views.accept_answer, name="accept_answer"),
    path("cafe/reponses/<str:id>/modifier/", views.edit_post, name="edit_post"),
    path("cafe/reponses/<str:id>/historique/", views.post_history, name="post_history"),
    path("signaler/<str:id>/", views.flag, name="flag"),
    path("labo/", views.labo, name="labo"),
    path("labo/proposer/", views.submit_idea, name="submit_idea"),
    path("labo/idees/<str:id>/", views.idea, name="idea"),
    path("labo/idees/<str:id>/voter/", views.vote, name="vote"),
    path("labo/idees/<str:id>/suivre/", views.follow, name="follow"),
    path("labo/idees/<str:id>/commenter/", views.comment, name="comment"),
    path("labo/idees/<str:id>/modifier/", views.edit_idea, name="edit_idea"),
    path("labo/idees/<str:id>/retirer/", views.withdraw_idea, name="withdraw_idea"),
    path("engagements/", views.engagements, name="engagements"),
    path("recherche/", views.search, name="search"),
    path("connexion/", views.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("notifications/", views.notifications, name="notifications"),
    path("moi/votes/", views.my_votes, name="my_votes"),
    path("moi/donnees/", views.my_data, name="my_data"),
    path("moi/donnees/telecharger/", views.my_data_download, name="my_data_download"),
    path("moi/e-mails/", views.email_preferences, name="email_preferences"),
    # The one-click unsubscribe link of e-mails (RFC 8058): `List-Unsubscribe` names it.
    path("e-mail/unsubscribe/<str:token>/", views.email_unsubscribe, name="email_unsubscribe"),
    path("membres/<str:id>/", views.member, name="member"),
    path("equipe/", include("web.staff.urls")),
    path("robots.txt", views.robots_txt, name="robots"),
]

# Outside the `web` namespace: Django's sitemap view reverses itself by this name.
sitemap_urls = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

# Outside the namespace too, where Django's own language switch is (`set_language`).
language_urls = [
    path("i18n/setlang/", views.set_language, name="set_language"),
]
