from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class CommitteeMeeting(models.Model):
    """A session of the decision committee, with its agenda of shortlisted suggestions."""

    scheduled_for = models.DateTimeField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=150)
    agenda = models.ManyToManyField(  # type: ignore[var-annotated]
        "community.Suggestion", through="AgendaItem", related_name="meetings", blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "community"
        ordering = ["-scheduled_for"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        CommitteeMeeting, on_delete=models.CASCADE, related_name="agenda_items"
    )
    suggestion = models.ForeignKey(
        "community.Suggestion", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        app_label = "community"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "suggestion"], name="agenda_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.suggestion_id}"


SCORE_FIELDS = ("customer_benefit", "technical_feasibility", "cost", "time_to_deliver")


def _score_check(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1}) & Q(**{f"{field}__lte": 5}),
        name=f"evaluation_{field}_1_to_5",
    )


class Evaluation(models.Model):
    """One committee member's scores for a suggestion at a meeting (committee only)."""

    SCORE_FIELDS = SCORE_FIELDS

    meeting = models.ForeignKey(
        CommitteeMeeting, on_delete=models.CASCADE, related_name="evaluations"
    )
    suggestion = models.ForeignKey(
        "community.Suggestion", on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations"
    )
    customer_benefit = models.PositiveSmallIntegerField()
    technical_feasibility = models.PositiveSmallIntegerField()
    cost = models.PositiveSmallIntegerField(help_text="5 = cheapest")
    time_to_deliver = models.PositiveSmallIntegerField(help_text="5 = fastest")
    comment = models.TextField(max_length=2_000, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "community"
        constraints = [
            models.UniqueConstraint(
                fields=["evaluator", "suggestion", "meeting"], name="evaluation_one_per_member"
            ),
            *[_score_check(f) for f in SCORE_FIELDS],
        ]

    def __str__(self) -> str:
        return f"Evaluation by {self.evaluator_id} of {self.suggestion_id}"


class DecisionOutcome(models.TextChoices):
    RETAINED = "RETAINED", "Retenue"
    DEFERRED = "DEFERRED", "Reportée"
    REJECTED = "REJECTED", "Non retenue"


class Decision(models.Model):
    """The committee's decision on a suggestion: a draft until the chair publishes it."""

    RATIONALE_MAX = 5_000

    suggestion = models.ForeignKey(
        "community.Suggestion", on_delete=models.CASCADE, related_name="decisions"
    )
    meeting = models.ForeignKey(
        CommitteeMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(max_length=16, choices=DecisionOutcome.choices)
    public_rationale = models.TextField(max_length=RATIONALE_MAX, blank=True, default="")
    internal_notes = models.TextField(blank=True, default="")
    target_period = models.CharField(max_length=20, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "community"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=[o.value for o in DecisionOutcome]),
                name="decision_outcome_valid",
            ),
            # DEFERRED and REJECTED owe the public a reason.
            models.CheckConstraint(
                condition=Q(outcome=DecisionOutcome.RETAINED) | ~Q(public_rationale=""),
                name="decision_rationale_unless_retained",
            ),
            # At most one draft per suggestion at a time.
            models.UniqueConstraint(
                fields=["suggestion"],
                condition=Q(published_at__isnull=True),
                name="decision_one_draft_per_suggestion",
            ),
        ]
        indexes = [
            models.Index(fields=["suggestion", "-published_at"], name="decision_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} on {self.suggestion_id}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
