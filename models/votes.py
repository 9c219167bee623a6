from django.conf import settings
from django.db import models
from django.utils import timezone


class Vote(models.Model):
    """A customer's vote for a suggestion. Written only by the vote services."""

    # PROTECT: deleting a member must not silently drop votes behind the stored counts;
    # accounts are deactivated (is_active) instead.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes"
    )
    suggestion = models.ForeignKey(
        "community.Suggestion", on_delete=models.CASCADE, related_name="votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "community"
        constraints = [
            models.UniqueConstraint(fields=["member", "suggestion"], name="vote_one_per_member"),
        ]
        indexes = [
            # Covers "which of these suggestions did the viewer vote for" (the unique index
            # leads with member) and trending: recent votes of a suggestion.
            models.Index(fields=["suggestion", "created_at"], name="vote_suggestion_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"Vote {self.member_id} → {self.suggestion_id}"
