"""Every new ticket is read by the classifier on intake, whichever door it came through."""

from __future__ import annotations

from decimal import Decimal

import pytest

from otklik.classify import engine
from otklik.core.actor import Actor
from otklik.desk import services
from otklik.desk.choices import KindSource
from otklik.desk.models import Event, Ticket

pytestmark = pytest.mark.django_db

CLAIM = "С карты дважды списали 1 200 ₽ за одну покупку по заказу № 45-778812. Прошу вернуть лишнее списание."
THANKS = "Огромное спасибо оператору Анне, она очень быстро и вежливо помогла разобраться с доставкой!"


def _open(text: str, **extra):
    appeal = services.Appeal(
        who=services.ContactRef(email="olga@example.ru", name="Ольга"), channel="email", body=text, **extra
    )
    return services.ticket_open(appeal=appeal, actor=Actor.customer()).ticket


def test_a_claim_arrives_with_its_kind_amount_and_order_number(team_l1):
    ticket = _open(CLAIM)
    assert (ticket.kind, ticket.kind_source) == ("claim", KindSource.CLASSIFIER)
    assert 0 < ticket.kind_confidence <= 1
    assert (ticket.claim_amount, ticket.claim_currency) == (Decimal("1200"), "RUB")
    assert "45-778812" in " ".join(ticket.classification["references"])
    assert ticket.classification["explanation"], "the page shows which phrases decided the kind"
    opened = Event.objects.get(ticket=ticket, verb="ticket.opened")
    assert opened.after["kind"] == "claim" and opened.after["kind_source"] == "classifier"


def test_gratitude_carries_no_claimed_amount(team_l1):
    ticket = _open(THANKS)
    assert ticket.kind == "gratitude"
    assert (ticket.claim_amount, ticket.claim_currency, ticket.tone_rude) == (None, "", False)


def test_rude_text_is_flagged(team_l1):
    ticket = _open("Вы идиоты, третий раз привозите не тот заказ, задолбали уже!!!")
    assert ticket.tone_rude and ticket.tone_negative


def test_the_callers_kind_wins_but_tone_and_amount_are_still_read(team_l1):
    ticket = _open(CLAIM, kind="complaint")
    assert (ticket.kind, ticket.kind_source, ticket.needs_triage) == ("complaint", KindSource.CLIENT, False)
    assert ticket.claim_amount is None, "only a claim carries a claimed amount"
    assert ticket.classification["kind"] == "claim"


def test_unsure_verdicts_wait_in_triage_and_an_agents_confirmation_releases_them(team_l1, agent, settings):
    settings.CLASSIFY_TRIAGE_BELOW = 1.0  # nothing is sure enough
    ticket = _open(THANKS)
    assert ticket.needs_triage and ticket.kind == "gratitude"
    ticket = services.ticket_change_kind(ticket=ticket, actor=Actor.of(agent), kind="gratitude")
    assert (ticket.needs_triage, ticket.kind_source, ticket.kind_set_by) == (False, KindSource.AGENT, agent)
    event = Event.objects.filter(ticket=ticket, verb="ticket.kind_changed").get()
    assert event.actor == agent
    assert (event.before["kind_source"], event.before["needs_triage"]) == ("classifier", True)
    assert (event.after["kind_source"], event.after["needs_triage"]) == ("agent", False)


def test_a_correction_to_claim_brings_back_the_amount_and_away_from_claim_drops_it(team_l1, agent):
    ticket = _open(CLAIM, kind="complaint")
    ticket = services.ticket_change_kind(ticket=ticket, actor=Actor.of(agent), kind="claim")
    assert (ticket.claim_amount, ticket.claim_currency) == (Decimal("1200"), "RUB")
    ticket = services.ticket_change_kind(ticket=ticket, actor=Actor.of(agent), kind="question")
    assert (ticket.claim_amount, ticket.claim_currency) == (None, "")


def test_a_classifier_failure_never_loses_the_appeal(team_l1, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("model file is corrupt")

    monkeypatch.setattr(engine, "classify", broken)
    ticket = _open(CLAIM)
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert (ticket.kind, ticket.kind_source, ticket.needs_triage) == ("", "", True)
    assert ticket.messages.get().body_text == CLAIM


def test_html_only_messages_are_read_too(team_l1):
    ticket = _open("", body_html=f"<p>{THANKS}</p>")
    assert ticket.kind == "gratitude"


def test_a_possible_claim_waits_in_triage_even_when_the_classifier_is_sure(team_l1, settings):
    settings.CLASSIFY_TRIAGE_BELOW = 0.0  # sure enough, whatever it says
    settings.CLASSIFY_POSSIBLE_CLAIM_ABOVE = 0.0  # but any chance of a claim is worth a look
    ticket = _open(THANKS)
    assert (ticket.kind, ticket.needs_triage, ticket.classification["triage"]) == ("gratitude", True, "possible_claim")
    settings.CLASSIFY_POSSIBLE_CLAIM_ABOVE = 1.0
    ticket = _open(THANKS + " ")
    assert (ticket.needs_triage, ticket.classification["triage"]) == (False, "")


def test_a_claim_is_never_a_possible_claim(team_l1, settings):
    settings.CLASSIFY_TRIAGE_BELOW = 0.0
    settings.CLASSIFY_POSSIBLE_CLAIM_ABOVE = 0.0
    ticket = _open(CLAIM)
    assert (ticket.kind, ticket.needs_triage) == ("claim", False)
