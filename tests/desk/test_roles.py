"""An agent works on their own teams' tickets only; supervisors see everything."""

from __future__ import annotations

import pytest

from otklik.accounts.models import Role
from tests.clients import ApiClient
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign_ticket_id(team_other):
    supervisor = ApiClient(make_user(Role.SUPERVISOR))
    response = supervisor.post(
        "/tickets",
        {"customer": {"phone": "+7 999 111-22-33"}, "body": "Списали дважды 500 ₽", "team_id": team_other.pk},
    )
    assert response.status_code == 201
    return response.json()["id"]


def test_agent_cannot_read_another_teams_ticket(api_agent, foreign_ticket_id):
    for path in ("", "/messages", "/events"):
        assert api_agent.get(f"/tickets/{foreign_ticket_id}{path}").status_code == 404
    assert foreign_ticket_id not in [t["id"] for t in api_agent.get("/tickets").json()["items"]]


def test_agent_cannot_change_another_teams_ticket(api_agent, foreign_ticket_id):
    assert api_agent.patch(f"/tickets/{foreign_ticket_id}", {"status": "closed"}).status_code == 404
    assert (
        api_agent.post(f"/tickets/{foreign_ticket_id}/messages", {"direction": "outbound", "body": "hi"}).status_code
        == 404
    )
    assert api_agent.post(f"/tickets/{foreign_ticket_id}/escalate", {"reason": "x"}).status_code == 404
    supervisor = ApiClient(make_user(Role.SUPERVISOR))
    ticket = supervisor.get(f"/tickets/{foreign_ticket_id}").json()
    assert (ticket["status"], ticket["message_count"]) == ("new", 1)


def test_agent_cannot_open_a_ticket_for_another_team(api_agent, team_other):
    response = api_agent.post("/tickets", {"customer": {"email": "a@b.ru"}, "body": "x", "team_id": team_other.pk})
    assert (response.status_code, response.json()["field"]) == (403, "team_id")


def test_supervisor_sees_every_team(api_supervisor, foreign_ticket_id):
    assert api_supervisor.get(f"/tickets/{foreign_ticket_id}").status_code == 200


def test_agent_sees_a_ticket_assigned_to_them_in_another_team(foreign_ticket_id, team_other, team_l1):
    agent = make_user(teams=[team_l1, team_other])
    ApiClient(agent).patch(f"/tickets/{foreign_ticket_id}", {"assignee_id": agent.pk})
    only_l1 = make_user(teams=[team_l1])
    assert ApiClient(only_l1).get(f"/tickets/{foreign_ticket_id}").status_code == 404
    assert ApiClient(agent).get(f"/tickets/{foreign_ticket_id}").status_code == 200


def test_user_without_profile_has_no_api(db, team_l1):
    from django.contrib.auth import get_user_model

    from otklik.accounts.services import api_token_issue

    user = get_user_model().objects.create_user(username="robot", password="x")
    token = api_token_issue(user=user)
    from django.test import Client

    assert Client().get("/api/v1/tickets", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_only_admins_reach_the_admin(client, agent, supervisor):
    for user in (agent, supervisor):
        client.force_login(user)
        assert client.get("/admin/desk/ticket/").status_code == 302  # to the admin login
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    assert client.get("/admin/desk/ticket/").status_code == 200
    assert client.get("/admin/hooks/webhookdelivery/").status_code == 200


def test_a_known_external_id_does_not_reveal_another_teams_ticket(api_agent, team_other):
    supervisor = ApiClient(make_user(Role.SUPERVISOR))
    body = {"customer": {"email": "x@example.ru"}, "body": "вопрос", "external_id": "shop-7"}
    assert supervisor.post("/tickets", {**body, "team_id": team_other.pk}).status_code == 201
    response = api_agent.post("/tickets", body)
    assert (response.status_code, response.json()["field"]) == (409, "external_id")
    assert "id" not in response.json()


def test_a_revoked_token_stops_working_once_the_cache_expires(agent, monkeypatch):
    from django.test import Client
    from django.utils import timezone

    from otklik.accounts import services as account_services
    from otklik.accounts.models import ApiToken

    client = ApiClient(agent)
    assert client.get("/tickets").status_code == 200
    ApiToken.objects.filter(user=agent).update(revoked_at=timezone.now())
    assert client.get("/tickets").status_code == 200  # still cached
    monkeypatch.setattr(account_services.token_cache, "seconds", 0.0)
    assert Client().get("/api/v1/tickets", headers=client.headers).status_code == 401
