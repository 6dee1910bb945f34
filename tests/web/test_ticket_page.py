"""The ticket page: what it shows and every form on it, through the test client."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from otklik.accounts.models import Line, Role
from otklik.core.actor import Actor
from otklik.desk import services
from otklik.desk.choices import Verb
from otklik.desk.models import Event, Message, Ticket
from tests.clients import login
from tests.factories import make_user, open_ticket

pytestmark = pytest.mark.django_db


def _verbs(ticket):
    return list(Event.objects.filter(ticket=ticket).values_list("verb", flat=True))


def test_page_shows_header_conversation_and_timeline(agent, team_l1):
    ticket = open_ticket(team_l1, subject="Двойное списание", kind="claim", kind_confidence=0.87,
                         kind_source="classifier", channel="telegram")  # fmt: skip
    services.ticket_add_note(ticket=ticket, actor=Actor.of(agent), body_text="Проверить выписку")
    services.ticket_change_priority(ticket=ticket, actor=Actor.of(agent), priority="high")
    html = login(agent).get(f"/tickets/{ticket.pk}/").content.decode()
    assert "Двойное списание" in html
    assert ticket.customer.name in html
    assert "mailto:" in html and "tel:+7900" in html
    assert "badge kind kind-claim" in html
    assert "87 %" in html
    assert "msg msg-inbound" in html and "msg msg-note" in html
    assert "Проверить выписку" in html
    assert 'class="ev-before">normal</span>' in html or "ev-before" in html
    assert html.count('class="ev ') == 3  # opened, note, priority


def test_html_bodies_are_sanitized_and_text_is_escaped(agent, team_l1):
    ticket = open_ticket(team_l1, body="<script>alert(1)</script> text")
    services.message_add_inbound(
        ticket=ticket, actor=Actor.customer(), body_text="",
        body_html='<p onclick="x()">Привет <b>жирный</b><script>alert(2)</script></p>',
    )  # fmt: skip
    html = login(agent).get(f"/tickets/{ticket.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)" in html
    assert "<b>жирный</b>" in html
    assert "onclick" not in html


def test_reply_through_the_page(agent, team_l1):
    ticket = open_ticket(team_l1)
    client = login(agent)
    upload = SimpleUploadedFile("ответ.txt", b"file body", content_type="text/plain")
    response = client.post(
        f"/tickets/{ticket.pk}/reply/", {"body": "Заказ уже в пути", "status": "resolved", "attachments": upload}
    )
    assert response.status_code == 302
    reply = Message.objects.get(ticket=ticket, direction="outbound")
    assert response["Location"] == f"/tickets/{ticket.pk}/#m{reply.pk}"
    assert reply.attachments.get().filename.endswith(".txt")
    ticket.refresh_from_db()
    assert ticket.status == "resolved"
    assert ticket.first_response_at is not None
    assert ticket.assignee_id == agent.pk
    assert Verb.MESSAGE_REPLY in _verbs(ticket)
    page = client.get(f"/tickets/{ticket.pk}/")
    html = page.content.decode()
    assert "Заказ уже в пути" in html
    assert 'class="flash-success"' in html


def test_empty_reply_shows_the_error_and_writes_nothing(agent, team_l1):
    ticket = open_ticket(team_l1)
    response = login(agent).post(f"/tickets/{ticket.pk}/reply/", {"body": "   ", "status": "pending_customer"})
    assert response.status_code == 422
    assert 'class="form-error"' in response.content.decode()
    assert not Message.objects.filter(ticket=ticket, direction="outbound").exists()


def test_note_status_kind_priority_and_topic(agent, team_l1):
    from otklik.desk.models import Topic

    topic = Topic.objects.create(name="Доставка")
    late = Topic.objects.create(name="Опоздание", parent=topic)
    ticket = open_ticket(team_l1)
    client = login(agent)
    posts = [
        ("note", {"body": "Только для своих"}),
        ("status", {"status": "pending_internal"}),
        ("kind", {"kind": "complaint"}),
        ("priority", {"priority": "urgent"}),
        ("topic", {"topic": late.pk}),
    ]
    for action, data in posts:
        response = client.post(f"/tickets/{ticket.pk}/{action}/", data)
        assert response.status_code == 302, (action, response.content.decode()[:2000])
    ticket.refresh_from_db()
    assert (ticket.status, ticket.kind, ticket.kind_source, ticket.priority, ticket.topic_id) == (
        "pending_internal", "complaint", "agent", "urgent", late.pk,
    )  # fmt: skip
    verbs = _verbs(ticket)
    for verb in (Verb.MESSAGE_NOTE, Verb.STATUS_CHANGED, Verb.KIND_CHANGED, Verb.PRIORITY_CHANGED, Verb.TOPIC_CHANGED):
        assert verb in verbs
    html = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "Доставка → Опоздание" in html
    assert "msg msg-note" in html


def test_status_new_is_refused(agent, team_l1):
    ticket = open_ticket(team_l1)
    services.ticket_change_status(ticket=ticket, actor=Actor.of(agent), status="open")
    response = login(agent).post(f"/tickets/{ticket.pk}/status/", {"status": "new"})
    assert response.status_code == 422
    assert "form-error" in response.content.decode()


def test_assign_to_team_member_and_refuse_outsider(agent, team_l1, team_other):
    colleague = make_user(Role.AGENT, [team_l1])
    outsider = make_user(Role.AGENT, [team_other])
    ticket = open_ticket(team_l1)
    client = login(agent)
    page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert f'value="{colleague.pk}"' in page
    assert f'<option value="{outsider.pk}"' not in page
    assert client.post(f"/tickets/{ticket.pk}/assign/", {"assignee": colleague.pk}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee_id == colleague.pk
    refused = client.post(f"/tickets/{ticket.pk}/assign/", {"assignee": outsider.pk})
    assert refused.status_code == 422
    ticket.refresh_from_db()
    assert ticket.assignee_id == colleague.pk
    assert client.post(f"/tickets/{ticket.pk}/assign/", {"assignee": ""}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee_id is None
    assert _verbs(ticket).count(Verb.ASSIGNED) == 2


def test_escalate_to_the_second_line(agent, team_l1, team_l2):
    ticket = open_ticket(team_l1)
    client = login(agent)
    missing_reason = client.post(f"/tickets/{ticket.pk}/escalate/", {"reason": ""})
    assert missing_reason.status_code == 422
    response = client.post(f"/tickets/{ticket.pk}/escalate/", {"reason": "Нужен доступ к платёжному шлюзу"})
    assert response.status_code == 302
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert (ticket.line, ticket.team_id) == (Line.SECOND, team_l2.pk)
    assert Verb.ESCALATED in _verbs(ticket)
    # The ticket left the agent's team: back to the list with the message, not to a "not found" page,
    # and the ticket page itself now answers as for a stranger.
    assert response["Location"] == "/"
    landing = client.get(response["Location"])
    assert landing.status_code == 200
    assert any(team_l2.name in str(m) for m in landing.context["messages"])  # the message names the new team
    assert client.get(f"/tickets/{ticket.pk}/").status_code == 404
    supervisor_html = login(make_user(Role.SUPERVISOR)).get(f"/tickets/{ticket.pk}/").content.decode()
    assert "Нужен доступ к платёжному шлюзу" in supervisor_html
    assert team_l2.name in supervisor_html


def test_service_refusal_is_shown_on_the_form(supervisor, team_l2):
    ticket = open_ticket(team_l2)  # already on the second line
    response = login(supervisor).post(f"/tickets/{ticket.pk}/escalate/", {"reason": "Ещё выше"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "form-error" in html


def test_merge_into_another_ticket(agent, team_l1, team_other):
    source = open_ticket(team_l1, body="Повторное письмо")
    target = open_ticket(team_l1)
    foreign = open_ticket(team_other)
    client = login(agent)
    hidden = client.post(f"/tickets/{source.pk}/merge/", {"target": foreign.pk})
    assert hidden.status_code == 422
    assert f"#{foreign.pk}" in hidden.content.decode()  # "not found", like any missing ticket
    response = client.post(f"/tickets/{source.pk}/merge/", {"target": target.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/tickets/{target.pk}/"
    source.refresh_from_db()
    assert source.merged_into_id == target.pk
    assert Verb.MERGED in _verbs(source) and Verb.MERGED_FROM in _verbs(target)
    assert "Повторное письмо" in client.get(f"/tickets/{target.pk}/").content.decode()
    merged_page = client.get(f"/tickets/{source.pk}/").content.decode()
    assert f'href="/tickets/{target.pk}/"' in merged_page
    assert 'id="reply"' not in merged_page


def test_unknown_action_is_404_and_get_is_405(agent, team_l1):
    ticket = open_ticket(team_l1)
    client = login(agent)
    assert client.post(f"/tickets/{ticket.pk}/delete/", {}).status_code == 404
    assert client.get(f"/tickets/{ticket.pk}/reply/").status_code == 405


def _busy_ticket(team, agent, replies):
    ticket = open_ticket(team, kind="question")
    actor = Actor.of(agent)
    for i in range(replies):
        services.ticket_reply(
            ticket=ticket, actor=actor, body_text=f"Ответ {i}", status="open",
            attachments=[services.NewAttachment(filename=f"f{i}.txt", content=b"x")],
        )  # fmt: skip
        services.message_add_inbound(ticket=ticket, actor=Actor.customer(), body_text=f"Вопрос {i}")
        services.ticket_add_note(ticket=ticket, actor=actor, body_text=f"Заметка {i}")
        services.ticket_assign(ticket=ticket, actor=actor, assignee=agent if i % 2 else None)
        services.ticket_change_priority(ticket=ticket, actor=actor, priority="high" if i % 2 else "low")
    return ticket


def test_ticket_page_query_count_does_not_grow(agent, team_l1, django_assert_num_queries):
    small = _busy_ticket(team_l1, agent, 2)
    big = _busy_ticket(team_l1, agent, 12)
    client = login(agent)
    with CaptureQueriesContext(connection) as small_page:
        assert client.get(f"/tickets/{small.pk}/").status_code == 200
    with django_assert_num_queries(len(small_page.captured_queries)):
        response = client.get(f"/tickets/{big.pk}/")
    assert len(response.context["conversation"]) == 37


def test_language_switch_changes_the_page_language(agent, team_l1):
    client = login(agent)
    assert '<html lang="ru">' in client.get("/").content.decode()
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").content.decode()
    client.post("/language/", {"language": "ru", "next": "/"})
    assert '<html lang="ru">' in client.get("/").content.decode()


def test_language_switch_is_saved_on_the_profile(team_l1):
    from tests.factories import make_user

    person = make_user(teams=[team_l1], language="ru")
    client = login(person)
    client.post("/language/", {"language": "en", "next": "/"})
    person.agent_profile.refresh_from_db()
    assert person.agent_profile.language == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_classifiers_reading_is_shown_and_a_confirmation_ends_triage(agent, team_l1, settings):
    settings.CLASSIFY_TRIAGE_BELOW = 1.0
    ticket = open_ticket(
        team_l1, body="Прошу вернуть 2 500 рублей за отменённый заказ № 45-778812, деньги до сих пор не пришли."
    )
    assert (ticket.kind, ticket.needs_triage) == ("claim", True)
    client = login(agent)
    html = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "flag-triage" in html and "Подтвердите вид" in html
    assert "2\xa0500 RUB" in html  # grouped the Russian way, with a no-break space
    assert "45-778812" in html
    assert "<q>" in html  # the deciding phrases
    assert "True" not in html and "нужна сортировка" in html  # the opening event says "да", not Python's True

    response = client.post(f"/tickets/{ticket.pk}/kind/", {"kind": "claim"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.needs_triage, ticket.kind_source) == (False, "agent")
    assert "flag-triage" not in client.get(f"/tickets/{ticket.pk}/").content.decode()


def test_a_possible_claim_says_why_it_waits(agent, team_l1, settings):
    settings.CLASSIFY_TRIAGE_BELOW = 0.0
    settings.CLASSIFY_POSSIBLE_CLAIM_ABOVE = 0.0
    ticket = open_ticket(team_l1, body="Спасибо курьеру, всё привезли вовремя!")
    html = login(agent).get(f"/tickets/{ticket.pk}/").content.decode()
    assert "flag-triage" in html and "Возможно, это претензия" in html
