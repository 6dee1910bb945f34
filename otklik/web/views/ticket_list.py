from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from otklik.core.errors import DomainError
from otklik.desk.selectors import ticket_count
from otklik.desk.selectors import ticket_list as select_tickets
from otklik.web.access import desk_view
from otklik.web.forms import TicketFilterForm

PAGE_SIZE = 50


@desk_view
def ticket_list(request: HttpRequest) -> HttpResponse:
    """Tickets the person may see, newest change first, one cursor page at a time.

    The triage list runs the other way, oldest first: whoever has waited longest for a person's
    look at the kind comes first."""
    form = TicketFilterForm(request.GET or None, user=request.user)  # type: ignore[arg-type]
    filters = form.to_filters()
    oldest_first = filters.needs_triage
    cursor = request.GET.get("cursor") or None
    try:
        page = select_tickets(request.user, filters, cursor=cursor, limit=PAGE_SIZE, oldest_first=oldest_first)
    except DomainError as exc:
        # A mangled cursor (hand-edited URL) falls back to the first page instead of an error page.
        messages.warning(request, exc.message)
        cursor = None
        page = select_tickets(request.user, filters, limit=PAGE_SIZE, oldest_first=oldest_first)
    context = {"form": form, "page": page, "cursor": cursor, "total": ticket_count(request.user, filters)}
    # htmx asks for the results only when the filters change; a history restore needs the page.
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    template = "web/_ticket_results.html" if partial else "web/ticket_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
