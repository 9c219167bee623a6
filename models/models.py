"""Imports every aggregate so Django registers the models of the `community` app."""

from .audit import AuditChainHead, AuditEvent
from .committee import AgendaItem, CommitteeMeeting, Decision, DecisionOutcome, Evaluation
from .members import Counter, Member, Role
from .moderation import Flag, FlagReason, Hideable
from .notifications import Follow, Notification, NotificationKind, OutboxEvent, OutboxEventKind
from .partners import (
    ApiToken,
    TokenScope,
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEventType,
)
from .suggestions import VOTING_CLOSED_STATUSES, StatusChange, Suggestion, SuggestionStatus
from .threads import Category, Post, PostRevision, Thread, ThreadKind, ThreadStatus
from .votes import Vote

__all__ = [
    "VOTING_CLOSED_STATUSES",
    "AgendaItem",
    "ApiToken",
    "AuditChainHead",
    "AuditEvent",
    "Category",
    "CommitteeMeeting",
    "Counter",
    "Decision",
    "DecisionOutcome",
    "Evaluation",
    "Flag",
    "FlagReason",
    "Follow",
    "Hideable",
    "Member",
    "Notification",
    "NotificationKind",
    "OutboxEvent",
    "OutboxEventKind",
    "Post",
    "PostRevision",
    "Role",
    "StatusChange",
    "Suggestion",
    "SuggestionStatus",
    "Thread",
    "ThreadKind",
    "ThreadStatus",
    "TokenScope",
    "Vote",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookDeliveryStatus",
    "WebhookEndpoint",
    "WebhookEventType",
]
