"""The French text of the demo community, read from `prose/<area>.toml`.

Every person, idea and exchange there is invented (e-mail addresses use the reserved domain
example.test). The prose lives apart from the code so it can be reread and edited without
touching the logic; the loader only picks, combines and dates it. This module gives it
shape: one frozen dataclass per kind of record, tuples for lists, so that the story drawn
from it is the same at every load.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

_PROSE = Path(__file__).with_name("prose")
_Record = TypeVar("_Record")


def _read(area: str) -> dict[str, Any]:
    with (_PROSE / f"{area}.toml").open("rb") as f:
        return tomllib.load(f)


def _frozen(value: Any) -> Any:
    """TOML's arrays as tuples, at every depth."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def _strings(value: Any) -> tuple[str, ...]:
    strings = _frozen(value)
    assert all(isinstance(s, str) for s in strings)
    return strings


def _records(kind: type[_Record], rows: list[dict[str, Any]]) -> tuple[_Record, ...]:
    # A key the record does not have is a TypeError here, not a line silently left out.
    return tuple(kind(**{k: _frozen(v) for k, v in row.items()}) for row in rows)


# --- Members -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A named member of the bank's side, or the demo customer."""

    username: str
    first_name: str
    last_name: str
    # Advisers sign their answers "Nadia, conseillère en ligne".
    feminine: bool = False


_members = _read("members")
FIRST_NAMES = _strings(_members["first_names"])
LAST_NAMES = _strings(_members["last_names"])
DEMO_CUSTOMER = Person(**_members["demo_customer"])
ADVISERS = _records(Person, _members["advisers"])
COMMITTEE = _records(Person, _members["committee"])
COMMITTEE_CHAIR = COMMITTEE[0]
# The committee members who have the last meeting's carried-over ideas still to score.
STILL_TO_SCORE = ("demo-comite", "veronique.fabre")

# --- Threads (the café) --------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryText:
    name: str
    slug: str
    description: str
    accepts_threads: bool


@dataclass(frozen=True)
class Question:
    """A support question: how customers title it, what they write, what an adviser answers.
    The answer is framed with a greeting and the adviser's signature by the loader."""

    titles: tuple[str, ...]
    body: str
    answer: str


@dataclass(frozen=True)
class Topic:
    """A subject customers talk about. `name` is used in sentences ("l'appli mobile"),
    `of` after "de" ("de l'appli mobile"); the sentences are first-person."""

    name: str
    of: str
    opinion: str
    tip: str
    praise: str
    gripe: str
    replies: tuple[str, ...]


@dataclass(frozen=True)
class DiscussionPattern:
    """How a customer opens a discussion about a topic; filled with a Topic's fields."""

    title: str
    body: str


@dataclass(frozen=True)
class Pinned:
    """An adviser's pinned discussion; `after_meeting` dates it after that meeting's
    decisions were published (0: the day the community opened)."""

    title: str
    body: str
    after_meeting: int = 0


_threads = _read("threads")
CATEGORIES = _records(CategoryText, _threads["categories"])
QUESTIONS = _records(Question, _threads["questions"])
QUESTION_OPENERS = _strings(_threads["question_openers"])
QUESTION_CLOSERS = _strings(_threads["question_closers"])
SENSITIVE_ASIDES = _strings(_threads["sensitive_asides"])
ANSWER_FRAME: str = _threads["answer_frame"]
ADVISER_ROLE = _strings(_threads["adviser_role"])
QUESTION_ME_TOO = _strings(_threads["question_me_too"])
MARKS_IT_RESOLVED: str = _threads["marks_it_resolved"]
QUESTION_THANKS_RESOLVED = _strings(_threads["question_thanks_resolved"])
assert MARKS_IT_RESOLVED in QUESTION_THANKS_RESOLVED
QUESTION_THANKS_PENDING = _strings(_threads["question_thanks_pending"])
QUESTION_AFTERWORDS = _strings(_threads["question_afterwords"])
INTERNAL_NOTES = _strings(_threads["internal_notes"])
TOPICS = _records(Topic, _threads["topics"])
DISCUSSION_PATTERNS = _records(DiscussionPattern, _threads["discussion_patterns"])
GENERIC_REPLIES = _strings(_threads["generic_replies"])
AUTHOR_FOLLOW_UPS = _strings(_threads["author_follow_ups"])
ADVISER_DISCUSSION_REPLIES = _strings(_threads["adviser_discussion_replies"])
PINNED_DISCUSSIONS = _records(Pinned, _threads["pinned_discussions"])
WELCOME_REPLIES = _strings(_threads["welcome_replies"])
AFTER_MEETING: dict[str, int] = _threads["after_meeting"]

# --- Suggestions (Le Labo) -----------------------------------------------------------------


@dataclass(frozen=True)
class Idea:
    """A suggestion as its first author wrote it, and related ideas other customers posted
    from another angle: (title, body) pairs."""

    title: str
    body: str
    variants: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Duplicate:
    """A suggestion an adviser merged into an earlier one that said the same thing."""

    original: str
    title: str
    body: str


_suggestions = _read("suggestions")
IDEAS = tuple(
    Idea(
        title=idea["title"],
        body=idea["body"],
        variants=tuple((v["title"], v["body"]) for v in idea.get("variants", ())),
    )
    for idea in _suggestions["ideas"]
)
# The story's most liked idea.
TOP_IDEA = IDEAS[0].title
DUPLICATES = _records(Duplicate, _suggestions["duplicates"])
SUGGESTION_OPENERS = _strings(_suggestions["suggestion_openers"])
SUGGESTION_CLOSERS = _strings(_suggestions["suggestion_closers"])
UNDER_REVIEW_NOTES = _strings(_suggestions["under_review_notes"])
SHORTLISTED_NOTE: str = _suggestions["shortlisted_note"]
SHORTLISTED_NEXT_NOTE: str = _suggestions["shortlisted_next_note"]
IN_PROGRESS_NOTE: str = _suggestions["in_progress_note"]
DELIVERED_NOTE: str = _suggestions["delivered_note"]
DUPLICATE_NOTE: str = _suggestions["duplicate_note"]
LABO_COMMENTS = _strings(_suggestions["labo_comments"])
LABO_COMMENTS_DECIDED: dict[str, tuple[str, ...]] = {
    outcome: _strings(comments)
    for outcome, comments in _suggestions["labo_comments_decided"].items()
}
LABO_AUTHOR_THANKS = _strings(_suggestions["labo_author_thanks"])
LABO_ADVISER_ANSWERS: dict[str, str] = _suggestions["labo_adviser_answers"]
DEMO_LABO_COMMENT: str = _suggestions["demo_labo_comment"]

# --- Committee -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Fate:
    """What the committee decided about an idea, at which of the three meetings."""

    title: str
    meeting: int  # 1, 2 or 3
    outcome: str  # RETAINED, DEFERRED or REJECTED
    rationale: str
    internal_notes: str
    # RETAINED: the quarter it is planned for, counted from the quarter of loading.
    quarters_ahead: int | None = None
    # What happened next for a retained idea: "IN_PROGRESS", then maybe "DELIVERED".
    then: tuple[str, ...] = ()


_committee = _read("committee")
FATES = _records(Fate, _committee["fates"])
MONTHS = _strings(_committee["months"])
MEETING_TITLE: str = _committee["meeting_title"]
DECISION_PERIOD_NOTE: str = _committee["decision_period_note"]
DRAFT_DECISION_NOTES: str = _committee["draft_decision_notes"]
EVALUATION_COMMENTS: dict[str, tuple[str, ...]] = {
    outcome: _strings(comments) for outcome, comments in _committee["evaluation_comments"].items()
}

# --- Moderation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reported:
    """A reply in a discussion that customers reported to the advisers, and what became of
    it: HIDDEN (an adviser hid it, which resolved the reports), DISMISSED (an adviser read
    the report and left the reply) or OPEN (still in the moderation queue)."""

    body: str
    reason: str  # a FlagReason
    reports: tuple[str, ...]  # what each reporter wrote
    outcome: str
    # How many days before now it was posted (the queue holds the recent ones).
    days_ago: tuple[float, float]
    hidden_reason: str = ""


_moderation = _read("moderation")
REPORTED_POSTS = _records(Reported, _moderation["reported_posts"])
# A customer reporting a recent idea as a likely duplicate: (a FlagReason, their words).
REPORTED_SUGGESTION: tuple[str, str] = (
    _moderation["reported_suggestion"]["reason"],
    _moderation["reported_suggestion"]["text"],
)
