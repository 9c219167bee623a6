import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


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
