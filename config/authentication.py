"""The one authentication backend: Django's `ModelBackend`, behind the login throttle.

It is the only entry of `AUTHENTICATION_BACKENDS`, so every `authenticate()` call — the
GraphQL `login`, the back office's login page, any form added later — counts its attempt
before the password is checked and is refused past the limits
(`resolvers/services/members.py`). Nothing checks a password around it.

A refusal is `resolvers.errors.RateLimited`, raised through `authenticate()` (Django only
swallows `PermissionDenied`), so each caller answers it its own way: `login` as a
RATE_LIMITED error, the back office's form with "Too many failed logins ...: try again in N
minutes" (`config/admin_login.py`). A form added later must catch it too.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from models.models import Member
from resolvers.request_context import client_address
from resolvers.services.members import login_attempt_begin, login_attempt_succeeded


def request_client_address(request: HttpRequest | None) -> str:
    """The address login limits count against (`client_address`); empty without a request."""
    return "" if request is None else client_address(request.META)


class ThrottledModelBackend(ModelBackend):
    """`ModelBackend` whose password checks are counted and limited per account and per
    client address. Callers without an HTTP request (the GraphQL `login` service) pass
    `client_address=` with the credentials."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        client_address: str | None = None,
        **kwargs: Any,
    ) -> Member | None:
        if username is None:
            username = kwargs.get(Member.USERNAME_FIELD)
        if username is None or password is None:
            return None  # not a password check
        if client_address is None:
            client_address = request_client_address(request)
        attempt = login_attempt_begin(username=str(username), client_address=client_address)
        user = super().authenticate(request, username=username, password=password)
        if user is None:
            return None
        login_attempt_succeeded(attempt)
        assert isinstance(user, Member)
        return user
