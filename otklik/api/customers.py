from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from otklik.api.schemas import CustomerIn, CustomerOut, CustomerPatch, Id, Text, with_errors
from otklik.core.actor import Actor
from otklik.desk import selectors, services
from otklik.desk.models import Customer

router = Router(tags=["customers"])


class CustomerSearch(Schema):
    email: Text = Field("", max_length=254)
    phone: Text = Field("", max_length=40)
    q: Text = Field("", max_length=200)
    limit: int = 50


@router.post("", response=with_errors({201: CustomerOut}))
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status:
    """Create a customer. An agent sees a customer later only once they have a ticket in one of
    the agent's teams; the answer here always shows what was created."""
    customer = services.customer_create(actor=Actor.of(request.user, "api"), **payload.model_dump())  # type: ignore[arg-type]
    return Status(201, Customer.objects.prefetch_related("contacts").get(pk=customer.pk))


@router.get("", response=with_errors({200: list[CustomerOut]}))
def search_customers(request: HttpRequest, filters: Query[CustomerSearch]) -> list[object]:
    """Find customers you may see by exact email or phone (normalized), or by part of the name.
    Agents see the customers of their teams' tickets; supervisors and admins see all."""
    limit = max(1, min(filters.limit, 200))
    return list(selectors.customer_search(request.user, email=filters.email, phone=filters.phone,
                                          query=filters.q)[:limit])  # fmt: skip


@router.get("/{customer_id}", response=with_errors({200: CustomerOut}))
def get_customer(request: HttpRequest, customer_id: Path[Id]) -> object:
    return selectors.access_customer_by_id(request.user, customer_id)


@router.patch("/{customer_id}", response=with_errors({200: CustomerOut}))
def update_customer(request: HttpRequest, customer_id: Path[Id], payload: CustomerPatch) -> object:
    customer = selectors.access_customer_by_id(request.user, customer_id)
    services.customer_update(customer=customer, actor=Actor.of(request.user, "api"),  # type: ignore[arg-type]
                             changes=payload.model_dump(exclude_unset=True))  # fmt: skip
    return selectors.access_customer_by_id(request.user, customer_id)
