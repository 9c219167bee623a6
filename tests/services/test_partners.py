"""Issuing and revoking partner tokens: the services and the management commands."""

from __future__ import annotations

import io
from datetime import UTC, timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from models.models import ApiToken, AuditEvent, Member
from resolvers.services.partners import api_token_authenticate, api_token_count_request
from tests.factories import AdviserFactory, issue_token
from tests.graphql import GraphQLClient

pytestmark = pytest.mark.django_db


def _staff() -> Member:
    return AdviserFactory.create(username="camille", is_staff=True)


def _create(*args: str) -> str:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue()


def test_create_api_token_prints_the_secret_once_and_stores_its_hash() -> None:
    staff = _staff()
    before = timezone.now()
    out = _create(
        "--partner",
        "Comparateur Bancaire",
        "--scopes",
        "decisions:read, suggestions:read",
        "--expires-in",
        "90",
        "--created-by",
        "camille",
    )
    token = ApiToken.objects.get()
    lines = out.splitlines()
    secret = lines[-1]
    assert lines == [
        f"Token {token.prefix} for Comparateur Bancaire: scopes suggestions:read, "
        f"decisions:read, expires {token.expires_at.isoformat(timespec='seconds')}.",
        "Secret (shown this once, never again; store it now):",
        secret,
    ]
    assert secret.startswith(f"{token.prefix}.")
    assert token.secret_hash == ApiToken.hash_secret(secret)
    assert secret not in {token.secret_hash, token.prefix, token.partner}
    # Scopes in declaration order, whatever order they were given in.
    assert token.scopes == ["suggestions:read", "decisions:read"]
    assert token.created_by == staff
    assert timedelta(days=90) <= token.expires_at - before < timedelta(days=90, minutes=1)
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.target_type, event.target_id) == (
        staff,
        "api_token.create",
        "ApiToken",
        str(token.pk),
    )
    assert event.after == {
        "partner": "Comparateur Bancaire",
        "prefix": token.prefix,
        "scopes": ["suggestions:read", "decisions:read"],
        "expires_at": token.expires_at.astimezone(UTC).isoformat(),
    }
    # The secret works at once.
    response = GraphQLClient(token=secret).post("{ suggestions { totalCount } }")
    assert response.status_code == 200
    assert response.json()["data"] == {"suggestions": {"totalCount": 0}}


def test_create_api_token_without_a_creator() -> None:
    _create("--partner", "Agrégateur", "--scopes", "stats:read", "--expires-in", "1")
    token = ApiToken.objects.get()
    assert token.created_by is None
    assert AuditEvent.objects.get().actor is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--scopes", "suggestions:write"), "Unknown scope(s): suggestions:write."),
        (("--scopes", " , "), "Give the token at least one scope."),
        (("--expires-in", "0"), "--expires-in must be between 1 and 365 days."),
        (("--expires-in", "366"), "--expires-in must be between 1 and 365 days."),
        (("--partner", "   "), "Name the partner."),
        (("--partner", "x" * 101), "A partner's name has at most 100 characters."),
        (("--created-by", "nobody"), "--created-by: no active staff member is called 'nobody'."),
        # A member who is not staff may not issue tokens.
        (("--created-by", "claire"), "--created-by: no active staff member is called 'claire'."),
    ],
)
def test_bad_input_creates_nothing(args: tuple[str, ...], message: str, customer: Member) -> None:
    options = {"--partner": "Agrégateur", "--scopes": "suggestions:read", "--expires-in": "30"}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError) as raised:
        _create(*(item for pair in options.items() for item in pair))
    assert str(raised.value).startswith(message)
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.exists()


def test_revoke_api_token_is_audited_once() -> None:
    staff = _staff()
    token, secret = issue_token("suggestions:read")
    out = io.StringIO()
    call_command(
        "revoke_api_token", "--prefix", token.prefix, "--revoked-by", "camille", stdout=out
    )
    assert out.getvalue() == f"Token {token.prefix} of Agrégateur revoked.\n"
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.target_id, event.after) == (
        staff,
        "api_token.revoke",
        str(token.pk),
        {"revoked_at": token.revoked_at.astimezone(UTC).isoformat()},
    )
    # Again: nothing changes, nothing more is audited.
    out = io.StringIO()
    call_command("revoke_api_token", "--prefix", token.prefix, stdout=out)
    assert out.getvalue() == f"Token {token.prefix} of Agrégateur was already revoked.\n"
    assert AuditEvent.objects.count() == 1
    assert api_token_authenticate(secret=secret) is None


def test_revoking_an_unknown_prefix_fails() -> None:
    with pytest.raises(CommandError, match=r"No token has this prefix\."):
        call_command("revoke_api_token", "--prefix", "abcdef012345", stdout=io.StringIO())
    assert not AuditEvent.objects.exists()


def test_authenticate_reads_the_scopes_it_knows() -> None:
    token, secret = issue_token("suggestions:read", "threads:read")
    # A scope no longer known (renamed, say) opens nothing.
    ApiToken.objects.filter(pk=token.pk).update(scopes=["threads:read", "everything"])
    access = api_token_authenticate(secret=secret)
    assert access is not None
    assert (access.token_id, access.partner, access.scopes) == (
        token.pk,
        "Agrégateur",
        frozenset({"threads:read"}),
    )


def test_the_rate_limit_counts_per_token_and_window(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.COMPTOIR_PARTNER_RATE_LIMIT = 3
    settings.COMPTOIR_PARTNER_RATE_WINDOW = 60
    now = [1_000_000_040.5]  # windows are aligned on the clock: 39.5 s before this one ends
    monkeypatch.setattr("resolvers.services.partners.clock", lambda: now[0])
    counts = [api_token_count_request(token_id=7) for _ in range(4)]
    assert [(s.count, s.remaining, s.exceeded, s.reset_seconds) for s in counts] == [
        (1, 2, False, 40),
        (2, 1, False, 40),
        (3, 0, False, 40),
        (4, 0, True, 40),
    ]
    # Per token; and the next window starts afresh.
    assert api_token_count_request(token_id=8).count == 1
    now[0] += 40
    assert (api_token_count_request(token_id=7).count, counts[0].limit) == (1, 3)
