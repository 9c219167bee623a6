from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Hideable(models.Model):
    """Moderation state shared by threads, posts and suggestions.

    Hidden content disappears for everyone but advisers and its author.
    """

    HIDDEN_REASON_MAX = 500

    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hidden_reason = models.CharField(max_length=HIDDEN_REASON_MAX, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @classmethod
    def hidden_state_constraint(cls, name: str) -> models.CheckConstraint:
        # Hidden means: when, by whom and why, all three.
        return models.CheckConstraint(
            condition=(Q(hidden_at__isnull=True) & Q(hidden_by__isnull=True) & Q(hidden_reason=""))
            | (Q(hidden_at__isnull=False) & Q(hidden_by__isnull=False) & ~Q(hidden_reason="")),
            name=name,
        )


class FlagReason(models.TextChoices):
    SPAM = "SPAM", "Spam"
    ABUSE = "ABUSE", "Propos abusifs"
    PERSONAL_DATA = "PERSONAL_DATA", "Données personnelles exposées"
    OFF_TOPIC = "OFF_TOPIC", "Hors sujet"
    OTHER = "OTHER", "Autre"


class Flag(models.Model):
    """A member's report on a thread, a post or a suggestion (exactly one of them)."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    thread = models.ForeignKey(
        "community.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    suggestion = models.ForeignKey(
        "community.Suggestion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    reason = models.CharField(max_length=16, choices=FlagReason.choices)
    text = models.CharField(max_length=1000, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        app_label = "community"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(thread__isnull=False, post__isnull=True, suggestion__isnull=True)
                    | Q(thread__isnull=True, post__isnull=False, suggestion__isnull=True)
                    | Q(thread__isnull=True, post__isnull=True, suggestion__isnull=False)
                ),
                name="flag_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=[r.value for r in FlagReason]), name="flag_reason_valid"
            ),
            # One open flag per member and item.
            models.UniqueConstraint(
                fields=["reporter", "thread"],
                condition=Q(resolved_at__isnull=True, thread__isnull=False),
                name="flag_one_open_per_thread",
            ),
            models.UniqueConstraint(
                fields=["reporter", "post"],
                condition=Q(resolved_at__isnull=True, post__isnull=False),
                name="flag_one_open_per_post",
            ),
            models.UniqueConstraint(
                fields=["reporter", "suggestion"],
                condition=Q(resolved_at__isnull=True, suggestion__isnull=False),
                name="flag_one_open_per_suggestion",
            ),
        ]

    def __str__(self) -> str:
        return f"Flag {self.pk} ({self.reason})"
