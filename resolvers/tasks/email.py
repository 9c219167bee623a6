"""E-mail: members told of their notifications by e-mail, as each of them chose
(`NotificationPreference`: IN_APP, IMMEDIATE or DAILY_DIGEST; defaults in
`models.notifications.DEFAULT_DELIVERIES`).

- `deliver(event)` (one of the outbox's `DELIVERIES`): for a NOTIFICATIONS_CREATED event,
  each recipient who wants IMMEDIATE e-mails of that kind gets a task of their own,
  `send_notification_email`, so that one failing address never holds back the others. The
  notifications are marked e-mailed (`Notification.emailed_at`) in the transaction that
  enqueues those tasks: an event dispatched again (a worker that died half-way) finds
  them marked and sends nothing twice.
- `digests_gather()` (`manage.py send_email_digests`, run daily by cron): for each member
  with DAILY_DIGEST kinds, their unread notifications of those kinds not e-mailed yet
  (from the last `DIGEST_WINDOW`) go into one e-mail, `send_digest`; an `EmailDigest` row
  per member and day, in the same transaction, keeps a day to one digest.

Sending goes through Django's e-mail framework (settings: EMAIL_BACKEND, EMAIL_HOST, ...),
in the member's language (`Member.language`), as a text part and an HTML part written from
the website's templates (`web/templates/email/`), with a link to the website (SITE_URL)
and RFC 8058 one-click unsubscribe headers. Each notification's text is its builder's
(`render`), from what its reader may see when the e-mail is written: a reply hidden since
the event is not quoted. Nobody is written to who was erased, is inactive or has no
address. A send that fails for a passing reason (the SMTP server unreachable, a 4xx
answer) is enqueued again later (`RETRY_DELAYS`); an address refused for good is not.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import Truncator
from django_tasks import task

from models.models import (
    EmailDigest,
    Member,
    Notification,
    NotificationDelivery,
    NotificationKind,
    NotificationPreference,
    OutboxEvent,
    OutboxEventKind,
)
from permissions.roles import Viewer

from ..links import (
    email_preferences_link,
    idea_link,
    notifications_link,
    thread_link,
    unsubscribe_link,
)
from ..selectors.notifications import NotificationRows, notification_rows
from ..services.notifications import (
    DIGEST,
    Shown,
    deliveries_for,
    render,
    unsubscribe_token,
)

logger = logging.getLogger(__name__)

# Kinds about a reply or a comment, whose e-mail quotes its beginning (when its reader may
# see it), so that the member reads the answer in the e-mail itself.
QUOTED_KINDS = frozenset(
    {
        NotificationKind.OFFICIAL_ANSWER,
        NotificationKind.THREAD_REPLY,
        NotificationKind.SUGGESTION_COMMENT,
    }
)
EXCERPT_CHARS = 600
SUBJECT_CHARS = 150
# A digest gathers the notifications of this last period (a day missed by cron is not
# lost; a kind switched to the digest does not bring weeks of old ones), and lists at most
# DIGEST_ITEMS of them (the rest are counted, on the notifications page).
DIGEST_WINDOW = timedelta(days=7)
DIGEST_ITEMS = 50
# After a failed attempt, the next one waits this long; after the last, the task fails
# (django-tasks records it). About half an hour in all.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=2),
    timedelta(minutes=5),
    timedelta(minutes=10),
    timedelta(minutes=15),
)


class AddressRefused(Exception):
    """The recipient's mail server refused the address for good (5xx): not retried. Says
    nothing of the address (task results and logs hold no personal data)."""


class SendFailed(Exception):
    """Every attempt failed for a passing reason; names the last error's class only (its
    text may name the address)."""


def emailable(members: QuerySet[Member]) -> QuerySet[Member]:
    """Those of `members` Comptoir writes to: active, not erased, with an address."""
    return members.filter(is_active=True, erased_at__isnull=True).exclude(email="")


# --- At once -----------------------------------------------------------------------------


def deliver(event: OutboxEvent) -> None:
    """Queue the e-mails an outbox event calls for: for NOTIFICATIONS_CREATED, one task per
    recipient whose delivery of the notification's kind is IMMEDIATE and who may be
    written to, with the notifications marked e-mailed in the same transaction (those
    already marked are skipped: an event dispatched again sends nothing twice)."""
    if event.kind != OutboxEventKind.NOTIFICATIONS_CREATED or not event.recipient_ids:
        return
    with transaction.atomic():
        notes = list(
            Notification.objects.select_for_update()
            .filter(
                event_key=event.notification_key,
                recipient_id__in=event.recipient_ids,
                emailed_at__isnull=True,
            )
            .order_by("pk")
        )
        if not notes:
            return
        recipients = [note.recipient_id for note in notes]
        wanted = deliveries_for(recipients, notes[0].kind)
        reachable = set(
            emailable(Member.objects.filter(pk__in=recipients)).values_list("pk", flat=True)
        )
        due = [
            note
            for note in notes
            if note.recipient_id in reachable
            and wanted[note.recipient_id] == NotificationDelivery.IMMEDIATE
        ]
        if not due:
            return
        Notification.objects.filter(pk__in=[note.pk for note in due]).update(
            emailed_at=timezone.now()
        )
        for note in due:
            send_notification_email.enqueue(note.pk)


@task()
def send_notification_email(notification_id: int, attempt: int = 1) -> None:
    """Write the e-mail of one notification to its recipient. Nothing when the
    notification is gone (erasure, retention) or its recipient may no longer be written
    to."""
    note = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, recipient__in=emailable(Member.objects.all()))
        .first()
    )
    if note is None:
        return
    _send(
        notification_email(note),
        attempt,
        lambda at: send_notification_email.using(run_after=at).enqueue(
            notification_id, attempt + 1
        ),
    )


def notification_email(note: Notification) -> EmailMultiAlternatives:
    """The e-mail telling `note`'s recipient of it, in their language, from what they may
    see now."""
    member = note.recipient
    with translation.override(member.language):
        rows = notification_rows(viewer=Viewer(member), notes=[note])
        shown = rows.shown(note)
        text = render(note, shown)
        excerpt = None
        if note.kind in QUOTED_KINDS and shown.post is not None:
            excerpt = Truncator(shown.post.body.strip()).chars(EXCERPT_CHARS)
        context = {
            "kind": note.kind,
            "text": text,
            "excerpt": excerpt,
            # The text part quotes it as mail does, a "> " before each line.
            "quoted": "\n".join(f"> {line}".rstrip() for line in excerpt.splitlines())
            if excerpt
            else "",
            "link": _link(note, shown),
        }
        return _message(
            member,
            subject=_subject_line(text),
            template="email/notification",
            context=context,
            scope=note.kind,
        )


def _subject_line(text: str) -> str:
    # One line (a header), without the sentence's full stop, short enough for a mail list.
    line = " ".join(text.split()).removesuffix(".")
    return Truncator(line).chars(SUBJECT_CHARS)


def _link(note: Notification, shown: Shown) -> str:
    """Where the notification leads on the website, as the website's notifications page
    does: the reply or comment, else the idea or thread; the notifications page when its
    reader may see none of them."""
    post = shown.post
    if shown.suggestion is not None and post is not None:
        return idea_link(shown.suggestion.pk, post.pk)
    if post is not None:
        return thread_link(post.thread_id, post.pk)
    if shown.suggestion is not None:
        return idea_link(shown.suggestion.pk)
    if shown.thread is not None:
        return thread_link(shown.thread.pk)
    return notifications_link()


# --- Daily digest --------------------------------------------------------------------------


def digests_gather(*, now: datetime | None = None) -> int:
    """Gather each member's daily digest and enqueue its sending: the unread notifications
    of their DAILY_DIGEST kinds not e-mailed yet, created in the last DIGEST_WINDOW. A
    member gets one digest a day (in TIME_ZONE) at most: a second run the same day finds
    their `EmailDigest` and leaves what came since for the next day. Returns how many
    digests were enqueued. Idempotent; safe to run several times a day."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    members = (
        emailable(Member.objects.all())
        .filter(notification_preferences__delivery=NotificationDelivery.DAILY_DIGEST)
        .exclude(email_digests__day=day)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(_gather(member_id, day=day, now=now) for member_id in list(members))


def _gather(member_id: int, *, day: date, now: datetime) -> bool:
    with transaction.atomic():
        kinds = NotificationPreference.objects.filter(
            member_id=member_id, delivery=NotificationDelivery.DAILY_DIGEST
        ).values_list("kind", flat=True)
        ids = list(
            Notification.objects.select_for_update()
            .filter(
                recipient_id=member_id,
                kind__in=list(kinds),
                emailed_at__isnull=True,
                read_at__isnull=True,
                created_at__gte=now - DIGEST_WINDOW,
            )
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            return False
        digest, created = EmailDigest.objects.get_or_create(
            member_id=member_id, day=day, defaults={"notification_count": len(ids)}
        )
        if not created:
            return False
        Notification.objects.filter(pk__in=ids).update(emailed_at=now)
        send_digest.enqueue(digest.pk, ids)
    return True


@task()
def send_digest(digest_id: int, notification_ids: list[int], attempt: int = 1) -> None:
    """Write one member's daily digest: the notifications `notification_ids` (those still
    theirs: erasure and retention delete some). Nothing when none is left or the member
    may no longer be written to."""
    digest = (
        EmailDigest.objects.select_related("member")
        .filter(pk=digest_id, member__in=emailable(Member.objects.all()))
        .first()
    )
    if digest is None:
        return
    notes = list(
        Notification.objects.filter(pk__in=notification_ids, recipient=digest.member).order_by(
            "created_at", "pk"
        )
    )
    if not notes:
        return
    _send(
        digest_email(digest.member, notes),
        attempt,
        lambda at: send_digest.using(run_after=at).enqueue(
            digest_id, notification_ids, attempt + 1
        ),
    )


def digest_email(member: Member, notes: Iterable[Notification]) -> EmailMultiAlternatives:
    """`member`'s digest of `notes`, in their language, each notification's text from what
    they may see now."""
    notes = list(notes)
    with translation.override(member.language):
        rows: NotificationRows = notification_rows(viewer=Viewer(member), notes=notes)
        items = []
        for note in notes[:DIGEST_ITEMS]:
            shown = rows.shown(note)
            items.append(
                {
                    "kind": note.kind,
                    "text": render(note, shown),
                    "link": _link(note, shown),
                    "created_at": note.created_at,
                }
            )
        context = {
            "items": items,
            "count": len(notes),
            "more": max(0, len(notes) - DIGEST_ITEMS),
            "notifications_link": notifications_link(),
        }
        subject = render_to_string("email/digest_subject.txt", context)
        return _message(
            member,
            subject=" ".join(subject.split()),
            template="email/digest",
            context=context,
            scope=DIGEST,
        )


# --- Writing and sending ---------------------------------------------------------------------


def _message(
    member: Member, *, subject: str, template: str, context: dict[str, Any], scope: str
) -> EmailMultiAlternatives:
    """The e-mail to `member` (in the active language): `template`.txt and .html with
    `context`, the member's name, their preferences page and the unsubscribe link of
    `scope` (a kind, or DIGEST), also as RFC 8058 headers: `List-Unsubscribe` (the HTTPS
    URL, in angle brackets, RFC 2369) and `List-Unsubscribe-Post:
    List-Unsubscribe=One-Click`, which lets mail clients unsubscribe with one POST."""
    unsubscribe = unsubscribe_link(unsubscribe_token(member_id=member.pk, scope=scope))
    context = {
        **context,
        "name": member.display_name,
        "preferences_link": email_preferences_link(),
        "unsubscribe_link": unsubscribe,
        "digest": scope == DIGEST,
        "language": translation.get_language(),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        # One line ending the text, whatever the template's blank lines.
        body=render_to_string(f"{template}.txt", context).strip() + "\n",
        to=[member.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: written by a program; out-of-office replies should not answer it.
            "Auto-Submitted": "auto-generated",
            "Content-Language": translation.get_language(),
        },
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def _send(
    message: EmailMultiAlternatives, attempt: int, again: Callable[[datetime], object]
) -> None:
    """Send `message`; on a passing failure, `again(when)` enqueues the next attempt
    (until RETRY_DELAYS are spent: then the failure is raised, and the task fails). An
    address refused for good raises AddressRefused at once."""
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _reply in exc.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            # `from None`: the original names the address.
            raise AddressRefused("The recipient's mail server refused the address.") from None
        _again(attempt, again, exc)
    except (smtplib.SMTPException, OSError) as exc:
        _again(attempt, again, exc)


def _again(attempt: int, again: Callable[[datetime], object], exc: Exception) -> None:
    if attempt > len(RETRY_DELAYS):
        raise SendFailed(f"{type(exc).__name__} at each of {attempt} attempts.") from None
    delay = RETRY_DELAYS[attempt - 1]
    logger.warning(
        "e-mail not sent (%s, attempt %s): trying again in %s", type(exc).__name__, attempt, delay
    )
    again(timezone.now() + delay)
