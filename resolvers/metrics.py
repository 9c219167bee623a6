"""Prometheus metrics of a Comptoir process, served to the operators on /metrics
(config/observability.py; docs/deployment.md lists them with what to watch).

Every layer that counts something imports its metric from here (this module sits low
enough for the schema, the services and the task workers alike) and calls the
prometheus-client method on it:

    from resolvers.metrics import SUBSCRIPTIONS_ACTIVE, WEBHOOK_FAILURES

    SUBSCRIPTIONS_ACTIVE.inc()   # a subscription started (a WebSocket `subscribe`)
    SUBSCRIPTIONS_ACTIVE.dec()   # ... and ended (`complete`, or its connection closed)
    WEBHOOK_FAILURES.inc()       # a webhook delivery attempt failed (status, timeout, refusal)

Several uvicorn workers are several processes: with `PROMETHEUS_MULTIPROC_DIR` set (an
empty directory the workers may write, emptied before they start), prometheus-client
writes each process's values there and /metrics adds them up; gauges say how in their
`multiprocess_mode`. The variable must be set before the process imports this module (in
the environment uvicorn starts with). Without it, each process reports only its own values.
A worker that ended (uvicorn ends them with a signal, so no exit hook runs) still counts in
the counters' sums, and its live gauges are dropped at the next scrape (config/observability.py).

Label values are bounded sets, never what a client typed: a URL pattern, not a path; a
registered document's operation name, not the name a document sent to /graphql chose.
"""

from __future__ import annotations

import os

from prometheus_client import Counter, Gauge, Histogram

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

HTTP_REQUESTS = Counter(
    "comptoir_http_requests",
    "HTTP requests answered, by method, URL pattern (`route`) and status code.",
    ["method", "route", "status"],
)
HTTP_REQUEST_SECONDS = Histogram(
    "comptoir_http_request_duration_seconds",
    "Time from the request reaching Django to its response, by method and URL pattern.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
GRAPHQL_OPERATIONS = Counter(
    "comptoir_graphql_operations",
    "GraphQL operations executed (on /graphql and by the website's pages), by registered "
    "document (`operation`: its operation name, `document`: its sha256 id; both `other` for "
    "a document outside the manifest, as staff and partners may send) and viewer "
    "(`anonymous`, `member` or `partner`).",
    ["operation", "document", "viewer"],
)
GRAPHQL_ERRORS = Counter(
    "comptoir_graphql_errors",
    "Errors in GraphQL responses, by `extensions.code` (INTERNAL, FORBIDDEN, RATE_LIMITED, "
    "...) and registered document (`operation`, `other` as above, `none` for a request "
    "refused before any document ran).",
    ["code", "operation"],
)
PUBLIC_CACHE_LOOKUPS = Counter(
    "comptoir_public_cache_lookups",
    "Answers to anonymous visitors and partners looked up in the shared cache of public "
    "answers (schema/core/public_cache.py), by `result`: `hit` (served from it, no operation "
    "executed) or `miss` (executed, then kept).",
    ["result"],
)
SUBSCRIPTIONS_ACTIVE = Gauge(
    "comptoir_subscriptions_active",
    "GraphQL subscriptions open now (added up over the processes that are alive).",
    multiprocess_mode="livesum",
)
WEBHOOK_FAILURES = Counter(
    "comptoir_webhook_failures",
    "Webhook delivery attempts that failed (an error status, a timeout, a refused address).",
)

OUTBOX_LAG_SECONDS = "comptoir_outbox_lag_seconds"
"""The name of the outbox lag: the age in seconds of the oldest domain event no worker has
dispatched yet (0 when none waits). Measured from the database at each scrape of /metrics,
never set by a process: the lag is the same whichever process is asked."""
