"""The floor: the Labo front page (scenarios 1 and 2) with one hand-written SQL query.

    uvicorn bench.floor.app:app --workers 2

A minimal ASGI application, no framework: it reads `first` and `after` from the GraphQL
request's variables (the document itself is not parsed: this endpoint answers only the
`labo_front_page` document and its anonymous form without `viewerHasVoted`, and says so for
anything else), runs one SQL statement through a psycopg async pool and encodes the same
JSON as Comptoir's answer, keyset cursors included. It is a lower bound on the cost of the
page, not an application: the viewer comes from the Django session cookie, looked up once
per session and worker and then cached without checking the signature, and there is no CSRF
check.
"""

from __future__ import annotations

import base64
import json
import os
import zlib
from http.cookies import SimpleCookie
from typing import Any

from psycopg_pool import AsyncConnectionPool

POOL = AsyncConnectionPool(os.environ["DATABASE_URL"], min_size=1, max_size=8, open=False)
SESSIONS: dict[str, int | None] = {}

PAGE = """
SELECT s.id, s.title, s.vote_count, m.display_name,
       EXISTS (SELECT 1 FROM community_vote v
               WHERE v.member_id = %(viewer)s AND v.suggestion_id = s.id) AS voted,
       d.outcome, d.target_period
FROM community_suggestion s
JOIN community_member m ON m.id = s.author_id
LEFT JOIN LATERAL (
    SELECT outcome, target_period FROM community_decision
    WHERE suggestion_id = s.id AND published_at IS NOT NULL
    ORDER BY published_at DESC, id DESC LIMIT 1
) d ON true
WHERE (s.hidden_at IS NULL OR s.author_id = %(viewer)s)
  AND s.status NOT IN ('DUPLICATE', 'WITHDRAWN')
  AND (s.vote_count, s.id) < (%(count)s, %(id)s)
ORDER BY s.vote_count DESC, s.id DESC
LIMIT %(limit)s
"""
# Without `viewerHasVoted` in the document (the anonymous page), no vote is looked up.
PAGE_WITHOUT_VIEWER_VOTE = PAGE.replace(
    """EXISTS (SELECT 1 FROM community_vote v
               WHERE v.member_id = %(viewer)s AND v.suggestion_id = s.id) AS voted""",
    "NULL::boolean AS voted",
)
assert PAGE_WITHOUT_VIEWER_VOTE != PAGE
# No cursor: start above every row.
TOP = (2**31, 2**62)


def cursor_of(count: int, pk: int) -> str:
    return base64.urlsafe_b64encode(
        json.dumps([count, pk], separators=(",", ":")).encode()
    ).decode()


def session_member(session_data: str) -> int | None:
    payload = session_data.split(":", 1)[0]
    compressed = payload.startswith(".")
    payload = payload.removeprefix(".")
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    data = json.loads(zlib.decompress(raw) if compressed else raw)
    member = data.get("_auth_user_id")
    return int(member) if member is not None else None


async def viewer_of(cookies: SimpleCookie, counter: list[int]) -> int | None:
    key = cookies["sessionid"].value if "sessionid" in cookies else None
    if key is None:
        return None
    if key not in SESSIONS:
        async with POOL.connection() as conn:
            counter[0] += 1
            row = await (
                await conn.execute(
                    "SELECT session_data FROM django_session "
                    "WHERE session_key = %s AND expire_date > now()",
                    (key,),
                )
            ).fetchone()
        SESSIONS[key] = session_member(row[0]) if row else None
    return SESSIONS[key]


async def front_page(
    variables: dict[str, Any], viewer: int | None, counter: list[int], *, viewer_vote: bool
) -> Any:
    first = int(variables.get("first") or 20)
    if not 0 <= first <= 100:
        return {"data": None, "errors": [{"message": "`first` must be between 0 and 100."}]}
    after = variables.get("after")
    count, pk = json.loads(base64.urlsafe_b64decode(after)) if after else TOP
    params = {"viewer": viewer or 0, "count": count, "id": pk, "limit": first + 1}
    async with POOL.connection() as conn:
        counter[0] += 1
        sql = PAGE if viewer_vote else PAGE_WITHOUT_VIEWER_VOTE
        rows = await (await conn.execute(sql, params)).fetchall()
    more = len(rows) > first
    rows = rows[:first]
    edges = [
        {
            "node": {
                "title": title,
                "voteCount": votes,
                **({"viewerHasVoted": voted if viewer else None} if viewer_vote else {}),
                "author": {"displayName": author},
                "latestDecision": (
                    {"outcome": outcome, "targetPeriod": period} if outcome else None
                ),
            }
        }
        for (_, title, votes, author, voted, outcome, period) in rows
    ]
    end = cursor_of(rows[-1][2], rows[-1][0]) if rows else None
    return {
        "data": {
            "suggestions": {"pageInfo": {"hasNextPage": more, "endCursor": end}, "edges": edges}
        }
    }


async def read_body(receive: Any) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


async def respond(send: Any, status: int, payload: Any, statements: int) -> None:
    body = json.dumps(payload, separators=(",", ":")).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-bench-sql", str(statements).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await POOL.open()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await POOL.close()
                await send({"type": "lifespan.shutdown.complete"})
                return
    counter = [0]
    if scope["path"] == "/healthz":
        await read_body(receive)
        await respond(send, 200, {"status": "ok"}, 0)
        return
    if scope["path"] != "/graphql" or scope["method"] != "POST":
        await respond(send, 404, {"errors": [{"message": "Not found."}]}, 0)
        return
    request = json.loads(await read_body(receive))
    if "suggestions(" not in request.get("query", ""):
        message = "The floor answers only the Labo front page (labo_front_page)."
        await respond(send, 400, {"data": None, "errors": [{"message": message}]}, 0)
        return
    cookies: SimpleCookie = SimpleCookie()
    for name, value in scope["headers"]:
        if name == b"cookie":
            cookies.load(value.decode("latin-1"))
    viewer = await viewer_of(cookies, counter)
    payload = await front_page(
        request.get("variables") or {},
        viewer,
        counter,
        viewer_vote="viewerHasVoted" in request["query"],
    )
    await respond(send, 200, payload, counter[0])
