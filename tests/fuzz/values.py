"""Hypothesis strategies for the values of every GraphQL argument, built from the schema.

`Values.arguments(field)` walks the field's arguments and, through them, every input object,
list, enum and scalar the schema declares, and draws for each position a value of the right
type (often an odd one: empty, at a length limit, a real ID of an existing row, a cursor the
API handed out) or, less often, a wrong one (another type, null where it is required, an
unknown input field). `render_literal` and `to_json` send the same value as a GraphQL literal
or as a JSON variable.

Each kind of odd value belongs to a category (`CATEGORIES`) that the suite can leave out, so
that inputs another part of the code base is responsible for can be switched off until it
handles them (see tests/fuzz/test_graphql_fuzz.py).
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    Undefined,
)
from hypothesis import strategies as st

from schema.core.ids import encode_id

# Kinds of odd input, each of which can be left out of the generated values.
CATEGORIES = frozenset(
    {
        "nul",  # NUL characters in text
        "lone_surrogates",  # unpaired UTF-16 surrogates in text ("\ud800")
        "control",  # C0/C1 control characters, line and paragraph separators
        "bidi",  # bidirectional overrides, zero-width and combining characters
        "huge_text",  # 100 kB strings
        "huge_numbers",  # integers past 32 bits (GraphQL's Int) and past 64 bits
        "wrong_types",  # a value of another type, an unknown input field
        "nulls",  # null where a value is required
        "forged_ids",  # IDs that are no row reference: bad base64, keys past 2^63, ...
        "forged_cursors",  # cursors with forged content
        "bad_datetimes",  # naive, out-of-range and unparseable datetimes
    }
)


@dataclass(frozen=True, slots=True)
class EnumName:
    """An enum value: a bare name as a literal, a string as a variable."""

    name: str


def to_json(value: Any) -> Any:
    """The value as a JSON variable."""
    if isinstance(value, EnumName):
        return value.name
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


def render_literal(value: Any) -> str:
    """The value as a GraphQL literal (strings escaped as JSON escapes them, which GraphQL
    reads the same way)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, EnumName):
        return value.name
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(render_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {render_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no literal for {value!r}")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8", "surrogatepass")).decode()


def weighted(*choices: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """One of the strategies, each drawn about as often as its weight says; the first is the
    usual one, and what shrinking goes back to. Hypothesis draws the ends of an integer range
    more often than their share, so the first strategy takes both ends and the others the
    middle."""
    kept = [(weight, strategy) for weight, strategy in choices if weight > 0]
    usual_weight, usual = kept[0]
    slots = (
        [usual] * (usual_weight // 2)
        + [strategy for weight, strategy in kept[1:] for _ in range(weight)]
        + [usual] * (usual_weight - usual_weight // 2)
    )
    if len(slots) == 1:
        return usual
    return st.integers(0, len(slots) - 1).flatmap(slots.__getitem__)


# Argument and input field names → the GraphQL type of the rows their IDs name.
ID_TYPES: dict[str, tuple[str, ...]] = {
    "suggestionId": ("Suggestion",),
    "suggestionIds": ("Suggestion",),
    "originalId": ("Suggestion",),
    "threadId": ("Thread",),
    "postId": ("Post",),
    "categoryId": ("Category",),
    "meetingId": ("CommitteeMeeting",),
    "decisionId": ("Decision",),
    "adviserId": ("Member",),
    "contentId": ("Thread", "Post", "Suggestion"),
}

# Strings at and around the limits the API documents (titles, bodies, search, notes, ...).
LIMIT_LENGTHS = (1, 2, 3, 19, 20, 21, 60, 61, 149, 150, 151, 199, 200, 201, 300, 301, 500, 501,
                 1000, 1001, 2000, 2001, 5000, 5001, 10000, 10001)  # fmt: skip
HUGE = 100_000
WORDS = (
    "carte",
    "publicité courrier",
    "publicité cour",
    "Relevés par courrier",
    "Désactiver la publicité",
    "virement instantané",
    "épargne",
    "le la les",
    "a",
    "s",
    "l'appli",
    '"quoted" -not OR',
    "*",
    "%_\\",
    "' OR 1=1 --",
    "ĲǄﬁ ÉTÉ",
    "日本語",
    "😀",
)
NUL = ("\x00", "a\x00b", "\x00" * 3)
SURROGATES = ("\ud800", "\udfff", "a\ud83db", "\udc00\ud800")
CONTROL = ("\x01", "\x07", "\x1b[31m", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\r\n", "\t")
BIDI = ("\u202e", "\u2066", "\u2069", "\u200f", "\u200b", "\ufeff", "e\u0301", "\u061c")


class Values:
    """Strategies for the arguments of a schema's fields, drawing on a data set's real IDs,
    usernames and cursors, without the categories in `excluded`."""

    def __init__(
        self,
        *,
        ids: dict[str, list[str]],
        usernames: Sequence[str],
        password: str,
        cursors: Sequence[str],
        excluded: frozenset[str] = frozenset(),
    ) -> None:
        unknown = excluded - CATEGORIES
        assert not unknown, f"unknown fuzz categories: {sorted(unknown)}"
        self.ids = ids
        self.all_ids = [gid for gids in ids.values() for gid in gids]
        self.usernames = list(usernames)
        self.password = password
        self.cursors = list(cursors)
        self.excluded = excluded

    def on(self, category: str) -> int:
        """1 when the category is drawn, 0 when it is left out (a weight factor)."""
        assert category in CATEGORIES, category
        return 0 if category in self.excluded else 1

    # --- Arguments and types ----------------------------------------------------------------

    def arguments(self, field: GraphQLField) -> st.SearchStrategy[dict[str, Any]]:
        """Values for a field's arguments: required ones always, optional ones sometimes."""
        return self._object(field.args)

    def _object(self, fields: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        required = {
            name: self.value(f.type, name)
            for name, f in fields.items()
            if isinstance(f.type, GraphQLNonNull) and f.default_value is Undefined
        }
        optional = {
            name: self.value(f.type, name) for name, f in fields.items() if name not in required
        }
        # Now and then a required field left out: as wrong as null.
        dropped = st.sampled_from(sorted(required)) if required else st.nothing()
        drop = weighted((40, st.none()), (self.on("nulls") if required else 0, dropped))

        def assemble(parts: tuple[dict[str, Any], str | None, bool]) -> dict[str, Any]:
            values, missing, extra = parts
            values = dict(values)
            if missing is not None:
                values.pop(missing, None)
            if extra:
                values["unknownField"] = 1
            return values

        extra = weighted((40, st.just(False)), (self.on("wrong_types"), st.just(True)))
        return st.tuples(st.fixed_dictionaries(required, optional=optional), drop, extra).map(
            assemble
        )

    def value(self, type_: GraphQLInputType, name: str) -> st.SearchStrategy[Any]:
        """A value for a position of this type, named `name` (an argument or input field):
        nearly always of the type, so that most documents get past validation and reach the
        resolvers, where the odd values are."""
        if isinstance(type_, GraphQLNonNull):
            return weighted((40, self._typed(type_.of_type, name)), (self.on("nulls"), st.none()))
        return weighted((40, self._typed(type_, name)), (4, st.none()))

    def _typed(self, type_: GraphQLInputType, name: str) -> st.SearchStrategy[Any]:
        return weighted((40, self._nullable(type_, name)), (self.on("wrong_types"), self.wrong()))

    def _nullable(self, type_: GraphQLInputType, name: str) -> st.SearchStrategy[Any]:
        if isinstance(type_, GraphQLList):
            item = self.value(type_.of_type, name)
            return weighted(
                (10, st.lists(item, max_size=4)),
                (2, item),  # a single value stands for a list of one
                (1, item.map(lambda v: [v] * 101)),  # past `nodes`' and agendas' limits
            )
        if isinstance(type_, GraphQLInputObjectType):
            return self._object(type_.fields)
        if isinstance(type_, GraphQLEnumType):
            names = sorted(type_.values)
            return weighted(
                (40, st.sampled_from(names).map(EnumName)),
                (self.on("wrong_types"), st.sampled_from(["NOPE", names[0].lower()]).map(EnumName)),
            )
        assert isinstance(type_, GraphQLScalarType), type_
        scalars: dict[str, Callable[[str], st.SearchStrategy[Any]]] = {
            "String": self.text,
            "ID": self.id,
            "Int": self.int,
            "Float": lambda _name: st.floats(allow_nan=False, allow_infinity=False),
            "Boolean": lambda _name: st.booleans(),
            "DateTime": self.datetime,
        }
        return scalars[type_.name](name)

    def wrong(self) -> st.SearchStrategy[Any]:
        """A value of some other type."""
        return st.sampled_from([0, -1, 1.5, "x", "", True, [], {}, {"a": 1}, ["x", 1], [[]]])

    # --- Scalars ----------------------------------------------------------------------------

    def text(self, name: str) -> st.SearchStrategy[str]:
        if name in ("after", "before"):
            return self.cursor()
        plain = weighted(
            (4, st.sampled_from(WORDS)),
            (3, st.text(max_size=30)),  # any code point but surrogates
            (1, st.sampled_from(["", " ", "  \t\n "])),
            (
                2,
                st.sampled_from(LIMIT_LENGTHS).map(
                    lambda n: ("é" + "x" * 9) * (n // 10) + "y" * (n % 10)
                ),
            ),
            (2 if name == "username" else 0, st.sampled_from(self.usernames or ["x"])),
            (2 if name == "password" else 0, st.just(self.password)),
        )
        odd = [
            (self.on("nul"), NUL),
            (self.on("lone_surrogates"), SURROGATES),
            (self.on("control"), CONTROL),
            (self.on("bidi"), BIDI),
        ]
        inserted = [
            (weight, st.tuples(plain, st.sampled_from(chars), plain).map("".join))
            for weight, chars in odd
        ]
        huge = st.sampled_from(["x" * HUGE, "carte " * (HUGE // 6), "é" * HUGE])
        return weighted((12, plain), *inserted, (self.on("huge_text"), huge))

    def int(self, name: str) -> st.SearchStrategy[Any]:
        small = st.sampled_from([0, 1, -1, 2, 3, 4, 5, 6, 10, 20, 99, 100, 101, 1000])
        huge = st.sampled_from([2**31, -(2**31) - 1, 2**53 + 1, 2**63, -(2**63) - 1, 10**20])
        return weighted(
            (12, small),
            (6, st.integers(-(2**31), 2**31 - 1)),
            (self.on("huge_numbers"), huge),
            (self.on("wrong_types"), st.sampled_from([1.5, 1.0, -0.0, 1e300, "1"])),
        )

    def id(self, name: str) -> st.SearchStrategy[Any]:
        expected = ID_TYPES.get(name, ())
        typed = [gid for t in expected for gid in self.ids.get(t, [])]
        missing_row = st.tuples(
            st.sampled_from(sorted(self.ids)), st.integers(10**6, 2**63 - 1)
        ).map(lambda t: encode_id(*t))
        forged = st.one_of(
            st.sampled_from(
                [
                    "",
                    "%%%",
                    "1",
                    _b64("Suggestion:0"),
                    _b64("Suggestion:-1"),
                    _b64("Suggestion:1.5"),
                    _b64("Suggestion: 1"),
                    _b64("Suggestion:+1"),
                    _b64("Suggestion:١"),
                    _b64("Suggestion:"),
                    _b64(":1"),
                    _b64("Suggestion:1:2"),
                    "U3VnZ2VzdGlvbjoxMh==",  # non-canonical base64 of Suggestion:12
                ]
            ),
            st.tuples(
                st.sampled_from(["Suggestion", "Thread", "Member", "Vault"]), st.integers()
            ).map(lambda t: _b64(f"{t[0]}:{t[1]}")),
            st.text(max_size=20).map(_b64),
        )
        return weighted(
            (10 if typed else 0, st.sampled_from(typed or ["x"])),
            (2, st.sampled_from(self.all_ids)),
            (2, missing_row),
            (self.on("forged_ids") * 2, forged),
            (self.on("wrong_types"), st.sampled_from([1, 10**20])),  # ID takes ints too
        )

    def cursor(self) -> st.SearchStrategy[Any]:
        def json_cursor(values: Any) -> str:
            return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()

        json_values = st.recursive(
            st.none()
            | st.booleans()
            | st.integers()
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.text(max_size=10)
            | st.sampled_from(["search", "0001-01-01T00:00:00+14:00", "2027-03-15T10:00:00"]),
            lambda inner: st.lists(inner, max_size=3),
            max_leaves=6,
        )
        forged = st.one_of(
            st.lists(json_values, max_size=4).map(json_cursor),
            st.tuples(st.integers(), st.integers()).map(lambda t: json_cursor(list(t))),
            st.sampled_from(
                [
                    "%%%",
                    "",
                    json_cursor(["\ud800", 1]),
                    json_cursor(["\x00", 1]),
                    json_cursor([10**20, 1]),
                    json_cursor(["search", 2**40]),
                    json_cursor([[[[[[]]]]]]),
                    json_cursor("[" * 600),
                    json_cursor(list(range(500))),
                ]
            ),
        )
        return weighted(
            (5 if self.cursors else 0, st.sampled_from(self.cursors or ["x"])),
            (self.on("forged_cursors") * 4, forged),
            (1, st.just(None)),
        )

    def datetime(self, name: str) -> st.SearchStrategy[Any]:
        offsets = st.integers(-14 * 4, 14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
        now = datetime.now(UTC).replace(tzinfo=None)
        moments = st.datetimes(
            min_value=now - timedelta(days=400), max_value=now + timedelta(days=1500)
        )
        aware = st.tuples(moments, offsets).map(
            lambda t: t[0].replace(tzinfo=UTC).astimezone(t[1]).isoformat()
        )
        bad = st.one_of(
            moments.map(datetime.isoformat),  # naive
            st.sampled_from(
                [
                    "0001-01-01T00:00:00+14:00",
                    "9999-12-31T23:59:59-14:00",
                    "1969-12-31T23:59:59Z",
                    "3000-01-01T00:00:00Z",
                    "2027-03-15",
                    "2027-02-30T10:00:00Z",
                    "tomorrow",
                    "",
                ]
            ),
            st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat),  # years 1 to 9999
        )
        return weighted((6, aware), (self.on("bad_datetimes") * 3, bad))


# --- The sweep: every known bad value, in every position -------------------------------------

# The values that broke the API before, or would break a careless decoder, by scalar type
# (and for the cursor arguments), each with its category. The sweep puts each one, alone, in
# every position of that type of every field.
NASTY: dict[str, tuple[tuple[str, Any], ...]] = {
    "ID": (
        ("forged_ids", _b64("Suggestion:99999999999999999999")),
        ("forged_ids", _b64(f"Member:{2**63}")),
        ("forged_ids", _b64("Thread:0")),
        ("forged_ids", _b64("Post:-1")),
        ("forged_ids", "%%%"),
        ("wrong_types", 10**20),
    ),
    "String": (
        ("nul", "a\x00b"),
        ("lone_surrogates", "a\ud800b"),
        ("control", "\x1b[31m\x7f\x85\u2028"),
        ("bidi", "\u202ecarte\u200b\ufeff"),
        ("huge_text", "é" * HUGE),
        ("wrong_types", 1),
    ),
    "cursor": (
        ("forged_cursors", base64.urlsafe_b64encode(b"[99999999999999999999, 1]").decode()),
        ("forged_cursors", base64.urlsafe_b64encode(b'["0001-01-01T00:00:00+14:00", 1]').decode()),
        ("forged_cursors", base64.urlsafe_b64encode(b'["\\u0000", 1]').decode()),
        ("forged_cursors", base64.urlsafe_b64encode(b'["search", 1e400]').decode()),
        ("forged_cursors", "%%%"),
    ),
    "Int": (
        ("huge_numbers", -(2**31)),
        ("huge_numbers", 2**31 - 1),
        ("huge_numbers", 2**63),
        ("wrong_types", 1.5),
    ),
    "DateTime": (
        ("bad_datetimes", "0001-01-01T00:00:00+14:00"),
        ("bad_datetimes", "9999-12-31T23:59:59-14:00"),
        ("bad_datetimes", "2027-03-15T10:00:00"),
        ("wrong_types", 1_800_000_000),
    ),
}


def _scalar_key(type_: GraphQLScalarType, name: str) -> str:
    return "cursor" if name in ("after", "before") else type_.name


class Sweep:
    """Arguments that are valid but for one position holding one of `NASTY`'s values."""

    def __init__(self, values: Values) -> None:
        self.values = values

    def calls(self, field: GraphQLField) -> list[tuple[dict[str, Any], bool]]:
        """(arguments, as literals?) for every position of the field's arguments and every
        bad value of its type, the rest of the arguments valid: as variables, and for IDs,
        numbers and datetimes (which GraphQL coerces from literals another way) as literals
        too. Text as a literal is the parser's business (an escaped lone surrogate is a
        syntax error)."""
        base = self._baseline(field.args)
        calls = []
        for path, key in self._positions(field.args, ()):
            for category, bad in NASTY.get(key, ()):
                if category not in self.values.excluded:
                    args = _with(base, path, bad)
                    calls.append((args, False))
                    if key in ("ID", "Int", "DateTime"):
                        calls.append((args, True))
        return calls

    def _positions(
        self, fields: dict[str, Any], path: tuple[str | int, ...]
    ) -> list[tuple[tuple[str | int, ...], str]]:
        found: list[tuple[tuple[str | int, ...], str]] = []
        for name, field in fields.items():
            type_ = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            here: tuple[str | int, ...] = (*path, name)
            if isinstance(type_, GraphQLList):
                here = (*here, 0)
                type_ = type_.of_type
                type_ = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
            if isinstance(type_, GraphQLInputObjectType):
                found += self._positions(type_.fields, here)
            elif isinstance(type_, GraphQLScalarType):
                found.append((here, _scalar_key(type_, name)))
        return found

    def _baseline(self, fields: dict[str, Any]) -> dict[str, Any]:
        """The required arguments, each with a plain valid value."""
        base: dict[str, Any] = {}
        for name, field in fields.items():
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined:
                base[name] = self._plain(field.type.of_type, name)
        return base

    def _plain(self, type_: GraphQLInputType, name: str) -> Any:
        if isinstance(type_, GraphQLNonNull):
            return self._plain(type_.of_type, name)
        if isinstance(type_, GraphQLList):
            return [self._plain(type_.of_type, name)]
        if isinstance(type_, GraphQLInputObjectType):
            return self._baseline(type_.fields)
        if isinstance(type_, GraphQLEnumType):
            return EnumName(sorted(type_.values)[0])
        assert isinstance(type_, GraphQLScalarType)
        values = self.values
        if type_.name == "ID":
            typed = [gid for t in ID_TYPES.get(name, ()) for gid in values.ids.get(t, [])]
            return (typed or values.all_ids)[0]
        if type_.name == "DateTime":
            return (datetime.now(UTC) + timedelta(days=30)).isoformat()
        return {"String": "carte publicité", "Int": 3, "Boolean": False, "Float": 1.0}[type_.name]


def _with(base: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A copy of `base` with `value` at `path` (dict keys, and 0 for a list's only item),
    creating the input objects and lists on the way."""
    args = copy.deepcopy(base)
    node: Any = args
    for step, following in zip(path, (*path[1:], None), strict=True):
        if isinstance(node, list):
            if following is None:
                node[:] = [value]
                break
            if not node:
                node.append({} if isinstance(following, str) else [])
            node = node[0]
        elif following is None:
            node[step] = value
        else:
            if node.get(step) is None:
                node[step] = [] if isinstance(following, int) else {}
            node = node[step]
    return args
