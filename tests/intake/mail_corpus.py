"""A generated corpus of support mail for the e-mail parser (otklik.intake.mail.parse).

Every message is built here by code: the stdlib ``email`` package for well-formed mail, hand-written
byte strings where the point is that the mail is malformed. The people, orders and addresses are
invented. ``Case.expect`` holds only what a correct parser must return for that message; keys:

subject, sender_email, sender_name, text_contains, text_not_contains, html_nonempty, attachments,
skipped_nonempty, automatic, message_id, in_reply_to, references, rejected.
"""

from __future__ import annotations

import base64
import random
import zlib
from dataclasses import dataclass, field
from email import base64mime, quoprimime
from email.message import EmailMessage, Message, MIMEPart
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.parser import Parser
from email.policy import SMTP
from functools import cache

EXPECT_KEYS = frozenset(
    {
        "subject",
        "sender_email",
        "sender_name",
        "text_contains",
        "text_not_contains",
        "html_nonempty",
        "attachments",
        "skipped_nonempty",
        "automatic",
        "message_id",
        "in_reply_to",
        "references",
        "rejected",
    }
)

CRLF = "\r\n"


@dataclass(frozen=True)
class Case:
    name: str
    raw: bytes = field(repr=False)
    expect: dict

    def __repr__(self) -> str:  # the raw bytes may be 30 MB
        return f"Case({self.name!r})"


@dataclass(frozen=True)
class Topic:
    key: str
    marker: str
    ru_subject: str
    ru_body: str
    ru_words: tuple[str, ...]
    en_subject: str
    en_body: str
    en_words: tuple[str, ...]


# Russian texts use only letters every Cyrillic charset below has (no guillemets, no numero sign).
TOPICS = (
    Topic(
        "order",
        "ORD-10452",
        "Где мой заказ ORD-10452?",
        "Здравствуйте!\n\nЯ оформил заказ ORD-10452 две недели назад, но он до сих пор не доставлен.\n"
        "Подскажите, пожалуйста, когда ждать курьера?\n\nС уважением,\nИван Петров\n",
        ("заказ", "курьера"),
        "Where is my order ORD-10452?",
        "Hello,\n\nI placed order ORD-10452 two weeks ago and it still has not been delivered.\n"
        "Could you tell me when the courier will come?\n\nBest regards,\nJohn Carter\n",
        ("order", "courier"),
    ),
    Topic(
        "refund",
        "ORD-20871",
        "Возврат денег за заказ ORD-20871",
        "Добрый день.\n\nПрошу оформить возврат денег за заказ ORD-20871: товар пришёл с браком.\n"
        "Сумма 4590 руб. Реквизиты карты те же, что при оплате.\n\nСпасибо,\nОльга Смирнова\n",
        ("возврат", "браком"),
        "Refund for order ORD-20871",
        "Good afternoon,\n\nPlease refund order ORD-20871: the item arrived damaged.\n"
        "The amount is 59.90 USD, to the same card I paid with.\n\nThanks,\nEmily Stone\n",
        ("refund", "damaged"),
    ),
    Topic(
        "double",
        "ORD-33019",
        "Двойное списание по заказу ORD-33019",
        "Здравствуйте,\n\nс моей карты дважды списали оплату за заказ ORD-33019.\n"
        "Оба списания по 1299 руб. видны в выписке банка. Верните, пожалуйста, лишнее списание.\n\n"
        "Анна Кузнецова\n",
        ("дважды", "списание"),
        "Charged twice for order ORD-33019",
        "Hi,\n\nmy card was charged twice for order ORD-33019.\n"
        "Both charges of 12.99 EUR show on my bank statement. Please reverse the duplicate charge.\n\n"
        "Anna Kowalski\n",
        ("charged twice", "duplicate"),
    ),
    Topic(
        "thanks",
        "ORD-41177",
        "Спасибо за помощь",
        "Добрый вечер!\n\nСпасибо большое вашей поддержке: оператор Мария быстро решила вопрос\n"
        "с заказом ORD-41177. Всё отлично, буду заказывать ещё.\n\nСергей\n",
        ("Спасибо", "поддержке"),
        "Thank you for the help",
        "Good evening!\n\nMany thanks to your support team: Maria sorted out order ORD-41177\n"
        "in minutes. Everything is fine now, I will order again.\n\nSteve\n",
        ("thanks", "support team"),
    ),
    Topic(
        "complaint",
        "ORD-52260",
        "Жалоба на доставку ORD-52260",
        "Это уже третье обращение по заказу ORD-52260.\n\nКурьер опоздал на два дня, а горячая линия\n"
        "не отвечает. Я недовольна обслуживанием и требую компенсацию.\n\nЕлена Волкова\n",
        ("обращение", "компенсацию"),
        "Complaint about delivery ORD-52260",
        "This is my third message about order ORD-52260.\n\nThe courier was two days late and the hotline\n"
        "does not answer. I am unhappy with the service and demand compensation.\n\nHelen Wolfe\n",
        ("third message", "compensation"),
    ),
)

RU_NAMES = ("Иван Петров", "Ольга Смирнова", "Анна Кузнецова", "Сергей Ёлкин", "Елена Волкова")
EN_NAMES = ("John Carter", "Emily Stone", "Anna Kowalski", "Steve Miller", "Helen Wolfe")
CYR_CHARSETS = ("utf-8", "windows-1251", "koi8-r", "iso-8859-5", "ibm866", "koi8-u")
HEADER_CHARSETS = ("utf-8", "windows-1251", "koi8-r", "iso-8859-5")
CTES = ("8bit", "quoted-printable", "base64")
DESK = "support@shop.example.ru"

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
DOCX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml" + bytes(range(64))
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


# --- building blocks -------------------------------------------------------------------------------------------


def ew(text: str, charset: str = "utf-8", enc: str = "B") -> str:
    """One RFC 2047 encoded word."""
    data = text.encode(charset)
    if enc == "B":
        return base64mime.header_encode(data, charset)
    return quoprimime.header_encode(data, charset)


def email_of(i: int, lang: str) -> str:
    return ("ivan.petrov", "olga.s", "anna.k", "sergey", "elena.v")[i % 5] + (
        "@mail.example.ru" if lang == "ru" else "@example.com"
    )


def headers_bytes(headers: list[tuple[str, str]]) -> bytes:
    return "".join(f"{k}: {v}{CRLF}" for k, v in headers).encode("utf-8")


def compose(headers: list[tuple[str, str]], body: Message | bytes) -> bytes:
    """Top-level headers written as given (encoded words stay as built), then a MIME entity or raw bytes."""
    tail = body if isinstance(body, bytes) else body.as_bytes(policy=SMTP)
    return headers_bytes(headers) + tail


def std_headers(n: int, lang: str, subject: str, **extra: str) -> list[tuple[str, str]]:
    name = (RU_NAMES if lang == "ru" else EN_NAMES)[n % 5]
    hs = [
        ("From", extra.pop("from_", f"{name} <{email_of(n, lang)}>")),
        ("To", DESK),
        ("Subject", subject),
        ("Date", f"Mon, {1 + n % 28:02d} Dec 2025 1{n % 10}:2{n % 6}:00 +0300"),
        ("Message-ID", f"<{lang}-{n}-{zlib.crc32(subject.encode()) % 10**8}@mail.example.test>"),
    ]
    hs += [(k.replace("_", "-"), v) for k, v in extra.items()]
    return hs


def text_part(text: str, charset: str = "utf-8", cte: str = "quoted-printable", subtype: str = "plain") -> EmailMessage:
    msg = EmailMessage()
    msg.set_content(text, subtype=subtype, charset=charset, cte=cte)
    del msg["MIME-Version"]
    msg["MIME-Version"] = "1.0"
    return msg


def html_of(text: str) -> str:
    paras = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>\n" for p in text.strip().split("\n\n"))
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html"><style>p { margin: 0 }</style></head>\n'
        f"<body>\n<div>{paras}</div>\n</body></html>\n"
    )


def words(t: Topic, lang: str) -> list[str]:
    return [t.marker, *(t.ru_words if lang == "ru" else t.en_words)]


def body_of(t: Topic, lang: str) -> str:
    return t.ru_body if lang == "ru" else t.en_body


def subject_of(t: Topic, lang: str) -> str:
    return t.ru_subject if lang == "ru" else t.en_subject


# --- families ------------------------------------------------------------------------------------------------


def body_charsets() -> list[Case]:
    """text/plain bodies in every charset and transfer encoding."""
    out = []
    combos = [("ru", cs) for cs in CYR_CHARSETS] + [("en", cs) for cs in ("us-ascii", "utf-8", "iso-8859-1")]
    for lang, cs in combos:
        for cte in CTES:
            for i, t in enumerate(TOPICS):
                subject = f"[{cs}] {subject_of(t, 'en')}"
                raw = compose(std_headers(i, lang, subject), text_part(body_of(t, lang), cs, cte))
                exp = {"subject": subject, "text_contains": words(t, lang), "automatic": "", "attachments": []}
                out.append(Case(f"body-{lang}-{cs}-{cte}-{t.key}", raw, exp))
    return out


def header_charsets() -> list[Case]:
    """Subjects and display names as RFC 2047 encoded words, B and Q, in four charsets."""
    out = []
    for cs in HEADER_CHARSETS:
        for enc in ("B", "Q"):
            for i, t in enumerate(TOPICS):
                prefix = f"Re: [#{1200 + i}] " if i % 2 else ""
                name = RU_NAMES[i]
                addr = email_of(i, "ru")
                hs = std_headers(i, "ru", prefix + ew(t.ru_subject, cs, enc), from_=f"{ew(name, cs, enc)} <{addr}>")
                raw = compose(hs, text_part(t.ru_body))
                exp = {
                    "subject": prefix + t.ru_subject,
                    "sender_name": name,
                    "sender_email": addr,
                    "text_contains": words(t, "ru"),
                }
                out.append(Case(f"header-{cs}-{enc}-{t.key}", raw, exp))
    return out


def folded_subjects() -> list[Case]:
    """A long subject split into several encoded words on folded lines; adjacent words join without space."""
    out = []
    long = "Повторное обращение: двойное списание по заказу ORD-33019 и возврат средств на карту до сих пор не получен"
    chunks = [long[k : k + 18] for k in range(0, len(long), 18)]
    for cs in HEADER_CHARSETS:
        for enc in ("B", "Q"):
            folded = (CRLF + " ").join(ew(c, cs, enc) for c in chunks)
            raw = compose(std_headers(3, "ru", folded), text_part(TOPICS[2].ru_body))
            out.append(Case(f"folded-subject-{cs}-{enc}", raw, {"subject": long}))
    # The same subject as raw UTF-8 in the header (RFC 6532), and a display name likewise.
    for i, t in enumerate(TOPICS):
        hs = std_headers(i, "ru", t.ru_subject)
        raw = compose(hs, text_part(t.ru_body))
        exp = {"subject": t.ru_subject, "sender_name": RU_NAMES[i], "sender_email": email_of(i, "ru")}
        out.append(Case(f"raw-utf8-header-{t.key}", raw, exp))
    return out


WRONG_LABELS = {
    # kind: (encode charset, Content-Type header value)
    "cp1251-as-utf8": ("windows-1251", "text/plain; charset=utf-8"),
    "utf8-as-koi8r": ("utf-8", "text/plain; charset=koi8-r"),
    "utf8-undeclared": ("utf-8", "text/plain"),
    "cp1251-undeclared": ("windows-1251", None),
}


def wrong_charsets() -> list[Case]:
    """Declared charset wrong or missing; the parser has to guess. Hand-written, since these are malformed."""
    out = []
    for kind, (enc_cs, ctype) in WRONG_LABELS.items():
        for cte in ("8bit", "base64"):
            for i, t in enumerate(TOPICS):
                data = t.ru_body.replace("\n", CRLF).encode(enc_cs)
                if cte == "base64":
                    data = base64.encodebytes(data).replace(b"\n", b"\r\n")
                mime = [("MIME-Version", "1.0")]
                if ctype:
                    mime.append(("Content-Type", ctype))
                mime.append(("Content-Transfer-Encoding", cte))
                raw = headers_bytes(std_headers(i, "ru", t.en_subject) + mime) + b"\r\n" + data
                exp = {"subject": t.en_subject, "text_contains": words(t, "ru")}
                out.append(Case(f"wrong-charset-{kind}-{cte}-{t.key}", raw, exp))
    return out


def alternatives() -> list[Case]:
    out = []
    for cs in HEADER_CHARSETS:
        for i, t in enumerate(TOPICS):
            for lang in ("ru", "en") if cs == "utf-8" else ("ru",):
                msg = EmailMessage()
                msg.set_content(body_of(t, lang), charset=cs, cte="quoted-printable")
                msg.add_alternative(html_of(body_of(t, lang)), subtype="html", charset=cs, cte="base64")
                raw = compose(std_headers(i, lang, subject_of(t, lang)), msg)
                exp = {
                    "subject": subject_of(t, lang),
                    "text_contains": words(t, lang),
                    "text_not_contains": ["<p>", "<br>"],
                    "html_nonempty": True,
                    "automatic": "",
                }
                out.append(Case(f"alternative-{lang}-{cs}-{t.key}", raw, exp))
    return out


def html_only() -> list[Case]:
    out = []
    for cs in HEADER_CHARSETS:
        for cte in ("quoted-printable", "base64"):
            for i, t in enumerate(TOPICS):
                html = html_of(t.ru_body + "\nОтветы на вопросы: раздел Q&amp;A на сайте.")
                raw = compose(std_headers(i, "ru", t.ru_subject), text_part(html, cs, cte, subtype="html"))
                exp = {
                    "subject": t.ru_subject,
                    "text_contains": [*words(t, "ru"), "Q&A"],
                    "text_not_contains": ["<p>", "</p>", "<br>", "<div>", "&amp;"],
                    "html_nonempty": True,
                }
                out.append(Case(f"html-only-{cs}-{cte}-{t.key}", raw, exp))
    return out


def add_legacy_attachment(msg: EmailMessage, data: bytes, filename: str) -> None:
    """A filename as an encoded word inside quotes, as older Outlook and webmail send it."""
    part = MIMEPart()
    part.set_content(data, "application", "pdf")
    encoded = ew(filename)
    part.replace_header("Content-Type", f'application/pdf; name="{encoded}"')
    part["Content-Disposition"] = f'attachment; filename="{encoded}"'
    if not msg.is_multipart():
        msg.make_mixed()
    msg.attach(part)


def add_rfc2231_cp1251(msg: EmailMessage, data: bytes, filename: str) -> None:
    part = MIMEPart()
    part.set_content(data, "application", "pdf")
    quoted = "".join(f"%{b:02X}" for b in filename.encode("windows-1251"))
    part["Content-Disposition"] = f"attachment; filename*=windows-1251''{quoted}"
    if not msg.is_multipart():
        msg.make_mixed()
    msg.attach(part)


ATTACHMENT_SETS: dict[str, list[tuple[str, bytes, tuple[str, str], str]]] = {
    # name: [(filename, data, (maintype, subtype), how)]
    "pdf": [("invoice-10452.pdf", PDF, ("application", "pdf"), "std")],
    "png": [("screenshot.png", PNG, ("image", "png"), "std")],
    "docx": [("claim.docx", DOCX, DOCX_TYPE, "std")],
    "three": [
        ("invoice-10452.pdf", PDF, ("application", "pdf"), "std"),
        ("screenshot.png", PNG, ("image", "png"), "std"),
        ("claim.docx", DOCX, DOCX_TYPE, "std"),
    ],
    "rfc2231-utf8": [("Счёт на оплату №17.pdf", PDF, ("application", "pdf"), "std")],
    "rfc2231-long": [
        (
            "Претензия по заказу ORD-52260 о возврате денежных средств и компенсации морального вреда.docx",
            DOCX,
            DOCX_TYPE,
            "std",
        )
    ],
    "rfc2231-cp1251": [("Акт сверки.pdf", PDF, ("application", "pdf"), "cp1251")],
    "encoded-word-name": [("Чек об оплате.pdf", PDF, ("application", "pdf"), "legacy")],
}


def with_attachments() -> list[Case]:
    out = []
    for set_name, files in ATTACHMENT_SETS.items():
        for j, cs in enumerate(HEADER_CHARSETS):
            t = TOPICS[(j + len(set_name)) % 5]
            msg = EmailMessage()
            msg.set_content(t.ru_body, charset=cs, cte="base64" if j % 2 else "quoted-printable")
            for filename, data, (maintype, subtype), how in files:
                if how == "legacy":
                    add_legacy_attachment(msg, data, filename)
                elif how == "cp1251":
                    add_rfc2231_cp1251(msg, data, filename)
                else:
                    msg.add_attachment(data, maintype, subtype, filename=filename)
            raw = compose(std_headers(j, "ru", t.ru_subject), msg)
            exp = {
                "subject": t.ru_subject,
                "text_contains": words(t, "ru"),
                "attachments": [f[0] for f in files],
                "skipped_nonempty": False,
                "automatic": "",
            }
            out.append(Case(f"attachments-{set_name}-{cs}", raw, exp))
    return out


def related_inline() -> list[Case]:
    out = []
    for i, t in enumerate(TOPICS[:4]):
        lang = "ru" if i % 2 == 0 else "en"
        msg = EmailMessage()
        msg.set_content(body_of(t, lang))
        html = html_of(body_of(t, lang)).replace("</body>", f'<img src="cid:logo.{i}@mail.example.test"></body>')
        msg.add_alternative(html, subtype="html")
        msg.get_payload()[1].add_related(PNG, "image", "png", cid=f"<logo.{i}@mail.example.test>", filename="logo.png")
        raw = compose(std_headers(i, lang, subject_of(t, lang)), msg)
        exp = {"text_contains": words(t, lang), "html_nonempty": True, "attachments": ["logo.png"]}
        out.append(Case(f"related-inline-{lang}-{t.key}", raw, exp))
    return out


def forwarded() -> list[Case]:
    """A message/rfc822 part; whether its text joins ``text`` or becomes an attachment is the parser's choice."""
    out = []
    for i, (lang, cs) in enumerate((("ru", "utf-8"), ("ru", "koi8-r"), ("en", "utf-8"), ("ru", "windows-1251"))):
        t = TOPICS[i]
        inner = EmailMessage()
        inner["From"] = "Магазин <orders@shop.example.ru>"
        inner["To"] = email_of(i, lang)
        inner["Subject"] = f"Ваш заказ {t.marker} оформлен"
        inner.set_content(f"Заказ {t.marker} оформлен. Сумма к оплате 1299 руб.\n", charset=cs)
        note = (
            "Пересылаю письмо от магазина, посмотрите, пожалуйста. FWD-NOTE-"
            if lang == "ru"
            else "See below. FWD-NOTE-"
        )
        outer = EmailMessage()
        outer.set_content(f"{note}{i}\n")
        outer.add_attachment(inner)
        subject = f"Fwd: Ваш заказ {t.marker} оформлен"
        raw = compose(std_headers(i, lang, subject), outer)
        out.append(Case(f"forwarded-rfc822-{lang}-{cs}", raw, {"subject": subject, "text_contains": [f"FWD-NOTE-{i}"]}))
    return out


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Calendar//RU\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
    "UID:call-10452@mail.example.test\r\nDTSTART:20251215T090000Z\r\nDTEND:20251215T093000Z\r\n"
    "SUMMARY:Созвон по заказу ORD-10452\r\nORGANIZER:mailto:ivan.petrov@mail.example.ru\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def calendar() -> list[Case]:
    out = []
    text = "Приглашаю на созвон по заказу ORD-10452 в понедельник в 12:00.\n"
    alt = EmailMessage()
    alt.set_content(text)
    alt.add_alternative(ICS, subtype="calendar", params={"method": "REQUEST"})
    out.append(
        Case(
            "calendar-alternative",
            compose(std_headers(0, "ru", "Приглашение: созвон"), alt),
            {"text_contains": ["ORD-10452", "созвон"]},
        )
    )
    mixed = EmailMessage()
    mixed.set_content(text)
    mixed.add_attachment(ICS.encode(), "text", "calendar", filename="invite.ics")
    exp = {"text_contains": ["ORD-10452", "созвон"], "attachments": ["invite.ics"]}
    out.append(Case("calendar-attached", compose(std_headers(1, "ru", "Приглашение: созвон"), mixed), exp))
    only = text_part(ICS, subtype="calendar")
    out.append(
        Case("calendar-only", compose(std_headers(2, "ru", "Invitation: call"), only), {"subject": "Invitation: call"})
    )
    return out


def bounces() -> list[Case]:
    out = []
    for i, (mta, who, lang, orig_kind) in enumerate(
        (
            ("mx.example.ru", "MAILER-DAEMON@mx.example.ru (Mail Delivery System)", "en", "rfc822"),
            ("relay.example.com", "Mail Delivery Subsystem <mailer-daemon@relay.example.com>", "en", "headers"),
            ("mx.mail.example.ru", "Mail Delivery System <MAILER-DAEMON@mx.mail.example.ru>", "ru", "rfc822"),
            ("smtp.example.org", "postmaster@smtp.example.org", "ru", "headers"),
        )
    ):
        rcpt = f"no.such.user{i}@example.net"
        human = (
            f"This is the mail system at host {mta}.\n\nI'm sorry to have to inform you that your message could not\n"
            f"be delivered to one or more recipients.\n\n<{rcpt}>: host {mta} said: 550 5.1.1 User unknown\n"
        )
        if lang == "ru":
            human = (
                f"Это сообщение почтовой системы {mta}.\n\nВаше письмо не может быть доставлено адресату {rcpt}.\n"
                + human
            )
        report = MIMEMultipart("report", report_type="delivery-status")
        report.attach(MIMEText(human, "plain", "utf-8"))
        report.attach(
            Parser().parsestr(
                "Content-Type: message/delivery-status\n\n"
                f"Reporting-MTA: dns; {mta}\nArrival-Date: Mon, 1 Dec 2025 10:00:00 +0300\n\n"
                f"Final-Recipient: rfc822; {rcpt}\nAction: failed\nStatus: 5.1.1\n"
                f"Diagnostic-Code: smtp; 550 5.1.1 <{rcpt}>: Recipient address rejected\n"
            )
        )
        original = EmailMessage()
        original["From"] = DESK
        original["To"] = rcpt
        original["Subject"] = "Re: [#1234] Ваше обращение принято"
        original["Message-ID"] = f"<reply-{i}@shop.example.ru>"
        if orig_kind == "rfc822":
            original.set_content("Здравствуйте! Ваше обращение принято.\n")
            part = MIMEBase("message", "rfc822")
            part.set_payload([original])
        else:
            part = MIMEText("".join(f"{k}: {v}\n" for k, v in original.items()), "rfc822-headers", "utf-8")
        report.attach(part)
        hs = [
            ("Return-Path", "<>"),
            ("From", who),
            ("To", DESK),
            ("Subject", "Undelivered Mail Returned to Sender"),
            ("Date", "Mon, 1 Dec 2025 10:00:05 +0300"),
            ("Message-ID", f"<bounce-{i}@{mta}>"),
        ]
        out.append(Case(f"bounce-{orig_kind}-{lang}-{i}", compose(hs, report), {"automatic": "bounce"}))
    return out


AUTO_HEADERS = (
    ("auto-submitted-replied", ("Auto-Submitted", "auto-replied"), "auto-submitted", "reply"),
    ("auto-submitted-generated", ("Auto-Submitted", "auto-generated"), "auto-submitted", "reply"),
    ("auto-submitted-notified", ("Auto-Submitted", "auto-notified"), "auto-submitted", "reply"),
    (
        "auto-submitted-params",
        ("Auto-Submitted", "auto-replied; owner-email=ivan@example.ru"),
        "auto-submitted",
        "reply",
    ),
    ("x-autoreply", ("X-Autoreply", "yes"), "autoreply", "ooo"),
    ("precedence-bulk", ("Precedence", "bulk"), "bulk", "news"),
    ("precedence-junk", ("Precedence", "junk"), "bulk", "news"),
    ("list-id", ("List-Id", "Новости магазина <news.shop.example.ru>"), "list", "news"),
    (
        "list-unsubscribe-mailto",
        ("List-Unsubscribe", "<mailto:unsubscribe@news.example.ru?subject=unsubscribe>"),
        "list",
        "news",
    ),
    ("list-unsubscribe-https", ("List-Unsubscribe", "<https://news.example.ru/u/8f3a2c>"), "list", "news"),
)

OOO = {
    "ru": "Здравствуйте! Я в отпуске до 15 декабря и не читаю почту. AUTO-BODY\nПо срочным вопросам звоните коллегам.\n",
    "en": "Hello, I am out of the office until December 15 with no access to e-mail. AUTO-BODY\n",
}
NEWS = {
    "ru": "Скидки недели: до 50% на электронику. AUTO-BODY\nОтписаться можно по ссылке в конце письма.\n",
    "en": "This week's deals: up to 50% off electronics. AUTO-BODY\nUnsubscribe at the bottom of this e-mail.\n",
}


def automatic() -> list[Case]:
    out = []
    for key, header, reason, kind in AUTO_HEADERS:
        for lang in ("ru", "en"):
            for cs in ("utf-8", "koi8-r") if lang == "ru" else ("utf-8",):
                t = TOPICS[len(out) % 5]
                if kind == "news":
                    subject, body = ("Скидки недели" if lang == "ru" else "This week's deals"), NEWS[lang]
                elif kind == "ooo":
                    subject = ("Автоответ: " if lang == "ru" else "Out of Office: ") + subject_of(t, lang)
                    body = OOO[lang]
                else:
                    subject, body = "Re: " + subject_of(t, lang), OOO[lang]
                hs = [*std_headers(len(out), lang, subject), header]
                raw = compose(hs, text_part(body, cs))
                out.append(
                    Case(f"automatic-{key}-{lang}-{cs}", raw, {"automatic": reason, "text_contains": ["AUTO-BODY"]})
                )
    # Not automatic: Outlook's suppression header on a person's mail, and an explicit "Auto-Submitted: no".
    for key, header in (
        ("x-auto-response-suppress", ("X-Auto-Response-Suppress", "All")),
        ("auto-submitted-no", ("Auto-Submitted", "no")),
    ):
        for lang in ("ru", "en"):
            t = TOPICS[len(out) % 5]
            raw = compose([*std_headers(len(out), lang, subject_of(t, lang)), header], text_part(body_of(t, lang)))
            out.append(Case(f"person-{key}-{lang}", raw, {"automatic": "", "text_contains": words(t, lang)}))
    # A loop of auto-replies answering each other.
    for depth in (3, 12):
        subject = "Auto: Re: " * depth + "Заказ ORD-10452"
        hs = [*std_headers(depth, "ru", subject), ("Auto-Submitted", "auto-replied")]
        out.append(
            Case(
                f"auto-loop-{depth}",
                compose(hs, text_part(OOO["ru"])),
                {"automatic": "auto-submitted", "subject": subject.strip()},
            )
        )
    return out


THREADS = (
    # name, In-Reply-To header, References header, expected in_reply_to, expected references
    ("angle", "<CAB9x7=kQ2@mail.example.com>", None, ("CAB9x7=kQ2@mail.example.com",), None),
    ("bare", "ticket-1234.5@shop.example.ru", None, ("ticket-1234.5@shop.example.ru",), None),
    (
        "refs-three-folded",
        "<c@x.example>",
        "<a@x.example>\r\n\t<b@x.example>\r\n <c@x.example>",
        ("c@x.example",),
        ("a@x.example", "b@x.example", "c@x.example"),
    ),
    ("refs-no-space", "<b@x.example>", "<a@x.example><b@x.example>", ("b@x.example",), ("a@x.example", "b@x.example")),
    (
        "in-reply-to-two",
        "<first@x.example>\r\n <second@x.example>",
        None,
        ("first@x.example", "second@x.example"),
        None,
    ),
    (
        "refs-twelve",
        "<m11.1765@mail.example.ru>",
        (CRLF + " ").join(f"<m{k}.1765@mail.example.ru>" for k in range(12)),
        ("m11.1765@mail.example.ru",),
        tuple(f"m{k}.1765@mail.example.ru" for k in range(12)),
    ),
    ("refs-only", None, "<only-ref@desk.example.ru>", (), ("only-ref@desk.example.ru",)),
    ("none", None, None, (), ()),
)

MESSAGE_IDS = (
    ("angle", "<20251201.abc123@mail.example.ru>", "20251201.abc123@mail.example.ru"),
    ("bare", "20251201.def456@mail.example.ru", "20251201.def456@mail.example.ru"),
    ("folded", "\r\n <CAHx+y_7@mail.example.com>", "CAHx+y_7@mail.example.com"),
    ("missing", None, ""),
)


def threading() -> list[Case]:
    out = []
    for name, irt, refs, exp_irt, exp_refs in THREADS:
        for lang in ("ru", "en"):
            t = TOPICS[len(out) % 5]
            subject = "Re: " + subject_of(t, lang)
            hs = std_headers(len(out), lang, subject)
            hs += [("In-Reply-To", irt)] if irt is not None else []
            hs += [("References", refs)] if refs is not None else []
            exp = {"subject": subject, "in_reply_to": exp_irt}
            if exp_refs is not None:
                exp["references"] = exp_refs
            out.append(Case(f"thread-{name}-{lang}", compose(hs, text_part(body_of(t, lang))), exp))
    for name, header, expected in MESSAGE_IDS:
        hs = [h for h in std_headers(7, "ru", TOPICS[0].ru_subject) if h[0] != "Message-ID"]
        if header is not None:
            hs.append(("Message-ID", header))
        out.append(Case(f"message-id-{name}", compose(hs, text_part(TOPICS[0].ru_body)), {"message_id": expected}))
    return out


TAGGED_SUBJECTS = (
    "Re: [#1234] Возврат денег за заказ ORD-20871",
    "RE: FW: [#1234] Refund for order ORD-20871",
    "Ответ: [#56789] Двойное списание",
    "Fwd: Re: [#1234] [#1235] Жалоба на доставку",
    "Заказ ORD-10452 [#98765] всё ещё не пришёл",
    "[#1] Спасибо!",
)


def tagged() -> list[Case]:
    out = []
    for i, subject in enumerate(TAGGED_SUBJECTS):
        for enc in ("plain", "B"):
            value = subject if enc == "plain" else ew(subject, "utf-8", "B")
            raw = compose(std_headers(i, "ru", value), text_part(TOPICS[i % 5].ru_body))
            out.append(Case(f"tagged-{i}-{enc}", raw, {"subject": subject}))
    raw = compose(std_headers(9, "ru", "Re:   [#1234]\t  Возврат   денег"), text_part(TOPICS[1].ru_body))
    out.append(Case("tagged-whitespace", raw, {"subject": "Re: [#1234] Возврат денег"}))
    return out


SENDERS = (
    # name, From header, expected email, expected name (None: leave out)
    ("bare-upper", "IVAN.Petrov@Mail.Example.RU", "ivan.petrov@mail.example.ru", ""),
    ("angle-only", "<olga.s@mail.example.ru>", "olga.s@mail.example.ru", ""),
    ("quoted-comma", '"Smith, John" <John.Smith@Example.COM>', "john.smith@example.com", "Smith, John"),
    ("plain-name", "Emily Stone <emily@example.com>", "emily@example.com", "Emily Stone"),
    ("comment-form", "anna.k@mail.example.ru (Анна К.)", "anna.k@mail.example.ru", None),
    ("raw-utf8-name", "Сергей Ёлкин <Sergey@Mail.Example.RU>", "sergey@mail.example.ru", "Сергей Ёлкин"),
    ("ew-quoted-koi8", f'"{ew("Петрова, Анна", "koi8-r")}" <anna.p@mail.example.ru>', "anna.p@mail.example.ru", None),
    (
        "ew-two-words",
        f"{ew('Елена', 'windows-1251', 'Q')} {ew('Волкова', 'windows-1251', 'Q')} <e.v@mail.example.ru>",
        "e.v@mail.example.ru",
        None,  # RFC 2047 drops the space between adjacent encoded words; readers differ, so not asserted
    ),
    (
        "ew-and-ascii",
        f"{ew('Ольга', 'utf-8')} Smirnova <olga@mail.example.ru>",
        "olga@mail.example.ru",
        "Ольга Smirnova",
    ),
)


def senders() -> list[Case]:
    out = []
    for i, (name, header, addr, display) in enumerate(SENDERS):
        hs = std_headers(i, "ru", TOPICS[i % 5].ru_subject, from_=header)
        exp: dict = {"sender_email": addr}
        if display is not None:
            exp["sender_name"] = display
        out.append(Case(f"sender-{name}", compose(hs, text_part(TOPICS[i % 5].ru_body)), exp))
    hs = [
        *std_headers(3, "ru", "Про заказ", from_="Анна <anna.k@mail.example.ru>"),
        ("Reply-To", "Anna.Work@Corp.Example.RU"),
    ]
    out.append(
        Case(
            "sender-reply-to-not-applied",
            compose(hs, text_part(TOPICS[0].ru_body)),
            {"sender_email": "anna.k@mail.example.ru"},
        )
    )
    return out


# --- hostile and malformed -----------------------------------------------------------------------------------


def injections() -> list[Case]:
    out = []
    for cs in ("utf-8", "koi8-r"):
        for enc in ("B", "Q"):
            evil = "Заказ ORD-10452 \r\n Bcc: victim@example.net \r\n\r\n <b>hi</b>"
            raw = compose(std_headers(1, "ru", ew(evil, cs, enc)), text_part(TOPICS[0].ru_body))
            exp = {"subject": "Заказ ORD-10452 Bcc: victim@example.net <b>hi</b>", "text_contains": ["ORD-10452"]}
            out.append(Case(f"hostile-subject-crlf-{cs}-{enc}", raw, exp))
    return out


def mail_head(subject: str, ctype: str, cte: str | None = None) -> bytes:
    hs = [*std_headers(5, "ru", subject), ("MIME-Version", "1.0"), ("Content-Type", ctype)]
    if cte:
        hs.append(("Content-Transfer-Encoding", cte))
    return headers_bytes(hs) + b"\r\n"


def malformed() -> list[Case]:
    out = []
    ru = "Прошу вернуть деньги за заказ MARK-7731.\r\n".encode()
    # multipart without a boundary parameter: must not be rejected; whether the unsplittable body becomes text or an
    # attachment is the parser's choice
    body = b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + ru + b"--b1--\r\n"
    for ct in ("multipart/mixed", "multipart/alternative"):
        out.append(
            Case(
                f"malformed-no-boundary-{ct.split('/')[1]}",
                mail_head("No boundary", ct) + body,
                {"subject": "No boundary", "sender_email": email_of(5, "ru")},
            )
        )
    # unterminated multipart: the closing boundary never comes
    part = b"--zz\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + ru
    pdf_part = (
        b"--zz\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.b64encode(PDF)[:40]
    )
    out.append(
        Case(
            "malformed-unterminated",
            mail_head("Unterminated", 'multipart/mixed; boundary="zz"') + part,
            {"subject": "Unterminated", "text_contains": ["MARK-7731", "заказ"]},
        )
    )
    out.append(
        Case(
            "malformed-unterminated-attachment",
            mail_head("Unterminated", 'multipart/mixed; boundary="zz"') + part + pdf_part,
            {"subject": "Unterminated", "text_contains": ["MARK-7731"]},
        )
    )
    # unknown transfer encodings: the body is left as it is
    for cte in ("x-garbage", "base65", "7-bit"):
        raw = mail_head("Garbage CTE", "text/plain; charset=utf-8", cte) + ru
        out.append(Case(f"malformed-cte-{cte}", raw, {"subject": "Garbage CTE", "text_contains": ["MARK-7731"]}))
    # base64 that is not: bad characters, bad padding, truncated
    for k, data in enumerate(
        (b"0J/RgNC+0YjRgyDQstC10YDQvdGD\xff\xfe!!!***\r\n", b"0J/RgNC+0YjRgyA=====\r\n", b"0J/Rg\r\n")
    ):
        raw = mail_head("Invalid base64", "text/plain; charset=utf-8", "base64") + data
        out.append(Case(f"malformed-base64-{k}", raw, {"subject": "Invalid base64"}))
    # a part with no headers at all, and a Content-Type with no subtype
    raw = mail_head("Bare part", 'multipart/mixed; boundary="q"') + b"--q\r\n\r\n" + ru + b"--q--\r\n"
    out.append(Case("malformed-part-no-headers", raw, {"subject": "Bare part", "text_contains": ["MARK-7731"]}))
    raw = mail_head("Odd type", "text; charset=utf-8") + ru
    out.append(Case("malformed-content-type-no-subtype", raw, {"subject": "Odd type"}))
    return out


@cache
def big_payload() -> bytes:
    """25 MB of base64 lines, made once."""
    line = base64.b64encode(random.Random(25).randbytes(57)) + b"\r\n"
    return line * (25 * 1024 * 1024 // 57 + 1)


def oversize() -> list[Case]:
    t = TOPICS[4]
    head = mail_head(t.ru_subject, 'multipart/mixed; boundary="BIG"')
    text = (
        b"--BIG\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + t.ru_body.encode()
        + b"\r\n"
    )
    small = (
        b'--BIG\r\nContent-Type: application/pdf; name="receipt.pdf"\r\nContent-Disposition: attachment; filename="receipt.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(PDF) + b"\r\n"
    )
    big = (
        b'--BIG\r\nContent-Type: video/mp4; name="courier.mp4"\r\nContent-Disposition: attachment; filename="courier.mp4"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n"
    )
    raw = head + text + small + big + big_payload() + b"--BIG--\r\n"
    exp = {"text_contains": words(t, "ru"), "attachments": ["receipt.pdf"], "skipped_nonempty": True}
    return [Case("hostile-attachment-25mb", raw, exp)]


def bomb_names() -> list[Case]:
    out = []
    msg = EmailMessage()
    msg.set_content(TOPICS[1].ru_body)
    msg.add_attachment(ZIP, "application", "zip", filename="invoice.pdf.zip")
    out.append(
        Case(
            "hostile-double-extension",
            compose(std_headers(1, "ru", "Счёт"), msg),
            {"attachments": ["invoice.pdf.zip"], "text_contains": ["ORD-20871"]},
        )
    )
    for k, filename in enumerate(
        (
            "../../etc/passwd",
            "../../" + "очень_длинное_имя_" * 30 + ".pdf.zip",
            "C:\\Windows\\system32\\evil.exe",
            "a\x00b.pdf",
        )
    ):
        msg = EmailMessage()
        msg.set_content(TOPICS[2].ru_body)
        msg.add_attachment(ZIP, "application", "zip", filename=filename)
        out.append(
            Case(
                f"hostile-filename-{k}",
                compose(std_headers(k, "ru", "Документы"), msg),
                {"text_contains": ["ORD-33019"], "subject": "Документы"},
            )
        )
    return out


def many_parts(n: int) -> bytes:
    part = b'--P\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Disposition: attachment; filename="p.txt"\r\n\r\nx\r\n'
    text = b"--P\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMANY-PARTS\r\n"
    return mail_head("Many parts", 'multipart/mixed; boundary="P"') + text + part * (n - 1) + b"--P--\r\n"


def rejects() -> list[Case]:
    out = [
        Case("reject-parts-10000", many_parts(10_000), {"rejected": True}),
        Case("reject-parts-600", many_parts(600), {"rejected": True}),
        Case("accept-parts-50", many_parts(50), {"text_contains": ["MANY-PARTS"], "attachments": ["p.txt"] * 49}),
        Case("reject-empty", b"", {"rejected": True}),
        Case("reject-blank-lines", b"\r\n\r\n\r\n", {"rejected": True}),
        Case("reject-binary-png", PNG + random.Random(1).randbytes(4000), {"rejected": True}),
        Case("reject-binary-random", b"\x00\x9f" + random.Random(2).randbytes(2048), {"rejected": True}),
        Case("reject-pdf-file", PDF * 20, {"rejected": True}),
        Case("reject-plain-text", "просто текст без заголовков\nи ещё строка\n".encode(), {"rejected": True}),
    ]
    for lang in ("ru", "en"):
        t = TOPICS[0]
        hs = [h for h in std_headers(0, lang, subject_of(t, lang)) if h[0] != "From"]
        out.append(Case(f"reject-no-from-{lang}", compose(hs, text_part(body_of(t, lang))), {"rejected": True}))
    hs = [("From", ""), *std_headers(0, "ru", "Пустой отправитель")[1:]]
    out.append(Case("reject-empty-from", compose(hs, text_part(TOPICS[0].ru_body)), {"rejected": True}))
    return out


def long_content() -> list[Case]:
    out = []
    subject = " ".join(f"Заказ ORD-{k}" for k in range(400))
    folded = (CRLF + " ").join(ew(subject[k : k + 40]) for k in range(0, len(subject), 40))
    out.append(
        Case(
            "hostile-subject-very-long",
            compose(std_headers(0, "ru", folded), text_part("коротко\n")),
            {"subject": subject},
        )
    )
    body = "LONG-START Начало письма про заказ.\n" + ("бла " * 20 + "\n") * 4000
    out.append(
        Case(
            "hostile-text-very-long",
            compose(std_headers(1, "ru", "Длинное письмо"), text_part(body, cte="base64")),
            {"text_contains": ["LONG-START"]},
        )
    )
    return out


FAMILIES = (
    body_charsets,
    header_charsets,
    folded_subjects,
    wrong_charsets,
    alternatives,
    html_only,
    with_attachments,
    related_inline,
    forwarded,
    calendar,
    bounces,
    automatic,
    threading,
    tagged,
    senders,
    injections,
    malformed,
    oversize,
    bomb_names,
    rejects,
    long_content,
)


def build() -> list[Case]:
    return [case for family in FAMILIES for case in family()]


CASES: list[Case] = build()
