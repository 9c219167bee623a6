from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Follow(models.Model):
    """A member follows a suggestion to be told about its progress."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    suggestion = models.ForeignKey(
        "community.Suggestion", on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "community"
        constraints = [
            models.UniqueConstraint(fields=["member", "suggestion"], name="follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} follows {self.suggestion_id}"


class NotificationKind(models.TextChoices):
    OFFICIAL_ANSWER = "OFFICIAL_ANSWER", "Réponse officielle à votre question"
    QUESTION_RESOLVED = "QUESTION_RESOLVED", "Votre question est résolue"
    SUGGESTION_STATUS_CHANGED = "SUGGESTION_STATUS_CHANGED", "Une idée suivie a changé de statut"
    DECISION_PUBLISHED = "DECISION_PUBLISHED", "Le comité a décidé"
    SUGGESTION_MARKED_DUPLICATE = "SUGGESTION_MARKED_DUPLICATE", "Votre idée est un doublon"
    CONTENT_HIDDEN = "CONTENT_HIDDEN", "Un de vos contenus a été masqué"


class Notification(models.Model):
    """An in-app notification, written in the same transaction as its event."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    # Identifies the event ("decision:42"): with the recipient it makes retries harmless.
    event_key = models.CharField(max_length=100)
    message = models.CharField(max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    suggestion = models.ForeignKey(
        "community.Suggestion", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        "community.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "community"
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_once"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in NotificationKind]),
                name="notification_kind_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
