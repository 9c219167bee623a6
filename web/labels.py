"""What the website calls the API's enum values and result codes, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

SUGGESTION_STATUS: dict[str, Promise] = {
    "SUBMITTED": _("Submitted"),
    "UNDER_REVIEW": _("Under review"),
    "SHORTLISTED": _("Presented to the committee"),
    "RETAINED": _("Retained"),
    "DEFERRED": _("Deferred"),
    "REJECTED": _("Not retained"),
    "IN_PROGRESS": _("In progress"),
    "DELIVERED": _("Delivered"),
    "DUPLICATE": _("Merged into another idea"),
    "WITHDRAWN": _("Withdrawn by its author"),
}

THREAD_STATUS: dict[str, Promise] = {
    "OPEN": pgettext_lazy("thread", "Open"),
    "ANSWERED": _("Answered"),
    "RESOLVED": _("Resolved"),
    "CLOSED": pgettext_lazy("thread", "Closed"),
}

THREAD_KIND: dict[str, Promise] = {
    "QUESTION": _("Question"),
    "DISCUSSION": _("Discussion"),
}

THREAD_KIND_PLURAL: dict[str, Promise] = {
    "QUESTION": _("Questions"),
    "DISCUSSION": _("Discussions"),
}

OUTCOME: dict[str, Promise] = {
    "RETAINED": _("Retained"),
    "DEFERRED": _("Deferred"),
    "REJECTED": _("Not retained"),
}

ROLE: dict[str, Promise] = {
    "CUSTOMER": _("Customer"),
    "ADVISER": _("Adviser"),
    "COMMITTEE": _("Committee"),
}

ORDER: dict[str, Promise] = {
    "TOP": _("Most supported"),
    "NEWEST": _("Newest"),
    "TRENDING": _("Trending"),
    "RECENTLY_DECIDED": _("Recently decided"),
}

FLAG_REASON: dict[str, Promise] = {
    "SPAM": _("Spam or advertising"),
    "ABUSE": _("Abusive or offensive"),
    "PERSONAL_DATA": _("Personal or banking data"),
    "OFF_TOPIC": _("Off topic"),
    "OTHER": _("Something else"),
}

NOTIFICATION_KIND: dict[str, Promise] = {
    "OFFICIAL_ANSWER": _("An adviser answered"),
    "QUESTION_RESOLVED": _("Question resolved"),
    "SUGGESTION_STATUS_CHANGED": _("Idea status changed"),
    "DECISION_PUBLISHED": _("Committee decision"),
    "SUGGESTION_MARKED_DUPLICATE": _("Idea merged"),
    "CONTENT_HIDDEN": _("Content hidden by a moderator"),
    "THREAD_REPLY": _("New reply"),
    "SUGGESTION_COMMENT": _("New comment"),
    "SENSITIVE_NUMBER_MASKED": _("Sensitive number masked"),
}

# How a kind of notification reaches the member (their e-mail page).
NOTIFICATION_DELIVERY: dict[str, Promise] = {
    "IN_APP": _("Notifications page only"),
    "IMMEDIATE": _("An e-mail each time"),
    "DAILY_DIGEST": _("One e-mail a day"),
}

# What each kind of notification is, on the member's e-mail page.
NOTIFICATION_KIND_CHOICE: dict[str, Promise] = {
    "OFFICIAL_ANSWER": _("An adviser answers one of your questions"),
    "QUESTION_RESOLVED": _("An adviser marks one of your questions resolved"),
    "SUGGESTION_STATUS_CHANGED": _("An idea you follow changes status"),
    "DECISION_PUBLISHED": _("The committee decides on an idea you support"),
    "SUGGESTION_MARKED_DUPLICATE": _("An idea you support is merged into another"),
    "CONTENT_HIDDEN": _("A moderator hides something you wrote"),
    "THREAD_REPLY": _("A new reply in a thread you follow"),
    "SUGGESTION_COMMENT": _("A new comment on an idea you follow"),
    "SENSITIVE_NUMBER_MASKED": _("A customer wrote a sensitive number (advisers)"),
}

# The committee's criteria (scoreSuggestion's input fields).
CRITERION: dict[str, Promise] = {
    "customerBenefit": _("Customer benefit"),
    "technicalFeasibility": _("Technical feasibility"),
    "cost": _("Cost (5 = cheapest)"),
    "timeToDeliver": _("Time to deliver (5 = fastest)"),
}

# The same, in a list of one member's scores.
CRITERION_SHORT: dict[str, Promise] = {
    "customerBenefit": _("benefit"),
    "technicalFeasibility": _("feasibility"),
    "cost": pgettext_lazy("criterion", "cost"),
    "timeToDeliver": pgettext_lazy("criterion", "time"),
}

LABELS: dict[str, dict[str, Promise]] = {
    "suggestion_status": SUGGESTION_STATUS,
    "thread_status": THREAD_STATUS,
    "thread_kind": THREAD_KIND,
    "thread_kind_plural": THREAD_KIND_PLURAL,
    "outcome": OUTCOME,
    "role": ROLE,
    "order": ORDER,
    "flag_reason": FLAG_REASON,
    "notification_kind": NOTIFICATION_KIND,
    "notification_kind_choice": NOTIFICATION_KIND_CHOICE,
    "notification_delivery": NOTIFICATION_DELIVERY,
    "criterion": CRITERION,
    "criterion_short": CRITERION_SHORT,
}

# The input fields the API names in its errors, as a sentence starts with them.
FIELD: dict[str, Promise] = {
    "title": _("The title"),
    "body": _("The message"),
    "categoryId": _("The category"),
    "kind": _("The kind"),
    "reason": _("The reason"),
    "text": _("The explanation"),
    "username": _("The username"),
    "password": _("The password"),
    "publicNote": _("The public note"),
    "status": _("The new status"),
    "originalId": _("The original idea"),
    "scheduledFor": _("The date"),
    "suggestionIds": _("The agenda"),
    "meetingId": _("The meeting"),
    # The committee's forms.
    "customerBenefit": _("The customer benefit score"),
    "technicalFeasibility": _("The technical feasibility score"),
    "cost": _("The cost score"),
    "timeToDeliver": _("The time to deliver score"),
    "comment": _("The comment"),
    "outcome": _("The outcome"),
    "publicRationale": _("The public rationale"),
    "targetPeriod": _("The target period"),
    "internalNotes": _("The internal notes"),
    "delivery": _("The choice"),
    "language": _("The language"),
}

# Result codes of the mutations (`errors[].code`) and the top-level codes of /graphql, as
# told to a member. `%(field)s` is the field's name above.
CODE: dict[str, Promise] = {
    "BLANK": _("%(field)s cannot be empty."),
    "TOO_LONG": _("%(field)s is too long."),
    "NOT_FOUND": _("This no longer exists, or you may not see it."),
    "ALREADY_SUBMITTED": _("You have just sent the same text: here it is."),
    "CATEGORY_CLOSED": _("New threads cannot be opened in this category."),
    "THREAD_CLOSED": _("This thread is closed."),
    "THREAD_LOCKED": _("This thread is locked: no new replies."),
    "NOT_A_QUESTION": _("Only a question has an accepted answer."),
    "INTERNAL_POST": _("An internal note cannot be accepted as the answer."),
    "POST_HIDDEN": _("This reply is hidden by a moderator."),
    "ALREADY_ACCEPTED": _("This answer is already the accepted one."),
    "UNCHANGED": _("Nothing changed."),
    "ALREADY_HIDDEN": _("This content is already hidden."),
    "NOT_HIDDEN": _("This content is not hidden."),
    "NOT_AN_ADVISER": _("Only an adviser can follow a question up."),
    "ALREADY_RESOLVED": _("This is already handled: nothing changed."),
    "ALREADY_CLOSED": _("This thread is already closed."),
    "ALREADY_OPEN": _("This thread is already open."),
    "ALREADY_LOCKED": _("This thread is already locked."),
    "NOT_LOCKED": _("This thread is not locked."),
    "ALREADY_FLAGGED": _("You have already reported this content."),
    "VOTING_CLOSED": _("Voting is closed for this idea."),
    "ALREADY_VOTED": _("You already support this idea."),
    "NOT_VOTED": _("You had not voted for this idea."),
    "ALREADY_FOLLOWING": _("You already follow this."),
    "NOT_FOLLOWING": _("You were not following this."),
    "INVALID_CREDENTIALS": _("Unknown username or wrong password."),
    "WRONG_PASSWORD": _("This is not your password: nothing was erased."),
    "TOO_MANY": _("Too many at once."),
    "NOT_SUBMITTED": _("This idea can no longer be changed: the bank is already studying it."),
    "ALREADY_WITHDRAWN": _("This idea is already withdrawn."),
    "USE_FOLLOW_SUGGESTION": _("Follow the idea itself."),
    "ILLEGAL_TRANSITION": _("The status machine does not allow this move from the idea's status."),
    "DECISION_REQUIRED": _("Only a published committee decision gives this status."),
    "USE_MARK_DUPLICATE": _("Merge the idea into the original instead."),
    "SAME_SUGGESTION": _("An idea cannot be a duplicate of itself."),
    "ALREADY_DECIDED": _("Only a submitted or under-review idea can be merged into another."),
    "ORIGINAL_IS_DUPLICATE": _("That idea is itself merged: choose the one it was merged into."),
    "ORIGINAL_CLOSED": _("Voting is closed on that idea: choose one still open to votes."),
    "NOT_SHORTLISTED": _("Only ideas presented to the committee go on an agenda."),
    "DUPLICATE_ENTRY": _("An idea appears twice on the agenda."),
    "NO_CHAIR": _("The committee has no chair to hold the meeting."),
    "OUT_OF_RANGE": _("%(field)s must be from today to the scheduling horizon."),
    # The committee's mutations.
    "NOT_ON_AGENDA": _("This idea is not on this meeting's agenda."),
    "DECISION_PUBLISHED": _("The decision on this idea is published: the scores are final."),
    "RATIONALE_REQUIRED": _(
        "A deferred or rejected idea owes the community its reasons: write the public rationale."
    ),
    "TARGET_PERIOD_REQUIRED": _("Say when a retained idea is planned (e.g. 2027 Q3)."),
    "ALREADY_PUBLISHED": _("This decision is already published."),
    "INVALID_DECISION": _("This draft breaks a rule of decisions: record it again."),
    # E-mail preferences and unsubscribe links.
    "NOT_RECEIVED": _("You never receive this kind of notification."),
    "INVALID_TOKEN": _("This unsubscribe link is not valid: it may have been cut short."),
    "EXPIRED_TOKEN": _("This unsubscribe link has expired."),
    "ALREADY_UNSUBSCRIBED": _("These e-mails were already stopped."),
    "RATE_LIMITED": _("Too many attempts: please try again in a few minutes."),
    "FORBIDDEN": _("You are not allowed to do this."),
    "UNAUTHENTICATED": _("Please log in first."),
    "BAD_USER_INPUT": _("This request is not valid."),
    "QUERY_TOO_COMPLEX": _("This request is too large."),
    "INTERNAL": _("Something went wrong on our side. Please try again."),
}


# A sensitive number masked in what a member wrote (payload notices, SENSITIVE_NUMBER_MASKED),
# by kind.
MASKED_NUMBER: dict[str, Promise] = {
    "IBAN": _("An IBAN"),
    "PAYMENT_CARD": _("A card number"),
    "PHONE_NUMBER": _("A phone number"),
    "SOCIAL_SECURITY_NUMBER": _("A social security number"),
}
MASKED_NUMBER_NOTICE = _(
    "%(number)s in your text was masked before publishing: only its first and last digits "
    "are shown. Please never post bank details or personal numbers in public; an adviser "
    "may contact you if needed."
)


def masked_number_message(kind: str | None) -> str:
    """The notice of a sensitive number of `kind` masked in what the reader wrote."""
    number = MASKED_NUMBER.get(kind or "", _("A sensitive number"))
    return str(MASKED_NUMBER_NOTICE) % {"number": number}


def label(kind: str, value: Any) -> str:
    """The reader's word for an enum value (the value itself when unknown)."""
    found = LABELS.get(kind, {}).get(str(value))
    return str(found) if found is not None else str(value)


# A code several mutations answer, in the words of the field it is about (before CODE).
CODE_FOR_FIELD: dict[tuple[str, str], Promise] = {
    **{
        ("OUT_OF_RANGE", name): _("%(field)s goes from 1 to 5.")
        for name in ("customerBenefit", "technicalFeasibility", "cost", "timeToDeliver")
    },
    # recordDecision and publishDecision: the idea left the committee meanwhile.
    ("NOT_SHORTLISTED", "suggestionId"): _("This idea is no longer presented to the committee."),
    ("NOT_SHORTLISTED", "decisionId"): _("This idea is no longer presented to the committee."),
}


def error_message(code: str, field: str | None = None) -> str:
    """A result code as told to the reader, naming the field at fault."""
    text = CODE_FOR_FIELD.get((code, field or "")) or CODE.get(code)
    if text is None:
        return str(CODE["BAD_USER_INPUT"])
    name = FIELD.get(field or "", _("This field"))
    return str(text) % {"field": name}


def vote_texts() -> dict[str, str]:
    """The texts of the vote control (web/parts/vote.html) that are the same on every card,
    in the reader's language: translated once per page rather than once per card (a list
    of twenty cards rendered some 150 `translate` tags, a fifth of its template's time)."""
    return {
        "one": pgettext("one vote", "vote"),
        "many": pgettext("several votes", "votes"),
        "vote": gettext("I support it"),
        "withdraw": gettext("Withdraw my vote"),
        "voted": gettext("Thank you for your vote."),
        "withdrawn": gettext("Your vote is withdrawn."),
        "log_in": gettext("Log in to vote"),
    }
