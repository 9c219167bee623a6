"""Logging in, with brute force kept out: one throttle for every password check.

Every `authenticate()` call of the project goes through `ThrottledModelBackend`
(`config/authentication.py`, the only entry of `AUTHENTICATION_BACKENDS`): the GraphQL
`login` (`member_authenticate` below), the back office's login page, and any form added
later. The backend calls `login_attempt_begin` before the password is checked and
`login_attempt_succeeded` after a success.

Attempts are counted per account (the username as typed, folded: "Claire" and "claire" are
one account) and per client address (IPv6: per /64), over a window that starts at the first
attempt (`COMPTOIR_LOGIN_FAILURE_WINDOW` seconds), in the counter store every worker shares
(`resolvers/counters.py`: Redis or the database). An attempt is counted *before* the password is
checked, in one atomic step, so concurrent attempts cannot slip past a limit between a check
and a count; a successful login then takes its attempt back from the address and clears the
account's count. Past a limit, the password is not even checked until the window ends.

No HTTP object comes down here: callers pass the client's address (REMOTE_ADDR).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY, authenticate
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from models.models import (
    Counter,
    EmailDigest,
    Flag,
    Follow,
    Language,
    Member,
    Notification,
    NotificationPreference,
    OutboxEventKind,
)
from permissions.policies import can_handle_personal_data
from permissions.roles import Viewer

from ..counters import counter_clear, counter_hit, counter_take_back
from ..errors import FieldError, Outcome, RateLimited, ResultCode, ServiceError
from ..outbox import record
from .audit import audit_record

_PREFIX = "login"


@dataclass(frozen=True, slots=True)
class LoginLimits:
    per_account: int
    per_address: int
    window: int  # seconds


def login_limits() -> LoginLimits:
    return LoginLimits(
        per_account=settings.COMPTOIR_LOGIN_FAILURES_PER_ACCOUNT,
        per_address=settings.COMPTOIR_LOGIN_FAILURES_PER_ADDRESS,
        window=settings.COMPTOIR_LOGIN_FAILURE_WINDOW,
    )


def account_key(username: str) -> str:
    # Hashed: a username may be long or hold any character; the key stays short.
    folded = unicodedata.normalize("NFKC", username).casefold()
    return f"{_PREFIX}:account:{hashlib.sha256(folded.encode()).hexdigest()}"


def address_key(client_address: str) -> str:
    return f"{_PREFIX}:address:{address_bucket(client_address)}"


def address_bucket(client_address: str) -> str:
    """One bucket per IPv4 address and per IPv6 /64 (what one subscriber usually holds, so
    rotating addresses inside it does not reset the count)."""
    try:
        address = ipaddress.ip_address(client_address.strip())
    except ValueError:
        # No usable address (a Unix socket without proxy headers): one shared bucket.
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def _count_attempt(key: str, *, limit: int, window: int) -> int | None:
    """Count one attempt under `key`; return the seconds left in the window when the count
    is now over `limit`, None when the attempt may go on."""
    hit = counter_hit(key=key, window=window)
    if hit.count <= limit:
        return None
    return hit.seconds_left()


def _refused(what: str, seconds: int) -> RateLimited:
    minutes = math.ceil(seconds / 60)
    return RateLimited(
        f"Too many failed logins {what}: try again in {minutes} minute"
        f"{'s' if minutes > 1 else ''}.",
        retry_after=seconds,
    )


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """An attempt counted by `login_attempt_begin`: the counters it went into."""

    account_key: str
    address_key: str


def login_attempt_begin(*, username: str, client_address: str) -> LoginAttempt:
    """Count an attempt to log in as `username` from `client_address`, before its password
    is checked.

    Raises `RateLimited` (with `retry_after`, in seconds) when the address or the account
    is over its limit of attempts in the window: the caller must then not check the
    password."""
    limits = login_limits()
    by_address = address_key(client_address)
    wait = _count_attempt(by_address, limit=limits.per_address, window=limits.window)
    if wait is not None:
        raise _refused("from this address", wait)
    by_account = account_key(username)
    wait = _count_attempt(by_account, limit=limits.per_account, window=limits.window)
    if wait is not None:
        raise _refused("on this account", wait)
    return LoginAttempt(account_key=by_account, address_key=by_address)


def login_attempt_succeeded(attempt: LoginAttempt) -> None:
    """A success is not a failure: take the attempt back from the address (so an office
    behind one address is limited by its failures only), and start the account afresh."""
    counter_clear(key=attempt.account_key)
    counter_take_back(key=attempt.address_key)


class LoginCode(ResultCode):
    """What `member_authenticate` answers besides a member."""

    INVALID_CREDENTIALS = (
        "INVALID_CREDENTIALS",
        "Unknown username, wrong password or inactive account (one answer for all, so nobody "
        "learns which).",
    )


def member_authenticate(*, username: str, password: str, client_address: str) -> Member:
    """The active member these credentials belong to.

    Raises `ServiceError` (LoginCode.INVALID_CREDENTIALS) otherwise (unknown username,
    wrong password, deactivated member: one answer for all, so nobody learns which). Goes
    through Django's `authenticate()`, hence the throttling backend: raises `RateLimited`
    without checking the password when the client's address or the account is over its
    limit of failed logins.
    """
    user = authenticate(None, username=username, password=password, client_address=client_address)
    if not isinstance(user, Member):
        raise ServiceError.single(
            LoginCode.INVALID_CREDENTIALS, "Unknown username or wrong password."
        )
    return user


# --- Erasure (GDPR article 17) --------------------------------------------------------------

# What an erased member is called wherever their contributions stay.
ERASED_NAME = "Ancien membre"


class MemberEraseCode(ResultCode):
    """What `member_erase` answers besides an erased account."""

    FORBIDDEN = (
        "FORBIDDEN",
        "Only the member themselves, or staff holding the personal-data permission, erase an "
        "account.",
    )
    WRONG_PASSWORD = (
        "WRONG_PASSWORD",
        "The password typed to confirm is not the account's: nothing was erased.",
    )


def member_erase(
    *,
    actor: Member,
    member_id: int,
    password: str | None = None,
    client_address: str = "",
    personal_data_permission: bool = False,
) -> Member:
    """Erase `member_id`'s account, irreversibly (GDPR article 17), in one transaction.

    Their identity goes: display name "Ancien membre <id>", username "ancien-membre-<id>",
    email, first and last names and customer number cleared, no usable password, inactive
    (so their sessions no longer authenticate: Django checks the password's hash on each
    request) and their session rows deleted; their notifications, follows, and the notes of
    reports they filed are deleted. Their public contributions stay in the discussions
    under the neutral name, and their votes stay counted (each vote count equals its vote
    rows before and after; one vote per member still holds). An audit event
    `member.erase` names them by internal id only.

    `actor`: the member themselves, who confirms with their `password` (checked through
    the login throttle, counted against `client_address`), or staff with the personal-data
    permission (`personal_data_permission`, checked by the back office). Raises ServiceError
    (MemberEraseCode.FORBIDDEN, .WRONG_PASSWORD); `RateLimited` past the login limits.
    An account already erased is refused as FORBIDDEN (nothing is left to erase)."""
    with transaction.atomic():
        member = Member.objects.select_for_update().filter(pk=member_id).first()
        if member is None or not can_handle_personal_data(
            Viewer(actor), member, personal_data_permission=personal_data_permission
        ):
            raise ServiceError.single(MemberEraseCode.FORBIDDEN, "You may not erase this account.")
        if actor.pk == member.pk and not _password_confirms(member, password, client_address):
            raise ServiceError.single(
                MemberEraseCode.WRONG_PASSWORD, "The password is not right.", "password"
            )
        member.display_name = f"{ERASED_NAME} {member.pk}"
        member.username = f"ancien-membre-{member.pk}"
        member.email = ""
        member.first_name = ""
        member.last_name = ""
        member.customer_number = None
        member.set_unusable_password()
        member.is_active = False
        member.is_staff = False
        member.is_superuser = False
        member.is_committee_chair = False
        member.last_login = None
        member.erased_at = timezone.now()
        # Nothing they chose stays either (their e-mail choices are deleted below).
        member.language = Language.FR
        member.save()
        member.groups.clear()
        member.user_permissions.clear()
        Notification.objects.filter(recipient=member).delete()
        NotificationPreference.objects.filter(member=member).delete()
        EmailDigest.objects.filter(member=member).delete()
        Follow.objects.filter(member=member).delete()
        Flag.objects.filter(reporter=member).update(text="")
        _end_sessions(member.pk)
        audit_record(
            actor=None if actor.pk == member.pk else actor,
            action="member.erase",
            target=member,
            after={"by": "self" if actor.pk == member.pk else "staff"},
        )
        record(OutboxEventKind.MEMBER_ERASED, member_id=member.pk)
    return member


class MemberLanguageSetCode(ResultCode):
    """What `member_language_set` answers besides the member."""

    UNCHANGED = "UNCHANGED", "This was already the member's language: nothing changed."


def member_language_set(*, member: Member, language: Language) -> Outcome[Member]:
    """`member` chooses the language the community writes to them in away from the website
    (their e-mails). Choosing the one they have writes nothing and answers UNCHANGED."""
    with transaction.atomic():
        locked = Member.objects.select_for_update().get(pk=member.pk)
        if locked.language == language:
            member.language = locked.language
            return Outcome(
                member,
                rows=(member,),
                already=FieldError(
                    MemberLanguageSetCode.UNCHANGED, "This is already your language.", "language"
                ),
            )
        Member.objects.filter(pk=member.pk).update(language=language)
        member.language = language
    return Outcome(member, rows=(member,))


def _password_confirms(member: Member, password: str | None, client_address: str) -> bool:
    # Through `authenticate()`, hence the login throttle: erasure is no password oracle.
    if not password:
        return False
    user = authenticate(
        None,
        username=member.get_username(),
        password=password,
        client_address=client_address,
    )
    return isinstance(user, Member) and user.pk == member.pk


def _end_sessions(member_id: int) -> None:
    """Delete the member's sessions from the session store (the database's table; a cache
    store forgets them when they expire, and they no longer authenticate anyway)."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == str(member_id)
    ]
    Session.objects.filter(pk__in=ended).delete()


# --- Retention --------------------------------------------------------------------------------

# Rows deleted per statement: an hourly run never holds long locks.
RETENTION_BATCH = 1000
# A daily digest's record only keeps its day to one digest: a week is ample.
EMAIL_DIGEST_DAYS = 7


@dataclass(frozen=True, slots=True)
class RetentionReport:
    """How many rows each rule of the schedule deleted."""

    read_notifications: int
    unread_notifications: int
    expired_sessions: int
    expired_counters: int
    email_digests: int


def _delete_in_batches(queryset: QuerySet[Any]) -> int:
    deleted = 0
    while True:
        ids = list(queryset.values_list("pk", flat=True)[:RETENTION_BATCH])
        if not ids:
            return deleted
        deleted += queryset.model._default_manager.filter(pk__in=ids).delete()[0]


def retention_apply(*, now: datetime | None = None) -> RetentionReport:
    """Delete what the retention schedule says is no longer kept (README, "Personal data"):
    notifications read more than COMPTOIR_RETENTION_READ_NOTIFICATIONS_DAYS days ago or
    never read after COMPTOIR_RETENTION_UNREAD_NOTIFICATIONS_DAYS days, sessions past their
    expiry, rate-limit counters past their window (the database's store; Redis expires its
    own), the records of daily digests older than EMAIL_DIGEST_DAYS (they keep a day to one
    digest). Idempotent and in batches: safe to run every hour, beside the site."""
    now = now or timezone.now()
    read = Notification.objects.filter(
        read_at__lt=now - timedelta(days=settings.COMPTOIR_RETENTION_READ_NOTIFICATIONS_DAYS)
    )
    unread = Notification.objects.filter(
        read_at__isnull=True,
        created_at__lt=now - timedelta(days=settings.COMPTOIR_RETENTION_UNREAD_NOTIFICATIONS_DAYS),
    )
    return RetentionReport(
        read_notifications=_delete_in_batches(read),
        unread_notifications=_delete_in_batches(unread),
        expired_sessions=_delete_in_batches(Session.objects.filter(expire_date__lt=now)),
        expired_counters=_delete_in_batches(Counter.objects.filter(expires_at__lt=now.timestamp())),
        email_digests=_delete_in_batches(
            EmailDigest.objects.filter(created_at__lt=now - timedelta(days=EMAIL_DIGEST_DAYS))
        ),
    )
