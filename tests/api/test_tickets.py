from __future__ import annotations

import base64

import pytest

from otklik.accounts.services import forget_token_cache
from otklik.desk.models import Customer, Event, Message, Ticket
from tests.clients import ApiClient
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _new_ticket(api: ApiClient, **extra):
    payload = {"customer": {"email": "ivan@example.ru", "name": "Иван Петров"}, "body": "Где мой заказ 123?"}
    payload.update(extra)
    response = api.post("/tickets", payload)
    assert response.status_code in (200, 201), response.content
    return response


def test_create_ticket_with_first_message_and_customer(api_agent, team_l1):
    response = _new_ticket(api_agent, subject="Заказ 123", channel="email")
    assert response.status_code == 201
    data = response.json()
    assert data["subject"] == "Заказ 123"
    assert data["status"] == "new"
    assert data["team_id"] == team_l1.pk
    assert data["message_count"] == 1
    ticket = Ticket.objects.get(pk=data["id"])
    assert ticket.customer.contacts.get().value == "ivan@example.ru"
    assert ticket.messages.get().body_text == "Где мой заказ 123?"
    assert list(ticket.events.values_list("verb", flat=True)) == ["ticket.opened"]


def test_same_customer_is_found_by_normalized_email(api_agent):
    _new_ticket(api_agent)
    _new_ticket(api_agent, customer={"email": "  IVAN@example.RU ", "phone": "8 (912) 000-11-22"})
    assert Customer.objects.count() == 1
    values = set(Customer.objects.get().contacts.values_list("value", flat=True))
    assert values == {"ivan@example.ru", "+79120001122"}


def test_external_id_makes_post_idempotent(api_agent):
    first = _new_ticket(api_agent, external_id="crm-42")
    again = _new_ticket(api_agent, external_id="crm-42", body="повтор")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Ticket.objects.count() == 1
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"customer": {"email": "not-an-email"}, "body": "x"}, "customer.email"),
        ({"customer": {"email": "a@b.ru"}, "body": "x", "kind": "rant"}, "kind"),
        ({"customer": {"email": "a@b.ru"}, "body": "x", "colour": "red"}, "colour"),
        ({"customer": {"email": "a@b.ru", "shoe": 1}, "body": "x"}, "customer.shoe"),
        ({"customer": {"email": "a@b.ru"}, "body": "   "}, "body"),
        ({"customer": {}, "body": "x"}, "customer"),
        ({"body": "x"}, "customer"),
        ({"customer": {"email": "a@b.ru"}, "body": "x", "topic_id": 999}, "topic_id"),
        (
            {"customer": {"email": "a@b.ru"}, "body": "x", "attachments": [{"filename": "a", "content_base64": "%%%"}]},
            "attachments",
        ),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(api_agent, payload, field):
    response = api_agent.post("/tickets", payload)
    assert 400 <= response.status_code < 500
    body = response.json()
    assert body["field"] == field, body
    assert body["message"]
    assert Ticket.objects.count() == 0
    assert Message.objects.count() == 0


def test_malformed_json_is_a_4xx(api_agent):
    response = api_agent.client.post("/api/v1/tickets", data="{not json", content_type="application/json",
                                     headers=api_agent.headers)  # fmt: skip
    assert response.status_code in (400, 422)
    assert Ticket.objects.count() == 0


def test_body_over_the_limit_gets_413(api_agent, settings):
    settings.OTKLIK_MAX_REQUEST_BYTES = 2000
    response = api_agent.post("/tickets", {"customer": {"email": "a@b.ru"}, "body": "я" * 5000})
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"
    assert Ticket.objects.count() == 0


def test_message_over_the_text_limit_is_refused(api_agent, settings):
    settings.OTKLIK_MAX_MESSAGE_CHARS = 100
    response = api_agent.post("/tickets", {"customer": {"email": "a@b.ru"}, "body": "x" * 101})
    assert response.status_code == 422
    assert response.json()["field"] == "body"


def test_html_is_sanitized_and_text_derived(api_agent):
    response = _new_ticket(
        api_agent, body="", body_html='<p>Привет<script>alert(1)</script></p><a href="x" onclick="y">ссылка</a>'
    )
    message = Ticket.objects.get(pk=response.json()["id"]).messages.get()
    assert "script" not in message.body_html
    assert "onclick" not in message.body_html
    assert message.body_text.startswith("Привет")


def test_attachments_are_stored(api_agent):
    content = base64.b64encode("чек".encode()).decode()
    response = _new_ticket(
        api_agent, attachments=[{"filename": "чек.txt", "content_type": "text/plain", "content_base64": content}]
    )
    messages = api_agent.get(f"/tickets/{response.json()['id']}/messages").json()
    attachment = messages[0]["attachments"][0]
    assert attachment["size"] == len("чек".encode())
    assert attachment["content_type"] == "text/plain"


def test_requires_a_valid_token(db, team_l1):
    from django.test import Client

    response = Client().get("/api/v1/tickets")
    assert response.status_code == 401
    response = Client().get("/api/v1/tickets", headers={"Authorization": "Bearer otk_wrong"})
    assert response.status_code == 401


def test_reply_note_and_inbound_flow(api_agent, agent):
    ticket_id = _new_ticket(api_agent).json()["id"]
    reply = api_agent.post(f"/tickets/{ticket_id}/messages", {"direction": "outbound", "body": "Заказ в пути"})
    assert reply.status_code == 201
    ticket = api_agent.get(f"/tickets/{ticket_id}").json()
    assert ticket["status"] == "pending_customer"
    assert ticket["first_response_at"] is not None
    assert ticket["assignee_id"] == agent.pk

    api_agent.post(f"/tickets/{ticket_id}/messages", {"direction": "note", "body": "проверить склад"})
    api_agent.patch(f"/tickets/{ticket_id}", {"status": "resolved"})
    again = api_agent.post(f"/tickets/{ticket_id}/messages", {"direction": "inbound", "body": "Не пришёл!"})
    assert again.status_code == 201
    ticket = api_agent.get(f"/tickets/{ticket_id}").json()
    assert ticket["status"] == "open"
    assert ticket["reopen_count"] == 1
    assert ticket["message_count"] == 4
    verbs = [e["verb"] for e in api_agent.get(f"/tickets/{ticket_id}/events").json()]
    assert verbs == [
        "ticket.opened", "message.reply", "ticket.assigned", "ticket.status_changed", "message.note",
        "ticket.status_changed", "ticket.reopened", "message.inbound",
    ]  # fmt: skip


def test_update_records_before_and_after(api_agent):
    created = _new_ticket(api_agent).json()
    assert (created["kind"], created["kind_source"]) == ("question", "classifier")
    response = api_agent.patch(f"/tickets/{created['id']}", {"kind": "claim", "priority": "high"})
    assert response.status_code == 200
    assert response.json()["kind_source"] == "agent"
    event = Event.objects.get(ticket_id=created["id"], verb="ticket.kind_changed")
    assert (event.before["kind"], event.before["kind_source"]) == ("question", "classifier")
    assert event.after == {"kind": "claim", "kind_source": "agent", "kind_confidence": 1.0, "needs_triage": False}


def test_update_is_all_or_nothing(api_agent):
    ticket_id = _new_ticket(api_agent).json()["id"]
    response = api_agent.patch(f"/tickets/{ticket_id}", {"priority": "high", "team_id": 9999})
    assert response.status_code == 422
    assert response.json()["field"] == "team_id"
    assert api_agent.get(f"/tickets/{ticket_id}").json()["priority"] == "normal"
    assert not Event.objects.filter(verb="ticket.priority_changed").exists()


def test_escalate_to_second_line(api_supervisor, team_l2):
    ticket_id = _new_ticket(api_supervisor).json()["id"]
    response = api_supervisor.post(f"/tickets/{ticket_id}/escalate", {"reason": "нужна проверка платежа"})
    assert response.status_code == 200, response.content
    assert (response.json()["line"], response.json()["team_id"]) == (2, team_l2.pk)
    again = api_supervisor.post(f"/tickets/{ticket_id}/escalate", {"reason": "ещё раз"})
    assert again.status_code == 409


def test_merge_moves_messages(api_supervisor):
    a = _new_ticket(api_supervisor).json()["id"]
    b = _new_ticket(api_supervisor, body="и ещё вопрос").json()["id"]
    response = api_supervisor.post(f"/tickets/{b}/merge", {"target_id": a})
    assert response.status_code == 200
    assert response.json()["message_count"] == 2
    source = api_supervisor.get(f"/tickets/{b}").json()
    assert (source["status"], source["merged_into_id"]) == ("closed", a)
    assert api_supervisor.post(f"/tickets/{b}/messages", {"body": "x"}).status_code == 409


def test_list_pages_with_cursor_and_filters(api_supervisor):
    ids = [_new_ticket(api_supervisor, body=f"вопрос {i}").json()["id"] for i in range(7)]
    api_supervisor.patch(f"/tickets/{ids[0]}", {"kind": "claim"})
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = api_supervisor.get("/tickets", params).json()
        seen += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [ids[0], *reversed(ids[1:])]  # the kind change made #0 the latest
    claims = api_supervisor.get("/tickets", {"kind": "claim"}).json()["items"]
    assert [t["id"] for t in claims] == [ids[0]]
    assert api_supervisor.get("/tickets", {"cursor": "garbage!"}).status_code == 422


def test_updated_since_oldest_first_for_sync(api_supervisor):
    ids = [_new_ticket(api_supervisor, body=f"q {i}").json()["id"] for i in range(3)]
    since = api_supervisor.get(f"/tickets/{ids[1]}").json()["updated_at"]
    page = api_supervisor.get("/tickets", {"updated_since": since, "order": "updated_at"}).json()
    assert [t["id"] for t in page["items"]] == ids[1:]


def test_list_query_count_does_not_grow(api_supervisor, django_assert_num_queries):
    for i in range(3):
        _new_ticket(api_supervisor, body=f"q {i}")
    forget_token_cache()  # count the token lookup too: the worst case, a cold cache
    with django_assert_num_queries(2):  # the token (with user and profile), the page
        api_supervisor.get("/tickets")
    for i in range(20):
        _new_ticket(api_supervisor, body=f"more {i}")
    forget_token_cache()
    with django_assert_num_queries(2):
        api_supervisor.get("/tickets")


def test_openapi_and_docs_are_served(db, client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    assert "/api/v1/tickets" in spec.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_inbound_external_id_is_idempotent(api_agent):
    ticket_id = _new_ticket(api_agent).json()["id"]
    for _ in range(2):
        r = api_agent.post(f"/tickets/{ticket_id}/messages", {"body": "ещё", "external_id": "<m1@mail>"})
        assert r.status_code == 201
    assert Message.objects.filter(ticket_id=ticket_id).count() == 2


def test_supervisor_can_assign_team_member_only(api_supervisor, team_l1, team_other):
    member = make_user(teams=[team_l1])
    stranger = make_user(teams=[team_other])
    ticket_id = _new_ticket(api_supervisor).json()["id"]
    assert api_supervisor.patch(f"/tickets/{ticket_id}", {"assignee_id": stranger.pk}).status_code == 422
    response = api_supervisor.patch(f"/tickets/{ticket_id}", {"assignee_id": member.pk})
    assert (response.json()["assignee_id"], response.json()["status"]) == (member.pk, "open")


def test_a_retry_with_a_known_external_id_writes_nothing(api_agent):
    _new_ticket(api_agent, external_id="crm-77")
    before = (Customer.objects.count(), Event.objects.count())
    again = _new_ticket(api_agent, external_id="crm-77", customer={"email": "someone-else@example.ru"})
    assert again.status_code == 200
    assert (Customer.objects.count(), Event.objects.count()) == before


def test_created_tickets_are_classified_and_the_triage_list_filters(api_agent, team_l1, settings):
    settings.CLASSIFY_TRIAGE_BELOW = 0.0  # sure of everything
    claim = _new_ticket(
        api_agent, body="I was charged $50 twice for order #A1234567. Please refund the duplicate charge."
    ).json()
    assert (claim["kind"], claim["kind_source"]) == ("claim", "classifier")
    assert (claim["claim_amount"], claim["claim_currency"]) == ("50.00", "USD")
    assert claim["classification"]["lang"] == "en" and claim["classification"]["explanation"]
    assert claim["needs_triage"] is False

    settings.CLASSIFY_TRIAGE_BELOW = 1.0
    unsure = _new_ticket(api_agent, body="Здравствуйте, подскажите часы работы пункта выдачи на Ленина?").json()
    assert unsure["needs_triage"] is True
    listed = api_agent.get("/tickets", {"needs_triage": "true"}).json()["items"]
    assert [t["id"] for t in listed] == [unsure["id"]]
