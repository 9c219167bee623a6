"""The advisers' support desk: questions awaiting a first answer, oldest first, with the
time waited and the time promised; assignments, internal notes and the thread's state from
the desk and the thread page (`views.thread` shows the tools to advisers)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..pages import Form, local_url, nodes, not_found, page_links, paging, render_page, thread_url
from ..queries import run
from ..views import thread_page
from . import staff_page

ASSIGNEES = ("ANYONE", "ME", "UNASSIGNED")
# action → (document, mutation, what the adviser is told)
STATE_ACTIONS: dict[str, tuple[str, str, Promise]] = {
    "resolve": ("ResolveThread", "resolveThread", gettext_lazy("The question is marked resolved.")),
    "close": ("CloseThread", "closeThread", gettext_lazy("The thread is closed.")),
    "reopen": ("ReopenThread", "reopenThread", gettext_lazy("The thread is open again.")),
    "lock": (
        "LockThread",
        "lockThread",
        gettext_lazy("The thread is locked: customers can no longer reply."),
    ),
    "unlock": ("UnlockThread", "unlockThread", gettext_lazy("The thread is unlocked.")),
}


def waited(delta: timedelta) -> str:
    """A time waited, in days and hours, or hours and minutes under a day."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}


def promised_hours(result: Any) -> int | None:
    """`communityStats.support.promisedFirstResponseHours` of a document's result."""
    support = (result.data.get("communityStats") or {}).get("support") or {}
    hours = support.get("promisedFirstResponseHours")
    return int(hours) if hours is not None else None


def _timing(thread: dict[str, Any], hours: int | None, now: datetime) -> dict[str, Any]:
    """When the question was asked, how long it waited, and when its answer is due."""
    asked = datetime.fromisoformat(thread["createdAt"])
    due = asked + timedelta(hours=hours) if hours is not None else None
    return {
        "waited": waited(now - asked),
        "due": due.isoformat() if due else None,
        "overdue": bool(due and now > due),
        "late_by": waited(now - due) if due and now > due else None,
    }


@staff_page("canPostInternalNote")
async def support_desk(request: HttpRequest) -> HttpResponse:
    """Questions awaiting a first answer (`unansweredQuestions`), filtered by category and
    assignee."""
    assignee = request.GET.get("assignee")
    assignee = assignee if assignee in ASSIGNEES else "ANYONE"
    category = request.GET.get("category") or None
    result = await run(
        request,
        "SupportDesk",
        {"categoryId": category, "assignee": assignee, **paging(request)},
    )
    questions = result.data.get("unansweredQuestions")
    if questions is None:
        return await not_found(request, result)
    hours = promised_hours(result)
    now = timezone.now()
    rows = [{**thread, **_timing(thread, hours, now)} for thread in nodes(questions)]
    return await render_page(
        request,
        "web/staff/threads/support_desk.html",
        result,
        title=_("Support desk"),
        noindex=True,
        questions=rows,
        total=questions["totalCount"],
        hours=hours,
        categories=[c for c in result.data.get("categories") or [] if c["acceptsThreads"]],
        category=category,
        assignee=assignee,
        assignees=ASSIGNEES,
        advisers=nodes(result.data.get("advisers")),
        links=page_links(request, questions.get("pageInfo")),
        back=request.get_full_path(),
        # A question the desk may settle without an answer: a duplicate, or spam to stop.
        state_actions=[("close", _("Close")), ("lock", _("Lock"))],
    )


def _report(request: HttpRequest, form: Form, success: str) -> None:
    if form.errors:
        for texts in form.errors.values():
            for text in texts:
                messages.error(request, text)
    else:
        messages.success(request, success)


@staff_page("canPostInternalNote", methods=("POST",))
async def assign(request: HttpRequest, id: str) -> HttpResponse:
    """Assign the thread to the adviser chosen (`adviser`: a member ID, empty for nobody),
    then back where the form was (`next`)."""
    adviser = request.POST.get("adviser") or None
    result = await run(request, "AssignThread", {"input": {"threadId": id, "adviserId": adviser}})
    form = Form()
    form.add_payload(result, "assignThread", ())
    thread = (result.data.get("assignThread") or {}).get("thread") or {}
    chosen = thread.get("assignedAdviser")
    _report(
        request,
        form,
        _("Assigned to %(name)s.") % {"name": chosen["displayName"]}
        if chosen
        else _("Nobody follows this question up now."),
    )
    return HttpResponseRedirect(local_url(request, request.POST.get("next"), thread_url(id)))


@staff_page("canPostInternalNote", methods=("POST",))
async def note(request: HttpRequest, id: str) -> HttpResponse:
    """An internal note in the thread (advisers only read it), then back where the form was
    (`next`: the desk) or to the note; or the thread page again with the note's errors."""
    form = Form.of(request, "body")
    result = await run(
        request,
        "ReplyToThread",
        {"input": {"threadId": id, "body": form.values["body"], "isInternal": True}},
    )
    if form.add_payload(result, "replyToThread", ("body",)):
        return await thread_page(request, id, note=form)
    post = result.data["replyToThread"]["post"]
    messages.success(request, _("Your internal note is added: only advisers see it."))
    default = thread_url(id) + f"#post-{post['id']}"
    return HttpResponseRedirect(local_url(request, request.POST.get("next"), default))


@staff_page("canModerate", methods=("POST",))
async def change_state(request: HttpRequest, id: str) -> HttpResponse:
    """Resolve, close, reopen, lock or unlock the thread (`action`), then back where the
    form was (`next`: the desk) or to the thread."""
    action = request.POST.get("action", "")
    if action not in STATE_ACTIONS:
        return await not_found(request)
    document, mutation, success = STATE_ACTIONS[action]
    result = await run(request, document, {"input": {"threadId": id}})
    form = Form()
    form.add_payload(result, mutation, ())
    _report(request, form, str(success))
    return HttpResponseRedirect(local_url(request, request.POST.get("next"), thread_url(id)))
