"""With REDIS_URL set, Django's cache is Redis (shared by every worker): the rate limits
that count in it must work there too, not only in local memory."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from models.models import Member
from resolvers.errors import RateLimited
from resolvers.services.login_throttle import member_authenticate

pytestmark = pytest.mark.django_db

# Database 15 of the local Redis, flushed around the test.
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
    }
}


def test_login_throttle_counts_in_redis(settings: Any, customer: Member) -> None:
    settings.CACHES = REDIS
    cache.clear()
    try:
        for _ in range(settings.COMPTOIR_LOGIN_FAILURES_PER_ACCOUNT):
            assert (
                member_authenticate(username="claire", password="wrong", client_address="10.0.0.1")
                is None
            )
        with pytest.raises(RateLimited):
            member_authenticate(username="claire", password="wrong", client_address="10.0.0.2")
    finally:
        cache.clear()
