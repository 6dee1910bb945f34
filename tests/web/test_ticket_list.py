"""The ticket list: filters, search, counts, time zones, paging and its query count."""

from __future__ import annotations

import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from otklik.accounts.models import Role
from otklik.core.actor import Actor
from otklik.desk import services
from tests.clients import login
from tests.factories import make_user, open_ticket

pytestmark = pytest.mark.django_db


def _ids_on(client, query=""):
    html = client.get(f"/{query}").content.decode()
    return html


def test_filters_by_status_kind_and_assignee(agent, team_l1):
    question = open_ticket(team_l1, subject="Вопрос про доставку", kind="question")
    claim = open_ticket(team_l1, subject="Верните деньги", kind="claim")
    done = open_ticket(team_l1, subject="Уже решено")
    services.ticket_change_status(ticket=done, actor=Actor.system(), status="resolved")
    services.ticket_assign(ticket=claim, actor=Actor.of(agent), assignee=agent)
    client = login(agent)

    default = _ids_on(client)
    assert f"/tickets/{done.pk}/" not in default  # the working queue hides resolved tickets
    assert f"/tickets/{question.pk}/" in default

    every = _ids_on(client, "?status=all")
    assert all(f"/tickets/{t.pk}/" in every for t in (question, claim, done))

    resolved = _ids_on(client, "?status=resolved")
    assert f"/tickets/{done.pk}/" in resolved
    assert f"/tickets/{question.pk}/" not in resolved

    claims = _ids_on(client, "?kind=claim")
    assert f"/tickets/{claim.pk}/" in claims
    assert f"/tickets/{question.pk}/" not in claims

    mine = _ids_on(client, "?assignee=mine")
    assert f"/tickets/{claim.pk}/" in mine
    assert f"/tickets/{question.pk}/" not in mine

    unassigned = _ids_on(client, "?assignee=unassigned")
    assert f"/tickets/{question.pk}/" in unassigned
    assert f"/tickets/{claim.pk}/" not in unassigned


def test_filter_by_team(supervisor, team_l1, team_other):
    first = open_ticket(team_l1)
    other = open_ticket(team_other)
    html = _ids_on(login(supervisor), f"?team={team_other.pk}")
    assert f"/tickets/{other.pk}/" in html
    assert f"/tickets/{first.pk}/" not in html


def test_search_by_number_and_subject(agent, team_l1):
    wanted = open_ticket(team_l1, subject="Двойное списание по карте")
    other = open_ticket(team_l1, subject="Как сменить пароль")
    client = login(agent)
    by_subject = _ids_on(client, "?q=списание")
    assert f"/tickets/{wanted.pk}/" in by_subject
    assert f"/tickets/{other.pk}/" not in by_subject
    by_number = _ids_on(client, f"?q={other.pk}")
    assert f"/tickets/{other.pk}/" in by_number
    assert f"/tickets/{wanted.pk}/" not in by_number


def test_broken_filter_values_are_ignored(agent, team_l1):
    ticket = open_ticket(team_l1)
    response = login(agent).get("/?status=bogus&team=abc&kind=nope")
    assert response.status_code == 200
    assert f"/tickets/{ticket.pk}/" in response.content.decode()


def test_columns_and_kind_badge(agent, team_l1):
    ticket = open_ticket(team_l1, subject="Спасибо Ольге", kind="gratitude", priority="urgent")
    html = login(agent).get("/").content.decode()
    assert "badge kind kind-gratitude" in html
    assert "prio prio-urgent" in html
    assert ticket.customer.name in html
    assert team_l1.name in html


def test_counts_are_plural_aware(agent, team_l1):
    client = login(agent)
    client.post("/language/", {"language": "en", "next": "/"})
    open_ticket(team_l1)
    assert "1 ticket\n" in client.get("/").content.decode()
    for _ in range(4):
        open_ticket(team_l1)
    assert "5 tickets\n" in client.get("/").content.decode()


def test_updated_time_is_shown_in_the_users_zone(team_l1):
    user = make_user(Role.AGENT, [team_l1], time_zone="Asia/Vladivostok")
    ticket = open_ticket(team_l1)
    local = timezone.localtime(ticket.updated_at, zoneinfo.ZoneInfo("Asia/Vladivostok"))
    html = login(user).get("/").content.decode()
    assert local.strftime("%d.%m.%Y %H:%M") in html  # the default language is Russian
    assert f'datetime="{local.isoformat()}"' in html


def test_cursor_paging(agent, team_l1):
    tickets = [open_ticket(team_l1) for _ in range(55)]
    client = login(agent)
    first = client.get("/")
    assert first.context["page"].next_cursor
    assert len(first.context["page"].items) == 50
    second = client.get("/", {"cursor": first.context["page"].next_cursor})
    shown = {t.pk for t in first.context["page"].items} | {t.pk for t in second.context["page"].items}
    assert shown == {t.pk for t in tickets}
    assert second.context["page"].next_cursor is None
    assert second.context["total"] == 55  # the count covers every page, not just this one


def test_bad_cursor_falls_back_to_first_page(agent, team_l1):
    ticket = open_ticket(team_l1)
    response = login(agent).get("/?cursor=!!!garbage")
    assert response.status_code == 200
    assert f"/tickets/{ticket.pk}/" in response.content.decode()


def test_htmx_request_gets_only_the_results(agent, team_l1):
    open_ticket(team_l1)
    response = login(agent).get("/?kind=claim", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def _populate(count, teams, agents):
    for i in range(count):
        ticket = open_ticket(teams[i % len(teams)], kind=["question", "claim", "complaint"][i % 3])
        if i % 2:
            services.ticket_assign(ticket=ticket, actor=Actor.system(), assignee=agents[i % len(agents)])


def test_list_query_count_does_not_grow_with_tickets(supervisor, team_l1, team_other, django_assert_num_queries):
    agents = [make_user(Role.AGENT, [team_l1, team_other]) for _ in range(3)]
    client = login(supervisor)
    _populate(20, [team_l1, team_other], agents)
    with CaptureQueriesContext(connection) as with_20:
        assert len(client.get("/?status=all").context["page"].items) == 20
    _populate(40, [team_l1, team_other], agents)
    with django_assert_num_queries(len(with_20.captured_queries)):
        assert len(client.get("/?status=all").context["page"].items) == 50


def test_agent_list_query_count_is_constant(agent, team_l1, django_assert_num_queries):
    client = login(agent)
    _populate(20, [team_l1], [agent])
    with CaptureQueriesContext(connection) as with_20:
        client.get("/")
    _populate(40, [team_l1], [agent])
    with django_assert_num_queries(len(with_20.captured_queries)):
        client.get("/")


def test_triage_and_rude_flags_filter_the_list(agent, team_l1, settings):
    sure = open_ticket(team_l1, body="Спасибо большое курьеру Ивану, привёз всё вовремя и аккуратно!")
    settings.CLASSIFY_TRIAGE_BELOW = 1.0  # from here on the classifier is never sure enough
    unsure = open_ticket(team_l1, body="Где мой заказ?")
    rude = open_ticket(team_l1, body="Вы там совсем идиоты? Третий раз не тот заказ привозите, задолбали!")
    client = login(agent)

    triage = _ids_on(client, "?flag=triage")
    assert f"/tickets/{unsure.pk}/" in triage and f"/tickets/{rude.pk}/" in triage
    assert triage.index(f"/tickets/{unsure.pk}/") < triage.index(f"/tickets/{rude.pk}/"), "longest waiting first"
    assert f"/tickets/{sure.pk}/" not in triage
    assert "flag-triage" in triage

    rude_only = _ids_on(client, "?flag=rude")
    assert f"/tickets/{rude.pk}/" in rude_only
    assert f"/tickets/{unsure.pk}/" not in rude_only
