"""Imports every aggregate so Django registers the models of the `community` app."""

from .audit import AuditChainHead, AuditEvent
from .committee import AgendaItem, CommitteeMeeting, Decision, DecisionOutcome, Evaluation
from .members import Counter, Language, Member, Role
from .moderation import Flag, FlagReason, Hideable
from .notifications import (
    DEFAULT_DELIVERIES,
    EmailDigest,
    Follow,
    Notification,
    NotificationDelivery,
    NotificationKind,
    NotificationPreference,
    OutboxEvent,
    OutboxEventKind,
    default_delivery,
)
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
    "DEFAULT_DELIVERIES",
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
    "EmailDigest",
    "Evaluation",
    "Flag",
    "FlagReason",
    "Follow",
    "Hideable",
    "Language",
    "Member",
    "Notification",
    "NotificationDelivery",
    "NotificationKind",
    "NotificationPreference",
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
    "default_delivery",
]
