"""Who gets in: login, roles, and other teams' tickets."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from otklik.accounts.models import Role
from otklik.desk.models import Event, Message
from tests.clients import login
from tests.factories import make_user, open_ticket

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/tickets/1/"])
def test_anonymous_is_sent_to_login(path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_login_page_and_sign_in(agent):
    client = Client()
    page = client.get("/login/")
    assert page.status_code == 200
    assert b'name="password"' in page.content
    bad = client.post("/login/", {"username": agent.username, "password": "wrong"})
    assert bad.status_code == 200
    assert b"form-error" in bad.content
    good = client.post("/login/", {"username": agent.username, "password": "pw-123456"})
    assert good.status_code == 302
    assert good["Location"] == "/"
    assert client.get("/").status_code == 200


def test_logout_is_a_post(agent):
    client = login(agent)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_user_without_agent_profile_gets_403():
    user = get_user_model().objects.create_user(username="outsider", password="pw-123456")
    response = login(user).get("/")
    assert response.status_code == 403


def test_staff_without_profile_works_as_admin(team_l1):
    user = get_user_model().objects.create_user(username="boss", password="pw-123456", is_staff=True)
    response = login(user).get("/")
    assert response.status_code == 200
    assert b'href="/admin/"' in response.content


def test_header_shows_name_role_and_links(agent):
    html = login(agent).get("/").content.decode()
    assert agent.first_name in html
    assert str(Role.AGENT.label) in html
    assert 'href="/api/v1/docs"' in html
    assert 'href="/admin/"' not in html  # agents are not staff
    assert 'action="/language/"' in html


def test_agent_sees_only_own_team_tickets(agent, team_l1, team_other):
    mine = open_ticket(team_l1, subject="Своя команда")
    other = open_ticket(team_other, subject="Чужая команда")
    html = login(agent).get("/").content.decode()
    assert f"/tickets/{mine.pk}/" in html
    assert f"/tickets/{other.pk}/" not in html


def test_supervisor_sees_all_tickets(supervisor, team_l1, team_other):
    tickets = [open_ticket(team_l1), open_ticket(team_other)]
    html = login(supervisor).get("/").content.decode()
    for ticket in tickets:
        assert f"/tickets/{ticket.pk}/" in html


def test_agent_gets_404_on_other_teams_ticket_and_its_forms(agent, team_other):
    ticket = open_ticket(team_other)
    client = login(agent)
    assert client.get(f"/tickets/{ticket.pk}/").status_code == 404
    events_before = Event.objects.filter(ticket=ticket).count()
    posts = {
        "reply": {"body": "Ответ", "status": "pending_customer"},
        "note": {"body": "Заметка"},
        "status": {"status": "resolved"},
        "assign": {"assignee": agent.pk},
        "escalate": {"reason": "Сложно"},
        "merge": {"target": ticket.pk},
    }
    for action, data in posts.items():
        assert client.post(f"/tickets/{ticket.pk}/{action}/", data).status_code == 404, action
    assert Message.objects.filter(ticket=ticket).count() == 1
    assert Event.objects.filter(ticket=ticket).count() == events_before


def test_attachment_is_served_only_to_who_sees_the_ticket(agent, team_l1, team_other):
    from otklik.desk.services import NewAttachment

    ticket = open_ticket(team_l1, attachments=[NewAttachment(filename="чек.pdf", content=b"%PDF-1.4 test")])
    attachment = Message.objects.get(ticket=ticket).attachments.get()
    url = f"/tickets/{ticket.pk}/attachments/{attachment.pk}/"
    page = login(agent).get(f"/tickets/{ticket.pk}/").content.decode()
    assert url in page
    response = login(agent).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    outsider = make_user(Role.AGENT, [team_other])
    assert login(outsider).get(url).status_code == 404


def test_the_icon_is_served_to_everyone_without_a_login():
    client = Client()
    assert b'rel="icon" href="/static/web/favicon.svg"' in client.get("/login/").content
    old_path = client.get("/favicon.ico")  # what pages without the link (the admin, the API docs) ask for
    assert old_path.status_code == 301 and old_path["Location"] == "/static/web/favicon.svg"
    icon = client.get("/static/web/favicon.svg")
    assert icon.status_code == 200 and b"<svg" in b"".join(icon.streaming_content)
