from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from otklik.api.schemas import CustomerIn, CustomerOut, CustomerPatch, ErrorOut
from otklik.core.actor import Actor
from otklik.desk import selectors, services

router = Router(tags=["customers"])


class CustomerSearch(Schema):
    email: str = ""
    phone: str = ""
    q: str = ""
    limit: int = 50


@router.post("", response={201: CustomerOut, 409: ErrorOut, 422: ErrorOut})
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status:
    customer = services.customer_create(actor=Actor.of(request.user, "api"), **payload.model_dump())  # type: ignore[arg-type]
    return Status(201, selectors.customer_by_id(request.user, customer.pk))


@router.get("", response=list[CustomerOut])
def search_customers(request: HttpRequest, filters: Query[CustomerSearch]) -> list[object]:
    """Find customers by exact email or phone (normalized), or by part of the name."""
    limit = max(1, min(filters.limit, 200))
    return list(selectors.customer_search(request.user, email=filters.email, phone=filters.phone,
                                          query=filters.q)[:limit])  # fmt: skip


@router.get("/{customer_id}", response={200: CustomerOut, 404: ErrorOut})
def get_customer(request: HttpRequest, customer_id: int) -> object:
    return selectors.customer_by_id(request.user, customer_id)


@router.patch("/{customer_id}", response={200: CustomerOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut})
def update_customer(request: HttpRequest, customer_id: int, payload: CustomerPatch) -> object:
    customer = selectors.customer_by_id(request.user, customer_id)
    services.customer_update(customer=customer, actor=Actor.of(request.user, "api"),  # type: ignore[arg-type]
                             changes=payload.model_dump(exclude_unset=True))  # fmt: skip
    return selectors.customer_by_id(request.user, customer_id)
