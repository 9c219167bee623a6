"""E-mail (README, "E-mail"): members are told of their notifications by e-mail as they
chose, in their language, by the task worker (`db_worker`), through Django's SMTP backend,
to a real SMTP server started by the tests; every e-mail carries a one-click unsubscribe
(RFC 8058) that needs no login."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from models.models import (
    Category,
    Member,
    Notification,
    NotificationDelivery,
    NotificationKind,
    NotificationPreference,
    OutboxEvent,
    OutboxEventKind,
)
from resolvers.tasks import dispatch_event
from resolvers.tasks.email import digests_gather
from schema.core.ids import decode_id
from tests.conftest import SITE
from tests.factories import PASSWORD, CategoryFactory
from tests.graphql import GraphQLClient, gid
from tests.mail import Inbox, header, part, run_worker

# The worker runs after the commit, on committed rows, as in a deployment (it also closes
# stale connections between tasks, which a test transaction would not survive).
pytestmark = pytest.mark.django_db(transaction=True)

ASK = (
    "mutation($c: ID!, $t: String!, $b: String!) { createThread(input: {categoryId: $c, "
    "kind: QUESTION, title: $t, body: $b}) { thread { id } errors { code } } }"
)
REPLY = (
    "mutation($t: ID!, $b: String!) { replyToThread(input: {threadId: $t, body: $b}) "
    "{ post { id } errors { code } } }"
)
PREFERENCES = "{ viewer { language notificationPreferences { kind delivery isDefault } } }"
UNSUBSCRIBE_HEADER = re.compile(r"<(https://comptoir\.example(/e-mail/unsubscribe/[^/>]+/))>")


@pytest.fixture
def questions(db: None) -> Category:
    return CategoryFactory.create(name="Questions & support")


def _data(client: GraphQLClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    result = client(query, variables)
    assert "errors" not in result, result
    payload: dict[str, Any] = next(iter(result["data"].values()))
    assert payload["errors"] == [], result
    return payload


def ask(client: GraphQLClient, category: Category, title: str, body: str = "Merci.") -> str:
    thread = _data(client, ASK, {"c": gid(category), "t": title, "b": body})["thread"]
    return str(thread["id"])


def reply(client: GraphQLClient, thread_id: str, body: str) -> str:
    return str(_data(client, REPLY, {"t": thread_id, "b": body})["post"]["id"])


def test_an_official_answer_reaches_its_author_in_french_with_one_click_unsubscribe(
    smtp: Inbox,
    customer: Member,
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    questions: Category,
) -> None:
    # Claire never chose: an official answer comes by e-mail at once.
    assert {"kind": "OFFICIAL_ANSWER", "delivery": "IMMEDIATE", "isDefault": True} in (
        customer_client(PREFERENCES)["data"]["viewer"]["notificationPreferences"]
    )
    thread_id = ask(customer_client, questions, "Carte bloquée")
    post_id = reply(adviser_client, thread_id, "Bonjour Claire,\nvotre carte est débloquée.")

    run_worker()

    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert smtp.envelopes == [("communaute@comptoir.example", ["claire@example.test"])]
    assert message["From"] == "Comptoir <communaute@comptoir.example>"
    assert message["To"] == "claire@example.test"
    assert (
        header(message, "Subject")
        == "Julien (conseiller) a répondu à votre question « Carte bloquée »"
    )
    assert message["Content-Language"] == "fr"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    found = UNSUBSCRIBE_HEADER.fullmatch(header(message, "List-Unsubscribe"))
    assert found is not None, message["List-Unsubscribe"]
    unsubscribe_url, unsubscribe_path = found.groups()
    # On the wire too: the URL as it is, not encoded words (which would hide it from mail
    # clients), and the text as 8-bit UTF-8.
    assert re.search(
        rb"\r\nList-Unsubscribe:\s+<" + re.escape(unsubscribe_url.encode()) + rb">\r\n",
        smtp.raw[0],
    )
    link = f"{SITE}/cafe/sujets/{thread_id}/#post-{post_id}"
    assert part(message, "text/plain") == (
        "Bonjour Claire,\n"
        "\n"
        "Julien (conseiller) a répondu à votre question « Carte bloquée ».\n"
        "\n"
        "> Bonjour Claire,\n"
        "> votre carte est débloquée.\n"
        "\n"
        f"Lire sur Comptoir : {link}\n"
        "\n"
        "-- \n"
        "Vous recevez un e-mail immédiat pour « Un conseiller a répondu ».\n"
        f"Choisir vos e-mails : {SITE}/moi/e-mails/\n"
        f"Arrêter ces e-mails : {unsubscribe_url}\n"
    )
    html = part(message, "text/html")
    assert '<html lang="fr">' in html
    assert "Julien (conseiller) a répondu à votre question « Carte bloquée »." in html
    assert "Bonjour Claire,<br>votre carte est débloquée." in html
    assert f'<a href="{link}"' in html
    assert f'<a href="{unsubscribe_url}"' in html
    assert f'<a href="{SITE}/moi/e-mails/"' in html

    # One click, as a mail client sends it: a POST without cookies or CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_path, {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert {"kind": "OFFICIAL_ANSWER", "delivery": "IN_APP", "isDefault": False} in (
        customer_client(PREFERENCES)["data"]["viewer"]["notificationPreferences"]
    )
    # The next answer is on her notifications page only.
    second = reply(adviser_client, thread_id, "Autre chose ?")
    run_worker()
    assert len(smtp.messages) == 1
    note = Notification.objects.get(recipient=customer, post_id=decode_id(second, "Post"))
    assert (note.kind, note.emailed_at) == (NotificationKind.OFFICIAL_ANSWER, None)


FOLLOW = "mutation($t: ID!) { followThread(input: {threadId: $t}) { errors { code } } }"
HIDE = (
    'mutation($id: ID!) { hideContent(input: {contentId: $id, reason: "Hors charte"}) '
    "{ errors { code } } }"
)
CHOOSE = (
    "mutation($k: NotificationKind!, $d: NotificationDelivery!) { setNotificationPreference("
    "input: {kind: $k, delivery: $d}) { errors { code } } }"
)


def test_a_kind_left_in_the_app_sends_nothing(
    smtp: Inbox,
    customer_client: GraphQLClient,
    other_customer: Member,
    other_customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    questions: Category,
) -> None:
    # Bruno follows Claire's question: a reply is THREAD_REPLY, in the app by default.
    thread_id = ask(customer_client, questions, "Frais à l'étranger")
    _data(other_customer_client, FOLLOW, {"t": thread_id})
    reply(adviser_client, thread_id, "Aucun frais en zone euro.")
    run_worker()
    # Claire's official answer came by e-mail; Bruno's reply stayed on his page.
    assert [m["To"] for m in smtp.messages] == ["claire@example.test"]
    note = Notification.objects.get(recipient=other_customer)
    assert (note.kind, note.emailed_at) == (NotificationKind.THREAD_REPLY, None)


def test_an_event_dispatched_again_sends_nothing_twice(
    smtp: Inbox,
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    questions: Category,
) -> None:
    reply(adviser_client, ask(customer_client, questions, "Chéquier"), "Il part demain.")
    run_worker()
    assert len(smtp.messages) == 1
    # A worker that died after sending, before marking the event: it runs again.
    event = OutboxEvent.objects.get(kind=OutboxEventKind.NOTIFICATIONS_CREATED)
    dispatch_event.enqueue(str(event.pk))
    dispatch_event.enqueue(str(event.pk))
    run_worker()
    assert len(smtp.messages) == 1


def test_nobody_is_written_to_who_was_erased_or_has_no_address(
    smtp: Inbox,
    customer: Member,
    customer_client: GraphQLClient,
    other_customer: Member,
    other_customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    questions: Category,
) -> None:
    # Claire erases her account between the answer and the worker's turn.
    reply(adviser_client, ask(customer_client, questions, "Clôture"), "C'est noté.")
    erased = customer_client(
        "mutation($p: String!) { eraseMyAccount(input: {password: $p}) "
        "{ erased errors { code } } }",
        {"p": PASSWORD},
    )
    assert erased == {"data": {"eraseMyAccount": {"erased": True, "errors": []}}}
    # Bruno has no address on file.
    Member.objects.filter(pk=other_customer.pk).update(email="")
    reply(adviser_client, ask(other_customer_client, questions, "Adresse"), "Ajoutez-la.")
    run_worker()
    assert smtp.messages == []


def test_a_reply_hidden_before_the_e_mail_is_not_quoted(
    smtp: Inbox,
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    questions: Category,
) -> None:
    thread_id = ask(customer_client, questions, "Plafond")
    post_id = reply(adviser_client, thread_id, "Réponse à revoir : plafond à 3 000 euros.")
    _data(adviser_client, HIDE, {"id": post_id})
    run_worker()
    [message] = smtp.messages
    assert header(message, "Subject") == (
        "Une réponse à votre question « Plafond » n'est plus visible"
    )
    text = part(message, "text/plain")
    assert text.startswith(
        "Bonjour Claire,\n\nUne réponse à votre question « Plafond » n'est plus visible.\n\n"
        f"Lire sur Comptoir : {SITE}/cafe/sujets/{thread_id}/\n"
    )
    for body in (text, part(message, "text/html"), smtp.raw[0].decode()):
        assert "3 000" not in body and "revoir" not in body


def test_an_english_member_gets_english(
    smtp: Inbox,
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    questions: Category,
) -> None:
    _data(
        customer_client, "mutation { setLanguage(input: {language: EN}) { errors { code } } }", {}
    )
    thread_id = ask(customer_client, questions, "Carte bloquée")
    post_id = reply(adviser_client, thread_id, "C'est fait.")
    run_worker()
    [message] = smtp.messages
    assert (
        header(message, "Subject") == "Julien (conseiller) answered your question “Carte bloquée”"
    )
    assert message["Content-Language"] == "en"
    unsubscribe = UNSUBSCRIBE_HEADER.fullmatch(header(message, "List-Unsubscribe"))
    assert unsubscribe is not None
    assert part(message, "text/plain") == (
        "Hello Claire,\n"
        "\n"
        "Julien (conseiller) answered your question “Carte bloquée”.\n"
        "\n"
        "> C'est fait.\n"
        "\n"
        f"Read it on Comptoir: {SITE}/cafe/sujets/{thread_id}/#post-{post_id}\n"
        "\n"
        "-- \n"
        "You receive an e-mail at once for “An adviser answered”.\n"
        f"Choose your e-mails: {SITE}/moi/e-mails/\n"
        f"Stop these e-mails: {unsubscribe.group(1)}\n"
    )
    html = part(message, "text/html")
    assert '<html lang="en">' in html and ">Read it on Comptoir</a>" in html


def test_the_daily_digest_gathers_the_unread_once_a_day(
    smtp: Inbox,
    customer: Member,
    customer_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    questions: Category,
) -> None:
    _data(customer_client, CHOOSE, {"k": "THREAD_REPLY", "d": "DAILY_DIGEST"})
    thread_id = ask(other_customer_client, questions, "Épargne")
    _data(customer_client, FOLLOW, {"t": thread_id})
    reply(adviser_client, thread_id, "Le livret A.")
    reply(other_customer_client, thread_id, "Merci !")
    read = reply(adviser_client, thread_id, "Et le LDDS.")
    note = Notification.objects.get(recipient=customer, post_id=decode_id(read, "Post"))
    customer_client(
        "mutation($ids: [ID!]) { markNotificationsRead(input: {ids: $ids}) { unreadCount } }",
        {"ids": [gid(note)]},
    )
    run_worker()
    assert smtp.to("claire@example.test") == []  # nothing at once (Bruno had his answer)
    smtp.messages.clear()
    smtp.envelopes.clear()
    smtp.raw.clear()

    out = StringIO()
    call_command("send_email_digests", stdout=out)
    assert out.getvalue() == "1 digest(s) enqueued.\n"
    run_worker()
    [message] = smtp.messages
    assert message["To"] == "claire@example.test"
    assert header(message, "Subject") == "Comptoir : vos 2 notifications non lues"
    unsubscribe = UNSUBSCRIBE_HEADER.fullmatch(header(message, "List-Unsubscribe"))
    assert unsubscribe is not None
    text = part(message, "text/plain")
    assert text.startswith("Bonjour Claire,\n\nVos 2 notifications non lues sur Comptoir :\n\n")
    assert "- Julien (conseiller) a répondu dans « Épargne ».\n" in text
    assert "- Bruno a répondu dans « Épargne ».\n" in text
    assert "LDDS" not in text and "Et le" not in text  # the one she read is not in it
    assert text.endswith(
        "-- \n"
        "Vous recevez un e-mail par jour qui résume vos notifications non lues des types "
        "choisis pour cela.\n"
        f"Choisir vos e-mails : {SITE}/moi/e-mails/\n"
        f"Arrêter l'e-mail quotidien : {unsubscribe.group(1)}\n"
    )
    assert "<ul" in part(message, "text/html")

    # Once a day: a later reply waits for tomorrow's digest.
    reply(adviser_client, thread_id, "Ou un PEL.")
    assert digests_gather() == 0
    assert digests_gather(now=timezone.now() + timedelta(days=1)) == 1
    run_worker()
    digests = smtp.to("claire@example.test")
    assert len(digests) == 2
    assert "- Julien (conseiller) a répondu dans « Épargne »." in part(digests[1], "text/plain")

    # The digest's link stops the digest: THREAD_REPLY goes back to the app only.
    response = Client(enforce_csrf_checks=True).post(unsubscribe.group(2))
    assert response.status_code == 200
    assert NotificationPreference.objects.get(
        member=customer, kind=NotificationKind.THREAD_REPLY
    ).delivery == (NotificationDelivery.IN_APP)


def test_one_refused_address_holds_back_no_other(
    smtp: Inbox,
    customer_client: GraphQLClient,
    other_customer: Member,
    other_customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    questions: Category,
) -> None:
    smtp.refused.add(other_customer.email)
    thread_id = ask(customer_client, questions, "Virement")
    _data(other_customer_client, CHOOSE, {"k": "THREAD_REPLY", "d": "IMMEDIATE"})
    _data(other_customer_client, FOLLOW, {"t": thread_id})
    # Claire's official answer and Bruno's notification of a reply: an e-mail task each.
    reply(adviser_client, thread_id, "Il est parti.")
    run_worker()
    assert [m["To"] for m in smtp.messages] == ["claire@example.test"]
    failed = DBTaskResult.objects.filter(status="FAILED")
    assert [r.exception_class_path for r in failed] == ["resolvers.tasks.email.AddressRefused"]
    # No personal data in what the task keeps.
    assert other_customer.email not in failed[0].traceback


def test_a_passing_failure_is_tried_again_later(
    smtp: Inbox,
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    questions: Category,
) -> None:
    smtp.busy = 1  # the server answers 451 once
    reply(adviser_client, ask(customer_client, questions, "Prêt"), "Accordé.")
    before = timezone.now()
    run_worker()
    assert smtp.messages == []
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.task_path == "resolvers.tasks.email.send_notification_email"
    assert waiting.args_kwargs["args"][1] == 2  # the second attempt
    assert waiting.run_after >= before
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now())
    run_worker()
    assert len(smtp.messages) == 1
