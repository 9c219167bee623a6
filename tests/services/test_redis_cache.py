"""With REDIS_URL set, the limits count in Redis (shared by every worker and machine): the
login throttle, the partner rate limit and the write limits work there, against the real
local Redis, and nothing is counted in the database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import redis

from models.models import Counter, Member
from resolvers.errors import RateLimited, ServiceError
from resolvers.services.members import account_key, member_authenticate
from resolvers.services.partners import api_token_count_request
from resolvers.write_throttle import WriteKind, write_throttle_hit

pytestmark = pytest.mark.django_db

# Database 15 of the local Redis, flushed around each test.
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def client(settings: Any) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    settings.REDIS_URL = REDIS_URL
    yield client
    client.flushdb()


def test_login_throttle_counts_in_redis(
    settings: Any, customer: Member, client: redis.Redis
) -> None:
    for _ in range(settings.COMPTOIR_LOGIN_FAILURES_PER_ACCOUNT):
        with pytest.raises(ServiceError) as refused:
            member_authenticate(username="claire", password="wrong", client_address="10.0.0.1")
        assert [e.code for e in refused.value.errors] == ["INVALID_CREDENTIALS"]
    with pytest.raises(RateLimited):
        member_authenticate(username="claire", password="wrong", client_address="10.0.0.2")
    assert client.get(f"comptoir:counter:{account_key('claire')}") == b"11"
    assert client.get("comptoir:counter:login:address:10.0.0.1") == b"10"
    assert not Counter.objects.exists()


def test_partner_rate_limit_counts_in_redis(settings: Any, client: redis.Redis) -> None:
    settings.COMPTOIR_PARTNER_RATE_LIMIT = 2
    counts = [api_token_count_request(token_id=5) for _ in range(3)]
    assert [(s.count, s.exceeded) for s in counts] == [(1, False), (2, False), (3, True)]
    assert len(client.keys("comptoir:counter:partner:5:*")) == 1
    assert not Counter.objects.exists()


def test_write_limits_count_in_redis(settings: Any, customer: Member, client: redis.Redis) -> None:
    settings.COMPTOIR_WRITE_LIMITS = {**settings.COMPTOIR_WRITE_LIMITS, "flag": (2, 3600)}
    write_throttle_hit(member=customer, kind=WriteKind.FLAG)
    write_throttle_hit(member=customer, kind=WriteKind.FLAG)
    with pytest.raises(RateLimited):
        write_throttle_hit(member=customer, kind=WriteKind.FLAG)
    assert client.get(f"comptoir:counter:writes:flag:{customer.pk}") == b"3"
    assert not Counter.objects.exists()
