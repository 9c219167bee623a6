"""The bench scenarios' documents, served by graphene-django 3.2 as its documentation suggests.

DjangoObjectType with the relay Node interface, DjangoConnectionField for lists (its offset
cursors, `arrayconnection:N`, and its `count()` for page info), and the ORM tools its docs
point to against N+1 queries: `select_related` for foreign keys, `prefetch_related` with
`Prefetch` objects for reverse relations, and annotations (`Exists`) for per-viewer flags.
Type and field names are Comptoir's, so the same documents and global IDs work on both.
Visibility follows Comptoir's rules for what the scenarios touch: hidden content only for
its author, no internal notes for customers, meetings and scores for the committee.
"""

from __future__ import annotations

import graphene
from django.contrib.auth import authenticate, login
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from graphene import relay
from graphene_django import DjangoConnectionField, DjangoObjectType
from graphql_relay import from_global_id

from models.models import AgendaItem as AgendaItemModel
from models.models import Category as CategoryModel
from models.models import CommitteeMeeting as CommitteeMeetingModel
from models.models import Decision as DecisionModel
from models.models import Evaluation as EvaluationModel
from models.models import Follow, Role, Vote
from models.models import Member as MemberModel
from models.models import Post as PostModel
from models.models import StatusChange as StatusChangeModel
from models.models import Suggestion as SuggestionModel
from models.models import Thread as ThreadModel

CLOSED = ("REJECTED", "DELIVERED", "DUPLICATE")
UNLISTED = ("DUPLICATE", "WITHDRAWN")
WEIGHTS = {
    "customer_benefit": 0.4,
    "technical_feasibility": 0.2,
    "cost": 0.2,
    "time_to_deliver": 0.2,
}


def _user(info):
    user = info.context.user
    return user if user.is_authenticated else None


def _not_hidden_unless_own(user, author="author_id"):
    if user is not None and user.role == Role.ADVISER:
        return Q()
    if user is not None:
        return Q(hidden_at__isnull=True) | Q(**{author: user.pk})
    return Q(hidden_at__isnull=True)


def visible_posts(user):
    qs = PostModel.objects.filter(_not_hidden_unless_own(user))
    if user is None or user.role != Role.ADVISER:
        thread_ok = Q(thread__hidden_at__isnull=True)
        if user is not None:
            thread_ok |= Q(thread__author_id=user.pk)
        qs = qs.filter(thread_ok, is_internal=False)
    return qs


def published_decisions():
    return Prefetch(
        "decisions",
        queryset=DecisionModel.objects.filter(published_at__isnull=False).order_by(
            "-published_at", "-id"
        ),
        to_attr="published_decisions",
    )


def suggestions_for(user):
    qs = SuggestionModel.objects.filter(_not_hidden_unless_own(user)).select_related("author")
    if user is not None:
        qs = qs.annotate(
            viewer_has_voted=Exists(
                Vote.objects.filter(suggestion=OuterRef("pk"), member_id=user.pk)
            )
        )
    return qs.prefetch_related(published_decisions())


class Member(DjangoObjectType):
    class Meta:
        model = MemberModel
        fields = ("id", "display_name", "role", "is_committee_chair")
        interfaces = (relay.Node,)


class Category(DjangoObjectType):
    class Meta:
        model = CategoryModel
        fields = ("id", "name", "slug")
        interfaces = (relay.Node,)


class Decision(DjangoObjectType):
    class Meta:
        model = DecisionModel
        fields = ("id", "outcome", "public_rationale", "target_period", "published_at")
        interfaces = (relay.Node,)


class StatusChange(DjangoObjectType):
    class Meta:
        model = StatusChangeModel
        fields = ("id", "from_status", "to_status", "public_note", "created_at", "actor")
        interfaces = (relay.Node,)


class Post(DjangoObjectType):
    class Meta:
        model = PostModel
        fields = ("id", "body", "created_at", "edited_at", "is_official", "author")
        interfaces = (relay.Node,)


class Suggestion(DjangoObjectType):
    vote_count = graphene.Int(required=True)
    viewer_has_voted = graphene.Boolean()
    latest_decision = graphene.Field(Decision)
    status_history = graphene.List(graphene.NonNull(StatusChange), required=True)
    comments = DjangoConnectionField(Post)

    class Meta:
        model = SuggestionModel
        fields = (
            "id",
            "title",
            "body",
            "status",
            "created_at",
            "updated_at",
            "target_period",
            "public_response",
            "author",
        )
        interfaces = (relay.Node,)

    # No get_queryset override: graphene-django 3 would then re-fetch every foreign key to a
    # Suggestion through it (one query per agenda item). Visibility is in the root resolvers.

    def resolve_vote_count(self, info):
        return self.vote_count

    def resolve_viewer_has_voted(self, info):
        if _user(info) is None:
            return None
        return getattr(self, "viewer_has_voted", None)

    def resolve_latest_decision(self, info):
        decisions = getattr(self, "published_decisions", None)
        if decisions is None:  # not prefetched (a single suggestion fetched by node)
            decisions = self.decisions.filter(published_at__isnull=False).order_by(
                "-published_at", "-id"
            )[:1]
        return decisions[0] if decisions else None

    def resolve_status_history(self, info):
        return self.status_changes.all()

    def resolve_comments(self, info, **kwargs):
        return (
            visible_posts(_user(info))
            .filter(thread__suggestion_id=self.pk)
            .select_related("author")
            .order_by("created_at", "id")
        )


class Thread(DjangoObjectType):
    posts = DjangoConnectionField(Post)

    class Meta:
        model = ThreadModel
        fields = (
            "id",
            "title",
            "body",
            "kind",
            "status",
            "is_pinned",
            "is_locked",
            "created_at",
            "last_activity_at",
            "author",
            "category",
        )
        interfaces = (relay.Node,)

    @classmethod
    def get_queryset(cls, queryset, info):
        return queryset.filter(_not_hidden_unless_own(_user(info)))

    def resolve_posts(self, info, **kwargs):
        return (
            visible_posts(_user(info))
            .filter(thread_id=self.pk)
            .select_related("author")
            .order_by("created_at", "id")
        )


class EvaluationSummary(graphene.ObjectType):
    count = graphene.Int(required=True)
    customer_benefit = graphene.Float(required=True)
    technical_feasibility = graphene.Float(required=True)
    cost = graphene.Float(required=True)
    time_to_deliver = graphene.Float(required=True)
    overall = graphene.Float(required=True)


def summarize(evaluations):
    if not evaluations:
        return None
    n = len(evaluations)
    means = {f: sum(getattr(e, f) for e in evaluations) / n for f in WEIGHTS}
    overall = sum(means[f] * w for f, w in WEIGHTS.items()) / sum(WEIGHTS.values())
    return EvaluationSummary(
        count=n, overall=round(overall, 2), **{f: round(m, 2) for f, m in means.items()}
    )


class AgendaItem(DjangoObjectType):
    evaluation_summary = graphene.Field(EvaluationSummary)

    class Meta:
        model = AgendaItemModel
        fields = ("position", "suggestion")

    def resolve_evaluation_summary(self, info):
        user = _user(info)
        if user is None or user.role != Role.COMMITTEE:
            return None
        # The meeting's evaluations were prefetched once for the whole agenda.
        scores = [
            e for e in self.meeting.evaluations.all() if e.suggestion_id == self.suggestion_id
        ]
        return summarize(scores)


class CommitteeMeeting(DjangoObjectType):
    agenda = graphene.List(graphene.NonNull(AgendaItem), required=True)

    class Meta:
        model = CommitteeMeetingModel
        fields = ("id", "title", "scheduled_for", "chair")
        interfaces = (relay.Node,)

    @classmethod
    def get_queryset(cls, queryset, info):
        user = _user(info)
        if user is None or user.role not in (Role.ADVISER, Role.COMMITTEE):
            return queryset.none()
        return queryset.select_related("chair").prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItemModel.objects.select_related("suggestion__author").order_by(
                    "position", "id"
                ),
            ),
            Prefetch("evaluations", queryset=EvaluationModel.objects.order_by("id")),
        )

    def resolve_agenda(self, info):
        items = list(self.agenda_items.all())
        for item in items:
            item.meeting = self  # the prefetched evaluations live on this instance
        return items


class SuggestionOrder(graphene.Enum):
    TOP = "TOP"
    NEWEST = "NEWEST"


ORDERINGS = {"TOP": ("-vote_count", "-id"), "NEWEST": ("-created_at", "-id")}


def _pk(global_id, type_name):
    kind, pk = from_global_id(global_id)
    return int(pk) if kind == type_name else None


class Query(graphene.ObjectType):
    node = relay.Node.Field()
    viewer = graphene.Field(Member)
    suggestions = DjangoConnectionField(
        Suggestion, order_by=graphene.Argument(SuggestionOrder, default_value="TOP")
    )
    suggestion = graphene.Field(Suggestion, id=graphene.ID(required=True))
    thread = graphene.Field(Thread, id=graphene.ID(required=True))

    def resolve_viewer(self, info):
        return _user(info)

    def resolve_suggestions(self, info, order_by="TOP", **kwargs):
        key = getattr(order_by, "value", order_by)
        # As Comptoir's list: merged duplicates and withdrawn ideas only when asked for.
        listed = suggestions_for(_user(info)).exclude(status__in=UNLISTED)
        return listed.order_by(*ORDERINGS[key])

    def resolve_suggestion(self, info, id):
        user = _user(info)
        return (
            suggestions_for(user)
            .prefetch_related(
                Prefetch(
                    "status_changes",
                    queryset=StatusChangeModel.objects.select_related("actor").order_by(
                        "created_at", "id"
                    ),
                )
            )
            .filter(pk=_pk(id, "Suggestion"))
            .first()
        )

    def resolve_thread(self, info, id):
        return (
            ThreadModel.objects.filter(_not_hidden_unless_own(_user(info)))
            .select_related("author", "category")
            .filter(pk=_pk(id, "Thread"))
            .first()
        )


class MutationError(graphene.ObjectType):
    code = graphene.String(required=True)
    message = graphene.String(required=True)
    field = graphene.String()


class LoginInput(graphene.InputObjectType):
    username = graphene.String(required=True)
    password = graphene.String(required=True)


class Login(graphene.Mutation):
    class Arguments:
        input = LoginInput(required=True)

    viewer = graphene.Field(Member)
    errors = graphene.List(graphene.NonNull(MutationError), required=True)

    def mutate(self, info, input):
        user = authenticate(info.context, username=input.username, password=input.password)
        if user is None:
            error = MutationError(code="INVALID_CREDENTIALS", message="Wrong credentials.")
            return Login(viewer=None, errors=[error])
        login(info.context, user)
        return Login(viewer=user, errors=[])


class VoteInput(graphene.InputObjectType):
    suggestion_id = graphene.ID(required=True)


def _vote(info, suggestion_id, cast):
    """Lock the suggestion row, write or delete the vote, move the stored count with it."""
    user = _user(info)
    if user is None or user.role != Role.CUSTOMER:
        return None, [MutationError(code="FORBIDDEN", message="Only customers vote.")]
    pk = _pk(suggestion_id, "Suggestion")
    with transaction.atomic():
        suggestion = (
            SuggestionModel.objects.select_for_update()
            .filter(_not_hidden_unless_own(user), pk=pk)
            .first()
        )
        if suggestion is None:
            return None, [MutationError(code="NOT_FOUND", message="No such suggestion.")]
        if suggestion.status in CLOSED:
            return suggestion, [MutationError(code="VOTING_CLOSED", message="Voting is closed.")]
        if cast:
            _, changed = Vote.objects.get_or_create(member_id=user.pk, suggestion=suggestion)
            if changed:
                SuggestionModel.objects.filter(pk=pk).update(vote_count=F("vote_count") + 1)
                suggestion.vote_count += 1
                Follow.objects.get_or_create(member_id=user.pk, suggestion=suggestion)
        else:
            deleted, _ = Vote.objects.filter(member_id=user.pk, suggestion=suggestion).delete()
            changed = bool(deleted)
            if changed:
                SuggestionModel.objects.filter(pk=pk).update(vote_count=F("vote_count") - 1)
                suggestion.vote_count -= 1
    suggestion.viewer_has_voted = cast
    if not changed:
        code = "ALREADY_VOTED" if cast else "NOT_VOTED"
        return suggestion, [MutationError(code=code, message="Nothing to change.")]
    return suggestion, []


class VoteForSuggestion(graphene.Mutation):
    class Arguments:
        input = VoteInput(required=True)

    suggestion = graphene.Field(Suggestion)
    errors = graphene.List(graphene.NonNull(MutationError), required=True)

    def mutate(self, info, input):
        suggestion, errors = _vote(info, input.suggestion_id, cast=True)
        return VoteForSuggestion(suggestion=suggestion, errors=errors)


class WithdrawVote(graphene.Mutation):
    class Arguments:
        input = VoteInput(required=True)

    suggestion = graphene.Field(Suggestion)
    errors = graphene.List(graphene.NonNull(MutationError), required=True)

    def mutate(self, info, input):
        suggestion, errors = _vote(info, input.suggestion_id, cast=False)
        return WithdrawVote(suggestion=suggestion, errors=errors)


class Mutation(graphene.ObjectType):
    login = Login.Field()
    vote_for_suggestion = VoteForSuggestion.Field()
    withdraw_vote = WithdrawVote.Field()


# Reached only through `node(id:)`, so named here.
schema = graphene.Schema(query=Query, mutation=Mutation, types=[CommitteeMeeting])
