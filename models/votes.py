from django.conf import settings
from django.db import models
from django.utils import timezone


class Vote(models.Model):
    """A customer's vote for a suggestion. Written only by the vote services."""

    # PROTECT: deleting a member must not silently drop votes behind the stored counts;
    # accounts are deactivated (is_active) instead.
    # No separate indexes on the two keys: the unique (member, suggestion) index serves
    # "what did this member vote for", and (suggestion, created_at) serves a suggestion's
    # votes; fewer indexes, faster vote writes.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes", db_index=False
    )
    suggestion = models.ForeignKey(
        "community.Suggestion", on_delete=models.CASCADE, related_name="votes", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "community"
        constraints = [
            models.UniqueConstraint(fields=["member", "suggestion"], name="vote_one_per_member"),
        ]
        indexes = [
            # A suggestion's votes, and its recent ones (TRENDING).
            models.Index(fields=["suggestion", "created_at"], name="vote_suggestion_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"Vote {self.member_id} → {self.suggestion_id}"
