"""The website's pages. Every byte of data a page shows comes from one of the documents in
web/documents/, run in-process for the request's viewer (`queries.run`); every form posts
to a view that runs the mutation and redirects (POST/redirect/GET), or shows the form
again with the payload's errors next to their fields."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .labels import LABELS, error_message, label
from .queries import Result, document_ids, run

PAGE_SIZE = 20
# The documents the page's scripts send to /graphql by id (static/web/comptoir.js).
SCRIPT_DOCUMENTS = (
    "VoteForSuggestion",
    "WithdrawVote",
    "FollowSuggestion",
    "UnfollowSuggestion",
    "FollowThread",
    "UnfollowThread",
    "SimilarIdeas",
    "MarkNotificationsRead",
)
View = Callable[..., Awaitable[HttpResponse]]


# --- Plumbing ---------------------------------------------------------------------------


def page(view: View) -> Callable[..., HttpResponse]:
    """An async page view: the session is loaded first (so that messages and CSRF work
    without blocking the event loop), members' pages are never cached, and with DEBUG on
    the response says how many GraphQL errors its documents received."""

    @wraps(view)
    async def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = await request.auser()
        response = await view(request, *args, **kwargs)
        if settings.DEBUG:
            response["X-Comptoir-GraphQL-Errors"] = str(getattr(request, "graphql_errors", 0))
        if user.is_authenticated:
            # A member's page: their name, their notifications, their votes.
            add_never_cache_headers(response)
        return response

    # Django serves async views as they are (the decorators above it keep them async).
    return cast(Callable[..., HttpResponse], wrapper)


@dataclass
class Form:
    """A form as sent back to its page: the values typed and the errors by field (`None`:
    the form as a whole)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str | None, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, request: HttpRequest, *names: str) -> Form:
        return cls(values={name: request.POST.get(name, "") for name in names})

    def add(self, code: str, field: str | None = None) -> None:
        self.errors.setdefault(field, []).append(error_message(code, field))

    def add_payload(self, result: Result, mutation: str, fields: tuple[str, ...]) -> bool:
        """The mutation's payload errors (by field), or its top-level errors (the form as a
        whole); True when there was any."""
        payload = result.data.get(mutation) or {}
        for error in payload.get("errors") or []:
            name = error.get("field")
            self.add(error["code"], name if name in fields else None)
        for error in result.errors:
            self.add(str((error.get("extensions") or {}).get("code", "INTERNAL")))
        if not result.data.get(mutation) and not self.errors:
            self.add("INTERNAL")
        return bool(self.errors)

    @property
    def general(self) -> list[str]:
        return self.errors.get(None, [])


def _context(
    request: HttpRequest,
    result: Result,
    *,
    title: str,
    description: str = "",
    canonical: str | None = None,
    noindex: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    ids = document_ids()
    return {
        "viewer": result.data.get("viewer"),
        "title": title,
        "description": description,
        "canonical": request.build_absolute_uri(canonical) if canonical else None,
        "noindex": noindex,
        "script_documents": {name: ids[name] for name in SCRIPT_DOCUMENTS},
        "labels": LABELS,
        **extra,
    }


async def _render(
    request: HttpRequest,
    template: str,
    result: Result,
    *,
    http_status: int = 200,
    **context: Any,
) -> HttpResponse:
    return render(request, template, _context(request, result, **context), status=http_status)


async def _not_found(request: HttpRequest) -> HttpResponse:
    header = await run(request, "Header")
    return await _render(
        request,
        "web/error.html",
        header,
        http_status=404,
        title=_("Page not found"),
        noindex=True,
        heading=_("This page does not exist"),
        text=_("It may have been removed, or you may not see it."),
    )


def _login_url(request: HttpRequest) -> str:
    return reverse("web:login") + "?" + urlencode({"next": request.get_full_path()})


def _local(request: HttpRequest, target: str | None, default: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _paging(request: HttpRequest, size: int = PAGE_SIZE) -> dict[str, Any]:
    """`first`/`after` or `last`/`before` from the query string."""
    before = request.GET.get("before")
    if before:
        return {"last": size, "before": before}
    return {"first": size, "after": request.GET.get("after") or None}


def _page_links(request: HttpRequest, page_info: dict[str, Any] | None) -> dict[str, str]:
    """Links to the previous and next pages, keeping the other parameters."""
    links: dict[str, str] = {}
    if not page_info:
        return links
    base: dict[str, str] = {
        k: str(v) for k, v in request.GET.items() if k not in ("after", "before")
    }
    if page_info.get("hasNextPage") and page_info.get("endCursor"):
        links["next"] = "?" + urlencode({**base, "after": page_info["endCursor"]})
    if page_info.get("hasPreviousPage") and page_info.get("startCursor"):
        links["previous"] = "?" + urlencode({**base, "before": page_info["startCursor"]})
    elif request.GET.get("after") or request.GET.get("before"):
        # Arrived from elsewhere (a cursor moved on): back to the first page.
        links["previous"] = "?" + urlencode(base) if base else "?"
    return links


def _nodes(connection: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [edge["node"] for edge in (connection or {}).get("edges") or []]


def _viewer(result: Result) -> dict[str, Any] | None:
    viewer: dict[str, Any] | None = result.data.get("viewer")
    return viewer


def _capable(result: Result, capability: str) -> bool:
    viewer = _viewer(result) or {}
    return bool((viewer.get("capabilities") or {}).get(capability))


def _thread_url(thread_id: str) -> str:
    return reverse("web:thread", args=[thread_id])


def _idea_url(idea_id: str) -> str:
    return reverse("web:idea", args=[idea_id])


# --- Home ---------------------------------------------------------------------------------


@require_GET
@page
async def home(request: HttpRequest) -> HttpResponse:
    result = await run(request, "Home")
    return await _render(
        request,
        "web/home.html",
        result,
        title=_("The community"),
        description=_(
            "Ask the bank's advisers, talk with other customers, post your ideas and vote "
            "for them, and follow each one up to the committee's decision."
        ),
        canonical=reverse("web:home"),
        questions=_nodes(result.data.get("questions")),
        discussions=_nodes(result.data.get("discussions")),
        ideas=_nodes(result.data.get("ideas")),
        idea_count=(result.data.get("ideas") or {}).get("totalCount"),
        stats=result.data.get("communityStats"),
    )


# --- Café ---------------------------------------------------------------------------------

THREAD_KINDS = ("QUESTION", "DISCUSSION")
THREAD_STATUSES = ("OPEN", "ANSWERED", "RESOLVED", "CLOSED")


@require_GET
@page
async def cafe(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") if request.GET.get("kind") in THREAD_KINDS else None
    status = request.GET.get("status") if request.GET.get("status") in THREAD_STATUSES else None
    category = request.GET.get("category") or None
    result = await run(
        request,
        "Cafe",
        {"categoryId": category, "kind": kind, "status": status, **_paging(request)},
    )
    threads = result.data.get("threads")
    if threads is None:
        return await _not_found(request)
    # Pinned threads first on each page (the order is otherwise the latest activity).
    items = sorted(_nodes(threads), key=lambda t: not t["isPinned"])
    categories = result.data.get("categories") or []
    current = next((c for c in categories if c["id"] == category), None)
    canonical = {k: v for k, v in (("category", category), ("kind", kind), ("status", status)) if v}
    return await _render(
        request,
        "web/cafe.html",
        result,
        title=current["name"] if current else _("The café"),
        description=(current or {}).get("description")
        or _("Questions to the bank's advisers and discussions between customers."),
        canonical=reverse("web:cafe") + ("?" + urlencode(canonical) if canonical else ""),
        categories=categories,
        category=current,
        kind=kind,
        status=status,
        kinds=THREAD_KINDS,
        statuses=THREAD_STATUSES,
        threads=items,
        total=threads["totalCount"],
        links=_page_links(request, threads.get("pageInfo")),
        can_ask=_capable(result, "canCreateThread"),
    )


async def _thread_page(
    request: HttpRequest, id: str, *, reply: Form | None = None, http_status: int = 200
) -> HttpResponse:
    result = await run(
        request, "Thread", {"id": id, "first": 50, "after": request.GET.get("after") or None}
    )
    thread = result.data.get("thread")
    if thread is None:
        return await _not_found(request)
    viewer = _viewer(result)
    accepted = thread.get("acceptedPost")
    posts = [p for p in _nodes(thread["posts"]) if not accepted or p["id"] != accepted["id"]]
    is_question = thread["kind"] == "QUESTION"
    may_accept = bool(
        viewer
        and is_question
        and thread["status"] in ("OPEN", "ANSWERED")
        and (viewer["id"] == thread["author"]["id"] or viewer["role"] == "ADVISER")
    )
    writable = not thread["isLocked"] and thread["status"] != "CLOSED"
    return await _render(
        request,
        "web/thread.html",
        result,
        http_status=http_status,
        title=thread["title"],
        description=thread["body"][:160],
        canonical=_thread_url(thread["id"]),
        noindex=thread["isHidden"],
        thread=thread,
        accepted=accepted,
        posts=posts,
        may_accept=may_accept,
        may_reply=writable and _capable(result, "canCreateThread"),
        may_edit=writable,
        may_flag=_capable(result, "canFlagContent"),
        links=_page_links(request, thread["posts"].get("pageInfo")),
        reply=reply or Form(),
    )


@require_GET
@page
async def thread(request: HttpRequest, id: str) -> HttpResponse:
    return await _thread_page(request, id)


@require_POST
@page
async def reply(request: HttpRequest, id: str) -> HttpResponse:
    form = Form.of(request, "body")
    result = await run(
        request, "ReplyToThread", {"input": {"threadId": id, "body": form.values["body"]}}
    )
    if form.add_payload(result, "replyToThread", ("body",)):
        return await _thread_page(request, id, reply=form)
    post = result.data["replyToThread"]["post"]
    messages.success(request, _("Your reply is published."))
    return HttpResponseRedirect(_thread_url(id) + f"#post-{post['id']}")


@require_POST
@page
async def accept_answer(request: HttpRequest, id: str) -> HttpResponse:
    thread_id = request.POST.get("thread", "")
    result = await run(request, "AcceptAnswer", {"input": {"postId": id}})
    form = Form()
    if form.add_payload(result, "acceptAnswer", ()):
        for text in form.general:
            messages.error(request, text)
    else:
        messages.success(request, _("The answer is accepted: the question is resolved."))
        thread_id = result.data["acceptAnswer"]["thread"]["id"]
    return HttpResponseRedirect(_thread_url(thread_id) if thread_id else reverse("web:cafe"))


@require_POST
@page
async def follow_thread(request: HttpRequest, id: str) -> HttpResponse:
    stop = request.POST.get("action") == "unfollow"
    name, mutation = (
        ("UnfollowThread", "unfollowThread") if stop else ("FollowThread", "followThread")
    )
    result = await run(request, name, {"id": id})
    form = Form()
    if form.add_payload(result, mutation, ()):
        for text in form.general:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("You no longer follow this thread.")
            if stop
            else _("You follow this thread: you will be notified of each new reply."),
        )
    return HttpResponseRedirect(_thread_url(id))


@require_http_methods(["GET", "POST"])
@page
async def ask(request: HttpRequest) -> HttpResponse:
    form = Form.of(request, "title", "body", "categoryId", "kind")
    if request.method == "POST":
        result = await run(request, "CreateThread", {"input": form.values})
        fields = ("title", "body", "categoryId", "kind")
        if not form.add_payload(result, "createThread", fields) or _only(form, "ALREADY_SUBMITTED"):
            thread_id = result.data["createThread"]["thread"]["id"]
            messages.success(request, _("Your question is published."))
            return HttpResponseRedirect(_thread_url(thread_id))
    else:
        form.values["kind"] = request.GET.get("kind", "QUESTION")
        form.values["categoryId"] = request.GET.get("category", "")
    page_data = await run(request, "AskForm")
    if _viewer(page_data) is None:
        return HttpResponseRedirect(_login_url(request))
    return await _render(
        request,
        "web/ask.html",
        page_data,
        title=_("Ask a question"),
        noindex=True,
        categories=[c for c in page_data.data.get("categories") or [] if c["acceptsThreads"]],
        kinds=THREAD_KINDS,
        form=form,
    )


def _only(form: Form, code: str) -> bool:
    return form.general == [error_message(code)]


async def _post(request: HttpRequest, id: str, *, revisions: bool = False) -> Result:
    return await run(request, "Post", {"id": id, "withRevisions": revisions})


@require_http_methods(["GET", "POST"])
@page
async def edit_post(request: HttpRequest, id: str) -> HttpResponse:
    result = await _post(request, id)
    post = result.data.get("node")
    viewer = _viewer(result)
    if not post or post.get("typename") != "Post":
        return await _not_found(request)
    if viewer is None:
        return HttpResponseRedirect(_login_url(request))
    form = Form(values={"body": post["body"]})
    if request.method == "POST":
        form = Form.of(request, "body")
        edited = await run(request, "EditPost", {"input": {"postId": id, **form.values}})
        if not form.add_payload(edited, "editPost", ("body",)):
            messages.success(request, _("Your reply is updated."))
            return HttpResponseRedirect(_thread_url(post["thread"]["id"]) + f"#post-{id}")
    return await _render(
        request,
        "web/edit_post.html",
        result,
        title=_("Edit your reply"),
        noindex=True,
        post=post,
        form=form,
    )


@require_GET
@page
async def post_history(request: HttpRequest, id: str) -> HttpResponse:
    result = await _post(request, id, revisions=True)
    post = result.data.get("node")
    if not post or post.get("typename") != "Post" or post.get("revisions") is None:
        return await _not_found(request)
    return await _render(
        request,
        "web/post_history.html",
        result,
        title=_("Edit history"),
        noindex=True,
        post=post,
    )


@require_http_methods(["GET", "POST"])
@page
async def flag(request: HttpRequest, id: str) -> HttpResponse:
    result = await run(request, "Content", {"id": id})
    content = result.data.get("node")
    if not content or content.get("typename") not in ("Thread", "Post", "Suggestion"):
        return await _not_found(request)
    if _viewer(result) is None:
        return HttpResponseRedirect(_login_url(request))
    back = _content_url(content)
    form = Form.of(request, "reason", "text")
    if request.method == "POST":
        flagged = await run(request, "FlagContent", {"input": {"contentId": id, **form.values}})
        if not form.add_payload(flagged, "flagContent", ("reason", "text")):
            messages.success(request, _("Thank you: the moderators will look at it."))
            return HttpResponseRedirect(back)
    return await _render(
        request,
        "web/flag.html",
        result,
        title=_("Report content"),
        noindex=True,
        content=content,
        back=back,
        reasons=list(LABELS["flag_reason"]),
        form=form,
    )


def _content_url(content: dict[str, Any]) -> str:
    kind = content.get("typename")
    if kind == "Thread":
        return _thread_url(content["id"])
    if kind == "Suggestion":
        return _idea_url(content["id"])
    return _thread_url(content["thread"]["id"]) + f"#post-{content['id']}"


# --- Le Labo ------------------------------------------------------------------------------

ORDERS = ("TOP", "NEWEST", "TRENDING", "RECENTLY_DECIDED")
SUGGESTION_STATUSES = (
    "SUBMITTED",
    "UNDER_REVIEW",
    "SHORTLISTED",
    "RETAINED",
    "DEFERRED",
    "REJECTED",
    "IN_PROGRESS",
    "DELIVERED",
)


@require_GET
@page
async def labo(request: HttpRequest) -> HttpResponse:
    order = request.GET.get("order") if request.GET.get("order") in ORDERS else "TOP"
    status = request.GET.get("status")
    status = status if status in SUGGESTION_STATUSES else None
    result = await run(
        request,
        "Labo",
        {"orderBy": order, "status": [status] if status else None, **_paging(request)},
    )
    ideas = result.data.get("suggestions")
    if ideas is None:
        return await _not_found(request)
    canonical = {
        k: v for k, v in (("order", order if order != "TOP" else None), ("status", status)) if v
    }
    return await _render(
        request,
        "web/labo.html",
        result,
        title=_("Le Labo: the community's ideas"),
        description=_(
            "Customers' ideas for the bank, their votes, and what the committee decided."
        ),
        canonical=reverse("web:labo") + ("?" + urlencode(canonical) if canonical else ""),
        ideas=_nodes(ideas),
        total=ideas["totalCount"],
        order=order,
        orders=ORDERS,
        status=status,
        statuses=SUGGESTION_STATUSES,
        links=_page_links(request, ideas.get("pageInfo")),
        can_submit=_capable(result, "canSubmitSuggestion"),
    )


async def _idea_page(
    request: HttpRequest, id: str, *, comment: Form | None = None, http_status: int = 200
) -> HttpResponse:
    result = await run(
        request, "Idea", {"id": id, "first": 50, "after": request.GET.get("after") or None}
    )
    idea = result.data.get("suggestion")
    if idea is None:
        return await _not_found(request)
    discussion = idea.get("discussion") or {}
    return await _render(
        request,
        "web/idea.html",
        result,
        http_status=http_status,
        title=idea["title"],
        description=idea["body"][:160],
        canonical=_idea_url(idea["id"]),
        noindex=idea["isHidden"],
        idea=idea,
        comments=_nodes(idea.get("comments")),
        links=_page_links(request, (idea.get("comments") or {}).get("pageInfo")),
        may_comment=_viewer(result) is not None
        and not discussion.get("isLocked")
        and discussion.get("status") != "CLOSED",
        may_flag=_capable(result, "canFlagContent"),
        comment=comment or Form(),
    )


@require_GET
@page
async def idea(request: HttpRequest, id: str) -> HttpResponse:
    return await _idea_page(request, id)


@require_POST
@page
async def vote(request: HttpRequest, id: str) -> HttpResponse:
    """Vote (or, with `action=withdraw`, withdraw the vote) and come back."""
    withdraw = request.POST.get("action") == "withdraw"
    name, mutation = (
        ("WithdrawVote", "withdrawVote") if withdraw else ("VoteForSuggestion", "voteForSuggestion")
    )
    result = await run(request, name, {"id": id})
    form = Form()
    form.add_payload(result, mutation, ())
    original = ((result.data.get(mutation) or {}).get("suggestion") or {}).get("duplicateOf")
    if form.errors and original:
        # A merged idea: its votes went to the original, where the member may vote.
        messages.error(
            request,
            _("This idea was merged into “%(title)s”: support that one instead.")
            % {"title": original["title"]},
        )
        return HttpResponseRedirect(_idea_url(original["id"]))
    if form.errors:
        for text in form.general:
            messages.error(request, text)
    else:
        messages.success(
            request, _("Your vote is withdrawn.") if withdraw else _("Thank you for your vote.")
        )
    back = _local(request, request.POST.get("next"), _idea_url(id))
    return HttpResponseRedirect(back)


@require_POST
@page
async def follow(request: HttpRequest, id: str) -> HttpResponse:
    stop = request.POST.get("action") == "unfollow"
    name, mutation = (
        ("UnfollowSuggestion", "unfollowSuggestion")
        if stop
        else ("FollowSuggestion", "followSuggestion")
    )
    result = await run(request, name, {"id": id})
    form = Form()
    form.add_payload(result, mutation, ())
    if form.errors:
        for text in form.general:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("You no longer follow this idea.")
            if stop
            else _("You follow this idea: you will be notified of its progress."),
        )
    return HttpResponseRedirect(_idea_url(id))


@require_POST
@page
async def comment(request: HttpRequest, id: str) -> HttpResponse:
    form = Form.of(request, "body")
    result = await run(
        request, "CommentOnSuggestion", {"input": {"suggestionId": id, "body": form.values["body"]}}
    )
    if form.add_payload(result, "commentOnSuggestion", ("body",)):
        return await _idea_page(request, id, comment=form)
    post = result.data["commentOnSuggestion"]["comment"]
    messages.success(request, _("Your comment is published."))
    return HttpResponseRedirect(_idea_url(id) + f"#post-{post['id']}")


@require_http_methods(["GET", "POST"])
@page
async def edit_idea(request: HttpRequest, id: str) -> HttpResponse:
    """Its author edits an idea while it is still SUBMITTED."""
    result = await run(request, "IdeaForm", {"id": id})
    idea = result.data.get("suggestion")
    viewer = _viewer(result)
    if idea is None:
        return await _not_found(request)
    if viewer is None:
        return HttpResponseRedirect(_login_url(request))
    form = Form(values={"title": idea["title"], "body": idea["body"]})
    if request.method == "POST":
        form = Form.of(request, "title", "body")
        edited = await run(
            request, "EditSuggestion", {"input": {"suggestionId": id, **form.values}}
        )
        if not form.add_payload(edited, "editSuggestion", ("title", "body")):
            messages.success(request, _("Your idea is updated."))
            return HttpResponseRedirect(_idea_url(id))
    return await _render(
        request,
        "web/edit_idea.html",
        result,
        title=_("Edit your idea"),
        noindex=True,
        idea=idea,
        form=form,
    )


@require_POST
@page
async def withdraw_idea(request: HttpRequest, id: str) -> HttpResponse:
    result = await run(request, "WithdrawSuggestion", {"id": id})
    form = Form()
    if form.add_payload(result, "withdrawSuggestion", ()):
        for text in form.general:
            messages.error(request, text)
    else:
        messages.success(request, _("Your idea is withdrawn: voting on it is closed."))
    return HttpResponseRedirect(_idea_url(id))


@require_http_methods(["GET", "POST"])
@page
async def submit_idea(request: HttpRequest) -> HttpResponse:
    form = Form.of(request, "title", "body")
    if request.method == "POST" and request.POST.get("intent") != "similar":
        result = await run(request, "SubmitSuggestion", {"input": form.values})
        if not form.add_payload(result, "submitSuggestion", ("title", "body")) or _only(
            form, "ALREADY_SUBMITTED"
        ):
            idea_id = result.data["submitSuggestion"]["suggestion"]["id"]
            messages.success(request, _("Your idea is published, with your vote."))
            return HttpResponseRedirect(_idea_url(idea_id))
    title = form.values["title"].strip()
    page_data = await run(request, "SubmitForm", {"title": title, "withSimilar": len(title) >= 3})
    if _viewer(page_data) is None:
        return HttpResponseRedirect(_login_url(request))
    return await _render(
        request,
        "web/submit_idea.html",
        page_data,
        title=_("Submit an idea"),
        noindex=True,
        form=form,
        similar=page_data.data.get("similarSuggestions"),
        can_submit=_capable(page_data, "canSubmitSuggestion"),
    )


# --- Nos engagements ----------------------------------------------------------------------


@require_GET
@page
async def engagements(request: HttpRequest) -> HttpResponse:
    result = await run(request, "Engagements")
    stats = result.data.get("communityStats")
    if stats is None:
        return await _not_found(request)
    support = None
    if _capable(result, "canViewSupportFigures"):
        figures = await run(request, "SupportFigures")
        support = (figures.data.get("communityStats") or {}).get("support")
    return await _render(
        request,
        "web/engagements.html",
        result,
        title=_("Our commitments"),
        description=_(
            "Are ideas really taken into account? Every figure of the path from idea to "
            "decision, measured and published."
        ),
        canonical=reverse("web:engagements"),
        stats=stats,
        support=support,
        outcome_rows=[
            (label("outcome", row["outcome"]), row["count"])
            for row in stats["publishedDecisionsByOutcome"]
        ],
        period_rows=[
            (row["targetPeriod"] or _("Not set yet"), row["count"])
            for row in stats["retainedByTargetPeriod"]
        ],
        status_rows=[
            (label("suggestion_status", row["status"]), row["count"])
            for row in stats["suggestionsByStatus"]
        ],
    )


# --- Search -------------------------------------------------------------------------------


@require_GET
@page
async def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    hits: list[dict[str, Any]] = []
    total = None
    links: dict[str, str] = {}
    if query:
        result = await run(
            request, "Search", {"query": query, "after": request.GET.get("after") or None}
        )
        found = result.data.get("search")
        if found is not None:
            hits = _nodes(found)
            total = found["totalCount"]
            links = _page_links(request, found.get("pageInfo"))
    else:
        result = await run(request, "Header")
    return await _render(
        request,
        "web/search.html",
        result,
        title=_("Search") + (f" : {query}" if query else ""),
        noindex=bool(query),
        canonical=reverse("web:search") if not query else None,
        query=query,
        hits=hits,
        total=total,
        links=links,
    )


# --- Members ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page
async def login(request: HttpRequest) -> HttpResponse:
    target = _local(request, request.POST.get("next") or request.GET.get("next"), "/")
    form = Form.of(request, "username")
    if request.method == "POST":
        result = await run(
            request,
            "Login",
            {
                "input": {
                    "username": request.POST.get("username", ""),
                    "password": request.POST.get("password", ""),
                }
            },
        )
        if not form.add_payload(result, "login", ()):
            return HttpResponseRedirect(target)
    header = await run(request, "Header")
    if _viewer(header) is not None and request.method == "GET":
        return HttpResponseRedirect(target)
    return await _render(
        request,
        "web/login.html",
        header,
        title=_("Log in"),
        noindex=True,
        form=form,
        next=target,
    )


@require_POST
@page
async def logout(request: HttpRequest) -> HttpResponse:
    await run(request, "Logout")
    return HttpResponseRedirect("/")


def _notification_url(note: dict[str, Any]) -> str:
    if note.get("suggestion") and note.get("post"):
        # A comment on an idea: on the idea's page.
        return _idea_url(note["suggestion"]["id"]) + f"#post-{note['post']['id']}"
    if note.get("post") and note["post"].get("thread"):
        return _thread_url(note["post"]["thread"]["id"]) + f"#post-{note['post']['id']}"
    if note.get("suggestion"):
        return _idea_url(note["suggestion"]["id"])
    if note.get("thread"):
        return _thread_url(note["thread"]["id"])
    return reverse("web:notifications")


@require_http_methods(["GET", "POST"])
@page
async def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # One notification opened (`id`, then its page), or all of them marked read.
        note_id = request.POST.get("id")
        result = await run(
            request, "MarkNotificationsRead", {"ids": [note_id] if note_id else None}
        )
        form = Form()
        if form.add_payload(result, "markNotificationsRead", ()):
            for text in form.general:
                messages.error(request, text)
        target = _local(request, request.POST.get("next"), reverse("web:notifications"))
        return HttpResponseRedirect(target)
    result = await run(request, "Notifications", {"after": request.GET.get("after") or None})
    viewer = _viewer(result)
    if viewer is None:
        return HttpResponseRedirect(_login_url(request))
    notes = _nodes(viewer.get("notifications"))
    for note in notes:
        note["url"] = _notification_url(note)
    return await _render(
        request,
        "web/notifications.html",
        result,
        title=_("Notifications"),
        noindex=True,
        notes=notes,
        total=(viewer.get("notifications") or {}).get("totalCount", 0),
        links=_page_links(request, (viewer.get("notifications") or {}).get("pageInfo")),
    )


@require_GET
@page
async def my_votes(request: HttpRequest) -> HttpResponse:
    result = await run(request, "MyVotes", {"after": request.GET.get("after") or None})
    viewer = _viewer(result)
    if viewer is None:
        return HttpResponseRedirect(_login_url(request))
    votes = viewer.get("votes") or {}
    return await _render(
        request,
        "web/my_votes.html",
        result,
        title=_("My votes"),
        noindex=True,
        ideas=_nodes(votes),
        total=votes.get("totalCount", 0),
        links=_page_links(request, votes.get("pageInfo")),
    )


@require_GET
@page
async def member(request: HttpRequest, id: str) -> HttpResponse:
    result = await run(request, "Member", {"id": id})
    profile = result.data.get("node")
    if not profile or profile.get("typename") != "Member":
        return await _not_found(request)
    return await _render(
        request,
        "web/member.html",
        result,
        title=profile["displayName"],
        description=_("%(name)s's profile in the community.") % {"name": profile["displayName"]},
        canonical=reverse("web:member", args=[id]),
        profile=profile,
    )


# --- Robots -------------------------------------------------------------------------------


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """What crawlers may read: the public pages, not the members' own nor the API."""
    lines = [
        "User-agent: *",
        *(
            f"Disallow: {path}"
            for path in (
                reverse("web:login"),
                reverse("web:notifications"),
                reverse("web:my_votes"),
                reverse("web:ask"),
                reverse("web:submit_idea"),
                reverse("web:search"),
                "/graphql",
                "/admin/",
            )
        ),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
