"""`Member.capabilities`: what the front end may offer the logged-in member.

Each flag is one pure policy of `permissions/policies.py`, called here and nowhere decided:
the front end shows a button exactly when the API would accept the action (row rules aside,
such as "the question's author", which the API still checks on each call).
"""

from __future__ import annotations

import strawberry

from permissions import policies
from permissions.roles import Viewer


@strawberry.type(
    description="What the logged-in member may do, for the front end to show or hide its "
    "controls. The API still checks every action; row rules (e.g. only a question's author "
    "or an adviser accepts its answer) are not reflected here."
)
class Capabilities:
    can_vote: bool = strawberry.field(
        description="Vote for a suggestion and withdraw a vote (customers)."
    )
    can_submit_suggestion: bool = strawberry.field(
        description="Submit a suggestion to Le Labo (customers)."
    )
    can_create_thread: bool = strawberry.field(
        description="Open a thread and reply in the café (any member)."
    )
    can_flag_content: bool = strawberry.field(
        description="Report a thread, a reply or a suggestion to the advisers (any member)."
    )
    can_post_internal_note: bool = strawberry.field(
        description="Write internal notes in threads, never shown to customers (advisers)."
    )
    can_moderate: bool = strawberry.field(
        description="Lock, assign, reopen threads, hide content, read the flag queue (advisers)."
    )
    can_triage: bool = strawberry.field(
        description="Change the status of suggestions, merge duplicates, schedule committee "
        "meetings and set their agendas (advisers)."
    )
    can_view_agenda: bool = strawberry.field(
        description="Read committee meetings and their agendas (advisers and the committee)."
    )
    can_view_support_figures: bool = strawberry.field(
        description="Read the support response-time figures (advisers and the committee)."
    )
    can_score: bool = strawberry.field(
        description="Score suggestions on a meeting's agenda (committee members)."
    )
    can_decide: bool = strawberry.field(
        description="Record and publish committee decisions (the committee's chair)."
    )

    @classmethod
    def of(cls, viewer: Viewer) -> Capabilities:
        return cls(
            can_vote=policies.can_vote(viewer),
            can_submit_suggestion=policies.can_submit_suggestion(viewer),
            can_create_thread=policies.can_create_thread(viewer),
            can_flag_content=policies.can_flag_content(viewer),
            can_post_internal_note=policies.can_post_internal_note(viewer),
            can_moderate=policies.can_moderate(viewer),
            can_triage=policies.can_triage_suggestions(viewer),
            can_view_agenda=policies.can_view_agenda(viewer),
            can_view_support_figures=policies.can_view_support_figures(viewer),
            can_score=policies.can_score_suggestion(viewer),
            can_decide=policies.can_decide(viewer),
        )
