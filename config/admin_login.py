"""The back office's login form: throttled like every password check, and audited.

The throttle itself is in the authentication backend (`config/authentication.py`); this
form turns its refusal into a message on the login page ("Too many failed logins on this
account: try again in 15 minutes.", not the wrong-password message, and without checking
the password), and writes every outcome to the audit log: `admin.login` for a success,
`admin.login_failed` with a reason for a failure (`resolvers/services/audit.py`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from models.models import Member
from resolvers.errors import RateLimited
from resolvers.services.audit import audit_admin_login, audit_admin_login_failure

from .authentication import request_client_address


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """`AdminAuthenticationForm` that answers the login throttle's refusal and audits."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            # Nothing to check (the fields say what is missing): nothing to audit.
            return super().clean()
        address = request_client_address(self.request)
        try:
            cleaned = super().clean()
        except RateLimited as refused:
            audit_admin_login_failure(
                username=username,
                reason="rate_limited",
                client_address=address,
                retry_after=refused.retry_after,
            )
            raise ValidationError(refused.message, code="rate_limited") from refused
        except ValidationError:
            # A user came back from `authenticate()` but may not enter: the password was
            # right, the account is no staff's.
            reason = "not_staff" if self.user_cache is not None else "invalid_credentials"
            audit_admin_login_failure(username=username, reason=reason, client_address=address)
            raise
        user = self.get_user()
        assert isinstance(user, Member)
        audit_admin_login(member=user, client_address=address)
        return cleaned
