import base64
import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac


class TokenScope(models.TextChoices):
    SUGGESTIONS_READ = "suggestions:read", "Lire les idées"
    DECISIONS_READ = "decisions:read", "Lire les décisions publiées"
    THREADS_READ = "threads:read", "Lire les fils publics"
    STATS_READ = "stats:read", "Lire les chiffres"


class ApiToken(models.Model):
    """A partner's read-only token. Only a SHA-256 hash of the secret is stored.

    The secret is `<prefix>.<random>`; the prefix finds the row, the hash proves the secret.
    """

    partner = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "community"
        verbose_name = "API token"
        constraints = [
            models.CheckConstraint(condition=~Q(partner=""), name="api_token_partner_set"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.prefix}…)"

    @staticmethod
    def hash_secret(secret: str) -> str:
        # Secrets are long random strings, so a fast hash is enough (no dictionary to guess).
        return hashlib.sha256(secret.encode()).hexdigest()

    @staticmethod
    def new_secret() -> tuple[str, str]:
        """Return (prefix, full secret)."""
        prefix = secrets.token_hex(6)
        return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"

    def assign_new_secret(self) -> str:
        """Give this new token a fresh prefix and the hash of a fresh secret, and return the
        secret: the caller shows it once, nothing keeps it. (The admin and
        `create_api_token` both issue tokens this way.)"""
        prefix, secret = self.new_secret()
        self.prefix = prefix
        self.secret_hash = self.hash_secret(secret)
        return secret

    def is_active(self, at: datetime | None = None) -> bool:
        now = at or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class WebhookEventType(models.TextChoices):
    """The events a partner's webhook endpoint may subscribe to: each is the
    `OutboxEvent.webhook_type` of an outbox event kind (docs/webhooks.md gives their
    payloads). Moderation, erasure and notifications are the community's own business and
    are not offered."""

    SUGGESTION_SUBMITTED = "suggestion.submitted", "A suggestion was submitted"
    VOTE_COUNT_CHANGED = "vote_count.changed", "A suggestion's vote count changed"
    SUGGESTION_STATUS_CHANGED = "suggestion_status.changed", "A suggestion's status changed"
    DECISION_PUBLISHED = "decision.published", "The committee published a decision"
    THREAD_CREATED = "thread.created", "A thread was started"
    POST_CREATED = "post.created", "A reply was posted"
    THREAD_STATUS_CHANGED = "thread_status.changed", "A thread's status changed"


class WebhookEndpoint(models.Model):
    """Where a partner is sent the events it subscribed to (Standard Webhooks).

    It belongs to one of the partner's API tokens: the token's scopes bound the event types
    and what payloads carry, and a revoked or expired token sends nothing more. Rotating a
    token means pointing its endpoints at the new one.

    The signing secret is never stored: it is derived from `secret_salt` (random, per
    endpoint) and the server's SECRET_KEY (`signing_secret`). The database alone (a backup,
    a replica) does not reveal it, and rotating SECRET_KEY after a leak changes every
    secret, as it must. Staff see it once, when it is made (creation or rotation)."""

    URL_MAX = 500
    DISABLED_REASON_MAX = 200
    SECRET_PREFIX = "whsec_"
    _SECRET_KEY_SALT = "comptoir.webhooks.signing-secret"

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="webhook_endpoints")
    url = models.URLField(max_length=URL_MAX)
    event_types = models.JSONField(default=list)
    secret_salt = models.CharField(max_length=64)
    enabled = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=DISABLED_REASON_MAX, blank=True, default="")
    # Since when every attempt failed (no success since): past a day the endpoint is
    # disabled. Cleared by a success, and when staff enable it again.
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "community"
        verbose_name = "webhook endpoint"
        constraints = [
            models.CheckConstraint(condition=~Q(secret_salt=""), name="webhook_secret_salt_set"),
            # Disabled endpoints say when and why; enabled ones carry neither.
            models.CheckConstraint(
                condition=Q(enabled=True, disabled_at__isnull=True, disabled_reason="")
                | (Q(enabled=False, disabled_at__isnull=False) & ~Q(disabled_reason="")),
                name="webhook_endpoint_disabled_when_and_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.token.partner}: {self.url}"

    @staticmethod
    def new_secret_salt() -> str:
        return secrets.token_hex(32)

    def signing_secret(self) -> str:
        """The Standard Webhooks secret, `whsec_` and the base64 of 32 bytes: an HMAC-SHA256
        of the salt keyed by SECRET_KEY (Django's `salted_hmac`)."""
        key = salted_hmac(self._SECRET_KEY_SALT, self.secret_salt, algorithm="sha256").digest()
        return self.SECRET_PREFIX + base64.b64encode(key).decode("ascii")


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    DELIVERED = "DELIVERED", "Delivered"
    FAILED = "FAILED", "Failed"
    # Not sent: the partner may no longer receive it (the content was hidden since, the
    # token was revoked or expired).
    WITHHELD = "WITHHELD", "Withheld"


class WebhookDelivery(models.Model):
    """One event for one endpoint: created once (a re-dispatched event creates nothing
    twice), with the exact body every attempt and replay signs and sends, and where its
    attempts stand.

    `claim` is the token of the one queued task allowed to make the next attempt: a task
    whose token no longer matches (a replay superseded it, or it ran twice) does nothing."""

    ERROR_MAX = 100

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(
        "community.OutboxEvent", on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    event_type = models.CharField(max_length=32, choices=WebhookEventType.choices)
    payload = models.TextField()
    status = models.CharField(
        max_length=16, choices=WebhookDeliveryStatus.choices, default=WebhookDeliveryStatus.PENDING
    )
    # Attempts since the delivery was created or last replayed (the retry schedule's step).
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_latency_ms = models.PositiveIntegerField(null=True, blank=True)
    # What went wrong, in a few words ("timeout", "HTTP 500", "address refused"): no
    # response body is ever kept.
    last_error = models.CharField(max_length=ERROR_MAX, blank=True, default="")
    claim = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The first attempt of the current round (the retries stop a day after it).
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "community"
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="webhook_delivery_once"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in WebhookDeliveryStatus]),
                name="webhook_delivery_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(event_type__in=[t.value for t in WebhookEventType]),
                name="webhook_delivery_event_type_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=WebhookDeliveryStatus.DELIVERED)
                | Q(delivered_at__isnull=False),
                name="webhook_delivery_delivered_when",
            ),
            models.CheckConstraint(
                condition=~Q(status=WebhookDeliveryStatus.FAILED) | Q(failed_at__isnull=False),
                name="webhook_delivery_failed_when",
            ),
        ]
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_recent_idx"),
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id} to endpoint {self.endpoint_id}"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery: when, the response's status (none when no response
    came), how long it took, and what went wrong. Nothing of the response body."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    attempted_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField()
    error = models.CharField(max_length=WebhookDelivery.ERROR_MAX, blank=True, default="")

    class Meta:
        app_label = "community"
        verbose_name = "webhook attempt"
        indexes = [
            models.Index(fields=["delivery", "attempted_at"], name="webhook_attempt_delivery_idx"),
        ]

    def __str__(self) -> str:
        return f"attempt of delivery {self.delivery_id} at {self.attempted_at}"
