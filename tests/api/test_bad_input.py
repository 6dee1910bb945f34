"""Input that fuzzing turned into 500s: each now gets a 4xx in the documented error shape and
writes nothing."""

from __future__ import annotations

import json

import pytest

from otklik.api.schemas import ERROR_STATUSES
from otklik.desk.models import Customer, Message, Ticket
from tests.clients import ApiClient

pytestmark = pytest.mark.django_db

TOO_BIG = 2**64
LONE = "\ud800"


def _raw_post(api_client: ApiClient, path: str, raw: str | bytes):
    return api_client.client.post(f"/api/v1{path}", data=raw, content_type="application/json",
                                  headers=api_client.headers)  # fmt: skip


def _assert_error(response, status: int, field: str | None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"error", "message", "field"}, body
    assert body["message"]
    assert body["field"] == field, body
    return body


def _ticket(**extra):
    return {"customer": {"email": "ivan@example.ru"}, "body": "Где мой заказ?", **extra}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (_ticket(body=LONE), "body"),
        (_ticket(body=f"текст {LONE} текст"), "body"),
        (_ticket(body_html=f"<p>{LONE}</p>"), "body_html"),
        (_ticket(customer={"email": "a@b.ru", "messengers": {"telegram": LONE}}), "customer.messengers.telegram"),
        (_ticket(subject="a\x00b"), "subject"),
        (_ticket(external_id="crm\x00-1"), "external_id"),
        (_ticket(customer={"email": "a@b.ru", "name": "Иван\x00"}), "customer.name"),
        (_ticket(meta={"source": "x\x00"}), "meta"),
        (_ticket(meta={"k\x00": 1}), "meta"),
        (_ticket(meta={"deep": [{"deeper": LONE}]}), "meta"),
        (_ticket(meta={"n": TOO_BIG}), "meta"),
        (_ticket(team_id=TOO_BIG), "team_id"),
        (_ticket(topic_id=-1), "topic_id"),
        (_ticket(customer={"email": "not-an-email"}), "customer.email"),
        (_ticket(customer={"phone": "12"}), "customer.phone"),
        (_ticket(customer={"email": "a@b.ru", "language": "de"}), "customer.language"),
    ],
)
def test_unstorable_or_invalid_ticket_input_is_a_422_naming_the_field(api_agent, payload, field):
    _assert_error(api_agent.post("/tickets", payload), 422, field)
    assert (Ticket.objects.count(), Message.objects.count(), Customer.objects.count()) == (0, 0, 0)


def test_non_finite_number_in_meta_is_refused(api_agent):
    raw = '{"customer": {"email": "a@b.ru"}, "body": "x", "meta": {"a": NaN}}'
    _assert_error(_raw_post(api_agent, "/tickets", raw), 422, "meta")
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": LONE}, "body"),
        ({"body": "x", "body_html": LONE}, "body_html"),
        ({"body": "x", "external_id": "\x00"}, "external_id"),
        ({"body": "x", "meta": {LONE: "v"}}, "meta"),
        ({"body": "x", "direction": "sideways"}, "direction"),
    ],
)
def test_bad_message_input_is_a_422(api_agent, payload, field):
    ticket_id = api_agent.post("/tickets", _ticket()).json()["id"]
    _assert_error(api_agent.post(f"/tickets/{ticket_id}/messages", payload), 422, field)
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"subject": "\x00"}, "subject"),
        ({"assignee_id": TOO_BIG}, "assignee_id"),
        ({"team_id": 0}, "team_id"),
        ({"status": "bogus"}, "status"),
    ],
)
def test_bad_ticket_patch_is_a_422(api_agent, payload, field):
    ticket_id = api_agent.post("/tickets", _ticket()).json()["id"]
    _assert_error(api_agent.patch(f"/tickets/{ticket_id}", payload), 422, field)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"team_id": TOO_BIG}, "team_id"),
        ({"assignee_id": TOO_BIG}, "assignee_id"),
        ({"customer_id": TOO_BIG}, "customer_id"),
        ({"customer_id": -5}, "customer_id"),
        ({"status": "bogus"}, "status.0"),
        ({"kind": "foo"}, "kind.0"),
        ({"cursor": "a\x00"}, "cursor"),
    ],
)
def test_bad_list_filters_are_a_422(api_agent, params, field):
    _assert_error(api_agent.get("/tickets", params), 422, field)


@pytest.mark.parametrize(
    ("since", "found"),
    [("0429-11-26T23:55:11+21:36", 1), ("2000-01-01T00:00:00-23:59", 1), ("9999-12-31T23:00:00+00:00", 0)],
)
def test_any_offset_python_reads_is_a_valid_updated_since(api_agent, since, found):
    # PostgreSQL refuses offsets beyond ±15:59; the filter compares in UTC instead.
    api_agent.post("/tickets", _ticket())
    page = api_agent.get("/tickets", {"updated_since": since})
    assert page.status_code == 200, page.content
    assert len(page.json()["items"]) == found


def test_updated_since_beyond_the_calendar_is_a_422(api_agent):
    _assert_error(api_agent.get("/tickets", {"updated_since": "9999-12-31T23:00:00-05:00"}), 422, "updated_since")


def test_known_list_filters_still_work(api_agent):
    api_agent.post("/tickets", _ticket())
    page = api_agent.get("/tickets", {"status": ["new", "open"], "kind": "question"})
    assert page.status_code == 200
    assert len(page.json()["items"]) == 1


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/tickets/{TOO_BIG}", "ticket_id"),
        (f"/tickets/{TOO_BIG}/messages", "ticket_id"),
        (f"/tickets/{TOO_BIG}/events", "ticket_id"),
        ("/tickets/0", "ticket_id"),
        (f"/customers/{TOO_BIG}", "customer_id"),
    ],
)
def test_ids_beyond_a_bigint_in_the_path_are_a_422(api_agent, path, field):
    _assert_error(api_agent.get(path), 422, field)


@pytest.mark.parametrize("raw", ["{not json", '{"customer": ', b"\xff\xfe{}", "[1, 2"])
def test_malformed_json_is_a_400_in_the_documented_shape(api_agent, raw):
    body = _assert_error(_raw_post(api_agent, "/tickets", raw), 400, None)
    assert body["error"] == "bad_request"
    assert "detail" not in body
    assert Ticket.objects.count() == 0


def test_json_that_is_not_an_object_is_a_422(api_agent):
    _assert_error(_raw_post(api_agent, "/tickets", json.dumps([1, 2])), 422, None)


@pytest.mark.parametrize(
    ("params", "field"), [({"q": "a\x00"}, "q"), ({"email": "a\x00@b.ru"}, "email"), ({"phone": "\x00"}, "phone")]
)
def test_bad_customer_search_is_a_422(api_agent, params, field):
    _assert_error(api_agent.get("/customers", params), 422, field)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "a\x00"}, "name"),
        ({"emails": ["ok@example.ru", "bad"]}, "emails.1"),
        ({"messengers": {"vk": LONE}}, "messengers.vk"),
        ({"external_id": f"x{LONE}"}, "external_id"),
    ],
)
def test_bad_customer_input_is_a_422(api_supervisor, payload, field):
    _assert_error(api_supervisor.post("/customers", payload), 422, field)
    assert Customer.objects.count() == 0


def test_every_operation_declares_its_error_responses(client):
    spec = client.get("/api/v1/openapi.json").json()
    operations = [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]
    assert len(operations) >= 13
    error_ref = "#/components/schemas/ErrorOut"
    for path, method, op in operations:
        declared = {int(code) for code in op["responses"]}
        assert declared >= set(ERROR_STATUSES), (method, path, declared)
        for status in ERROR_STATUSES:
            schema = op["responses"][str(status)]["content"]["application/json"]["schema"]
            assert schema == {"$ref": error_ref}, (method, path, status)
    assert set(spec["components"]["schemas"]["ErrorOut"]["required"]) == {"error", "message"}
