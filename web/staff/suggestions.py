"""Le Labo's triage (advisers), under `/equipe/labo/`: the ideas awaiting review, an idea's
triage page (a status move with a public note, a merge into another idea found with a
search picker, a shortlisting onto a meeting's agenda), and the committee's meetings as
advisers prepare them (scheduling, agendas in order).

Which moves an idea allows comes from the API (`Suggestion.viewerStatusMoves`,
`viewerCanMarkDuplicate`), computed by the service's status machine: the pages offer what
it says and show what a mutation refuses next to the field at fault."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..pages import Form, local_url, nodes, not_found, page_links, paging, render_page
from ..queries import Result, run
from . import staff_page

# The statuses an adviser may list below the review threshold (`?status=`).
QUEUE_STATUSES = ("SUBMITTED", "UNDER_REVIEW", "DEFERRED")
# The search picker needs a few letters before it asks.
SEARCH_MIN = 3


def triage_url(idea_id: str) -> str:
    return reverse("web:staff:suggestion", args=[idea_id])


def meeting_url(meeting_id: str) -> str:
    return reverse("web:staff:meeting", args=[meeting_id])


def _instant(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _upcoming(result: Result) -> list[dict[str, Any]]:
    """The meetings still to come (soonest first): those an idea may be shortlisted for."""
    now = timezone.now()
    meetings = [
        m
        for m in nodes(result.data.get("committeeMeetings"))
        if (when := _instant(m["scheduledFor"])) is not None and when >= now
    ]
    return sorted(meetings, key=lambda m: m["scheduledFor"])


# --- The queue ----------------------------------------------------------------------------


@staff_page("canTriage")
async def queue(request: HttpRequest) -> HttpResponse:
    """The ideas past the review threshold, then those of one status below it."""
    status = request.GET.get("status")
    status = status if status in QUEUE_STATUSES else "SUBMITTED"
    result = await run(request, "TriageQueue", {"statuses": [status], **paging(request)})
    listed = result.data.get("suggestions") or {}
    awaiting = result.data.get("suggestionsAwaitingReview") or {}
    return await render_page(
        request,
        "web/staff/suggestions/queue.html",
        result,
        title=_("Ideas to triage"),
        noindex=True,
        awaiting=nodes(awaiting),
        awaiting_total=awaiting.get("totalCount", 0),
        ideas=nodes(listed),
        total=listed.get("totalCount", 0),
        status=status,
        statuses=QUEUE_STATUSES,
        links=page_links(request, listed.get("pageInfo")),
    )


# --- One idea -----------------------------------------------------------------------------


async def _idea_page(
    request: HttpRequest,
    id: str,
    *,
    move: Form | None = None,
    merge: Form | None = None,
    shortlist: Form | None = None,
) -> HttpResponse:
    query = (merge.values.get("q") if merge else request.GET.get("q", "")) or ""
    query = query.strip()
    result = await run(
        request,
        "TriageIdea",
        {"id": id, "search": query, "withCandidates": len(query) >= SEARCH_MIN},
    )
    idea = result.data.get("suggestion")
    if idea is None:
        return await not_found(request, result)
    searched = len(query) >= SEARCH_MIN
    if searched:
        found = nodes(result.data.get("candidates"))
    elif idea["viewerCanMarkDuplicate"]:
        # Before any search, the ideas that look like this one (as a member submitting it
        # would have been shown them).
        similar = await run(request, "SimilarIdeas", {"title": idea["title"]})
        found = similar.data.get("similarSuggestions") or []
    else:
        found = []
    candidates = [c for c in found if c["id"] != idea["id"]]
    moves = idea["viewerStatusMoves"] or []
    return await render_page(
        request,
        "web/staff/suggestions/idea.html",
        result,
        title=_("Triage: %(title)s") % {"title": idea["title"]},
        noindex=True,
        idea=idea,
        moves=moves,
        query=query,
        searched=searched,
        search_min=SEARCH_MIN,
        candidates=candidates,
        meetings=_upcoming(result),
        may_shortlist="SHORTLISTED" in moves or idea["status"] == "SHORTLISTED",
        move=move or Form(values={"status": moves[0] if len(moves) == 1 else ""}),
        merge=merge or Form(values={"q": query}),
        shortlist=shortlist or Form(),
    )


@staff_page("canTriage")
async def idea(request: HttpRequest, id: str) -> HttpResponse:
    """An idea's triage page (`?q=`: the words the merge picker searches)."""
    return await _idea_page(request, id)


@staff_page("canTriage", methods=("POST",))
async def change_status(request: HttpRequest, id: str) -> HttpResponse:
    """Move the idea to `status` with a public note, then back to `next` (the triage page
    by default; the idea's public page sends its own address)."""
    form = Form.of(request, "status", "publicNote")
    if not form.values["status"]:
        form.add("BLANK", "status")
        return await _idea_page(request, id, move=form)
    result = await run(
        request, "ChangeSuggestionStatus", {"input": {"suggestionId": id, **form.values}}
    )
    if form.add_payload(result, "changeSuggestionStatus", ("status", "publicNote")):
        return await _idea_page(request, id, move=form)
    messages.success(request, _("The idea's status is changed; its followers are told."))
    return HttpResponseRedirect(local_url(request, request.POST.get("next"), triage_url(id)))


@staff_page("canTriage", methods=("POST",))
async def mark_duplicate(request: HttpRequest, id: str) -> HttpResponse:
    """Merge the idea into `originalId`, chosen in the picker."""
    form = Form.of(request, "q", "originalId", "publicNote")
    if not form.values["originalId"]:
        form.add("BLANK", "originalId")
        return await _idea_page(request, id, merge=form)
    result = await run(
        request,
        "MarkSuggestionDuplicate",
        {
            "input": {
                "suggestionId": id,
                "originalId": form.values["originalId"],
                "publicNote": form.values["publicNote"],
            }
        },
    )
    if form.add_payload(result, "markSuggestionDuplicate", ("originalId", "publicNote")):
        return await _idea_page(request, id, merge=form)
    original = result.data["markSuggestionDuplicate"]["original"]
    messages.success(
        request,
        _("The idea is merged into “%(title)s”, which now has %(votes)s votes.")
        % {"title": original["title"], "votes": original["voteCount"]},
    )
    return HttpResponseRedirect(triage_url(id))


async def _agenda_ids(request: HttpRequest, meeting_id: str) -> list[str] | None:
    """The meeting's agenda as it is (suggestion ids in order); None: no such meeting."""
    result = await run(request, "TriageMeeting", {"id": meeting_id})
    meeting = result.data.get("meeting")
    if not meeting or "agenda" not in meeting:
        return None
    return [i["suggestion"]["id"] for i in meeting["agenda"] if i.get("suggestion")]


@staff_page("canTriage", methods=("POST",))
async def shortlist(request: HttpRequest, id: str) -> HttpResponse:
    """Present the idea to the committee: SHORTLISTED (unless it is already), with the
    public note, then last on the chosen meeting's agenda."""
    form = Form.of(request, "meetingId", "publicNote", "status")
    if not form.values["meetingId"]:
        form.add("BLANK", "meetingId")
        return await _idea_page(request, id, shortlist=form)
    agenda = await _agenda_ids(request, form.values["meetingId"])
    if agenda is None:
        form.add("NOT_FOUND", "meetingId")
        return await _idea_page(request, id, shortlist=form)
    if form.values["status"] != "SHORTLISTED":
        moved = await run(
            request,
            "ChangeSuggestionStatus",
            {
                "input": {
                    "suggestionId": id,
                    "status": "SHORTLISTED",
                    "publicNote": form.values["publicNote"],
                }
            },
        )
        if form.add_payload(moved, "changeSuggestionStatus", ("publicNote",)):
            return await _idea_page(request, id, shortlist=form)
    if id not in agenda:
        result = await run(
            request,
            "SetMeetingAgenda",
            {"input": {"meetingId": form.values["meetingId"], "suggestionIds": [*agenda, id]}},
        )
        if form.add_payload(result, "setMeetingAgenda", ()):
            return await _idea_page(request, id, shortlist=form)
    messages.success(request, _("The idea is presented to the committee, on the meeting's agenda."))
    return HttpResponseRedirect(meeting_url(form.values["meetingId"]))


# --- Meetings -----------------------------------------------------------------------------


def _scheduled_for(value: str) -> str | None:
    """A `datetime-local` field's value, in the bank's time zone, as an ISO instant."""
    try:
        naive = datetime.fromisoformat(value)
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return None
    return timezone.make_aware(naive).isoformat()


@staff_page("canTriage", methods=("GET", "POST"))
async def meetings(request: HttpRequest) -> HttpResponse:
    """The meetings, latest first, and the form to schedule one."""
    form = Form.of(request, "title", "scheduledFor")
    if request.method == "POST":
        when = _scheduled_for(form.values["scheduledFor"])
        if when is None:
            form.add("BAD_USER_INPUT", "scheduledFor")
        else:
            result = await run(
                request,
                "ScheduleCommitteeMeeting",
                {"input": {"title": form.values["title"], "scheduledFor": when}},
            )
            fields = ("title", "scheduledFor")
            if not form.add_payload(result, "scheduleCommitteeMeeting", fields):
                meeting = result.data["scheduleCommitteeMeeting"]["meeting"]
                messages.success(request, _("The meeting is scheduled."))
                return HttpResponseRedirect(meeting_url(meeting["id"]))
    result = await run(request, "TriageMeetings", paging(request))
    listed = result.data.get("committeeMeetings") or {}
    return await render_page(
        request,
        "web/staff/suggestions/meetings.html",
        result,
        title=_("Committee meetings"),
        noindex=True,
        meetings=nodes(listed),
        total=listed.get("totalCount", 0),
        links=page_links(request, listed.get("pageInfo")),
        form=form,
    )


async def _meeting_page(request: HttpRequest, id: str, *, form: Form | None = None) -> HttpResponse:
    result = await run(request, "TriageMeeting", {"id": id})
    meeting = result.data.get("meeting")
    if not meeting or "agenda" not in meeting:
        return await not_found(request, result)
    on_agenda = {i["suggestion"]["id"] for i in meeting["agenda"] if i.get("suggestion")}
    return await render_page(
        request,
        "web/staff/suggestions/meeting.html",
        result,
        title=meeting["title"],
        noindex=True,
        meeting=meeting,
        agenda=[i for i in meeting["agenda"] if i.get("suggestion")],
        addable=[s for s in nodes(result.data.get("shortlisted")) if s["id"] not in on_agenda],
        # Ideas the viewer may move to SHORTLISTED, to present at this meeting at once.
        presentable=[
            s
            for s in nodes(result.data.get("reviewed"))
            if "SHORTLISTED" in (s["viewerStatusMoves"] or [])
        ],
        form=form or Form(),
    )


@staff_page("canTriage")
async def meeting(request: HttpRequest, id: str) -> HttpResponse:
    """A meeting's agenda, in order, with the tools to order it."""
    return await _meeting_page(request, id)


AGENDA_ACTIONS = ("up", "down", "remove", "add")


@staff_page("canTriage", methods=("POST",))
async def agenda(request: HttpRequest, id: str) -> HttpResponse:
    """One change to the agenda (`action`: up, down, remove or add, of `suggestion`), sent as
    the whole new agenda."""
    form = Form.of(request, "action", "suggestion")
    action, item = form.values["action"], form.values["suggestion"]
    ids = await _agenda_ids(request, id)
    if ids is None:
        return await not_found(request)
    if action not in AGENDA_ACTIONS or not item or (action != "add" and item not in ids):
        form.add("BAD_USER_INPUT", "suggestionIds")
        return await _meeting_page(request, id, form=form)
    if action == "add":
        ids = [*ids, item] if item not in ids else ids
    elif action == "remove":
        ids.remove(item)
    else:
        at = ids.index(item)
        to = at - 1 if action == "up" else at + 1
        if 0 <= to < len(ids):
            ids[at], ids[to] = ids[to], ids[at]
    result = await run(
        request, "SetMeetingAgenda", {"input": {"meetingId": id, "suggestionIds": ids}}
    )
    if form.add_payload(result, "setMeetingAgenda", ("suggestionIds",)):
        return await _meeting_page(request, id, form=form)
    messages.success(request, _("The agenda is saved."))
    return HttpResponseRedirect(meeting_url(id) + "#agenda")
