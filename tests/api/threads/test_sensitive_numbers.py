"""Sensitive numbers a customer pastes into the café never reach a page: stored masked, shown
masked to anonymous visitors, not found by `search`, the author told why in the payload's
`notices`, advisers told privately; nothing anywhere (revisions, audit log, notifications)
keeps the full number."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from models.models import Category, Member, Post, PostRevision, Thread
from tests.factories import PostFactory
from tests.graphql import GraphQLClient, gid, notifications

pytestmark = pytest.mark.django_db

IBAN = "FR76 3000 6000 0112 3456 7890 189"
CARD = "4970 1012 3456 7893"
MASKED_IBAN = "FR76 •••• •••• •••• •••• •••• 189"
MASKED_CARD = "•••• •••• •••• 7893"
BODY = f"Mon virement depuis {IBAN} n'est jamais arrivé, payé avec la carte {CARD}."
MASKED_BODY = (
    f"Mon virement depuis {MASKED_IBAN} n'est jamais arrivé, payé avec la carte {MASKED_CARD}."
)

NOTICE = "notices { code message kind field }"
CREATE = (
    "mutation($input: CreateThreadInput!) { createThread(input: $input) { "
    f"thread {{ title body }} errors {{ code }} {NOTICE} }} }}"
)
REPLY = (
    "mutation($input: ReplyToThreadInput!) { replyToThread(input: $input) { "
    f"post {{ body isInternal }} errors {{ code }} {NOTICE} }} }}"
)
EDIT = (
    "mutation($input: EditPostInput!) { editPost(input: $input) { "
    f"post {{ body }} errors {{ code }} {NOTICE} }} }}"
)
THREAD = "query($id: ID!) { thread(id: $id) { title body } }"
SEARCH = (
    "query($query: String!) { search(query: $query) { totalCount edges { node { __typename "
    "... on Thread { title body } ... on Post { body } ... on Suggestion { title body } } } } }"
)


def notice(kind: str, field: str, name: str) -> dict[str, str]:
    return {
        "code": "SENSITIVE_NUMBER_MASKED",
        "message": f"{name} was masked before publishing: only its start and end show. Never "
        "share bank details or personal numbers in public; an adviser may contact you "
        "privately if needed.",
        "kind": kind,
        "field": field,
    }


IBAN_IN_BODY = notice("IBAN", "body", "An IBAN")
CARD_IN_BODY = notice("PAYMENT_CARD", "body", "A payment card number")


def stored_anywhere(*numbers: str) -> list[str]:
    """Which of `numbers` (spacing aside) the database holds anywhere: every row of every
    table of the community, the audit log, revisions and notifications included."""
    out = io.StringIO()
    call_command("dumpdata", "community", stdout=out)
    everything = re.sub(r"[^0-9A-Z]", "", out.getvalue().upper())
    return [n for n in numbers if re.sub(r"[^0-9A-Z]", "", n.upper()) in everything]


def test_a_customers_question_is_stored_and_shown_masked(
    customer_client: GraphQLClient,
    anonymous: GraphQLClient,
    support: Category,
    adviser: Member,
    customer: Member,
) -> None:
    result = customer_client(
        CREATE,
        {
            "input": {
                "categoryId": gid(support),
                "kind": "QUESTION",
                "title": f"Virement perdu {IBAN}",
                "body": BODY,
            }
        },
    )
    assert result == {
        "data": {
            "createThread": {
                "thread": {"title": f"Virement perdu {MASKED_IBAN}", "body": MASKED_BODY},
                "errors": [],
                "notices": [notice("IBAN", "title", "An IBAN"), IBAN_IN_BODY, CARD_IN_BODY],
            }
        }
    }
    thread = Thread.objects.get()
    assert (thread.title, thread.body) == (f"Virement perdu {MASKED_IBAN}", MASKED_BODY)
    assert anonymous(THREAD, {"id": gid(thread)}) == {
        "data": {"thread": {"title": f"Virement perdu {MASKED_IBAN}", "body": MASKED_BODY}}
    }
    # What is shown of the number is found as it is shown; what is masked is found nowhere.
    assert anonymous(SEARCH, {"query": "FR76"}) == {
        "data": {
            "search": {
                "totalCount": 1,
                "edges": [
                    {
                        "node": {
                            "__typename": "Thread",
                            "title": f"Virement perdu {MASKED_IBAN}",
                            "body": MASKED_BODY,
                        }
                    }
                ],
            }
        }
    }
    for query in ("3000 6000", "30006000", "0112", "4970 1012", "3456"):
        assert anonymous(SEARCH, {"query": query}) == {
            "data": {"search": {"totalCount": 0, "edges": []}}
        }
    # The advisers are told, privately, without the number.
    assert notifications("recipient_id", "kind", "thread_id", "masked_kinds") == [
        (
            adviser.pk,
            "SENSITIVE_NUMBER_MASKED",
            thread.pk,
            "IBAN,PAYMENT_CARD",
            f"Claire a écrit un IBAN et un numéro de carte dans le fil « Virement perdu "
            f"{MASKED_IBAN} » : masqué avant publication. Contactez ce client si besoin.",
        )
    ]
    assert stored_anywhere(IBAN, CARD) == []


def test_an_advisers_notification_is_theirs_alone(
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    other_customer_client: GraphQLClient,
    support: Category,
) -> None:
    customer_client(
        CREATE,
        {"input": {"categoryId": gid(support), "kind": "QUESTION", "title": "Carte", "body": BODY}},
    )
    inbox = (
        "{ viewer { notifications(first: 5) { edges { node { kind message thread { title } } } } "
        "} }"
    )
    assert adviser_client(inbox)["data"]["viewer"]["notifications"]["edges"] == [
        {
            "node": {
                "kind": "SENSITIVE_NUMBER_MASKED",
                "message": "Claire a écrit un IBAN et un numéro de carte dans le fil « Carte » : "
                "masqué avant publication. Contactez ce client si besoin.",
                "thread": {"title": "Carte"},
            }
        }
    ]
    for client in (customer_client, other_customer_client):
        assert client(inbox)["data"]["viewer"]["notifications"]["edges"] == []


def test_nothing_masked_no_notice_and_no_notification(
    customer_client: GraphQLClient, support: Category, adviser: Member
) -> None:
    body = "Commande CMD-2024-000123 du 12/03/2024, 1 234,56 €, dossier 4970 1012 3456 7890."
    result = customer_client(
        CREATE,
        {
            "input": {
                "categoryId": gid(support),
                "kind": "QUESTION",
                "title": "Ma commande",
                "body": body,
            }
        },
    )
    assert result == {
        "data": {
            "createThread": {
                "thread": {"title": "Ma commande", "body": body},
                "errors": [],
                "notices": [],
            }
        }
    }
    assert notifications("kind") == []


def test_refused_text_has_errors_and_no_notices(
    customer_client: GraphQLClient, labo: Category, adviser: Member
) -> None:
    result = customer_client(
        CREATE,
        {"input": {"categoryId": gid(labo), "kind": "DISCUSSION", "title": "Carte", "body": BODY}},
    )
    assert result == {
        "data": {
            "createThread": {"thread": None, "errors": [{"code": "CATEGORY_CLOSED"}], "notices": []}
        }
    }
    assert (Thread.objects.count(), notifications("kind")) == (0, [])


def test_a_reply_and_an_internal_note_are_masked(
    customer_client: GraphQLClient,
    adviser_client: GraphQLClient,
    anonymous: GraphQLClient,
    question: Thread,
    adviser: Member,
) -> None:
    reply = customer_client(
        REPLY, {"input": {"threadId": gid(question), "body": "Rappelez-moi au 06 12 34 56 78"}}
    )
    assert reply == {
        "data": {
            "replyToThread": {
                "post": {"body": "Rappelez-moi au 06 •• •• •• 78", "isInternal": False},
                "errors": [],
                "notices": [notice("PHONE_NUMBER", "body", "A phone number")],
            }
        }
    }
    note = adviser_client(
        REPLY,
        {
            "input": {
                "threadId": gid(question),
                "body": f"Client joint, NIR donné : 1 85 05 78 006 084 91, carte {CARD}",
                "isInternal": True,
            }
        },
    )
    assert note == {
        "data": {
            "replyToThread": {
                "post": {
                    "body": f"Client joint, NIR donné : 1 •• •• •• ••• ••• 91, carte {MASKED_CARD}",
                    "isInternal": True,
                },
                "errors": [],
                "notices": [
                    notice("SOCIAL_SECURITY_NUMBER", "body", "A social security number"),
                    notice("PAYMENT_CARD", "body", "A payment card number"),
                ],
            }
        }
    }
    # The customer's reply tells the advisers; an adviser's own note tells no one.
    post = Post.objects.get(is_internal=False)
    assert notifications("recipient_id", "kind", "post_id", "masked_kinds") == [
        (
            adviser.pk,
            "SENSITIVE_NUMBER_MASKED",
            post.pk,
            "PHONE_NUMBER",
            "Claire a écrit un numéro de téléphone dans une réponse dans « Carte bloquée » : "
            "masqué avant publication. Contactez ce client si besoin.",
        )
    ]
    assert stored_anywhere("0612345678", "185057800608491", CARD) == []


def test_edits_and_revisions_keep_no_number(
    customer_client: GraphQLClient, question: Thread, customer: Member, adviser: Member
) -> None:
    # A reply written before numbers were masked (loaded as it was).
    legacy = PostFactory.create(thread=question, author=customer, body=f"Ma carte {CARD}")
    result = customer_client(EDIT, {"input": {"postId": gid(legacy), "body": f"Mon IBAN : {IBAN}"}})
    assert result == {
        "data": {
            "editPost": {
                "post": {"body": f"Mon IBAN : {MASKED_IBAN}"},
                "errors": [],
                "notices": [IBAN_IN_BODY],
            }
        }
    }
    assert list(PostRevision.objects.values_list("body", flat=True)) == [f"Ma carte {MASKED_CARD}"]
    assert [row[1:3] for row in notifications("recipient_id", "kind", "post_id")] == [
        ("SENSITIVE_NUMBER_MASKED", legacy.pk)
    ]
    assert stored_anywhere(IBAN, CARD) == []
