"""Hand-built test mail: a plain message from a customer, headers given as keyword arguments."""

from __future__ import annotations

from email.message import EmailMessage


def email_message(body: str, **headers: str) -> EmailMessage:
    """``Message_ID="<x@y>"`` sets ``Message-ID``; From and Subject have defaults, To is the desk."""
    message = EmailMessage()
    message["From"] = headers.pop("From", "Ольга Петрова <Olga@Example.ru>")
    message["To"] = "support@desk.example"
    message["Subject"] = headers.pop("Subject", "Двойное списание")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message
