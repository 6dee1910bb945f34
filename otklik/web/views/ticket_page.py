from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from otklik.accounts.models import Line
from otklik.core.actor import Actor
from otklik.core.errors import NotFound
from otklik.desk import selectors
from otklik.desk.choices import Direction
from otklik.desk.models import Attachment, Ticket
from otklik.web.access import desk_view
from otklik.web.ticket_forms import ACTION_FORMS, TicketActionForm
from otklik.web.timeline import build_timeline


def _ticket_or_404(request: HttpRequest, ticket_id: int) -> Ticket:
    try:
        return selectors.access_ticket_by_id(request.user, ticket_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _render_page(
    request: HttpRequest,
    ticket: Ticket,
    bound: TicketActionForm | None = None,
    status: int = 200,
    images_for: int | None = None,
) -> HttpResponse:
    forms = {name: form_class(ticket=ticket, user=request.user) for name, form_class in ACTION_FORMS.items()}  # type: ignore[arg-type]
    if bound is not None:
        forms[bound.action] = bound
    conversation = list(selectors.ticket_messages(ticket))
    context = {
        "ticket": ticket,
        "contacts": sorted(ticket.customer.contacts.all(), key=lambda c: (not c.is_primary, c.kind, c.value)),
        "conversation": conversation,
        "inbound_count": sum(1 for m in conversation if m.direction == Direction.INBOUND),
        "timeline": build_timeline(selectors.ticket_timeline(ticket)),
        "forms": forms,
        "failed_action": bound.action if bound is not None else "",
        # Repeated at the top: the form may sit far down the page, or be hidden by the refusal itself.
        "failed_errors": [str(e) for errors in bound.errors.values() for e in errors] if bound is not None else [],
        "can_escalate": ticket.line < Line.SECOND and not ticket.merged_into_id,
        "is_merged": bool(ticket.merged_into_id),
        "images_for": images_for,
    }
    return render(request, "web/ticket_detail.html", context, status=status)


@desk_view
def ticket_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return _render_page(request, _ticket_or_404(request, ticket_id))


@desk_view
@require_POST
def ticket_action(request: HttpRequest, ticket_id: int, action: str) -> HttpResponse:
    """One form of the ticket page: success → message and redirect (PRG); refusal → the page again."""
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404
    # Access first: a ticket of another team is a 404 for writes exactly as for reads.
    ticket = _ticket_or_404(request, ticket_id)
    form = form_class(request.POST, request.FILES, ticket=ticket, user=request.user)  # type: ignore[arg-type]
    if form.is_valid():
        outcome = form.apply(Actor.of(request.user, "web"))  # type: ignore[arg-type]
        if outcome is not None:
            text, url = outcome
            messages.success(request, text)
            return redirect(url)
    # The service refused without writing; show the page as it is now, with the form's errors.
    return _render_page(request, ticket, bound=form, status=422)


@desk_view
def attachment_download(request: HttpRequest, ticket_id: int, attachment_id: int) -> FileResponse:
    """Files are served only to people who may see the ticket, never from a guessable public URL."""
    ticket = _ticket_or_404(request, ticket_id)
    attachment = Attachment.objects.filter(pk=attachment_id, message__ticket=ticket).first()
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.filename)
    if attachment.content_type:
        response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@desk_view
def message_images(request: HttpRequest, ticket_id: int, message_id: int) -> HttpResponse:
    """The ticket page again with one message's remote images shown: the agent asked for them.

    A whole page rather than an htmx fragment: the page's Content-Security-Policy (img-src 'self')
    is fixed when it loads, so only a new page can carry the one policy that lets these images in.
    """
    ticket = _ticket_or_404(request, ticket_id)
    if not selectors.ticket_messages(ticket).filter(pk=message_id).exists():
        raise Http404
    response = _render_page(request, ticket, images_for=message_id)
    policy = with_remote_images(getattr(settings, "CONTENT_SECURITY_POLICY", ""))
    if policy:
        response["Content-Security-Policy"] = policy
    return response


def with_remote_images(policy: str) -> str:
    """The policy with ``img-src`` widened to http(s) images; everything else as it was."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    if not directives:
        return ""
    widened = [f"{d} https: http:" if d.split()[0].lower() == "img-src" else d for d in directives]
    if widened == directives:
        widened.append("img-src 'self' data: https: http:")
    return "; ".join(widened)
