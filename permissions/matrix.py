"""Who may read every field and call every mutation: the one table (DESIGN §4, issue #4).

The rules themselves live beside it: the policies (`policies.py`), declared on the fields
(`fields.py`), and the row scopes (`rows.py`) every read starts from. This table says what
they add up to, for every field of every type and every mutation, and is proved
against the running API:

- tests/permissions/test_matrix.py walks the schema and fails on any field or mutation
  missing here (a new field cannot ship unclassified);
- tests/api/test_permission_matrix.py asks every field through /graphql as every role and
  checks each cell: the value, or null with FORBIDDEN at its path, or, for an object the
  role may not receive at all, nothing (not found, never forbidden);
- docs/permissions.md is generated from it (`python manage.py export_permissions`) and
  checked for drift by `make check`.

How to read a type's entry: `reach` is who receives objects of the type at all (rows are
filtered for everyone else: `node(id:)` is null, lists skip them), or None for a value type,
read wherever the field returning it is readable. `public` fields are readable by whoever
receives the object; `restricted` fields narrow that down, and answer null with FORBIDDEN
to anyone else — except viewer-relative fields (`viewer_relative`), which tell a member
about themself and are plain null, without an error, for everyone else (DESIGN §4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from models.models import TokenScope


class Audience(Enum):
    """Who a rule lets in (besides partners, which go by scope)."""

    ANONYMOUS = "anonymous"
    CUSTOMER = "customer"  # any customer
    SELF = "self"  # the member the object is about, whatever their role
    ADVISER = "adviser"
    COMMITTEE = "committee"  # every committee member, the chair included
    CHAIR = "chair"  # the committee's chair only


ANONYMOUS = Audience.ANONYMOUS
CUSTOMER = Audience.CUSTOMER
SELF = Audience.SELF
ADVISER = Audience.ADVISER
COMMITTEE = Audience.COMMITTEE
CHAIR = Audience.CHAIR

S = TokenScope.SUGGESTIONS_READ.value
D = TokenScope.DECISIONS_READ.value
T = TokenScope.THREADS_READ.value
STATS = TokenScope.STATS_READ.value


@dataclass(frozen=True, slots=True)
class Rule:
    """Who may read a field (or receive an object, or call a mutation).

    `partner`: None, never; `()`, any partner token; otherwise a token holding any one of
    these scopes. `silent`: those it does not let in read null without an error (a
    viewer-relative field) instead of null with FORBIDDEN.
    """

    who: frozenset[Audience]
    partner: tuple[str, ...] | None = None
    note: str = ""
    silent: bool = False

    def allows(self, audiences: frozenset[Audience], scopes: frozenset[str] | None) -> bool:
        """For a member or a visitor (`scopes` None, `audiences` what they are), or a partner
        (`scopes`, its token's)."""
        if scopes is not None:
            return self.partner is not None and (
                not self.partner or any(s in scopes for s in self.partner)
            )
        return bool(self.who & audiences)


def rule(*who: Audience, partner: tuple[str, ...] | None = None, note: str = "") -> Rule:
    return Rule(frozenset(who), partner, note)


EVERYONE = (ANONYMOUS, CUSTOMER, ADVISER, COMMITTEE)
MEMBERS = (CUSTOMER, ADVISER, COMMITTEE)
# What a value type's public fields, and a public field of a type with a `reach`, add to
# what their parent allows: nothing.
UNRESTRICTED = rule(*Audience, partner=())


def viewer_relative(note: str) -> Rule:
    """A field about the viewer themself: members read it; anonymous visitors and partner
    tokens, who are no member, read null without an error (nothing is withheld from them)."""
    return Rule(frozenset(MEMBERS), None, note, silent=True)


def public(*scopes: str, note: str = "") -> Rule:
    """Everyone, and partner tokens with any one of `scopes` (none: no partner)."""
    return rule(*EVERYONE, partner=scopes or None, note=note)


@dataclass(frozen=True, slots=True)
class TypeAccess:
    reach: Rule | None
    public: tuple[str, ...]
    restricted: Mapping[str, Rule] = field(default_factory=dict)
    note: str = ""

    def field_rule(self, name: str) -> Rule | None:
        """The field's own rule (on top of `reach`); None when the field is unclassified."""
        if name in self.restricted:
            return self.restricted[name]
        return UNRESTRICTED if name in self.public else None

    @property
    def fields(self) -> tuple[str, ...]:
        return (*self.public, *self.restricted)


HIDDEN = "hidden ones: advisers and their author"
HIDDEN_REASON = (
    "`hiddenReason` is null (no error) for all but advisers and the author, who alone "
    "receive hidden rows"
)

TYPES: dict[str, TypeAccess] = {
    "Query": TypeAccess(
        reach=rule(*EVERYONE, partner=()),
        public=(),
        restricted={
            "viewer": viewer_relative("the logged-in member"),
            "node": rule(
                *EVERYONE, partner=(), note="each object by its type's reach; null when not"
            ),
            "nodes": rule(*EVERYONE, partner=(), note="as `node`"),
            "categories": public(T),
            "threads": public(T),
            "thread": public(T),
            "suggestions": public(S),
            "suggestion": public(S),
            "similarSuggestions": public(S),
            "members": public(S, T, note="customers: once they wrote something public"),
            "search": public(S, T, note="partners find only the kinds their scopes open"),
            "communityStats": public(STATS),
            "committeeMeetings": rule(ADVISER, COMMITTEE),
            "suggestionsAwaitingReview": rule(ADVISER),
            "flags": rule(ADVISER),
            "unansweredQuestions": rule(ADVISER),
            "emailUnsubscription": rule(
                *EVERYONE,
                partner=(),
                note="an e-mail's signed link is the authority; names no member",
            ),
        },
    ),
    # Over WebSocket: a subscription field refused is an error (FORBIDDEN, UNAUTHENTICATED,
    # or NOT_FOUND for a row not received), and each event is read as the query field reads
    # it.
    "Subscription": TypeAccess(
        reach=rule(*EVERYONE, partner=()),
        public=(),
        restricted={
            "suggestionUpdated": public(S, note="as `suggestion`, at each change"),
            "threadUpdated": public(
                T, note="as `thread`; only replies the subscriber receives (no internal notes)"
            ),
            "viewerNotifications": rule(*MEMBERS, note="one's own notifications"),
        },
    ),
    "ThreadUpdate": TypeAccess(reach=None, public=("change", "thread", "post")),
    "NotificationUpdate": TypeAccess(reach=None, public=("notification", "unreadCount")),
    "Node": TypeAccess(reach=None, public=("id",), note="each type by its own reach"),
    "Member": TypeAccess(
        reach=public(S, T, note="public profiles: partners see the authors of what they read"),
        public=(
            "id",
            "displayName",
            "role",
            "isCommitteeChair",
            "memberSince",
            "suggestionCount",
            "threadCount",
            "postCount",
        ),
        restricted={
            "votes": rule(SELF, ADVISER, COMMITTEE),
            "email": rule(SELF, ADVISER),
            "customerNumber": rule(SELF, ADVISER),
            "notifications": rule(SELF),
            "unreadNotificationCount": rule(SELF),
            "capabilities": rule(SELF),
            "notificationPreferences": rule(SELF),
            "language": rule(SELF),
            "personalData": rule(SELF, note="GDPR export: the member only, until erased"),
        },
    ),
    "Capabilities": TypeAccess(
        reach=None,
        public=(
            "canVote",
            "canSubmitSuggestion",
            "canCreateThread",
            "canFlagContent",
            "canPostInternalNote",
            "canModerate",
            "canTriage",
            "canViewAgenda",
            "canViewSupportFigures",
            "canScore",
            "canDecide",
        ),
    ),
    "Category": TypeAccess(
        reach=public(T), public=("id", "name", "slug", "description", "acceptsThreads")
    ),
    "Thread": TypeAccess(
        reach=public(T, note=HIDDEN),
        public=(
            "id",
            "title",
            "body",
            "kind",
            "status",
            "isPinned",
            "isLocked",
            "createdAt",
            "lastActivityAt",
            "firstResponseAt",
            "resolvedAt",
            "author",
            "category",
            "postCount",
            "acceptedPost",
            "isHidden",
            "hiddenReason",
            "posts",
        ),
        restricted={
            "assignedAdviser": rule(ADVISER),
            "viewerIsFollowing": viewer_relative("about the viewer themself"),
        },
        note=HIDDEN_REASON,
    ),
    "Post": TypeAccess(
        reach=public(
            T,
            note="internal notes: advisers; hidden ones (or in a hidden thread): advisers "
            "and their author",
        ),
        public=(
            "id",
            "body",
            "createdAt",
            "editedAt",
            "isOfficial",
            "isInternal",
            "author",
            "thread",
            "isHidden",
            "hiddenReason",
        ),
        restricted={"revisions": rule(ADVISER)},
        note=HIDDEN_REASON,
    ),
    "PostRevision": TypeAccess(reach=rule(ADVISER), public=("id", "body", "createdAt", "editedBy")),
    "Suggestion": TypeAccess(
        reach=public(S, note=HIDDEN),
        public=(
            "id",
            "title",
            "body",
            "status",
            "createdAt",
            "updatedAt",
            "editedAt",
            "targetPeriod",
            "publicResponse",
            "author",
            "voteCount",
            "statusHistory",
            "duplicateOf",
            "isHidden",
            "hiddenReason",
        ),
        restricted={
            "viewerHasVoted": viewer_relative("about the viewer themself"),
            "viewerIsFollowing": viewer_relative("about the viewer themself"),
            "viewerStatusMoves": viewer_relative("what the viewer themself may do"),
            "viewerCanMarkDuplicate": viewer_relative("what the viewer themself may do"),
            "latestDecision": public(D, note="published decisions only"),
            "decisions": public(D, note="drafts too for the committee"),
            "discussion": public(T),
            "comments": public(T),
            "evaluationSummary": rule(COMMITTEE),
            "voters": rule(ADVISER, COMMITTEE),
        },
        note=HIDDEN_REASON,
    ),
    "StatusChange": TypeAccess(
        reach=public(S, note="as its suggestion"),
        public=("id", "fromStatus", "toStatus", "publicNote", "createdAt", "actor"),
    ),
    "Decision": TypeAccess(
        reach=public(D, note="drafts: the committee"),
        public=("id", "outcome", "publicRationale", "targetPeriod", "publishedAt", "isPublished"),
        restricted={"internalNotes": rule(COMMITTEE), "notificationPreview": rule(COMMITTEE)},
    ),
    "EvaluationSummary": TypeAccess(
        reach=None,
        public=(
            "count",
            "customerBenefit",
            "technicalFeasibility",
            "cost",
            "timeToDeliver",
            "overall",
        ),
    ),
    "Evaluation": TypeAccess(
        reach=rule(COMMITTEE),
        public=(
            "id",
            "customerBenefit",
            "technicalFeasibility",
            "cost",
            "timeToDeliver",
            "comment",
            "updatedAt",
            "evaluator",
            "suggestion",
        ),
    ),
    "CommitteeMeeting": TypeAccess(
        reach=rule(ADVISER, COMMITTEE), public=("id", "title", "scheduledFor", "chair", "agenda")
    ),
    "AgendaItem": TypeAccess(
        reach=None,
        public=("position", "suggestion"),
        restricted={
            "evaluations": rule(COMMITTEE, note="the others' once the viewer scored"),
            "evaluationSummary": rule(COMMITTEE, note="once the viewer scored"),
            "viewerEvaluation": rule(COMMITTEE),
        },
    ),
    "Notification": TypeAccess(
        reach=rule(SELF, note="its recipient"),
        public=(
            "id",
            "kind",
            "message",
            "createdAt",
            "readAt",
            "isRead",
            "actor",
            "suggestion",
            "thread",
            "post",
        ),
    ),
    "NotificationPreference": TypeAccess(reach=None, public=("kind", "delivery", "isDefault")),
    "EmailUnsubscription": TypeAccess(reach=None, public=("kind", "isDigest")),
    "Flag": TypeAccess(
        reach=rule(SELF, ADVISER, note="advisers; a member, the flags they reported"),
        public=("id", "reason", "text", "createdAt", "resolvedAt", "reporter", "content"),
    ),
    "CommunityStats": TypeAccess(
        reach=None,
        public=(
            "members",
            "activeMembersLast30Days",
            "threads",
            "posts",
            "suggestionsByStatus",
            "publishedDecisionsByOutcome",
            "medianDaysFromShortlistToDecision",
            "decisionPromise",
            "retainedByTargetPeriod",
        ),
        restricted={"support": rule(ADVISER, COMMITTEE, partner=(STATS,))},
    ),
    "SuggestionStatusCount": TypeAccess(reach=None, public=("status", "count")),
    "DecisionOutcomeCount": TypeAccess(reach=None, public=("outcome", "count")),
    "TargetPeriodCount": TypeAccess(reach=None, public=("targetPeriod", "count")),
    "DecisionPromise": TypeAccess(
        reach=None,
        public=("thresholdVotes", "delayDays", "eligible", "decidedWithinDelay", "share"),
    ),
    "SupportFigures": TypeAccess(
        reach=None,
        public=(
            "promisedFirstResponseHours",
            "questions",
            "answered",
            "medianFirstResponseHours",
            "p90FirstResponseHours",
            "resolved",
            "resolvedShare",
            "weekly",
        ),
    ),
    "SupportWeek": TypeAccess(
        reach=None,
        public=(
            "weekStart",
            "questions",
            "answered",
            "answeredWithinPromise",
            "medianFirstResponseHours",
            "p90FirstResponseHours",
            "resolved",
            "resolvedShare",
        ),
    ),
    # What a mutation that stored text tells its author: read by whoever may call it.
    "Notice": TypeAccess(reach=None, public=("code", "message", "kind", "field")),
    "SearchResultConnection": TypeAccess(reach=None, public=("edges", "pageInfo", "totalCount")),
    "SearchResultEdge": TypeAccess(reach=None, public=("cursor", "node", "rank")),
    "PageInfo": TypeAccess(
        reach=None, public=("hasNextPage", "hasPreviousPage", "startCursor", "endCursor")
    ),
}

# Relay connections and their edges (`XConnection`, `XEdge`), whatever X: read wherever the
# list field returning them is. A new field on them would be a new field on every list, so
# their field sets are fixed here too.
CONNECTION_FIELDS = ("edges", "pageInfo", "totalCount")
EDGE_FIELDS = ("cursor", "node")
# A mutation's typed error (`XError`): read by whoever may call it.
MUTATION_ERROR_FIELDS = ("code", "message", "field")

# A mutation's payload: read by whoever may call the mutation.
PAYLOADS: dict[str, tuple[str, ...]] = {
    "LoginPayload": ("viewer", "errors"),
    "LogoutPayload": ("clientMutationId", "errors"),
    "EraseMyAccountPayload": ("erased", "errors"),
    "CreateThreadPayload": ("thread", "errors", "notices"),
    "ReplyToThreadPayload": ("post", "errors", "notices"),
    "AcceptAnswerPayload": ("thread", "errors"),
    "ResolveThreadPayload": ("thread", "errors"),
    "CloseThreadPayload": ("thread", "errors"),
    "ReopenThreadPayload": ("thread", "errors"),
    "LockThreadPayload": ("thread", "errors"),
    "UnlockThreadPayload": ("thread", "errors"),
    "AssignThreadPayload": ("thread", "errors"),
    "EditPostPayload": ("post", "errors", "notices"),
    "FollowThreadPayload": ("thread", "errors"),
    "FlagContentPayload": ("flag", "errors", "notices"),
    "HideContentPayload": ("content", "errors", "notices"),
    "UnhideContentPayload": ("content", "errors"),
    "DismissFlagPayload": ("flag", "errors"),
    "SubmitSuggestionPayload": ("suggestion", "errors", "notices"),
    "EditSuggestionPayload": ("suggestion", "errors", "notices"),
    "WithdrawSuggestionPayload": ("suggestion", "errors"),
    "VoteForSuggestionPayload": ("suggestion", "errors"),
    "WithdrawVotePayload": ("suggestion", "errors"),
    "ChangeSuggestionStatusPayload": ("suggestion", "errors", "notices"),
    "MarkSuggestionDuplicatePayload": ("suggestion", "original", "errors", "notices"),
    "FollowSuggestionPayload": ("suggestion", "errors"),
    "CommentOnSuggestionPayload": ("comment", "errors", "notices"),
    "ScheduleCommitteeMeetingPayload": ("meeting", "errors", "notices"),
    "SetMeetingAgendaPayload": ("meeting", "errors"),
    "ScoreSuggestionPayload": ("evaluation", "errors", "notices"),
    "RecordDecisionPayload": ("decision", "errors", "notices"),
    "PublishDecisionPayload": ("decision", "suggestion", "errors"),
    "MarkNotificationsReadPayload": ("unreadCount", "errors"),
    "SetLanguagePayload": ("viewer", "errors"),
    "SetNotificationPreferencePayload": ("preference", "errors"),
    "UnsubscribeFromEmailPayload": ("unsubscription", "errors"),
}

# Partner tokens call no mutation at all (`PartnersReadOnly` on every one); anonymous
# visitors refused a mutation are told UNAUTHENTICATED, members FORBIDDEN.
OWN_CONTENT = "row rule, checked by the service: the question's author or an adviser"
MUTATIONS: dict[str, Rule] = {
    "login": rule(*EVERYONE),
    "logout": rule(*EVERYONE),
    "eraseMyAccount": rule(*MEMBERS, note="the member's own account, confirmed by password"),
    "createThread": rule(*MEMBERS),
    "replyToThread": rule(
        *MEMBERS, note="advisers' replies are official; internal notes: advisers"
    ),
    "acceptAnswer": rule(*MEMBERS, note=OWN_CONTENT),
    "resolveThread": rule(*MEMBERS, note=OWN_CONTENT),
    "closeThread": rule(*MEMBERS, note="row rule: advisers any thread, an author their own"),
    "reopenThread": rule(ADVISER),
    "lockThread": rule(ADVISER),
    "unlockThread": rule(ADVISER),
    "assignThread": rule(ADVISER),
    "editPost": rule(*MEMBERS, note="row rule, checked by the service: the reply's author"),
    "flagContent": rule(*MEMBERS),
    "hideContent": rule(ADVISER),
    "unhideContent": rule(ADVISER),
    "dismissFlag": rule(ADVISER),
    "submitSuggestion": rule(CUSTOMER),
    "editSuggestion": rule(
        CUSTOMER, note="row rule, checked by the service: its author, while SUBMITTED"
    ),
    "withdrawSuggestion": rule(
        CUSTOMER, note="row rule, checked by the service: its author, while SUBMITTED"
    ),
    "voteForSuggestion": rule(CUSTOMER),
    "withdrawVote": rule(CUSTOMER),
    "changeSuggestionStatus": rule(ADVISER),
    "markSuggestionDuplicate": rule(ADVISER),
    "followSuggestion": rule(*MEMBERS),
    "unfollowSuggestion": rule(*MEMBERS),
    "followThread": rule(*MEMBERS, note="café threads; a suggestion's discussion: its suggestion"),
    "unfollowThread": rule(*MEMBERS),
    "commentOnSuggestion": rule(*MEMBERS),
    "scheduleCommitteeMeeting": rule(ADVISER),
    "setMeetingAgenda": rule(ADVISER),
    "scoreSuggestion": rule(COMMITTEE),
    "recordDecision": rule(CHAIR),
    "publishDecision": rule(CHAIR),
    "markNotificationsRead": rule(*MEMBERS, note="one's own notifications"),
    "setLanguage": rule(*MEMBERS, note="one's own language"),
    "setNotificationPreference": rule(*MEMBERS, note="one's own e-mails"),
    "unsubscribeFromEmail": rule(
        *EVERYONE, note="no login: an e-mail's signed link is the authority (RFC 8058)"
    ),
}


def classify(type_name: str, field_name: str) -> Rule | None:
    """The rule of a field of an object type (on top of the type's reach), or None when the
    table does not classify it."""
    if type_name == "Mutation":
        return MUTATIONS.get(field_name)
    access = TYPES.get(type_name)
    if access is not None:
        return access.field_rule(field_name)
    if type_name in PAYLOADS:
        return UNRESTRICTED if field_name in PAYLOADS[type_name] else None
    for suffix, names in (
        ("Connection", CONNECTION_FIELDS),
        ("Edge", EDGE_FIELDS),
        ("Error", MUTATION_ERROR_FIELDS),
    ):
        if type_name.endswith(suffix) and len(type_name) > len(suffix):
            return UNRESTRICTED if field_name in names else None
    return None


def reach_of(type_name: str) -> Rule | None:
    """Who receives objects of the type at all; None for value types (as their parent)."""
    access = TYPES.get(type_name)
    return access.reach if access is not None else None
