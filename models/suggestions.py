from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .moderation import Hideable


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", "Proposée"
    UNDER_REVIEW = "UNDER_REVIEW", "En cours d'étude"
    SHORTLISTED = "SHORTLISTED", "Présentée au comité"
    RETAINED = "RETAINED", "Retenue"
    DEFERRED = "DEFERRED", "En attente"
    REJECTED = "REJECTED", "Non retenue"
    IN_PROGRESS = "IN_PROGRESS", "En cours de réalisation"
    DELIVERED = "DELIVERED", "Réalisée"
    DUPLICATE = "DUPLICATE", "Doublon"
    # Its author took it back while it was still SUBMITTED.
    WITHDRAWN = "WITHDRAWN", "Retirée par son auteur"


# Voting is open until one of these (DESIGN §3; a withdrawn idea is closed too).
VOTING_CLOSED_STATUSES = frozenset(
    {
        SuggestionStatus.REJECTED,
        SuggestionStatus.DELIVERED,
        SuggestionStatus.DUPLICATE,
        SuggestionStatus.WITHDRAWN,
    }
)


class Suggestion(Hideable):
    """An idea posted in Le Labo."""

    TITLE_MAX = 150
    BODY_MAX = 5_000
    TARGET_PERIOD_MAX = 20

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="suggestions"
    )
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(max_length=BODY_MAX)
    status = models.CharField(
        max_length=16, choices=SuggestionStatus.choices, default=SuggestionStatus.SUBMITTED
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    public_response = models.TextField(blank=True, default="")
    # When retained: e.g. "2027 Q3".
    target_period = models.CharField(max_length=TARGET_PERIOD_MAX, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # When its author last edited its title or text (while SUBMITTED); None if never.
    edited_at = models.DateTimeField(null=True, blank=True)
    # Denormalised number of Vote rows, kept exact by the vote services in the same
    # transaction as the vote row; used for TOP ordering. `manage.py reconcile_vote_counts`
    # recomputes it.
    vote_count = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "community"
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="suggestion_title_set"),
            models.CheckConstraint(condition=~Q(body=""), name="suggestion_body_set"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in SuggestionStatus]),
                name="suggestion_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(vote_count__gte=0), name="suggestion_vote_count_gte_0"
            ),
            # A duplicate points at its original, and only duplicates do.
            models.CheckConstraint(
                condition=(Q(status=SuggestionStatus.DUPLICATE) & Q(duplicate_of__isnull=False))
                | (~Q(status=SuggestionStatus.DUPLICATE) & Q(duplicate_of__isnull=True)),
                name="suggestion_duplicate_of_iff_duplicate",
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("id")), name="suggestion_not_duplicate_of_itself"
            ),
            Hideable.hidden_state_constraint("suggestion_hidden_state"),
        ]
        indexes = [
            models.Index(fields=["-vote_count", "-id"], name="suggestion_top_idx"),
            models.Index(fields=["-created_at", "-id"], name="suggestion_newest_idx"),
            models.Index(fields=["status", "-vote_count", "-id"], name="suggestion_status_top_idx"),
            # The Labo's `totalCount` ("18,713 ideas"): the suggestions shown to everyone,
            # counted by status from this index (index-only where the visibility map is
            # current; `permissions/rows.counted_in_parts`). One more entry per vote: the
            # count's update is no HOT update anyway, `suggestion_top_idx` holds the count.
            models.Index(
                fields=["status"], condition=Q(hidden_at__isnull=True), name="suggestion_shown_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_voting_open(self) -> bool:
        return self.status not in VOTING_CLOSED_STATUSES


class StatusChange(models.Model):
    """One step of a suggestion's public history."""

    NOTE_MAX = 2_000

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=SuggestionStatus.choices)
    to_status = models.CharField(max_length=16, choices=SuggestionStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    public_note = models.TextField(max_length=NOTE_MAX, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "community"
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="status_change_changes"
            ),
        ]
        indexes = [
            models.Index(fields=["suggestion", "created_at", "id"], name="status_change_order_idx")
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id}: {self.from_status} → {self.to_status}"
