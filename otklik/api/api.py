"""The JSON API, ``/api/v1``. Handlers are thin: parse, check access, call a service, serialize."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from otklik.api.auth import TokenAuth, rate_limited_response
from otklik.api.customers import router as customers_router
from otklik.api.inbound import router as inbound_router
from otklik.api.tickets import router as tickets_router
from otklik.core.errors import DomainError
from otklik.core.ratelimit import RateLimited

api = NinjaAPI(
    title="Otklik API",
    version="1",
    description=(
        "Service desk API. Authenticate with `Authorization: Bearer <token>` "
        "(create a token with `otklik api-token USERNAME`). Errors are JSON objects with "
        "`error`, `message` and, when an input is at fault, `field`."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
)
api.exception_handler(RateLimited)(rate_limited_response)
api.add_router("/customers", customers_router)
api.add_router("/tickets", tickets_router)
api.add_router("/inbound", inbound_router)


# The handlers' parameter names that hold a whole schema (``payload: TicketIn``, ``query: Query[...]``).
_SCHEMA_PARAMETERS = {"payload", "query", "filters"}


def _field_from_loc(loc: tuple | list) -> str | None:
    # ("body", "payload", "customer", "email") → "customer.email"; ("query", "status", 0) →
    # "status.0". Only the leading transport parts go: a field may itself be named "body".
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "form", "header", "cookie"):
        parts = parts[1:]
    if parts and parts[0] in _SCHEMA_PARAMETERS:
        parts = parts[1:]
    return ".".join(parts) or None


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = []
    for error in exc.errors:
        field = _field_from_loc(error.get("loc", ()))
        message = error.get("msg", "invalid")
        if error.get("type") == "extra_forbidden":
            message = "Unknown field"
        details.append({"field": field, "message": message, "type": error.get("type")})
    first = details[0] if details else {"field": None, "message": "Invalid input"}
    return api.create_response(
        request,
        {"error": "invalid", "message": f"{first['field']}: {first['message']}" if first["field"] else first["message"],
         "field": first["field"], "details": details},
        status=422,
    )  # fmt: skip


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, {"error": exc.code, "message": exc.message, "field": exc.field}, status=exc.status_code
    )


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"error": "unauthorized", "message": "Missing or invalid API token"}, status=401
    )


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, {"error": "payload_too_large", "message": str(exc)}, status=413)


_HTTP_ERROR_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                     413: "payload_too_large", 429: "too_many_requests"}  # fmt: skip


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Malformed JSON (ninja: "Cannot parse request body") and any other refusal ninja raises itself
    # answer in the documented shape, not ninja's {"detail": ...}.
    message = exc.message
    if exc.status_code == 400:
        message = _("The request body is not valid JSON.")
    code = _HTTP_ERROR_CODES.get(exc.status_code, "error")
    return api.create_response(request, {"error": code, "message": message, "field": None}, status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"error": "not_found", "message": _("Not found."), "field": None}, status=404)
