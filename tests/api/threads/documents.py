"""The documents the threads' workflow tests send (a document one test file alone sends stays
in that file)."""

from __future__ import annotations

ERRORS = "errors { code message field }"
ACCEPT = (
    "mutation($id: ID!) { acceptAnswer(input: {postId: $id}) { "
    f"thread {{ status acceptedPost {{ body }} }} {ERRORS} }} }}"
)
REPLY = (
    "mutation($id: ID!, $body: String!, $internal: Boolean!) { replyToThread(input: "
    "{threadId: $id, body: $body, isInternal: $internal}) { post { body isOfficial isInternal "
    f"thread {{ status postCount }} }} {ERRORS} }} }}"
)

ASSIGN = (
    "mutation($id: ID!, $adviser: ID) { assignThread(input: {threadId: $id, adviserId: "
    f"$adviser}}) {{ thread {{ assignedAdviser {{ displayName }} }} {ERRORS} }} }}"
)


def _thread_mutation(name: str) -> str:
    return (
        f"mutation($id: ID!) {{ {name}(input: {{threadId: $id}}) {{ "
        f"thread {{ status isLocked }} {ERRORS} }} }}"
    )


RESOLVE = _thread_mutation("resolveThread")
CLOSE = _thread_mutation("closeThread")
REOPEN = _thread_mutation("reopenThread")
LOCK = _thread_mutation("lockThread")
UNLOCK = _thread_mutation("unlockThread")
