"""The documents the moderation tests send (a document one test file alone sends stays in that
file)."""

from __future__ import annotations

ERRORS = "errors { code message field }"
CONTENT = (
    "content { __typename ... on Thread { title } ... on Post { body } "
    "... on Suggestion { title } }"
)

HIDE = (
    "mutation($id: ID!, $reason: String!) { hideContent(input: {contentId: $id, reason: "
    f"$reason}}) {{ {CONTENT} {ERRORS} }} }}"
)

HIDDEN_STATE = (
    "query($id: ID!) { node(id: $id) { ... on Thread { title isHidden hiddenReason } "
    "... on Post { body isHidden hiddenReason } "
    "... on Suggestion { title isHidden hiddenReason } } }"
)
