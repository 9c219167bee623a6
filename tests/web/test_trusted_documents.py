"""Trusted documents on /graphql, through the real endpoint: a registered document runs by
its `documentId`; with COMPTOIR_TRUSTED_DOCUMENTS_ONLY, anonymous visitors and members may
run only those (DOCUMENT_NOT_TRUSTED otherwise), while staff sessions (GraphiQL) and
partner tokens may send any document."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from models.models import Member
from tests.factories import AdviserFactory, SuggestionFactory, issue_token
from web.queries import MANIFEST, document_ids

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = "{ suggestions(first: 1) { totalCount } }"
NOT_TRUSTED = {
    "errors": [
        {
            "message": "Only the website's registered documents may be run here: send "
            '{"documentId": "sha256:...", "variables": {...}}. Partner tokens and staff '
            "sessions may send any document.",
            "extensions": {"code": "DOCUMENT_NOT_TRUSTED"},
        }
    ]
}


def _post(client: Client, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(
        "/graphql", data=json.dumps(body), content_type="application/json", **headers
    )


def _manifest() -> dict[str, str]:
    documents: dict[str, str] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return documents


@pytest.fixture
def trusted_only(settings: Any) -> None:
    settings.COMPTOIR_TRUSTED_DOCUMENTS_ONLY = True


@pytest.fixture
def two_ideas() -> None:
    SuggestionFactory.create(title="Une idée")
    SuggestionFactory.create(title="Une autre idée")


@pytest.mark.usefixtures("trusted_only", "two_ideas")
def test_an_anonymous_document_outside_the_manifest_is_refused() -> None:
    response = _post(Client(), {"query": OUTSIDE})
    assert response.status_code == 403
    assert response.json() == NOT_TRUSTED


@pytest.mark.usefixtures("trusted_only", "two_ideas")
def test_a_registered_document_runs_by_its_id_and_by_its_text() -> None:
    id = document_ids()["SimilarIdeas"]
    by_id = _post(Client(), {"documentId": id, "variables": {"title": "une autre idée"}})
    assert by_id.status_code == 200, by_id.content
    assert [s["title"] for s in by_id.json()["data"]["similarSuggestions"]] == ["Une autre idée"]
    # The same text sent as `query` is the same document.
    by_text = _post(Client(), {"query": _manifest()[id], "variables": {"title": "une autre idée"}})
    assert by_text.json() == by_id.json()
    # GET, as GraphQL over HTTP reads a query string.
    by_get = Client().get(
        "/graphql",
        {"documentId": id, "variables": json.dumps({"title": "une autre idée"})},
        HTTP_ACCEPT="application/json",
    )
    assert by_get.json() == by_id.json()


@pytest.mark.usefixtures("trusted_only")
def test_a_member_is_held_to_the_manifest_too(customer: Member) -> None:
    client = Client()
    client.force_login(customer)
    client.get("/auth/csrf/")
    token = client.cookies["csrftoken"].value
    refused = _post(client, {"query": "{ viewer { displayName } }"}, HTTP_X_CSRFTOKEN=token)
    assert (refused.status_code, refused.json()) == (403, NOT_TRUSTED)
    served = _post(client, {"documentId": document_ids()["Header"]}, HTTP_X_CSRFTOKEN=token)
    assert served.json()["data"]["viewer"]["displayName"] == "Claire"


@pytest.mark.usefixtures("trusted_only", "two_ideas")
def test_a_staff_session_may_send_any_document_and_open_graphiql() -> None:
    staff = AdviserFactory.create(is_staff=True)
    client = Client()
    client.force_login(staff)
    client.get("/auth/csrf/")
    token = client.cookies["csrftoken"].value
    response = _post(client, {"query": OUTSIDE}, HTTP_X_CSRFTOKEN=token)
    assert response.json() == {"data": {"suggestions": {"totalCount": 2}}}
    page = client.get("/graphql", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert b"graphiql" in page.content.lower()


@pytest.mark.usefixtures("trusted_only", "two_ideas")
def test_a_partner_token_may_send_any_document() -> None:
    _, secret = issue_token("suggestions:read")
    response = _post(Client(), {"query": OUTSIDE}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.json()["data"] == {"suggestions": {"totalCount": 2}}


@pytest.mark.parametrize(
    ("body", "status", "code", "message"),
    [
        (
            {"documentId": "sha256:" + "0" * 64},
            400,
            "DOCUMENT_NOT_FOUND",
            "No registered document has the id 'sha256:" + "0" * 64 + "'.",
        ),
        ({"documentId": 12}, 400, "BAD_USER_INPUT", "`documentId` must be a string."),
        (
            {"documentId": "HEADER", "query": "{ viewer { id } }"},
            400,
            "BAD_USER_INPUT",
            "Send either `query` or `documentId`, not both.",
        ),
    ],
)
def test_a_bad_document_id_is_refused(
    body: dict[str, Any], status: int, code: str, message: str
) -> None:
    if body.get("documentId") == "HEADER":
        body = {**body, "documentId": document_ids()["Header"]}
    response = _post(Client(), body)
    assert response.status_code == status
    assert response.json() == {"errors": [{"message": message, "extensions": {"code": code}}]}


def test_any_document_runs_when_trusted_documents_only_is_off(settings: Any) -> None:
    settings.COMPTOIR_TRUSTED_DOCUMENTS_ONLY = False
    response = _post(Client(), {"query": "{ categories { name } }"})
    assert response.json() == {"data": {"categories": []}}


@pytest.mark.parametrize(("env", "expected"), [({"DEBUG": "0"}, True), ({"DEBUG": "1"}, False)])
def test_trusted_documents_only_is_on_by_default_without_debug(
    env: dict[str, str], expected: bool
) -> None:
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith("COMPTOIR_")},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "a-production-secret-key-of-more-than-fifty-characters-0123456789",
        **env,
    }
    code = "from django.conf import settings; print(settings.COMPTOIR_TRUSTED_DOCUMENTS_ONLY)"
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.stdout.strip() == str(expected), run.stderr
    environ["COMPTOIR_TRUSTED_DOCUMENTS_ONLY"] = "0"
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.stdout.strip() == "False", run.stderr
