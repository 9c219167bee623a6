"""The advisers' moderation queue: open flags oldest first, each with its reason, the
reporter's note and the content reported; dismiss a flag, hide the content with a reason
(its author is told), or show hidden content again (from the queue's handled list or the
content's page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ..pages import Form, idea_url, local_url, nodes, page_links, paging, render_page, thread_url
from ..queries import run
from . import staff_page


def content_url(content: dict[str, Any] | None) -> str | None:
    """Where the reported content is read: its thread, its idea, or the reply in its thread."""
    if not content:
        return None
    kind = content.get("typename")
    if kind == "Thread":
        return thread_url(content["id"])
    if kind == "Suggestion":
        return idea_url(content["id"])
    if kind == "Post":
        return thread_url(content["thread"]["id"]) + f"#post-{content['id']}"
    return None


def queue_url() -> str:
    return reverse("web:staff:moderation_queue")


async def _queue_page(
    request: HttpRequest, *, hide: tuple[str, Form] | None = None, http_status: int = 200
) -> HttpResponse:
    result = await run(request, "ModerationQueue", paging(request))
    queue = result.data.get("open") or {}
    flags = nodes(queue)
    for flag in flags:
        flag["url"] = content_url(flag.get("content"))
        content_id = (flag.get("content") or {}).get("id")
        flag["hide"] = hide[1] if hide and hide[0] == content_id else Form()
    handled = nodes(result.data.get("handled"))
    for flag in handled:
        flag["url"] = content_url(flag.get("content"))
    return await render_page(
        request,
        "web/staff/moderation/queue.html",
        result,
        http_status=http_status,
        title=_("Moderation"),
        noindex=True,
        flags=flags,
        total=queue.get("totalCount", 0),
        handled=handled,
        links=page_links(request, queue.get("pageInfo")),
    )


@staff_page("canModerate")
async def moderation_queue(request: HttpRequest) -> HttpResponse:
    """Open flags oldest first (`flags(status: OPEN)`), and the last ones handled."""
    return await _queue_page(request)


def _report(request: HttpRequest, form: Form, success: str) -> None:
    if form.errors:
        for texts in form.errors.values():
            for text in texts:
                messages.error(request, text)
    else:
        messages.success(request, success)


@staff_page("canModerate", methods=("POST",))
async def dismiss(request: HttpRequest, id: str) -> HttpResponse:
    """Dismiss the flag (`dismissFlag`): the content stays as it is."""
    result = await run(request, "DismissFlag", {"input": {"flagId": id}})
    form = Form()
    form.add_payload(result, "dismissFlag", ())
    _report(request, form, _("The report is dismissed: the content stays as it is."))
    return HttpResponseRedirect(queue_url())


@staff_page("canModerate", methods=("POST",))
async def hide(request: HttpRequest, id: str) -> HttpResponse:
    """Hide the content (`hideContent`) with the reason its author will read; the queue
    again with the reason's errors next to it."""
    form = Form.of(request, "reason")
    result = await run(
        request, "HideContent", {"input": {"contentId": id, "reason": form.values["reason"]}}
    )
    if form.add_payload(result, "hideContent", ("reason",)):
        return await _queue_page(request, hide=(id, form), http_status=200)
    messages.success(
        request, _("The content is hidden; its author is told why. Its reports are resolved.")
    )
    return HttpResponseRedirect(queue_url())


@staff_page("canModerate", methods=("POST",))
async def unhide(request: HttpRequest, id: str) -> HttpResponse:
    """Show hidden content again (`unhideContent`), then back where the form was (`next`)."""
    result = await run(request, "UnhideContent", {"input": {"contentId": id}})
    form = Form()
    form.add_payload(result, "unhideContent", ())
    _report(request, form, _("The content is visible again."))
    return HttpResponseRedirect(local_url(request, request.POST.get("next"), queue_url()))
