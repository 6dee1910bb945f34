from typing import Any

import pytest

from otklik.core.actor import Actor
from otklik.desk import services
from otklik.desk.choices import KindSource
from otklik.desk.corrections import agent_corrections

pytestmark = pytest.mark.django_db


def _ticket(subject: str, body: str) -> Any:
    customer = services.customer_resolve(actor=Actor.customer(), email=f"{abs(hash(body))}@example.ru")
    appeal = services.Appeal(who=customer, channel="email", subject=subject, body=body)
    return services.ticket_open(appeal=appeal, actor=Actor.customer()).ticket


def test_latest_agent_correction_per_ticket_with_the_first_inbound_message(
    agent: Any, team_l1: Any, django_assert_max_num_queries: Any
) -> None:
    actor = Actor.of(agent)
    first = _ticket("Списание", "Верните 500 рублей")
    services.message_add_inbound(ticket=first, body_text="И ещё одно сообщение", actor=Actor.customer())
    services.ticket_change_kind(ticket=first, actor=actor, kind="complaint")
    services.ticket_change_kind(ticket=first, actor=actor, kind="claim")
    second = _ticket("", "Спасибо Анне!")
    services.ticket_change_kind(ticket=second, actor=actor, kind="gratitude")
    third = _ticket("", "Когда доставка?")  # only the classifier set its kind
    services.ticket_change_kind(ticket=third, actor=Actor.system(), kind="question", source=KindSource.CLASSIFIER)

    with django_assert_max_num_queries(2):
        corrections = agent_corrections()

    by_ticket = {c.ticket_id: c for c in corrections}
    assert set(by_ticket) == {first.pk, second.pk}
    assert by_ticket[first.pk].kind == "claim"
    assert by_ticket[first.pk].text == "Списание\nВерните 500 рублей"
    assert by_ticket[second.pk].text == "Спасибо Анне!"


def test_no_corrections() -> None:
    assert agent_corrections() == []
