"""Email in through ``otklik mail ingest``: new, added, duplicate, quarantined — and nothing lost."""

from __future__ import annotations

import json
import zlib
from email.message import EmailMessage
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from otklik.desk.models import Attachment, Message, Ticket
from otklik.intake.models import InboundMail
from tests.intake.mails import email_message

pytestmark = pytest.mark.django_db


def _mail(body: str = "Списали деньги дважды за заказ 4411, верните.", **headers: str) -> bytes:
    return bytes(email_message(body, **{"From": "Ольга <olga@example.ru>", **headers}))


def _ingest(tmp_path, raw: bytes) -> dict:
    path = tmp_path / "in.eml"
    path.write_bytes(raw)
    out = StringIO()
    call_command("mail", "ingest", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_a_new_mail_opens_a_ticket_on_its_sender_and_keeps_the_raw_message(tmp_path, team_l1):
    raw = _mail(Message_ID="<m1@mail.example>")
    result = _ingest(tmp_path, raw)
    ticket = Ticket.objects.get(pk=result["ticket_id"])
    assert result["outcome"] == "new" and result["message_id"] == ticket.messages.get().pk
    assert (ticket.channel, ticket.subject, ticket.kind) == ("email", "Двойное списание", "claim")
    assert ticket.customer.contacts.get().value == "olga@example.ru" and ticket.customer.name == "Ольга"
    stored = InboundMail.objects.get()
    assert zlib.decompress(stored.raw) == raw and stored.outcome == "new" and stored.key == "m1@mail.example"


def test_the_same_mail_again_is_a_duplicate_that_writes_nothing(tmp_path, team_l1):
    raw = _mail(Message_ID="<m1@mail.example>")
    first = _ingest(tmp_path, raw)
    again = _ingest(tmp_path, raw)
    assert again == {**first, "outcome": "duplicate"}
    assert (Ticket.objects.count(), Message.objects.count(), InboundMail.objects.count()) == (1, 1, 1)


def test_a_mail_without_message_id_is_recognised_by_its_content(tmp_path, team_l1):
    raw = _mail(Date="Tue, 08 Dec 2026 10:00:00 +0300")
    assert _ingest(tmp_path, raw)["outcome"] == "new"
    assert _ingest(tmp_path, raw.replace(b"\n", b"\r\n"))["outcome"] == "duplicate"


def test_a_reply_joins_its_ticket_by_the_ids_it_answers(tmp_path, team_l1):
    first = _ingest(tmp_path, _mail(Message_ID="<m1@mail.example>"))
    reply = _ingest(tmp_path, _mail("Ещё вопрос", Subject="Re: что-то другое", Message_ID="<m2@mail.example>",
                                    In_Reply_To="<m1@mail.example>"))  # fmt: skip
    assert (reply["outcome"], reply["ticket_id"]) == ("added", first["ticket_id"])
    assert Ticket.objects.get().message_count == 2


def test_the_subject_tag_threads_only_the_tickets_own_customer(tmp_path, team_l1):
    first = _ingest(tmp_path, _mail(Message_ID="<m1@mail.example>"))
    tag = f"Re: [#{first['ticket_id']}] Двойное списание"
    own = _ingest(tmp_path, _mail("Жду ответа", Subject=tag, Message_ID="<m2@mail.example>"))
    stranger = _ingest(tmp_path, _mail("Я тоже", From="ivan@example.ru", Subject=tag, Message_ID="<m3@mail.example>"))
    assert own["ticket_id"] == first["ticket_id"]
    assert stranger["outcome"] == "new" and stranger["ticket_id"] != first["ticket_id"]


def test_attachments_arrive_on_the_ticket(tmp_path, team_l1):
    message = EmailMessage()
    message["From"], message["Subject"] = "olga@example.ru", "Чек"
    message.set_content("Чек во вложении")
    message.add_attachment(b"%PDF-1.4 receipt", maintype="application", subtype="pdf", filename="чек.pdf")
    result = _ingest(tmp_path, bytes(message))
    attachment = Attachment.objects.get(message_id=result["message_id"])
    assert (attachment.filename, attachment.size) == ("чек.pdf", 16)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\x00\xffnot a mail at all", "not an email message"),
        (b"Subject: hello\n\nno sender", "not an email message"),
        (b"From: a@b.ru\nReturn-Path: <>\nSubject: Undelivered\n\nbounce", "delivery report"),
        (b"From: a@b.ru\nSubject: empty\n\n   ", "empty"),
    ],
)
@translation.override("en")
def test_what_cannot_be_an_appeal_is_quarantined_with_its_reason_and_nothing_else(tmp_path, team_l1, raw, reason):
    result = _ingest(tmp_path, raw)
    assert result["outcome"] == "quarantined" and reason in result["reason"].lower()
    kept = InboundMail.objects.get()
    assert (kept.outcome, zlib.decompress(kept.raw)) == ("quarantined", raw)
    assert Ticket.objects.count() == 0
    assert _ingest(tmp_path, raw)["outcome"] == "quarantined"  # again: still one row
    assert InboundMail.objects.count() == 1


def test_standard_input_and_a_missing_file(tmp_path, team_l1, monkeypatch):
    import io
    import sys

    from django.core.management.base import CommandError

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(_mail(Message_ID="<pipe@x>"))))
    out = StringIO()
    call_command("mail", "ingest", "-", stdout=out)
    assert json.loads(out.getvalue())["outcome"] == "new"
    with pytest.raises(CommandError):
        call_command("mail", "ingest", str(tmp_path / "missing.eml"))


def test_a_quarantined_message_can_be_tried_again_after_a_fix(tmp_path, team_l1, monkeypatch):
    from otklik.intake import services

    raw = _mail(Message_ID="<later@x>")
    real = services.parse_mail

    def broken(raw: bytes):
        raise services.MailRejected("a parser defect")

    monkeypatch.setattr(services, "parse_mail", broken)
    assert _ingest(tmp_path, raw)["outcome"] == "quarantined"
    monkeypatch.setattr(services, "parse_mail", real)  # the fix
    result = services.mail_retry(inbound=InboundMail.objects.get())
    assert result.outcome == "new" and Ticket.objects.filter(pk=result.ticket_id).exists()
    assert list(InboundMail.objects.values_list("outcome", flat=True)) == ["new"]


def test_the_admin_sees_the_quarantine_and_retries_from_it(tmp_path, team_l1):
    from tests.clients import login
    from tests.factories import AdminFactory

    _ingest(tmp_path, b"Subject: hello\n\nno sender")
    client = login(AdminFactory())
    page = client.get("/admin/intake/inboundmail/?outcome=quarantined")
    assert page.status_code == 200 and "no headers" in page.content.decode()
    inbound = InboundMail.objects.get()
    response = client.post(
        "/admin/intake/inboundmail/", {"action": "retry", "_selected_action": [inbound.pk]}, follow=True
    )
    assert response.status_code == 200
    assert InboundMail.objects.get().outcome == "quarantined"  # still unreadable: it stays, nothing lost
