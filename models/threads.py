from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .moderation import Hideable


class Category(models.Model):
    """Groups threads in the café: "Questions & support", "Discussions", "Le Labo"."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)
    # "Le Labo" holds the discussions of suggestions, which are not opened by hand.
    accepts_threads = models.BooleanField(default=True)

    class Meta:
        app_label = "community"
        verbose_name_plural = "categories"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class ThreadKind(models.TextChoices):
    QUESTION = "QUESTION", "Question"
    DISCUSSION = "DISCUSSION", "Discussion"


class ThreadStatus(models.TextChoices):
    OPEN = "OPEN", "Ouvert"
    ANSWERED = "ANSWERED", "Répondu"
    RESOLVED = "RESOLVED", "Résolu"
    CLOSED = "CLOSED", "Fermé"


class Thread(Hideable):
    TITLE_MAX = 150
    BODY_MAX = 10_000

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(max_length=BODY_MAX)
    kind = models.CharField(max_length=16, choices=ThreadKind.choices)
    status = models.CharField(
        max_length=16, choices=ThreadStatus.choices, default=ThreadStatus.OPEN
    )
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    # Internal: which adviser follows the question up (advisers only).
    assigned_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_threads",
    )
    # The discussion of a suggestion in Le Labo (comments reuse threads and posts).
    suggestion = models.OneToOneField(
        "community.Suggestion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="discussion",
    )
    accepted_post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    # For support response-time figures.
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "community"
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="thread_title_set"),
            models.CheckConstraint(condition=~Q(body=""), name="thread_body_set"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ThreadKind]), name="thread_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ThreadStatus]), name="thread_status_valid"
            ),
            # A discussion answers; only questions are answered or resolved by an answer.
            models.CheckConstraint(
                condition=Q(kind=ThreadKind.QUESTION)
                | Q(status__in=[ThreadStatus.OPEN, ThreadStatus.CLOSED]),
                name="thread_only_questions_answered",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True)
                | Q(status=ThreadStatus.RESOLVED)
                | Q(status=ThreadStatus.CLOSED),
                name="thread_resolved_at_when_resolved",
            ),
            Hideable.hidden_state_constraint("thread_hidden_state"),
        ]
        indexes = [
            models.Index(fields=["-last_activity_at", "-id"], name="thread_activity_idx"),
            models.Index(fields=["-created_at", "-id"], name="thread_newest_idx"),
            # The café's main view: one category, latest activity first.
            models.Index(
                fields=["category", "-last_activity_at", "-id"], name="thread_category_activity_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Post(Hideable):
    """A reply in a thread."""

    BODY_MAX = 10_000

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    body = models.TextField(max_length=BODY_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Written by an adviser on behalf of the bank.
    is_official = models.BooleanField(default=False)
    # An adviser-only note inside a public thread, never shown to customers.
    is_internal = models.BooleanField(default=False)

    class Meta:
        app_label = "community"
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="post_body_set"),
            Hideable.hidden_state_constraint("post_hidden_state"),
        ]
        indexes = [
            models.Index(fields=["thread", "created_at", "id"], name="post_thread_order_idx")
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in thread {self.thread_id}"


class PostRevision(models.Model):
    """The previous text of an edited post (edit history, advisers only)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "community"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id}"
