"""Customers through the API: an agent sees and edits only the customers of tickets the agent may
see; supervisors and admins see every customer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from otklik.accounts.models import Role
from otklik.desk.models import Customer, Event
from tests.clients import ApiClient
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _customer_with_ticket(api: ApiClient, team, name: str, email: str) -> Customer:
    payload = {"customer": {"email": email, "name": name}, "body": "Где мой заказ?", "team_id": team.pk}
    response = api.post("/tickets", payload)
    assert response.status_code == 201, response.content
    return Customer.objects.get(pk=response.json()["customer_id"])


@pytest.fixture
def ours(api_supervisor, team_l1):
    return _customer_with_ticket(api_supervisor, team_l1, "Наш клиент", "ours@example.ru")


@pytest.fixture
def theirs(api_supervisor, team_other):
    return _customer_with_ticket(api_supervisor, team_other, "Чужой клиент", "theirs@example.ru")


@pytest.fixture
def lone(api_supervisor):
    response = api_supervisor.post("/customers", {"name": "Клиент без обращений", "emails": ["lone@example.ru"]})
    return Customer.objects.get(pk=response.json()["id"])


def _more_tickets(api: ApiClient, team, count: int) -> None:
    for i in range(count):
        _customer_with_ticket(api, team, f"Клиент {i}", f"client{i}@example.ru")


def test_agent_sees_only_customers_of_their_teams_tickets(api_agent, ours, theirs, lone):
    assert api_agent.get(f"/customers/{ours.pk}").status_code == 200
    for hidden in (theirs, lone):
        response = api_agent.get(f"/customers/{hidden.pk}")
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"


def test_agent_search_lists_only_visible_customers(api_agent, ours, theirs, lone):
    assert [c["id"] for c in api_agent.get("/customers").json()] == [ours.pk]
    assert api_agent.get("/customers", {"email": "theirs@example.ru"}).json() == []
    assert api_agent.get("/customers", {"q": "клиент"}).json()[0]["id"] == ours.pk


def test_agent_cannot_edit_a_customer_they_cannot_see(api_agent, theirs):
    response = api_agent.patch(f"/customers/{theirs.pk}", {"name": "Взлом"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Чужой клиент"
    assert not Event.objects.filter(verb="customer.updated").exists()


def test_agent_edits_a_visible_customer(api_agent, ours):
    response = api_agent.patch(f"/customers/{ours.pk}", {"city": "Казань"})
    assert response.status_code == 200
    assert response.json()["city"] == "Казань"


def test_a_ticket_assigned_to_the_agent_makes_its_customer_visible(team_other, theirs):
    stranger_ticket = theirs.tickets.get()
    agent = make_user(teams=[])
    stranger_ticket.assignee = agent
    stranger_ticket.save(update_fields=["assignee"])
    assert ApiClient(agent).get(f"/customers/{theirs.pk}").status_code == 200


def test_agent_sees_the_customer_they_create_in_the_answer(api_agent):
    response = api_agent.post("/customers", {"name": "Новый", "emails": ["new@example.ru"]})
    assert response.status_code == 201
    assert response.json()["contacts"][0]["value"] == "new@example.ru"
    assert Customer.objects.count() == 1


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_supervisors_and_admins_see_every_customer(role, ours, theirs, lone):
    api = ApiClient(make_user(role=role))
    assert {c["id"] for c in api.get("/customers").json()} == {ours.pk, theirs.pk, lone.pk}
    assert api.patch(f"/customers/{theirs.pk}", {"city": "Тверь"}).status_code == 200


def test_customer_search_query_count_does_not_grow(api_agent, api_supervisor, team_l1):
    def queries() -> int:
        api_agent.get("/customers")  # the token is cached and its last use stamped
        with CaptureQueriesContext(connection) as context:
            assert api_agent.get("/customers").status_code == 200
        return len(context.captured_queries)

    _customer_with_ticket(api_supervisor, team_l1, "Первый", "first@example.ru")
    one = queries()
    _more_tickets(api_supervisor, team_l1, 5)
    assert queries() == one
