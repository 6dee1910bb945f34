"""The JSON API, ``/api/v1``. Handlers are thin: parse, check access, call a service, serialize."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from otklik.api.auth import TokenAuth, rate_limited_response
from otklik.api.customers import router as customers_router
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


def _field_from_loc(loc: tuple | list) -> str | None:
    # ("body", "payload", "customer", "email") → "customer.email"; drop the transport parts.
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "data")]
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
