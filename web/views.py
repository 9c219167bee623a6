"""The website's pages. Every byte of data a page shows comes from one of the documents in
web/documents/, run in-process for the request's viewer (`queries.run`); every form posts
to a view that runs the mutation and redirects (POST/redirect/GET), or shows the form
again with the payload's errors next to their fields."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from .labels import LABELS, error_message, label, masked_number_message
from .pages import (
    Form,
    capable,
    idea_url,
    local_url,
    login_url,
    nodes,
    not_found,
    page,
    page_links,
    paging,
    public_page,
    render_page,
    thread_url,
    viewer_of,
)
from .queries import Result, run


def tell_notices(request: HttpRequest, result: Result, mutation: str) -> None:
    """What the mutation's payload tells its author besides success (a sensitive number
    masked before publishing), as messages shown after the redirect: one per kind."""
    notices = (result.data.get(mutation) or {}).get("notices") or []
    for kind in dict.fromkeys(notice.get("kind") for notice in notices):
        messages.warning(request, masked_number_message(kind))


# --- Home ---------------------------------------------------------------------------------


@require_GET
@public_page
async def home(request: HttpRequest) -> HttpResponse:
    result = await run(request, "Home")
    return await render_page(
        request,
        "web/home.html",
        result,
        title=_("The community"),
        description=_(
            "Ask the bank's advisers, talk with other customers, post your ideas and vote "
            "for them, and follow each one up to the committee's decision."
        ),
        canonical=reverse("web:home"),
        questions=nodes(result.data.get("questions")),
        discussions=nodes(result.data.get("discussions")),
        ideas=nodes(result.data.get("ideas")),
        idea_count=(result.data.get("ideas") or {}).get("totalCount"),
        stats=result.data.get("communityStats"),
    )


# --- Café ---------------------------------------------------------------------------------

THREAD_KINDS = ("QUESTION", "DISCUSSION")
THREAD_STATUSES = ("OPEN", "ANSWERED", "RESOLVED", "CLOSED")


@require_GET
@public_page
async def cafe(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") if request.GET.get("kind") in THREAD_KINDS else None
    status = request.GET.get("status") if request.GET.get("status") in THREAD_STATUSES else None
    category = request.GET.get("category") or None
    result = await run(
        request,
        "Cafe",
        {"categoryId": category, "kind": kind, "status": status, **paging(request)},
    )
    threads = result.data.get("threads")
    if threads is None:
        return await not_found(request)
    # Pinned threads first on each page (the order is otherwise the latest activity).
    items = sorted(nodes(threads), key=lambda t: not t["isPinned"])
    categories = result.data.get("categories") or []
    current = next((c for c in categories if c["id"] == category), None)
    canonical = {k: v for k, v in (("category", category), ("kind", kind), ("status", status)) if v}
    return await render_page(
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
        links=page_links(request, threads.get("pageInfo")),
        can_ask=capable(result, "canCreateThread"),
    )


async def thread_page(
    request: HttpRequest,
    id: str,
    *,
    reply: Form | None = None,
    note: Form | None = None,
    http_status: int = 200,
) -> HttpResponse:
    """A thread's page (with a reply or an internal note sent back with its errors); for
    advisers, their tools too: the assignment, the state, internal notes (`ThreadDesk`)."""
    result = await run(
        request, "Thread", {"id": id, "first": 50, "after": request.GET.get("after") or None}
    )
    thread = result.data.get("thread")
    if thread is None:
        return await not_found(request)
    desk = None
    if capable(result, "canPostInternalNote"):
        desk = await _thread_desk(request, id, thread)
    viewer = viewer_of(result)
    accepted = thread.get("acceptedPost")
    posts = [p for p in nodes(thread["posts"]) if not accepted or p["id"] != accepted["id"]]
    is_question = thread["kind"] == "QUESTION"
    may_accept = bool(
        viewer
        and is_question
        and thread["status"] in ("OPEN", "ANSWERED")
        and (viewer["id"] == thread["author"]["id"] or viewer["role"] == "ADVISER")
    )
    writable = not thread["isLocked"] and thread["status"] != "CLOSED"
    return await render_page(
        request,
        "web/thread.html",
        result,
        http_status=http_status,
        title=thread["title"],
        description=thread["body"][:160],
        canonical=thread_url(thread["id"]),
        noindex=thread["isHidden"],
        thread=thread,
        accepted=accepted,
        posts=posts,
        may_accept=may_accept,
        may_reply=writable and capable(result, "canCreateThread"),
        may_edit=writable,
        may_flag=capable(result, "canFlagContent"),
        links=page_links(request, thread["posts"].get("pageInfo")),
        reply=reply or Form(),
        note=note or Form(),
        desk=desk,
        may_moderate=capable(result, "canModerate"),
    )


async def _thread_desk(request: HttpRequest, id: str, thread: dict[str, Any]) -> dict[str, Any]:
    """The adviser's view of the thread: who follows it up, the advisers to choose from,
    and for a question not answered yet, when its first answer is due."""
    desk = await run(request, "ThreadDesk", {"id": id})
    found = desk.data.get("thread") or {}
    support = (desk.data.get("communityStats") or {}).get("support") or {}
    hours = support.get("promisedFirstResponseHours")
    due = None
    if (
        thread["kind"] == "QUESTION"
        and thread["status"] == "OPEN"
        and not found.get("firstResponseAt")
        and hours is not None
    ):
        due = (datetime.fromisoformat(thread["createdAt"]) + timedelta(hours=hours)).isoformat()
    return {
        "assigned": found.get("assignedAdviser"),
        "advisers": nodes(desk.data.get("advisers")),
        "due": due,
        "overdue": bool(due and datetime.fromisoformat(due) < timezone.now()),
    }


@require_GET
@public_page
async def thread(request: HttpRequest, id: str) -> HttpResponse:
    return await thread_page(request, id)


@require_POST
@page
async def reply(request: HttpRequest, id: str) -> HttpResponse:
    form = Form.of(request, "body")
    result = await run(
        request, "ReplyToThread", {"input": {"threadId": id, "body": form.values["body"]}}
    )
    if form.add_payload(result, "replyToThread", ("body",)):
        return await thread_page(request, id, reply=form)
    post = result.data["replyToThread"]["post"]
    messages.success(request, _("Your reply is published."))
    tell_notices(request, result, "replyToThread")
    return HttpResponseRedirect(thread_url(id) + f"#post-{post['id']}")


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
    return HttpResponseRedirect(thread_url(thread_id) if thread_id else reverse("web:cafe"))


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
    return HttpResponseRedirect(thread_url(id))


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
            tell_notices(request, result, "createThread")
            return HttpResponseRedirect(thread_url(thread_id))
    else:
        form.values["kind"] = request.GET.get("kind", "QUESTION")
        form.values["categoryId"] = request.GET.get("category", "")
    page_data = await run(request, "AskForm")
    if viewer_of(page_data) is None:
        return HttpResponseRedirect(login_url(request))
    return await render_page(
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
    viewer = viewer_of(result)
    if not post or post.get("typename") != "Post":
        return await not_found(request)
    if viewer is None:
        return HttpResponseRedirect(login_url(request))
    form = Form(values={"body": post["body"]})
    if request.method == "POST":
        form = Form.of(request, "body")
        edited = await run(request, "EditPost", {"input": {"postId": id, **form.values}})
        if not form.add_payload(edited, "editPost", ("body",)):
            messages.success(request, _("Your reply is updated."))
            tell_notices(request, edited, "editPost")
            return HttpResponseRedirect(thread_url(post["thread"]["id"]) + f"#post-{id}")
    return await render_page(
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
        return await not_found(request)
    return await render_page(
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
        return await not_found(request)
    if viewer_of(result) is None:
        return HttpResponseRedirect(login_url(request))
    back = _content_url(content)
    form = Form.of(request, "reason", "text")
    if request.method == "POST":
        flagged = await run(request, "FlagContent", {"input": {"contentId": id, **form.values}})
        if not form.add_payload(flagged, "flagContent", ("reason", "text")):
            messages.success(request, _("Thank you: the moderators will look at it."))
            tell_notices(request, flagged, "flagContent")
            return HttpResponseRedirect(back)
    return await render_page(
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
        return thread_url(content["id"])
    if kind == "Suggestion":
        return idea_url(content["id"])
    return thread_url(content["thread"]["id"]) + f"#post-{content['id']}"


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
@public_page
async def labo(request: HttpRequest) -> HttpResponse:
    order = request.GET.get("order") if request.GET.get("order") in ORDERS else "TOP"
    status = request.GET.get("status")
    status = status if status in SUGGESTION_STATUSES else None
    result = await run(
        request,
        "Labo",
        {"orderBy": order, "status": [status] if status else None, **paging(request)},
    )
    ideas = result.data.get("suggestions")
    if ideas is None:
        return await not_found(request)
    canonical = {
        k: v for k, v in (("order", order if order != "TOP" else None), ("status", status)) if v
    }
    return await render_page(
        request,
        "web/labo.html",
        result,
        title=_("Le Labo: the community's ideas"),
        description=_(
            "Customers' ideas for the bank, their votes, and what the committee decided."
        ),
        canonical=reverse("web:labo") + ("?" + urlencode(canonical) if canonical else ""),
        ideas=nodes(ideas),
        total=ideas["totalCount"],
        order=order,
        orders=ORDERS,
        status=status,
        statuses=SUGGESTION_STATUSES,
        links=page_links(request, ideas.get("pageInfo")),
        can_submit=capable(result, "canSubmitSuggestion"),
    )


async def _idea_page(
    request: HttpRequest, id: str, *, comment: Form | None = None, http_status: int = 200
) -> HttpResponse:
    result = await run(
        request, "Idea", {"id": id, "first": 50, "after": request.GET.get("after") or None}
    )
    idea = result.data.get("suggestion")
    if idea is None:
        return await not_found(request)
    discussion = idea.get("discussion") or {}
    return await render_page(
        request,
        "web/idea.html",
        result,
        http_status=http_status,
        title=idea["title"],
        description=idea["body"][:160],
        canonical=idea_url(idea["id"]),
        noindex=idea["isHidden"],
        idea=idea,
        comments=nodes(idea.get("comments")),
        links=page_links(request, (idea.get("comments") or {}).get("pageInfo")),
        may_comment=viewer_of(result) is not None
        and not discussion.get("isLocked")
        and discussion.get("status") != "CLOSED",
        may_flag=capable(result, "canFlagContent"),
        comment=comment or Form(),
    )


@require_GET
@public_page
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
        return HttpResponseRedirect(idea_url(original["id"]))
    if form.errors:
        for text in form.general:
            messages.error(request, text)
    else:
        messages.success(
            request, _("Your vote is withdrawn.") if withdraw else _("Thank you for your vote.")
        )
    back = local_url(request, request.POST.get("next"), idea_url(id))
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
    return HttpResponseRedirect(idea_url(id))


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
    tell_notices(request, result, "commentOnSuggestion")
    return HttpResponseRedirect(idea_url(id) + f"#post-{post['id']}")


@require_http_methods(["GET", "POST"])
@page
async def edit_idea(request: HttpRequest, id: str) -> HttpResponse:
    """Its author edits an idea while it is still SUBMITTED."""
    result = await run(request, "IdeaForm", {"id": id})
    idea = result.data.get("suggestion")
    viewer = viewer_of(result)
    if idea is None:
        return await not_found(request)
    if viewer is None:
        return HttpResponseRedirect(login_url(request))
    form = Form(values={"title": idea["title"], "body": idea["body"]})
    if request.method == "POST":
        form = Form.of(request, "title", "body")
        edited = await run(
            request, "EditSuggestion", {"input": {"suggestionId": id, **form.values}}
        )
        if not form.add_payload(edited, "editSuggestion", ("title", "body")):
            messages.success(request, _("Your idea is updated."))
            tell_notices(request, edited, "editSuggestion")
            return HttpResponseRedirect(idea_url(id))
    return await render_page(
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
    return HttpResponseRedirect(idea_url(id))


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
            tell_notices(request, result, "submitSuggestion")
            return HttpResponseRedirect(idea_url(idea_id))
    title = form.values["title"].strip()
    page_data = await run(request, "SubmitForm", {"title": title, "withSimilar": len(title) >= 3})
    if viewer_of(page_data) is None:
        return HttpResponseRedirect(login_url(request))
    return await render_page(
        request,
        "web/submit_idea.html",
        page_data,
        title=_("Submit an idea"),
        noindex=True,
        form=form,
        similar=page_data.data.get("similarSuggestions"),
        can_submit=capable(page_data, "canSubmitSuggestion"),
    )


# --- Nos engagements ----------------------------------------------------------------------


@require_GET
@public_page
async def engagements(request: HttpRequest) -> HttpResponse:
    result = await run(request, "Engagements")
    stats = result.data.get("communityStats")
    if stats is None:
        return await not_found(request)
    support = None
    if capable(result, "canViewSupportFigures"):
        figures = await run(request, "SupportFigures")
        support = (figures.data.get("communityStats") or {}).get("support")
    return await render_page(
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
@public_page
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
            hits = nodes(found)
            total = found["totalCount"]
            links = page_links(request, found.get("pageInfo"))
    else:
        result = await run(request, "Header")
    return await render_page(
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
    target = local_url(request, request.POST.get("next") or request.GET.get("next"), "/")
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
    if viewer_of(header) is not None and request.method == "GET":
        return HttpResponseRedirect(target)
    return await render_page(
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
        return idea_url(note["suggestion"]["id"]) + f"#post-{note['post']['id']}"
    if note.get("post") and note["post"].get("thread"):
        return thread_url(note["post"]["thread"]["id"]) + f"#post-{note['post']['id']}"
    if note.get("suggestion"):
        return idea_url(note["suggestion"]["id"])
    if note.get("thread"):
        return thread_url(note["thread"]["id"])
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
        target = local_url(request, request.POST.get("next"), reverse("web:notifications"))
        return HttpResponseRedirect(target)
    result = await run(request, "Notifications", {"after": request.GET.get("after") or None})
    viewer = viewer_of(result)
    if viewer is None:
        return HttpResponseRedirect(login_url(request))
    notes = nodes(viewer.get("notifications"))
    for note in notes:
        note["url"] = _notification_url(note)
    return await render_page(
        request,
        "web/notifications.html",
        result,
        title=_("Notifications"),
        noindex=True,
        notes=notes,
        total=(viewer.get("notifications") or {}).get("totalCount", 0),
        links=page_links(request, (viewer.get("notifications") or {}).get("pageInfo")),
    )


@require_GET
@page
async def my_votes(request: HttpRequest) -> HttpResponse:
    result = await run(request, "MyVotes", {"after": request.GET.get("after") or None})
    viewer = viewer_of(result)
    if viewer is None:
        return HttpResponseRedirect(login_url(request))
    votes = viewer.get("votes") or {}
    return await render_page(
        request,
        "web/my_votes.html",
        result,
        title=_("My votes"),
        noindex=True,
        ideas=nodes(votes),
        total=votes.get("totalCount", 0),
        links=page_links(request, votes.get("pageInfo")),
    )


@require_http_methods(["GET", "POST"])
@page
async def my_data(request: HttpRequest) -> HttpResponse:
    """The member's rights over their data: a copy to download, and erasing the account
    (confirmed by the password; then they are logged out)."""
    form = Form()
    if request.method == "POST":
        form = Form.of(request)  # the password is never sent back
        result = await run(
            request,
            "EraseMyAccount",
            {"input": {"password": request.POST.get("password", "")}},
        )
        if not form.add_payload(result, "eraseMyAccount", ("password",)):
            messages.success(request, _("Your account is erased. Goodbye, and thank you."))
            return HttpResponseRedirect(reverse("web:home"))
    header = await run(request, "Header")
    if viewer_of(header) is None:
        return HttpResponseRedirect(login_url(request))
    return await render_page(
        request,
        "web/my_data.html",
        header,
        http_status=200 if not form.errors else 400,
        title=_("My personal data"),
        noindex=True,
        form=form,
    )


@require_GET
@page
async def my_data_download(request: HttpRequest) -> HttpResponse:
    """The member's data as a JSON file (`viewer { personalData }`)."""
    result = await run(request, "MyData")
    viewer = viewer_of(result)
    if viewer is None:
        return HttpResponseRedirect(login_url(request))
    response = HttpResponse(viewer["personalData"], content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="comptoir-mes-donnees.json"'
    return response


# The kinds of notification in the order the API lists them, and the deliveries offered.
DELIVERIES = ("IN_APP", "IMMEDIATE", "DAILY_DIGEST")
EMAIL_LANGUAGES = ("FR", "EN")


@require_http_methods(["GET", "POST"])
@page
async def email_preferences(request: HttpRequest) -> HttpResponse:
    """The member's e-mails: for each kind of notification, the notifications page only, an
    e-mail each time, or one e-mail a day; and the language of their e-mails. Saving runs
    `setNotificationPreference` for each kind changed, and `setLanguage` if it changed."""
    result = await run(request, "EmailPreferences")
    viewer = viewer_of(result)
    if viewer is None:
        return HttpResponseRedirect(login_url(request))
    preferences = viewer.get("notificationPreferences") or []
    form = Form(
        values={
            **{f"kind-{p['kind']}": p["delivery"] for p in preferences},
            "language": viewer.get("language") or "FR",
        }
    )
    if request.method == "POST":
        current = dict(form.values)
        form = Form.of(request, *current)
        for pref in preferences:
            name = f"kind-{pref['kind']}"
            chosen = form.values[name]
            if chosen == current[name] or chosen not in DELIVERIES:
                form.values[name] = current[name]
                continue
            done = await run(
                request,
                "SetNotificationPreference",
                {"input": {"kind": pref["kind"], "delivery": chosen}},
            )
            _form_errors(form, done, "setNotificationPreference", name)
        language = form.values["language"]
        if language != current["language"] and language in EMAIL_LANGUAGES:
            done = await run(request, "SetLanguage", {"input": {"language": language}})
            _form_errors(form, done, "setLanguage", "language")
        if not form.errors:
            messages.success(request, _("Your e-mail choices are saved."))
            return HttpResponseRedirect(reverse("web:email_preferences"))
    return await render_page(
        request,
        "web/email_preferences.html",
        result,
        http_status=200 if not form.errors else 400,
        title=_("My e-mails"),
        noindex=True,
        form=form,
        preferences=[{**p, "field": f"kind-{p['kind']}"} for p in preferences],
        deliveries=DELIVERIES,
        languages=EMAIL_LANGUAGES,
    )


def _form_errors(form: Form, result: Result, mutation: str, field: str) -> None:
    """A mutation's errors on the page's `field` (UNCHANGED is no error: a choice already
    held is what was asked)."""
    payload = result.data.get(mutation) or {}
    codes = [e["code"] for e in payload.get("errors") or [] if e.get("code") != "UNCHANGED"]
    codes += [str((e.get("extensions") or {}).get("code", "INTERNAL")) for e in result.errors]
    if not payload and not codes:
        codes.append("INTERNAL")
    for code in codes:
        form.add(code, field)


@require_http_methods(["GET", "POST"])
@csrf_exempt
@page
async def email_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """An e-mail's unsubscribe link (RFC 8058). GET shows what it stops and a button (mail
    scanners open links: a GET changes nothing); POST stops it, with no login and no CSRF
    token, since mail clients send the one-click POST (`List-Unsubscribe=One-Click`)
    without cookies: the link's signed token is the authority. A link that is not valid
    (altered, cut short, expired) answers 400 and changes nothing."""
    if request.method == "POST":
        result = await run(
            request, "UnsubscribeFromEmail", {"input": {"token": token}}, anonymous=True
        )
        payload = result.data.get("unsubscribeFromEmail") or {}
        codes = [e["code"] for e in payload.get("errors") or []]
        header = await run(request, "Header")
        stopped = payload.get("unsubscription")
        if stopped is None or result.errors:
            return await _bad_unsubscribe_link(request, header, codes)
        return await render_page(
            request,
            "web/email_unsubscribe.html",
            header,
            title=_("E-mails stopped"),
            noindex=True,
            unsubscription=stopped,
            done=True,
        )
    result = await run(request, "EmailUnsubscription", {"token": token})
    found = result.data.get("emailUnsubscription")
    if found is None:
        return await _bad_unsubscribe_link(request, result, [])
    return await render_page(
        request,
        "web/email_unsubscribe.html",
        result,
        title=_("Stop these e-mails?"),
        noindex=True,
        unsubscription=found,
        done=False,
    )


async def _bad_unsubscribe_link(
    request: HttpRequest, header: Result, codes: list[str]
) -> HttpResponse:
    text = (
        _("This link is too old to stop e-mails.")
        if "EXPIRED_TOKEN" in codes
        else _("This link is not one of our e-mails' links: it may have been cut short.")
    )
    return await render_page(
        request,
        "web/error.html",
        header,
        http_status=400,
        title=_("Link not valid"),
        noindex=True,
        heading=_("This unsubscribe link does not work"),
        text=text + " " + _("Nothing was changed. Log in to choose your e-mails."),
        link=(reverse("web:email_preferences"), _("Choose my e-mails")),
    )


@require_POST
async def set_language(request: HttpRequest) -> HttpResponse:
    """The website's language switch: Django's `set_language` keeps the choice in a cookie
    for the pages; for a logged-in member it is also the language of their e-mails
    (`setLanguage`)."""
    response = await sync_to_async(django_set_language)(request)
    language = request.POST.get("language", "")
    user = await request.auser()
    if user.is_authenticated and language.upper() in EMAIL_LANGUAGES:
        await run(request, "SetLanguage", {"input": {"language": language.upper()}})
    return response


@require_GET
@public_page
async def member(request: HttpRequest, id: str) -> HttpResponse:
    result = await run(request, "Member", {"id": id})
    profile = result.data.get("node")
    if not profile or profile.get("typename") != "Member":
        return await not_found(request)
    return await render_page(
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
                reverse("web:my_data"),
                reverse("web:email_preferences"),
                "/e-mail/",
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
