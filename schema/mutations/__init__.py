"""Mutations: verb first, one `input: XInput!`, an `XPayload` with typed `errors`.

A resolver decodes the input, calls one service, and wraps the result (DESIGN §8). Each
area's mutations are one `<Area>Mutations` class in `mutations/<area>.py`; the root `Mutation`
composes them here, in the order the published schema has always listed them.
"""

from __future__ import annotations

import strawberry

from ..core.roots import keep_field_order
from .committee import CommitteeMutations
from .members import MemberMutations
from .moderation import ModerationMutations
from .notifications import NotificationMutations
from .suggestions import SuggestionMutations
from .threads import ThreadMutations
from .votes import VoteMutations


@strawberry.type(description="Change the community.")
class Mutation(
    MemberMutations,
    ThreadMutations,
    ModerationMutations,
    SuggestionMutations,
    VoteMutations,
    CommitteeMutations,
    NotificationMutations,
):
    pass


keep_field_order(
    Mutation,
    (
        "login",
        "logout",
        "eraseMyAccount",
        "setLanguage",
        "createThread",
        "replyToThread",
        "acceptAnswer",
        "resolveThread",
        "closeThread",
        "reopenThread",
        "lockThread",
        "unlockThread",
        "assignThread",
        "editPost",
        "followThread",
        "unfollowThread",
        "flagContent",
        "hideContent",
        "unhideContent",
        "dismissFlag",
        "submitSuggestion",
        "editSuggestion",
        "withdrawSuggestion",
        "voteForSuggestion",
        "withdrawVote",
        "changeSuggestionStatus",
        "markSuggestionDuplicate",
        "followSuggestion",
        "unfollowSuggestion",
        "commentOnSuggestion",
        "scheduleCommitteeMeeting",
        "setMeetingAgenda",
        "scoreSuggestion",
        "recordDecision",
        "publishDecision",
        "markNotificationsRead",
        "setNotificationPreference",
        "unsubscribeFromEmail",
    ),
)
