"""What operators see of each request and of the process: the request id, the access log,
the HTTP metrics, and /metrics (docs/deployment.md says what to watch).

`RequestObservabilityMiddleware` comes first in MIDDLEWARE, so it sees every request and
every response, static files and refusals included:

- the request id: the `X-Request-ID` a proxy or client sent (cleaned), or a new one; set for
  the whole request (`resolvers.request_context.request_id`: log records, audit events) and
  echoed in the response's `X-Request-ID`;
- one access log line (`comptoir.access`, INFO): method, URL pattern, status, duration in
  milliseconds, and the request id; never the path, query string, address or member;
- the HTTP metrics (`comptoir_http_requests_total`, `comptoir_http_request_duration_seconds`).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector

from config.logs import REQUEST_ID_ATTRIBUTE
from resolvers.health import health
from resolvers.metrics import (
    HTTP_REQUEST_SECONDS,
    HTTP_REQUESTS,
    MULTIPROCESS,
    OUTBOX_LAG_SECONDS,
)
from resolvers.request_context import client_address, request_id, request_id_for

access_log = logging.getLogger("comptoir.access")


def route_of(request: HttpRequest) -> str:
    """The metric and log label of a request: its URL pattern (`labo/idees/<str:id>/`),
    `static` for static files, `unmatched` for a path no pattern matches (a 404)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return str(match.route) or "/"
    if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return "unmatched"


class RequestObservabilityMiddleware:
    """Request id, access log and HTTP metrics of every request (module docstring)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.async_mode:
            return self.__acall__(request)
        rid, token, started = self._start(request)
        try:
            response = self.get_response(request)
            self._finish(request, response, rid, started)
            return response
        finally:
            request_id.reset(token)

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        rid, token, started = self._start(request)
        try:
            response: HttpResponseBase = await self.get_response(request)
            self._finish(request, response, rid, started)
            return response
        finally:
            # The next request served in this context (a test client's) gets its own.
            request_id.reset(token)

    @staticmethod
    def _start(request: HttpRequest) -> tuple[str, Any, float]:
        rid = request_id_for(request.headers.get("X-Request-ID", ""))
        setattr(request, REQUEST_ID_ATTRIBUTE, rid)
        return rid, request_id.set(rid), time.perf_counter()

    @staticmethod
    def _finish(request: HttpRequest, response: HttpResponseBase, rid: str, started: float) -> None:
        seconds = time.perf_counter() - started
        response["X-Request-ID"] = rid
        route, method, status = route_of(request), str(request.method), response.status_code
        HTTP_REQUESTS.labels(method, route, str(status)).inc()
        HTTP_REQUEST_SECONDS.labels(method, route).observe(seconds)
        access_log.info(
            "%s %s %s",
            method,
            route,
            status,
            extra={
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 1),
            },
        )


# --- /metrics ----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _networks(
    cidrs: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def may_scrape(address: str) -> bool:
    """Whether a client at `address` (REMOTE_ADDR) is in METRICS_ALLOWED_NETWORKS."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # an IPv4 client of a server listening on `::`
    return any(ip in network for network in _networks(tuple(settings.METRICS_ALLOWED_NETWORKS)))


class _ThisProcess(Collector):
    """The default registry's metrics (ours, and the process's CPU, memory, GC)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


class _Dependencies(Collector):
    """What the process depends on, measured at each scrape (resolvers/health.py):
    `comptoir_dependency_up{dependency}` (1 when it answered: `database`, `replica` when
    configured, `redis` when REDIS_URL is set) and `comptoir_outbox_lag_seconds`."""

    def collect(self) -> Iterator[Metric]:
        state = health()
        up = GaugeMetricFamily(
            "comptoir_dependency_up",
            "1 when the dependency answered this scrape's check, 0 when it did not.",
            labels=["dependency"],
        )
        for alias, answered in state.databases.items():
            up.add_metric(["database" if alias == "default" else alias], float(answered))
        if state.redis is not None:
            up.add_metric(["redis"], float(state.redis))
        yield up
        if state.outbox_lag_seconds is not None:
            yield GaugeMetricFamily(
                OUTBOX_LAG_SECONDS,
                "Age in seconds of the oldest domain event no worker has dispatched yet "
                "(0 when none waits).",
                value=state.outbox_lag_seconds,
            )


_LIVE_GAUGE_FILE = re.compile(r"gauge_live\w+_(\d+)\.db")


def _forget_ended_processes() -> None:
    """Drop the live gauges (open subscriptions) of workers that are no longer running:
    prometheus-client counts them until told (`mark_process_dead`), and uvicorn ends its
    workers with a signal, which runs no exit hook of theirs."""
    from prometheus_client import multiprocess

    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    pids = {
        int(m[1]) for f in directory.glob("gauge_live*.db") if (m := _LIVE_GAUGE_FILE.match(f.name))
    }
    for pid in pids:
        try:
            os.kill(pid, 0)  # no signal sent: only whether the process exists
        except ProcessLookupError:
            multiprocess.mark_process_dead(pid, str(directory))
        except PermissionError:
            pass  # alive, under another user


def metrics_registry() -> CollectorRegistry:
    """What one scrape reports: every worker's metrics added up (PROMETHEUS_MULTIPROC_DIR)
    or this process's, and the dependencies measured now."""
    registry = CollectorRegistry()
    if MULTIPROCESS:
        from prometheus_client import multiprocess

        _forget_ended_processes()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(_Dependencies())
    return registry


def metrics_view(request: HttpRequest) -> HttpResponse:
    """/metrics in Prometheus' exposition format, for clients in METRICS_ALLOWED_NETWORKS; a 404
    for everyone else, as if there were nothing here."""
    if not may_scrape(client_address(request.META)):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    # The format the scraper asks for (Prometheus' text formats, OpenMetrics), as
    # prometheus-client's own exporters negotiate it.
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    response = HttpResponse(encode(metrics_registry()), content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response
