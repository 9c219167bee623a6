import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .committee import DecisionOutcome
from .moderation import Hideable
from .suggestions import SuggestionStatus


class Follow(models.Model):
    """A member follows a suggestion, to be told about its progress and its comments, or a
    café thread, to be told about its replies: exactly one of the two, once."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    suggestion = models.ForeignKey(
        "community.Suggestion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    thread = models.ForeignKey(
        "community.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "community"
        constraints = [
            models.CheckConstraint(
                condition=Q(suggestion__isnull=False, thread__isnull=True)
                | Q(suggestion__isnull=True, thread__isnull=False),
                name="follow_one_subject",
            ),
            models.UniqueConstraint(
                fields=["member", "suggestion"],
                condition=Q(suggestion__isnull=False),
                name="follow_once",
            ),
            models.UniqueConstraint(
                fields=["member", "thread"],
                condition=Q(thread__isnull=False),
                name="follow_thread_once",
            ),
        ]

    def __str__(self) -> str:
        if self.thread_id is not None:
            return f"{self.member_id} follows thread {self.thread_id}"
        return f"{self.member_id} follows {self.suggestion_id}"


class NotificationKind(models.TextChoices):
    OFFICIAL_ANSWER = "OFFICIAL_ANSWER", "Réponse officielle à votre question"
    QUESTION_RESOLVED = "QUESTION_RESOLVED", "Votre question est résolue"
    SUGGESTION_STATUS_CHANGED = "SUGGESTION_STATUS_CHANGED", "Une idée suivie a changé de statut"
    DECISION_PUBLISHED = "DECISION_PUBLISHED", "Le comité a décidé"
    SUGGESTION_MARKED_DUPLICATE = "SUGGESTION_MARKED_DUPLICATE", "Votre idée est un doublon"
    CONTENT_HIDDEN = "CONTENT_HIDDEN", "Un de vos contenus a été masqué"
    THREAD_REPLY = "THREAD_REPLY", "Nouvelle réponse dans un fil suivi"
    SUGGESTION_COMMENT = "SUGGESTION_COMMENT", "Nouveau commentaire sur une idée suivie"
    SENSITIVE_NUMBER_MASKED = (
        "SENSITIVE_NUMBER_MASKED",
        "Numéro sensible masqué dans le message d'un client",
    )


def _refers_to_its_event() -> Q:
    """What each kind of notification must refer to, and the facts its text needs."""
    k = NotificationKind
    hidden_item = Q(suggestion__isnull=False, thread__isnull=True, post__isnull=True) | Q(
        suggestion__isnull=True, thread__isnull=False
    )
    return (
        Q(kind=k.OFFICIAL_ANSWER, thread__isnull=False, post__isnull=False)
        | Q(kind=k.QUESTION_RESOLVED, thread__isnull=False)
        | (
            Q(kind=k.SUGGESTION_STATUS_CHANGED, suggestion__isnull=False)
            & ~Q(from_status="")
            & ~Q(to_status="")
        )
        | (Q(kind=k.DECISION_PUBLISHED, suggestion__isnull=False) & ~Q(outcome=""))
        | Q(kind=k.SUGGESTION_MARKED_DUPLICATE, suggestion__isnull=False, duplicate__isnull=False)
        | (Q(kind=k.CONTENT_HIDDEN) & hidden_item & ~Q(reason=""))
        | Q(kind=k.THREAD_REPLY, thread__isnull=False, post__isnull=False)
        | Q(
            kind=k.SUGGESTION_COMMENT,
            suggestion__isnull=False,
            thread__isnull=False,
            post__isnull=False,
        )
        | (
            Q(kind=k.SENSITIVE_NUMBER_MASKED)
            & (Q(thread__isnull=False) | Q(suggestion__isnull=False))
            & ~Q(masked_kinds="")
        )
    )


class Notification(models.Model):
    """An in-app notification, written in the same transaction as its event.

    It stores what happened (its kind, the event's key, the rows it is about, and the facts
    its text needs that are not content: a status, an outcome, a moderator's reason), never
    text copied from content: the text is written each time it is read, from what the
    reader may see then (`resolvers/services/notifications.py`, one builder per kind)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    # Identifies the event ("decision:42"): with the recipient it makes retries harmless.
    event_key = models.CharField(max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    suggestion = models.ForeignKey(
        "community.Suggestion", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # SUGGESTION_MARKED_DUPLICATE: the suggestion merged into `suggestion`.
    duplicate = models.ForeignKey(
        "community.Suggestion", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        "community.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # SUGGESTION_STATUS_CHANGED: the move.
    from_status = models.CharField(
        max_length=16, choices=SuggestionStatus.choices, blank=True, default=""
    )
    to_status = models.CharField(
        max_length=16, choices=SuggestionStatus.choices, blank=True, default=""
    )
    # DECISION_PUBLISHED: the committee's outcome.
    outcome = models.CharField(
        max_length=16, choices=DecisionOutcome.choices, blank=True, default=""
    )
    # CONTENT_HIDDEN: the moderator's words to the author (not the hidden content).
    reason = models.CharField(max_length=Hideable.HIDDEN_REASON_MAX, blank=True, default="")
    # SENSITIVE_NUMBER_MASKED: the kinds of numbers masked ("IBAN,PAYMENT_CARD"), never a
    # number.
    masked_kinds = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When an e-mail about it was queued for its recipient (at once, or gathered into their
    # daily digest), set in the transaction that enqueues the sending: a notification is
    # e-mailed once at most, however often its event is dispatched. Null: not e-mailed
    # (in-app only, or awaiting the digest).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "community"
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_once"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in NotificationKind]),
                name="notification_kind_valid",
            ),
            models.CheckConstraint(
                condition=_refers_to_its_event(), name="notification_refers_to_its_event"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class NotificationDelivery(models.TextChoices):
    """How a member is told of one kind of notification, besides the in-app list (which
    always has it)."""

    IN_APP = "IN_APP", "Dans l'application seulement"
    IMMEDIATE = "IMMEDIATE", "Un e-mail à chaque fois"
    DAILY_DIGEST = "DAILY_DIGEST", "Un e-mail par jour qui les résume"


# What a member who never chose gets: an e-mail at once for an official answer to their
# question and for the committee's decision on an idea they support (what they wait for);
# every other kind in the application only. A member's choice is a `NotificationPreference`
# row; without one the default holds, so changing a default reaches everyone who never chose.
DEFAULT_DELIVERIES: dict[str, NotificationDelivery] = {
    NotificationKind.OFFICIAL_ANSWER: NotificationDelivery.IMMEDIATE,
    NotificationKind.DECISION_PUBLISHED: NotificationDelivery.IMMEDIATE,
}


def default_delivery(kind: str) -> NotificationDelivery:
    """The delivery of `kind` (a `NotificationKind` value) for a member who never chose."""
    return DEFAULT_DELIVERIES.get(kind, NotificationDelivery.IN_APP)


class NotificationPreference(models.Model):
    """A member's choice of delivery for one kind of notification (at most one row per
    member and kind; no row: `default_delivery`)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=16, choices=NotificationDelivery.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "community"
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="notification_preference_once"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in NotificationKind]),
                name="notification_preference_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=[d.value for d in NotificationDelivery]),
                name="notification_preference_delivery_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.kind} {self.delivery}"


class EmailDigest(models.Model):
    """A member's daily digest e-mail: one row per member and day (in the bank's time zone),
    written in the transaction that marks the notifications it gathers e-mailed and
    enqueues its sending, so a day never has two digests, however often the gathering runs."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_digests"
    )
    day = models.DateField()
    notification_count = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "community"
        constraints = [
            models.UniqueConstraint(fields=["member", "day"], name="email_digest_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"digest of {self.day} for {self.member_id}"


class OutboxEventKind(models.TextChoices):
    """What changed. The webhook event type a partner subscribes to is the value in lower
    case with dots (`vote_count.changed`): `OutboxEvent.webhook_type`."""

    SUGGESTION_SUBMITTED = "SUGGESTION_SUBMITTED", "A suggestion was submitted"
    VOTE_COUNT_CHANGED = "VOTE_COUNT_CHANGED", "A suggestion's vote count changed"
    SUGGESTION_STATUS_CHANGED = "SUGGESTION_STATUS_CHANGED", "A suggestion's status changed"
    DECISION_PUBLISHED = "DECISION_PUBLISHED", "The committee published a decision"
    THREAD_CREATED = "THREAD_CREATED", "A thread was started"
    POST_CREATED = "POST_CREATED", "A reply was posted in a thread"
    THREAD_STATUS_CHANGED = "THREAD_STATUS_CHANGED", "A thread's status changed"
    CONTENT_HIDDEN = "CONTENT_HIDDEN", "A moderator hid content"
    MEMBER_ERASED = "MEMBER_ERASED", "A member's account was erased"
    NOTIFICATIONS_CREATED = "NOTIFICATIONS_CREATED", "Members were notified"


class OutboxEvent(models.Model):
    """A domain event, written in the same transaction as the change it tells about (the
    transactional outbox): nothing is announced that was rolled back, and nothing committed
    is lost when a process dies before announcing it. A task of the database task backend,
    enqueued in that same transaction, delivers it (`resolvers/outbox.py`).

    It stores ids, never content: each delivery reads the rows again and shows each
    receiver only what that receiver may see at that moment. Its id is the Standard
    Webhooks `webhook-id` of every delivery of it (retries and replays keep it)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=32, choices=OutboxEventKind.choices)
    # The rows the event is about, by primary key (no foreign keys: an event outlives the
    # deletion or erasure of what it names, and a delivery finds the row gone).
    suggestion_id = models.BigIntegerField(null=True, blank=True)
    thread_id = models.BigIntegerField(null=True, blank=True)
    post_id = models.BigIntegerField(null=True, blank=True)
    decision_id = models.BigIntegerField(null=True, blank=True)
    member_id = models.BigIntegerField(null=True, blank=True)
    # NOTIFICATIONS_CREATED: the notification's event key and its recipients.
    notification_key = models.CharField(max_length=100, blank=True, default="")
    recipient_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set by the worker once every delivery of the event was handed on (live events
    # published, webhook deliveries and e-mails queued): the outbox lag is the age of the
    # oldest event without it.
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "community"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in OutboxEventKind]),
                name="outbox_event_kind_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(dispatched_at__isnull=True),
                name="outbox_undispatched_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def webhook_type(self) -> str:
        """The event type as webhooks name it: `decision.published`, `vote_count.changed`."""
        subject, _, verb = self.kind.lower().rpartition("_")
        return f"{subject}.{verb}"
