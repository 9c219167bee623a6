"""Each mutation's error codes are the result codes of the service behind it.

A service declares its codes as a `StrEnum` beside it; the schema exposes that enum
(`schema/core/mutations.py::error_codes`), so a code a service may return cannot be
missing from the API. A mutation whose enum stays a declaration of its own is checked when
its module is imported: a service code missing from it fails the import, not a request in
production (where it would have become a masked INTERNAL error).
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLEnumType, GraphQLObjectType, get_named_type

from resolvers.errors import ResultCode
from schema import schema
from schema.core import mutations as common
from schema.core.enums import UndescribedEnumValue
from schema.core.mutations import ErrorCodeMismatch, error_codes


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    # The enums made here are not the schema's: keep them out of its registry.
    monkeypatch.setattr(common, "ERROR_CODES", dict(common.ERROR_CODES))


def _import(tmp_path: Path, source: str) -> Any:
    """Import a schema module written from `source` (as a module of the project is)."""
    path = tmp_path / "tiny_schema.py"
    path.write_text(textwrap.dedent(source))
    spec = importlib.util.spec_from_file_location("tiny_schema", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop("tiny_schema", None)
    return module


TINY_SERVICE = """
    from resolvers.errors import ResultCode
    from schema.core.mutations import error_codes


    class TinyCode(ResultCode):
        NOT_FOUND = "NOT_FOUND", "No such thing."
        ALREADY_DONE = "ALREADY_DONE", "Done before: nothing changed."
"""


def test_a_service_code_missing_from_a_declared_enum_fails_at_import(tmp_path: Path) -> None:
    with pytest.raises(ErrorCodeMismatch) as failed:
        _import(
            tmp_path,
            TINY_SERVICE
            + """
    class TinyErrorCode(ResultCode):
        NOT_FOUND = "NOT_FOUND", "No such thing."


    error_codes(TinyCode, name="TinyErrorCode", description="Why.", declared=TinyErrorCode)
    """,
        )
    assert str(failed.value) == (
        "TinyErrorCode lacks codes that tiny_schema.TinyCode returns: ALREADY_DONE."
    )


def test_a_declared_enum_with_every_service_code_imports(tmp_path: Path) -> None:
    module = _import(
        tmp_path,
        TINY_SERVICE
        + """
    class OtherCode(ResultCode):
        TOO_LONG = "TOO_LONG", "Too long."


    class TinyErrorCode(ResultCode):
        TOO_LONG = "TOO_LONG", "Too long."
        NOT_FOUND = "NOT_FOUND", "No such thing."
        ALREADY_DONE = "ALREADY_DONE", "Done before: nothing changed."


    exposed = error_codes(
        TinyCode, OtherCode, name="TinyErrorCode", description="Why.", declared=TinyErrorCode
    )
    """,
    )
    assert module.exposed is module.TinyErrorCode
    assert common.ERROR_CODES["TinyErrorCode"] == (module.TinyCode, module.OtherCode)


def test_the_schema_enum_is_a_copy_of_the_service_enum() -> None:
    class TinyCode(ResultCode):
        NOT_FOUND = "NOT_FOUND", "No such thing."
        ALREADY_DONE = "ALREADY_DONE", "Done before: nothing changed."

    exposed = error_codes(TinyCode, name="TinyErrorCode", description="Why.")
    assert [(m.name, m.value) for m in exposed] == [
        ("NOT_FOUND", "NOT_FOUND"),
        ("ALREADY_DONE", "ALREADY_DONE"),
    ]
    # Each value described as the service declared it.
    assert [
        (v.name, v.description)
        for v in exposed.__strawberry_definition__.values  # type: ignore[attr-defined]
    ] == [("NOT_FOUND", "No such thing."), ("ALREADY_DONE", "Done before: nothing changed.")]
    # The service's class stays unmarked: a copy carries the GraphQL enum.
    assert not hasattr(TinyCode, "__strawberry_definition__")
    assert exposed.__strawberry_definition__.name == "TinyErrorCode"  # type: ignore[attr-defined]
    assert common.ERROR_CODES["TinyErrorCode"] == (TinyCode,)


def test_several_services_need_a_declared_enum() -> None:
    class OneCode(ResultCode):
        NOT_FOUND = "NOT_FOUND", "No such thing."

    class TwoCode(ResultCode):
        TOO_LONG = "TOO_LONG", "Too long."

    with pytest.raises(ErrorCodeMismatch) as failed:
        error_codes(OneCode, TwoCode, name="TinyErrorCode", description="Why.")
    assert str(failed.value) == "TinyErrorCode: declare the enum that unites 2 services."


def test_a_code_whose_value_is_not_its_name_is_refused() -> None:
    class TinyCode(ResultCode):
        NOT_FOUND = "not_found", "No such thing."

    with pytest.raises(ErrorCodeMismatch) as failed:
        error_codes(TinyCode, name="TinyErrorCode", description="Why.")
    assert str(failed.value) == "TinyCode: values differ from names: ['NOT_FOUND']."


def test_one_declared_enum_is_one_graphql_enum() -> None:
    class TinyCode(ResultCode):
        NOT_FOUND = "NOT_FOUND", "No such thing."

    class TinyErrorCode(ResultCode):
        NOT_FOUND = "NOT_FOUND", "No such thing."

    error_codes(TinyCode, name="TinyErrorCode", description="Why.", declared=TinyErrorCode)
    with pytest.raises(ErrorCodeMismatch) as failed:
        error_codes(TinyCode, name="OtherErrorCode", description="Why.", declared=TinyErrorCode)
    assert str(failed.value) == "TinyErrorCode is already the GraphQL enum TinyErrorCode."


def test_a_code_without_its_description_fails_the_import_of_its_service(
    tmp_path: Path,
) -> None:
    with pytest.raises(TypeError) as failed:
        _import(
            tmp_path,
            """
    from resolvers.errors import ResultCode


    class TinyCode(ResultCode):
        NOT_FOUND = "NOT_FOUND", "No such thing."
        ALREADY_DONE = "ALREADY_DONE"
    """,
        )
    assert str(failed.value) == "TinyCode.ALREADY_DONE: a result code says what it means."


def test_a_plain_enum_of_codes_is_refused_for_want_of_descriptions() -> None:
    class TinyCode(StrEnum):
        NOT_FOUND = "NOT_FOUND"

    with pytest.raises(UndescribedEnumValue) as failed:
        error_codes(TinyCode, name="TinyErrorCode", description="Why.")  # type: ignore[arg-type]
    assert str(failed.value) == (
        "TinyErrorCode: no description for NOT_FOUND (give `value_descriptions=`, or declare "
        "the codes as a ResultCode)."
    )


# Every mutation → the service result enum behind its error codes.
SERVICE_CODES = {
    "acceptAnswer": "resolvers.services.threads.ThreadAcceptAnswerCode",
    "assignThread": "resolvers.services.threads.ThreadAssignCode",
    "changeSuggestionStatus": "resolvers.services.suggestions.SuggestionChangeStatusCode",
    "closeThread": "resolvers.services.threads.ThreadCloseCode",
    "commentOnSuggestion": "resolvers.services.suggestions.SuggestionCommentCode",
    "createThread": "resolvers.services.threads.ThreadCreateCode",
    "editSuggestion": "resolvers.services.suggestions.SuggestionReviseCode",
    "editPost": "resolvers.services.threads.PostEditCode",
    "flagContent": "resolvers.services.moderation.FlagCreateCode",
    "followSuggestion": "resolvers.services.suggestions.FollowCode",
    "followThread": "resolvers.services.threads.ThreadFollowCode",
    "hideContent": "resolvers.services.moderation.ContentHideCode",
    "lockThread": "resolvers.services.threads.ThreadLockCode",
    "eraseMyAccount": "resolvers.services.members.MemberEraseCode",
    "login": "resolvers.services.members.LoginCode",
    "logout": "resolvers.services.members.LoginCode",
    "markNotificationsRead": "resolvers.services.notifications.NotificationsMarkReadCode",
    "markSuggestionDuplicate": "resolvers.services.suggestions.SuggestionMarkDuplicateCode",
    "publishDecision": "resolvers.services.committee.DecisionPublishCode",
    "recordDecision": "resolvers.services.committee.DecisionRecordCode",
    "reopenThread": "resolvers.services.threads.ThreadReopenCode",
    "replyToThread": "resolvers.services.threads.ThreadReplyCode",
    "resolveThread": "resolvers.services.threads.ThreadResolveCode",
    "scheduleCommitteeMeeting": "resolvers.services.committee.MeetingScheduleCode",
    "scoreSuggestion": "resolvers.services.committee.EvaluationSaveCode",
    "setMeetingAgenda": "resolvers.services.committee.MeetingSetAgendaCode",
    "submitSuggestion": "resolvers.services.suggestions.SuggestionSubmitCode",
    "unfollowSuggestion": "resolvers.services.suggestions.FollowCode",
    "unfollowThread": "resolvers.services.threads.ThreadFollowCode",
    "unhideContent": "resolvers.services.moderation.ContentUnhideCode",
    "dismissFlag": "resolvers.services.moderation.FlagDismissCode",
    "unlockThread": "resolvers.services.threads.ThreadUnlockCode",
    "voteForSuggestion": "resolvers.services.votes.VoteCastCode",
    "withdrawSuggestion": "resolvers.services.suggestions.SuggestionWithdrawCode",
    "withdrawVote": "resolvers.services.votes.VoteWithdrawCode",
    "setLanguage": "resolvers.services.members.MemberLanguageSetCode",
    "setNotificationPreference": "resolvers.services.notifications.NotificationPreferenceSetCode",
    "unsubscribeFromEmail": "resolvers.services.notifications.EmailUnsubscribeCode",
}


def _error_enum(mutation: str) -> GraphQLEnumType:
    """The enum of `errors.code` in a mutation's payload."""
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    payload = get_named_type(mutation_type.fields[mutation].type)
    assert isinstance(payload, GraphQLObjectType)
    error = get_named_type(payload.fields["errors"].type)
    assert isinstance(error, GraphQLObjectType)
    code = get_named_type(error.fields["code"].type)
    assert isinstance(code, GraphQLEnumType)
    return code


def _name(enum: type[Enum]) -> str:
    return f"{enum.__module__}.{enum.__qualname__}"


def test_every_mutation_answers_the_codes_of_its_service() -> None:
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    behind: dict[str, str] = {}
    for mutation in mutation_type.fields:
        enum = _error_enum(mutation)
        # Made by `error_codes`, from service enums whose every code is a value of the API.
        services = common.ERROR_CODES[enum.name]
        for service in services:
            assert issubclass(service, StrEnum)
            assert set(service.__members__) <= set(enum.values), (mutation, service)
        # Today every mutation's enum is a copy of its service's: exactly its codes, in its
        # order, each described as the service declared it.
        (service,) = services
        assert list(enum.values) == list(service.__members__)
        assert {name: value.description for name, value in enum.values.items()} == {
            code.name: code.description for code in service
        }
        behind[mutation] = _name(service)
    assert behind == SERVICE_CODES
