"""In-app notifications, written in the same transaction as the event they tell about.

One builder per kind (DESIGN §8.14) says everything about that kind: `event(...)` gives the
event's key, the rows it refers to and the facts its text needs that are not content (a
status, an outcome, a moderator's reason); `text(note, shown)` writes the sentence a reader
sees. Services, the demo loader and the tests all go through the builders.

A notification stores no text taken from content: a title quoted when the event happened
would outlive the hiding of its suggestion. The text is written when it is read
(`resolvers/selectors/notifications.py`), from the rows the reader may see at that moment
(the row scopes, `permissions/rows.py`): whatever they can no longer see is not quoted,
and the sentence says it is no longer visible. The wording is French, like the rest of the
community (README, "Notifications"), and is written in the active language: the texts are
French gettext messages, which resolvers/locale/en translates for English readers (the
website's English pages, e-mails to members who chose English).

Each event has a key ("decision:42:published"); with the recipient it is unique in the
database, so a retried event never notifies anyone twice.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from models.models import (
    Decision,
    DecisionOutcome,
    Member,
    Notification,
    NotificationDelivery,
    NotificationKind,
    NotificationPreference,
    OutboxEventKind,
    Post,
    Role,
    StatusChange,
    Suggestion,
    SuggestionStatus,
    Thread,
    default_delivery,
)
from permissions.policies import can_view_hidden
from permissions.roles import Viewer

from ..bounds import utc_iso
from ..errors import FieldError, Outcome, ResultCode, ServiceError
from ..outbox import record
from ..sensitive import SensitiveKind
from ..text import MaskedNumber

# --- What a notification is about, and what its reader may see of it -----------------------


@dataclass(frozen=True, slots=True)
class NotificationEvent:
    """One event to tell about: its kind and key, the ids of the rows it refers to, and the
    non-content facts its text needs. `row()` is one recipient's notification of it."""

    kind: NotificationKind
    key: str
    actor_id: int | None = None
    suggestion_id: int | None = None
    # SUGGESTION_MARKED_DUPLICATE: the suggestion merged into `suggestion_id`.
    duplicate_id: int | None = None
    thread_id: int | None = None
    post_id: int | None = None
    # SUGGESTION_STATUS_CHANGED: the move.
    from_status: str = ""
    to_status: str = ""
    # DECISION_PUBLISHED: the committee's outcome.
    outcome: str = ""
    # CONTENT_HIDDEN: the moderator's words to the author (not the content itself).
    reason: str = ""
    # SENSITIVE_NUMBER_MASKED: the kinds masked, comma-separated (never a number).
    masked_kinds: str = ""

    def row(
        self, recipient_id: int, *, created_at: datetime, read_at: datetime | None = None
    ) -> Notification:
        """The unsaved notification of this event for one recipient."""
        return Notification(
            recipient_id=recipient_id,
            kind=self.kind,
            event_key=self.key,
            actor_id=self.actor_id,
            suggestion_id=self.suggestion_id,
            duplicate_id=self.duplicate_id,
            thread_id=self.thread_id,
            post_id=self.post_id,
            from_status=self.from_status,
            to_status=self.to_status,
            outcome=self.outcome,
            reason=self.reason,
            masked_kinds=self.masked_kinds,
            created_at=created_at,
            read_at=read_at,
        )


@dataclass(frozen=True, slots=True)
class Shown:
    """The rows a notification refers to, as its reader may see them now: None for a row
    they may not see (hidden, out of reach) or that no longer exists."""

    actor: Member | None = None
    suggestion: Suggestion | None = None
    duplicate: Suggestion | None = None
    thread: Thread | None = None
    post: Post | None = None


# Statuses and outcomes as notification texts name them: the models' French labels (a test
# holds them equal), marked for the English catalog.
_STATUS_WORDS = {
    SuggestionStatus.SUBMITTED: gettext_lazy("Proposée"),
    SuggestionStatus.UNDER_REVIEW: gettext_lazy("En cours d'étude"),
    SuggestionStatus.SHORTLISTED: gettext_lazy("Présentée au comité"),
    SuggestionStatus.RETAINED: gettext_lazy("Retenue"),
    SuggestionStatus.DEFERRED: gettext_lazy("En attente"),
    SuggestionStatus.REJECTED: gettext_lazy("Non retenue"),
    SuggestionStatus.IN_PROGRESS: gettext_lazy("En cours de réalisation"),
    SuggestionStatus.DELIVERED: gettext_lazy("Réalisée"),
    SuggestionStatus.DUPLICATE: gettext_lazy("Doublon"),
    SuggestionStatus.WITHDRAWN: gettext_lazy("Retirée par son auteur"),
}
_OUTCOME_WORDS = {
    DecisionOutcome.RETAINED: gettext_lazy("Retenue"),
    DecisionOutcome.DEFERRED: gettext_lazy("Reportée"),
    DecisionOutcome.REJECTED: gettext_lazy("Non retenue"),
}


def _quote(title: str) -> str:
    return _("« %(title)s »") % {"title": title}


class NotificationBuilder(ABC):
    """The builder of one notification kind: subclasses set `kind`, define an `event(...)`
    constructor and `text`. Every kind has exactly one (checked at import)."""

    kind: ClassVar[NotificationKind]
    registry: ClassVar[dict[str, type[NotificationBuilder]]] = {}

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        assert cls.kind not in NotificationBuilder.registry, f"two builders for {cls.kind}"
        NotificationBuilder.registry[cls.kind] = cls

    @staticmethod
    @abstractmethod
    def text(note: Notification, shown: Shown) -> str:
        """The sentence the reader sees, quoting only what `shown` holds."""


class OfficialAnswer(NotificationBuilder):
    """An adviser answered a question (told to its author)."""

    kind = NotificationKind.OFFICIAL_ANSWER

    @staticmethod
    def event(*, post: Post) -> NotificationEvent:
        return NotificationEvent(
            kind=NotificationKind.OFFICIAL_ANSWER,
            key=f"post:{post.pk}:official_answer",
            actor_id=post.author_id,
            thread_id=post.thread_id,
            post_id=post.pk,
        )

    @staticmethod
    def text(note: Notification, shown: Shown) -> str:
        if shown.thread is None:
            return _("Une réponse à l'une de vos questions n'est plus visible.")
        question = _quote(shown.thread.title)
        if shown.post is None:
            return _("Une réponse à votre question %(question)s n'est plus visible.") % {
                "question": question
            }
        who = shown.actor.display_name if shown.actor is not None else _("Un conseiller")
        return _("%(who)s a répondu à votre question %(question)s.") % {
            "who": who,
            "question": question,
        }


class QuestionResolved(NotificationBuilder):
    """Someone else (an adviser) resolved a question (told to its author)."""

    kind = NotificationKind.QUESTION_RESOLVED

    @staticmethod
    def event(*, thread: Thread, actor: Member, at: datetime) -> NotificationEvent:
        # The instant is part of the event: resolving again after a reopen is a new one.
        return NotificationEvent(
            kind=NotificationKind.QUESTION_RESOLVED,
            key=f"thread:{thread.pk}:resolved:{utc_iso(at)}",
            actor_id=actor.pk,
            thread_id=thread.pk,
        )

    @staticmethod
    def text(note: Notification, shown: Shown) -> str:
        if shown.thread is None:
            return _("L'une de vos questions, qui n'est plus visible, a été marquée résolue.")
        who = shown.actor.display_name if shown.actor is not None else _("un conseiller")
        return _("Votre question %(question)s a été marquée résolue par %(who)s.") % {
            "question": _quote(shown.thread.title),
            "who": who,
        }


class SuggestionStatusChanged(NotificationBuilder):
    """A followed suggestion moved (told to its followers)."""

    kind = NotificationKind.SUGGESTION_STATUS_CHANGED

    @staticmethod
    def event(*, change: StatusChange) -> NotificationEvent:
        return NotificationEvent(
            kind=NotificationKind.SUGGESTION_STATUS_CHANGED,
            key=f"status_change:{change.pk}",
            actor_id=change.actor_id,
            suggestion_id=change.suggestion_id,
            from_status=change.from_status,
            to_status=change.to_status,
        )

    @staticmethod
    def text(note: Notification, shown: Shown) -> str:
        if shown.suggestion is None:
            return _("Une idée que vous suivez a changé de statut ; elle n'est plus visible.")
        return _("%(idea)s : %(before)s → %(after)s.") % {
            "idea": _quote(shown.suggestion.title),
            "before": _STATUS_WORDS[SuggestionStatus(note.from_status)],
            "after": _STATUS_WORDS[SuggestionStatus(note.to_status)],
        }


class DecisionPublished(NotificationBuilder):
    """The committee's decision on a suggestion was published (told to its voters and
    followers)."""

    kind = NotificationKind.DECISION_PUBLISHED

    @staticmethod
    def event(*, decision: Decision, actor: Member) -> NotificationEvent:
        return NotificationEvent(
            kind=NotificationKind.DECISION_PUBLISHED,
            key=f"decision:{decision.pk}:published",
            actor_id=actor.pk,
            suggestion_id=decision.suggestion_id,
            outcome=decision.outcome,
        )

    @staticmethod
    def text(note: Notification, shown: Shown) -> str:
        if shown.suggestion is None:
            return _("Le comité a décidé sur une idée que vous soutenez ; elle n'est plus visible.")
        return _("Le comité a décidé : %(idea)s — %(outcome)s.") % {
            "idea": _quote(shown.suggestion.title),
            "outcome": _OUTCOME_WORDS[DecisionOutcome(note.outcome)],
        }

    @staticmethod
    def preview(*, decision: Decision, suggestion: Suggestion | None) -> str:
        """The text the voters and followers of `decision`'s suggestion will read once it
        is published (the chair's preview of a draft): `text` of the notification
        publishing would write, with `suggestion` as they see it (None: not visible)."""
        note = Notification(
            kind=NotificationKind.DECISION_PUBLISHED,
            suggestion_id=decision.suggestion_id,
            outcome=decision.outcome,
        )
        return DecisionPublished.text(note, Shown(suggestion=suggestion))


class SuggestionMarkedDuplicate(NotificationBuilder):
    """A suggestion was merged into another (told to its author, voters and followers)."""

    kind = NotificationKind.SUGGESTION_MARKED_DUPLICATE

    @staticmethod
    def event(*, duplicate: Suggestion, original: Suggestion, actor: Member) -> NotificationEvent:
        return NotificationEvent(
            kind=NotificationKind.SUGGESTION_MARKED_DUPLICATE,
            key=f"duplicate:{duplicate.pk}",
            actor_id=actor.pk,
            suggestion_id=original.pk,
            duplicate_id=duplicate.pk,
        )

    @staticmethod
    def text(note: Notification, shown: Shown) -> str:
        duplicate, original = shown.duplicate, shown.suggestion
        if duplicate is not None and original is not None:
            return _("%(duplicate)s rejoint %(original)s : vos votes suivent.") % {
                "duplicate": _quote(duplicate.title),
                "original": _quote(original.title),
            }
        if original is not None:
            return _(
                "Une idée qui n'est plus visible rejoint %(original)s : vos votes suivent."
            ) % {"original": _quote(original.title)}
        if duplicate is not None:
            return _("%(duplicate)s rejoint une idée qui n'est plus visible.") % {
                "duplicate": _quote(duplicate.title)
            }
        return _("Une idée que vous soutenez en a rejoint une autre ; elles ne sont plus visibles.")


class ContentHidden(NotificationBuilder):
    """A moderator hid something a member wrote (told to its author, with the reason)."""

    kind = NotificationKind.CONTENT_HIDDEN

    @staticmethod
    def event(*, content: Thread | Post | Suggestion) -> NotificationEvent:
        """`content` just hidden: its hiding instant, moderator and reason are set."""
        assert content.hidden_at is not None
        # With the instant: hiding again after an unhide is a new event.
        key = f"{type(content).__name__.lower()}:{content.pk}:hidden:{utc_iso(content.hidden_at)}"
        post = content if isinstance(content, Post) else None
        suggestion = content if isinstance(content, Suggestion) else None
        thread_id = content.pk if isinstance(content, Thread) else None
        return NotificationEvent(
            kind=NotificationKind.CONTENT_HIDDEN,
            key=key,
            actor_id=content.hidden_by_id,
            suggestion_id=suggestion.pk if suggestion is not None else None,
            # A reply is named with its thread, which its text quotes.
            thread_id=post.thread_id if post is not None else thread_id,
            post_id=post.pk if post is not None else None,
            reason=content.hidden_reason,
        )

    @staticmethod
    def text(note: Notification, shown: Shown) -> str:
        reason = note.reason
        if note.post_id is not None:
            if shown.thread is None:
                return _(
                    "Votre réponse dans un fil qui n'est plus visible a été masquée par un "
                    "conseiller : %(reason)s"
                ) % {"reason": reason}
            return _(
                "Votre réponse dans %(thread)s a été masquée par un conseiller : %(reason)s"
            ) % {"thread": _quote(shown.thread.title), "reason": reason}
        if note.suggestion_id is not None:
            if shown.suggestion is None:
                return _(
                    "Votre idée, qui n'est plus visible, a été masquée par un conseiller : "
                    "%(reason)s"
                ) % {"reason": reason}
            return _("Votre idée %(idea)s a été masquée par un conseiller : %(reason)s") % {
                "idea": _quote(shown.suggestion.title),
                "reason": reason,
            }
        if shown.thread is None:
            return _(
                "Votre fil, qui n'est plus visible, a été masqué par un conseiller : %(reason)s"
            ) % {"reason": reason}
        return _("Votre fil %(thread)s a été masqué par un conseiller : %(reason)s") % {
            "thread": _quote(shown.thread.title),
            "reason": reason,
        }


class ThreadReplied(NotificationBuilder):
    """A new reply in a café thread (told to its followers but its author)."""

    kind = NotificationKind.THREAD_REPLY

    @staticmethod
    def event(*, post: Post) -> NotificationEvent:
        return NotificationEvent(
            kind=NotificationKind.THREAD_REPLY,
            key=f"post:{post.pk}:reply",
            actor_id=post.author_id,
            thread_id=post.thread_id,
            post_id=post.pk,
        )

    @staticmethod
    def text(note: Notification, shown: Shown) -> str:
        if shown.thread is None:
            return _("Une nouvelle réponse dans un fil que vous suivez ; il n'est plus visible.")
        thread = _quote(shown.thread.title)
        if shown.post is None:
            return _("Une réponse dans %(thread)s n'est plus visible.") % {"thread": thread}
        who = shown.actor.display_name if shown.actor is not None else _("Un membre")
        return _("%(who)s a répondu dans %(thread)s.") % {"who": who, "thread": thread}


class SuggestionCommented(NotificationBuilder):
    """A new comment on a suggestion (told to its author and followers but the comment's
    author)."""

    kind = NotificationKind.SUGGESTION_COMMENT

    @staticmethod
    def event(*, post: Post, suggestion_id: int) -> NotificationEvent:
        """`post`: a reply in the discussion of the suggestion `suggestion_id`."""
        return NotificationEvent(
            kind=NotificationKind.SUGGESTION_COMMENT,
            key=f"post:{post.pk}:comment",
            actor_id=post.author_id,
            suggestion_id=suggestion_id,
            thread_id=post.thread_id,
            post_id=post.pk,
        )

    @staticmethod
    def text(note: Notification, shown: Shown) -> str:
        if shown.suggestion is None:
            return _("Un commentaire sur une idée que vous suivez ; elle n'est plus visible.")
        idea = _quote(shown.suggestion.title)
        if shown.post is None:
            return _("Un commentaire sur l'idée %(idea)s n'est plus visible.") % {"idea": idea}
        who = shown.actor.display_name if shown.actor is not None else _("Un membre")
        return _("%(who)s a commenté l'idée %(idea)s.") % {"who": who, "idea": idea}


# What each kind of number is called in a notification's text.
_NUMBER_WORDS = {
    SensitiveKind.IBAN: gettext_lazy("un IBAN"),
    SensitiveKind.PAYMENT_CARD: gettext_lazy("un numéro de carte"),
    SensitiveKind.PHONE_NUMBER: gettext_lazy("un numéro de téléphone"),
    SensitiveKind.SOCIAL_SECURITY_NUMBER: gettext_lazy("un numéro de sécurité sociale"),
}


class SensitiveNumberMasked(NotificationBuilder):
    """A customer wrote a sensitive number (IBAN, card, phone, NIR) in a thread, a reply or
    an idea; it was masked before it was stored, and the advisers are told, privately, so
    that one of them may contact the customer. The text names the kinds masked and where,
    never the number (which nothing kept)."""

    kind = NotificationKind.SENSITIVE_NUMBER_MASKED

    @staticmethod
    def event(
        *, content: Thread | Post | Suggestion, author: Member, kinds: Iterable[SensitiveKind]
    ) -> NotificationEvent:
        """`content`: what `author` just wrote, with `kinds` masked in it. A reply is named
        with its thread, and a comment with its idea too."""
        name = type(content).__name__.lower()
        written = getattr(content, "edited_at", None) or content.created_at
        post = content if isinstance(content, Post) else None
        thread_id = post.thread_id if post is not None else None
        suggestion_id = content.pk if isinstance(content, Suggestion) else None
        if isinstance(content, Thread):
            thread_id = content.pk
        if post is not None:
            suggestion_id = Thread.objects.filter(pk=post.thread_id).values_list(
                "suggestion_id", flat=True
            )[0]
        return NotificationEvent(
            kind=NotificationKind.SENSITIVE_NUMBER_MASKED,
            # With the instant it was written: an edit with another number is a new event.
            key=f"{name}:{content.pk}:masked:{utc_iso(written)}",
            actor_id=author.pk,
            suggestion_id=suggestion_id,
            thread_id=thread_id,
            post_id=post.pk if post is not None else None,
            masked_kinds=",".join(dict.fromkeys(SensitiveKind(k) for k in kinds)),
        )

    @staticmethod
    def text(note: Notification, shown: Shown) -> str:
        words = [str(_NUMBER_WORDS[SensitiveKind(k)]) for k in note.masked_kinds.split(",")]
        what = (
            words[0]
            if len(words) == 1
            else _("%(some)s et %(last)s") % {"some": ", ".join(words[:-1]), "last": words[-1]}
        )
        who = shown.actor.display_name if shown.actor is not None else _("Un client")
        if note.post_id is not None:
            if shown.post is not None and shown.suggestion is not None:
                where = _("un commentaire sur l'idée %(idea)s") % {
                    "idea": _quote(shown.suggestion.title)
                }
            elif shown.post is not None and shown.thread is not None:
                where = _("une réponse dans %(thread)s") % {"thread": _quote(shown.thread.title)}
            else:
                where = _("une réponse qui n'est plus visible")
        elif note.suggestion_id is not None:
            where = (
                _("l'idée %(idea)s") % {"idea": _quote(shown.suggestion.title)}
                if shown.suggestion is not None
                else _("une idée qui n'est plus visible")
            )
        else:
            where = (
                _("le fil %(thread)s") % {"thread": _quote(shown.thread.title)}
                if shown.thread is not None
                else _("un fil qui n'est plus visible")
            )
        return _(
            "%(who)s a écrit %(what)s dans %(where)s : masqué avant publication. "
            "Contactez ce client si besoin."
        ) % {"who": who, "what": what, "where": where}


assert set(NotificationBuilder.registry) == set(NotificationKind), "a kind has no builder"


def render(note: Notification, shown: Shown) -> str:
    """The text of a notification for a reader who may see `shown` of what it refers to."""
    return NotificationBuilder.registry[note.kind].text(note, shown)


# --- Writes ----------------------------------------------------------------------------------


def readers(member_ids: Iterable[int], *rows: Thread | Post | Suggestion) -> set[int]:
    """Of these members, those who may read what is in `rows` (a thread and its reply, a
    suggestion and its comment): all of them while none is hidden; otherwise only those the
    hidden rows' policy lets in (their authors, advisers). One query, only then."""
    ids = set(member_ids)
    hidden = [row for row in rows if row.is_hidden]
    if not hidden or not ids:
        return ids
    members = Member.objects.filter(pk__in=ids)
    return {m.pk for m in members if all(can_view_hidden(Viewer(m), row) for row in hidden)}


def notify(*, recipient_ids: Iterable[int], event: NotificationEvent) -> None:
    """Notify each recipient once of `event` (the actor is never told about their own
    action; a retried event notifies nobody twice)."""
    now = timezone.now()
    recipients = sorted({r for r in recipient_ids if r != event.actor_id})
    if not recipients:
        return
    Notification.objects.bulk_create(
        [event.row(recipient, created_at=now) for recipient in recipients],
        ignore_conflicts=True,
        batch_size=1000,
    )
    # Live badges and e-mails: a recipient already told of this event (a retry) is told
    # nothing new, since each delivery reads the notification rows themselves.
    record(
        OutboxEventKind.NOTIFICATIONS_CREATED,
        notification_key=event.key,
        recipient_ids=recipients,
    )


def notify_masked_numbers(
    *, author: Member, content: Thread | Post | Suggestion, masked: Iterable[MaskedNumber]
) -> None:
    """Tell every active adviser, privately, that a customer's text (`content`, just
    written by `author`) had sensitive numbers masked (`masked`, from `masked_numbers`):
    SENSITIVE_NUMBER_MASKED. Nothing when nothing was masked, or when the writer is not a
    customer (staff know what they wrote, and whom to call)."""
    kinds = [m.kind for m in masked]
    if not kinds or author.role != Role.CUSTOMER:
        return
    advisers = Member.objects.filter(role=Role.ADVISER, is_active=True).values_list("pk", flat=True)
    notify(
        recipient_ids=advisers,
        event=SensitiveNumberMasked.event(content=content, author=author, kinds=kinds),
    )


MAX_MARK_READ = 100


class NotificationsMarkReadCode(ResultCode):
    """What `notifications_mark_read` answers besides a count."""

    TOO_MANY = "TOO_MANY", "More notification IDs than may be marked at once (100)."


def notifications_mark_read(*, member: Member, notification_ids: list[int] | None) -> int:
    """Mark the member's own notifications read (all of them when no ids are given; ids of
    other members' notifications are ignored) and return how many stay unread, counted
    after the write in the same transaction.

    More than `MAX_MARK_READ` ids is refused as a whole (`TOO_MANY`) and marks nothing:
    the caller then reports the unchanged count (`unread_notification_count`), never a
    made-up one."""
    if notification_ids is not None and len(notification_ids) > MAX_MARK_READ:
        raise ServiceError.single(
            NotificationsMarkReadCode.TOO_MANY,
            f"At most {MAX_MARK_READ} notifications at once.",
            "ids",
        )
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    targets = unread if notification_ids is None else unread.filter(pk__in=notification_ids)
    with transaction.atomic():
        targets.update(read_at=timezone.now())
        return unread.count()


# --- E-mail: preferences and one-click unsubscribe -------------------------------------------

# Kinds only advisers are ever told of (`notify_masked_numbers`): nobody else chooses how.
ADVISER_KINDS = frozenset({NotificationKind.SENSITIVE_NUMBER_MASKED})


def kinds_received_by(member: Member) -> list[NotificationKind]:
    """The kinds of notification `member` may be told of, in the order of `NotificationKind`
    (what their preferences page lists)."""
    return [k for k in NotificationKind if member.is_adviser or k not in ADVISER_KINDS]


@dataclass(frozen=True, slots=True)
class DeliveryChoice:
    """How a member is told of one kind of notification: `delivery` (a
    `NotificationDelivery`), and whether it is the default (`is_default`: they never chose,
    or chose what the default is)."""

    kind: NotificationKind
    delivery: NotificationDelivery

    @property
    def is_default(self) -> bool:
        return self.delivery == default_delivery(self.kind)


def deliveries_for(member_ids: Iterable[int], kind: str) -> dict[int, NotificationDelivery]:
    """How each of these members is told of `kind`: their choice, or the default. One
    query."""
    ids = set(member_ids)
    chosen = dict(
        NotificationPreference.objects.filter(member_id__in=ids, kind=kind).values_list(
            "member_id", "delivery"
        )
    )
    return {pk: NotificationDelivery(chosen.get(pk, default_delivery(kind))) for pk in ids}


class NotificationPreferenceSetCode(ResultCode):
    """What `notification_preference_set` answers besides the member's new choice."""

    NOT_RECEIVED = (
        "NOT_RECEIVED",
        "Members of your role are never told of this kind of notification: there is nothing "
        "to choose.",
    )
    UNCHANGED = (
        "UNCHANGED",
        "This kind of notification was already delivered that way: nothing changed.",
    )


def notification_preference_set(
    *, member: Member, kind: NotificationKind, delivery: NotificationDelivery
) -> Outcome[DeliveryChoice]:
    """`member` chooses how they are told of `kind`: IN_APP (the notifications page
    only), IMMEDIATE (an e-mail each time too) or DAILY_DIGEST (one e-mail a day gathering
    those still unread). It holds for notifications created from then on (and, for the
    digest, those still unread and not yet e-mailed).

    Raises ServiceError(NOT_RECEIVED) for a kind their role is never told of; choosing what
    already holds writes nothing and answers UNCHANGED."""
    if kind not in kinds_received_by(member):
        raise ServiceError.single(
            NotificationPreferenceSetCode.NOT_RECEIVED,
            "You are never told of this kind of notification.",
            "kind",
        )
    choice = DeliveryChoice(kind=kind, delivery=delivery)
    with transaction.atomic():
        current = (
            NotificationPreference.objects.select_for_update()
            .filter(member=member, kind=kind)
            .first()
        )
        if (current.delivery if current is not None else default_delivery(kind)) == delivery:
            return Outcome(
                choice,
                already=FieldError(
                    NotificationPreferenceSetCode.UNCHANGED,
                    "It was already delivered that way.",
                    "delivery",
                ),
            )
        NotificationPreference.objects.update_or_create(
            member=member,
            kind=kind,
            defaults={"delivery": delivery, "updated_at": timezone.now()},
        )
    return Outcome(choice)


# Which e-mails an unsubscribe link stops: those of one kind of notification, or the daily
# digest (`DIGEST`, whatever kinds it gathers).
DIGEST = "DAILY_DIGEST"
UNSUBSCRIBE_SALT = "comptoir.email.unsubscribe"


def unsubscribe_token(*, member_id: int, scope: str) -> str:
    """The signed token of an e-mail's unsubscribe link: it names the member and `scope` (a
    `NotificationKind` value, or `DIGEST`), with the instant it was signed, signed with
    SECRET_KEY under a salt of its own (Django's `signing`), so it cannot be forged or
    altered, nor stand for another signed value. URL-safe (base64, `:`)."""
    return signing.dumps({"m": member_id, "s": scope}, salt=UNSUBSCRIBE_SALT)


class EmailUnsubscribeCode(ResultCode):
    """What `email_unsubscribe` answers besides the e-mails it stopped."""

    INVALID_TOKEN = (
        "INVALID_TOKEN",
        "The unsubscribe link is not one Comptoir wrote (altered or cut short): nothing changed.",
    )
    EXPIRED_TOKEN = (
        "EXPIRED_TOKEN",
        "The unsubscribe link is too old (links last COMPTOIR_UNSUBSCRIBE_LINK_DAYS days): "
        "nothing changed; choose your e-mails from your account instead.",
    )
    ALREADY_UNSUBSCRIBED = (
        "ALREADY_UNSUBSCRIBED",
        "These e-mails were already stopped: nothing changed.",
    )


@dataclass(frozen=True, slots=True)
class Unsubscription:
    """What an unsubscribe link stops: the e-mails of one kind of notification (`kind`), or
    the daily digest (`kind` None)."""

    kind: NotificationKind | None

    @property
    def is_digest(self) -> bool:
        return self.kind is None


def _read_token(token: str) -> tuple[int, str]:
    max_age = timedelta(days=settings.COMPTOIR_UNSUBSCRIBE_LINK_DAYS)
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ServiceError.single(
            EmailUnsubscribeCode.EXPIRED_TOKEN, "This link has expired.", "token"
        ) from None
    except signing.BadSignature:
        value = None
    member_id = value.get("m") if isinstance(value, dict) else None
    scope = value.get("s") if isinstance(value, dict) else None
    if (
        type(member_id) is not int
        or not isinstance(scope, str)
        or (scope != DIGEST and scope not in NotificationKind.values)
    ):
        raise ServiceError.single(
            EmailUnsubscribeCode.INVALID_TOKEN, "This link is not valid.", "token"
        )
    return member_id, scope


def unsubscription_of(*, token: str) -> Unsubscription:
    """What the unsubscribe link's `token` would stop, without stopping it (the page a
    link opens asks first: mail scanners follow links). Raises ServiceError
    (INVALID_TOKEN, EXPIRED_TOKEN)."""
    _member_id, scope = _read_token(token)
    return Unsubscription(kind=None if scope == DIGEST else NotificationKind(scope))


def email_unsubscribe(*, token: str) -> Outcome[Unsubscription]:
    """One-click unsubscribe (RFC 8058), with no login: the link's signed `token` is the
    authority. A kind's link sets that kind to IN_APP; the digest's sets every kind the
    member has delivered as DAILY_DIGEST to IN_APP. The member keeps every other e-mail
    they chose (the link stops the list the e-mail came from, as RFC 8058 asks).

    Raises ServiceError (INVALID_TOKEN, EXPIRED_TOKEN) and changes nothing then; answers
    ALREADY_UNSUBSCRIBED when there was nothing left to stop (a link used twice, or the
    account erased since)."""
    member_id, scope = _read_token(token)
    unsubscription = Unsubscription(kind=None if scope == DIGEST else NotificationKind(scope))
    now = timezone.now()
    with transaction.atomic():
        member = Member.objects.select_for_update().filter(pk=member_id).first()
        if member is not None and member.erased_at is None:
            if unsubscription.kind is None:
                changed = NotificationPreference.objects.filter(
                    member=member, delivery=NotificationDelivery.DAILY_DIGEST
                ).update(delivery=NotificationDelivery.IN_APP, updated_at=now)
            else:
                kind = unsubscription.kind
                delivery = (
                    NotificationPreference.objects.filter(member=member, kind=kind)
                    .values_list("delivery", flat=True)
                    .first()
                ) or default_delivery(kind)
                changed = delivery != NotificationDelivery.IN_APP
                if changed:
                    NotificationPreference.objects.update_or_create(
                        member=member,
                        kind=kind,
                        defaults={"delivery": NotificationDelivery.IN_APP, "updated_at": now},
                    )
            if changed:
                return Outcome(unsubscription)
    return Outcome(
        unsubscription,
        already=FieldError(
            EmailUnsubscribeCode.ALREADY_UNSUBSCRIBED, "These e-mails were already stopped."
        ),
    )
