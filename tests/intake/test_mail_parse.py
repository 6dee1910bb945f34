"""The email parser on hand-built messages: charsets, shapes, threading ids, automatic mail, junk."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from otklik.intake.mail.charsets import decode_bytes
from otklik.intake.mail.parse import Limits, MailRejected, parse_mail
from tests.intake.mails import email_message

TEXT = "Здравствуйте! Списали деньги дважды за заказ 4411, верните, пожалуйста."


def _mail(body: str = TEXT, **headers: str) -> EmailMessage:
    return email_message(body, **headers)


def test_a_plain_russian_mail():
    mail = parse_mail(bytes(_mail(Message_ID="<abc@mail.example>", Date="Tue, 08 Dec 2026 10:00:00 +0300")))
    assert (mail.sender_email, mail.sender_name, mail.subject) == (
        "olga@example.ru",
        "Ольга Петрова",
        "Двойное списание",
    )
    assert mail.text == TEXT and mail.html == "" and mail.automatic == ""
    assert mail.message_id == "abc@mail.example"
    assert mail.date is not None and mail.date.utcoffset().total_seconds() == 3 * 3600


@pytest.mark.parametrize("charset", ["windows-1251", "koi8-r", "iso-8859-5", "utf-8"])
def test_declared_charsets_are_read(charset):
    raw = (
        f"From: a@b.ru\nSubject: test\nContent-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: 8bit\n\n"
    ).encode() + TEXT.encode(charset)
    assert parse_mail(raw).text == TEXT


@pytest.mark.parametrize(("actual", "declared"), [("windows-1251", "utf-8"), ("koi8-r", "windows-1251"),
                                                  ("utf-8", "koi8-r"), ("windows-1251", None), ("koi8-r", None)])  # fmt: skip
def test_a_wrong_or_missing_charset_is_guessed(actual, declared):
    assert decode_bytes(TEXT.encode(actual), declared) == TEXT


def test_encoded_words_and_raw_8bit_headers():
    raw = (
        b"From: =?koi8-r?B?88XSx8XKIPPJxM/Sz9c=?= <s@b.ru>\n"
        b"Subject: =?windows-1251?Q?=C2=EE=E7=E2=F0=E0=F2?= [#1234]\n\n" + b"body"
    )
    mail = parse_mail(raw)
    assert (mail.sender_name, mail.subject) == ("Сергей Сидоров", "Возврат [#1234]")
    raw8 = b"From: s@b.ru\nSubject: " + "Возврат денег".encode("windows-1251") + b"\n\nbody"
    assert parse_mail(raw8).subject == "Возврат денег"


def test_html_only_mail_gets_a_text_version_and_keeps_its_html():
    message = _mail()
    message.set_content("<p>Заказ <b>4411</b> не пришёл</p><script>alert(1)</script>", subtype="html")
    mail = parse_mail(bytes(message))
    assert "Заказ 4411 не пришёл" in mail.text and "alert" not in mail.text
    assert "<b>4411</b>" in mail.html


def test_alternative_parts_prefer_the_plain_text_and_attachments_are_kept():
    message = _mail("Текстовая версия")
    message.add_alternative("<p>HTML-версия</p>", subtype="html")
    message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="../../чек.pdf")
    mail = parse_mail(bytes(message))
    assert mail.text == "Текстовая версия" and "HTML-версия" in mail.html
    assert [(a.filename, a.size, a.content_type) for a in mail.attachments] == [("чек.pdf", 8, "application/pdf")]


def test_oversized_attachments_are_skipped_with_a_note():
    message = _mail()
    message.add_attachment(b"x" * 2048, maintype="application", subtype="zip", filename="big.zip")
    mail = parse_mail(bytes(message), Limits(max_attachment_bytes=1024))
    assert mail.attachments == () and "big.zip" in mail.skipped[0]


def test_threading_ids_with_and_without_brackets():
    mail = parse_mail(bytes(_mail(In_Reply_To="<r1@desk>", References="<r0@desk> <r1@desk>")))
    assert (mail.in_reply_to, mail.references) == (("r1@desk",), ("r0@desk", "r1@desk"))
    bare = parse_mail(b"From: a@b.ru\nIn-Reply-To: r2@desk\n\nhi")
    assert bare.in_reply_to == ("r2@desk",)


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({"Auto_Submitted": "auto-replied"}, "auto-submitted"),
        ({"X_Autoreply": "yes"}, "autoreply"),
        ({"Precedence": "bulk"}, "bulk"),
        ({"List_Id": "<news.shop.example>"}, "list"),
        ({"From": "MAILER-DAEMON@mx.example"}, "bounce"),
        ({"Return_Path": "<>"}, "bounce"),
        ({"Auto_Submitted": "no"}, ""),
        ({"X_Auto_Response_Suppress": "All"}, ""),
    ],
)
def test_automatic_mail_is_recognised(headers, why):
    assert parse_mail(bytes(_mail(**headers))).automatic == why


def test_a_header_injection_stays_on_one_line():
    mail = parse_mail(b"From: a@b.ru\nSubject: =?utf-8?Q?Hi=0D=0ABcc:_x@evil.example?=\n\nbody")
    assert "\n" not in mail.subject and "\r" not in mail.subject


@pytest.mark.parametrize(
    "raw",
    [b"", b"   \r\n", b"\x00\xff\xfe garbage without headers", b"Subject: no sender\n\nbody", b"From: nobody\n\nbody"],
)
def test_what_cannot_be_an_appeal_is_rejected_with_a_reason(raw):
    with pytest.raises(MailRejected) as rejected:
        parse_mail(raw)
    assert rejected.value.reason


def test_too_many_parts_is_rejected():
    boundary = "b"
    parts = "".join(f"--{boundary}\nContent-Type: text/plain\n\npart {n}\n" for n in range(600))
    raw = f"From: a@b.ru\nContent-Type: multipart/mixed; boundary={boundary}\n\n{parts}--{boundary}--\n".encode()
    with pytest.raises(MailRejected, match="too many parts"):
        parse_mail(raw)


def test_the_same_mail_hashes_alike_by_any_path_and_different_mail_differently():
    message = _mail(Date="Tue, 08 Dec 2026 10:00:00 +0300")
    crlf = bytes(message).replace(b"\n", b"\r\n")
    assert parse_mail(bytes(message)).content_hash == parse_mail(crlf).content_hash
    assert parse_mail(bytes(_mail("другое", Date="Tue, 08 Dec 2026 10:00:00 +0300"))).content_hash != (
        parse_mail(bytes(message)).content_hash
    )
