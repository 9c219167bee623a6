"""The committee's pages: its meetings, a meeting's agenda, each idea's dossier with the
member's scores, and the chair's decision (draft, preview, publication).

Advisers (`canViewAgenda`) read the meetings and agendas and the ideas' public dossier;
committee members (`canScore`) score, and read the others' scores and the aggregate once
they scored an idea (the API's rule: `AgendaItem.evaluationSummary`); the chair
(`canDecide`) records the draft decision, previews what the public and the voters will
read, and publishes it. Every write is a mutation (`ScoreSuggestion`, `RecordDecision`,
`PublishDecision`).

Support threads in a dossier: the model links no café thread to an idea, so the dossier
offers the café's search for the idea's title (see README, "The committee's pages").
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ..labels import LABELS
from ..pages import (
    Form,
    capable,
    idea_url,
    local_url,
    nodes,
    not_found,
    page_links,
    paging,
    render_page,
    viewer_of,
)
from ..queries import Result, run
from . import staff_page

# The four criteria, as scoreSuggestion names them, with the reader's words.
CRITERIA = ("customerBenefit", "technicalFeasibility", "cost", "timeToDeliver")
SCORES = ("1", "2", "3", "4", "5")
DECISION_FIELDS = ("outcome", "publicRationale", "targetPeriod", "internalNotes")


def _item_url(meeting_id: str, suggestion_id: str, name: str = "committee_idea") -> str:
    return reverse(f"web:staff:{name}", args=[meeting_id, suggestion_id])


def _draft(suggestion: dict[str, Any]) -> dict[str, Any] | None:
    """The idea's draft decision (committee only: others receive published ones only)."""
    return next((d for d in suggestion.get("decisions") or [] if not d["isPublished"]), None)


def _on_agenda(meeting: dict[str, Any], suggestion_id: str) -> dict[str, Any] | None:
    return next(
        (
            item
            for item in meeting.get("agenda") or []
            if (item.get("suggestion") or {}).get("id") == suggestion_id
        ),
        None,
    )


# --- Meetings and agendas -----------------------------------------------------------------


@staff_page("canViewAgenda")
async def meetings(request: HttpRequest) -> HttpResponse:
    """The meetings, latest first, with how many of their ideas are still to decide."""
    result = await run(request, "CommitteeMeetings", paging(request))
    connection = result.data.get("committeeMeetings") or {}
    rows = nodes(connection)
    for meeting in rows:
        ideas = [item["suggestion"] for item in meeting["agenda"] if item.get("suggestion")]
        meeting["ideaCount"] = len(ideas)
        meeting["undecided"] = sum(1 for idea in ideas if idea["status"] == "SHORTLISTED")
    return await render_page(
        request,
        "web/staff/committee/meetings.html",
        result,
        title=_("Committee meetings"),
        noindex=True,
        meetings=rows,
        links=page_links(request, connection.get("pageInfo")),
    )


@staff_page("canViewAgenda")
async def agenda(request: HttpRequest, id: str) -> HttpResponse:
    """A meeting's agenda: each idea, its votes and status; for committee members, whether
    they scored it, the aggregate once they did, and the draft decision."""
    header = await run(request, "Header")
    committee = capable(header, "canScore")
    result = await run(request, "CommitteeAgenda", {"id": id, "committee": committee})
    meeting = result.data.get("node")
    if not meeting or "agenda" not in meeting:
        return await not_found(request, result)
    items = [item for item in meeting["agenda"] if item.get("suggestion")]
    for item in items:
        item["draft"] = _draft(item["suggestion"])
    return await render_page(
        request,
        "web/staff/committee/agenda.html",
        result,
        title=meeting["title"],
        noindex=True,
        meeting=meeting,
        items=items,
        committee=committee,
        may_decide=capable(result, "canDecide"),
        criteria=CRITERIA,
        scores=SCORES,
    )


# --- An idea on the agenda: dossier and scores ----------------------------------------------


async def _load(
    request: HttpRequest, meeting_id: str, suggestion_id: str, *, committee: bool, scores: bool
) -> tuple[Result, dict[str, Any], dict[str, Any], dict[str, Any]] | None:
    """The idea's dossier (`CommitteeIdea`: `committee` adds the drafts) and its place on the
    meeting's agenda (`CommitteeItem`: `scores` adds the scores), or None when the idea is
    not on that agenda. Two documents, so that each loads its members in one round."""
    result = await run(
        request, "CommitteeIdea", {"suggestion": suggestion_id, "committee": committee}
    )
    idea = result.data.get("suggestion")
    if idea is None:
        return None
    agenda = await run(request, "CommitteeItem", {"meeting": meeting_id, "committee": scores})
    meeting = agenda.data.get("meeting") or {}
    item = _on_agenda(meeting, suggestion_id)
    if item is None:
        return None
    return result, meeting, idea, item


async def _idea_page(
    request: HttpRequest,
    meeting_id: str,
    suggestion_id: str,
    *,
    score: Form | None = None,
    http_status: int = 200,
) -> HttpResponse:
    header = await run(request, "Header")
    committee = capable(header, "canScore")
    loaded = await _load(request, meeting_id, suggestion_id, committee=committee, scores=committee)
    if loaded is None:
        return await not_found(request, header)
    result, meeting, idea, item = loaded
    own = item.get("viewerEvaluation")
    viewer = viewer_of(result) or {}
    if score is None:
        score = Form(
            values={
                **{name: str(own[name]) if own else "" for name in CRITERIA},
                "comment": own["comment"] if own else "",
            }
        )
    draft = _draft(idea)
    published = [d for d in idea.get("decisions") or [] if d["isPublished"]]
    comments = nodes(idea.get("comments"))
    return await render_page(
        request,
        "web/staff/committee/idea.html",
        result,
        http_status=http_status,
        title=idea["title"],
        noindex=True,
        meeting=meeting,
        idea=idea,
        item=item,
        own=own,
        others=[e for e in item.get("evaluations") or [] if e["evaluator"]["id"] != viewer["id"]],
        summary=item.get("evaluationSummary"),
        draft=draft,
        published=published[-1] if published else None,
        comments=comments,
        comment_count=(idea.get("comments") or {}).get("totalCount", 0),
        committee=committee,
        may_score=committee and not published,
        may_decide=capable(result, "canDecide"),
        criteria=CRITERIA,
        scores=SCORES,
        score=score,
        support_search=reverse("web:search") + "?" + urlencode({"q": idea["title"]}),
    )


@staff_page("canViewAgenda")
async def idea(request: HttpRequest, meeting: str, suggestion: str) -> HttpResponse:
    """An idea's dossier for the committee, and the member's scoring form."""
    return await _idea_page(request, meeting, suggestion)


@staff_page("canScore", methods=("POST",))
async def score(request: HttpRequest, meeting: str, suggestion: str) -> HttpResponse:
    """A committee member scores the idea (or changes their scores), from its page or from
    the agenda; a refused score is shown on the idea's page, next to its fields."""
    form = Form.of(request, *CRITERIA, "comment")
    values: dict[str, Any] = {}
    for name in CRITERIA:
        raw = form.values[name].strip()
        if not raw:
            form.add("BLANK", name)
        elif not raw.isdigit() or len(raw) > 3:
            form.add("OUT_OF_RANGE", name)
        else:
            values[name] = int(raw)
    if not form.errors:
        result = await run(
            request,
            "ScoreSuggestion",
            {
                "input": {
                    "meetingId": meeting,
                    "suggestionId": suggestion,
                    "comment": form.values["comment"],
                    **values,
                }
            },
        )
        if not form.add_payload(result, "scoreSuggestion", (*CRITERIA, "comment")):
            messages.success(request, _("Your scores are saved."))
            # Back where the form was: the idea's page, or the agenda (`next`).
            default = _item_url(meeting, suggestion) + "#scores"
            return HttpResponseRedirect(local_url(request, request.POST.get("next"), default))
    return await _idea_page(request, meeting, suggestion, score=form, http_status=400)


# --- The chair's decision ----------------------------------------------------------------------


@staff_page("canDecide", methods=("GET", "POST"))
async def decision(request: HttpRequest, meeting: str, suggestion: str) -> HttpResponse:
    """The chair records the draft decision on an idea, or edits the draft."""
    loaded = await _load(request, meeting, suggestion, committee=True, scores=False)
    if loaded is None:
        return await not_found(request)
    result, meeting_row, idea_row, _item = loaded
    draft = _draft(idea_row)
    form = Form(
        values={
            "outcome": draft["outcome"] if draft else "",
            "publicRationale": draft["publicRationale"] if draft else "",
            "targetPeriod": draft["targetPeriod"] if draft else "",
            "internalNotes": (draft.get("internalNotes") or "") if draft else "",
        }
    )
    http_status = 200
    if request.method == "POST":
        form = Form.of(request, *DECISION_FIELDS)
        if form.values["outcome"] not in LABELS["outcome"]:
            form.add("BLANK", "outcome")
            http_status = 400
        else:
            recorded = await run(
                request,
                "RecordDecision",
                {"input": {"suggestionId": suggestion, "meetingId": meeting, **form.values}},
            )
            # The idea and the meeting named too: their codes then read as about them.
            fields = (*DECISION_FIELDS, "suggestionId", "meetingId")
            if not form.add_payload(recorded, "recordDecision", fields):
                messages.success(
                    request, _("The draft decision is saved: check it, then publish it.")
                )
                return HttpResponseRedirect(_item_url(meeting, suggestion, "committee_preview"))
            http_status = 400
    return await render_page(
        request,
        "web/staff/committee/decision.html",
        result,
        http_status=http_status,
        title=_("Decision on “%(title)s”") % {"title": idea_row["title"]},
        noindex=True,
        meeting=meeting_row,
        idea=idea_row,
        draft=draft,
        outcomes=list(LABELS["outcome"]),
        form=form,
    )


@staff_page("canDecide")
async def preview(request: HttpRequest, meeting: str, suggestion: str) -> HttpResponse:
    """What publishing the draft will show: the decision as the idea's page shows it and
    the notification its voters and followers will read."""
    loaded = await _load(request, meeting, suggestion, committee=True, scores=False)
    if loaded is None:
        return await not_found(request)
    result, meeting_row, idea_row, _item = loaded
    return await render_page(
        request,
        "web/staff/committee/preview.html",
        result,
        title=_("Preview of the decision"),
        noindex=True,
        meeting=meeting_row,
        idea=idea_row,
        draft=_draft(idea_row),
    )


@staff_page("canDecide", methods=("POST",))
async def publish(request: HttpRequest, meeting: str, suggestion: str) -> HttpResponse:
    """The chair publishes the draft: then the idea's page shows it."""
    form = Form()
    result = await run(
        request, "PublishDecision", {"input": {"decisionId": request.POST.get("decision", "")}}
    )
    if form.add_payload(result, "publishDecision", ("decisionId",)):
        for texts in form.errors.values():
            for text in texts:
                messages.error(request, text)
        return HttpResponseRedirect(_item_url(meeting, suggestion, "committee_preview"))
    messages.success(request, _("The decision is published: its voters and followers are told."))
    return HttpResponseRedirect(idea_url(suggestion))
