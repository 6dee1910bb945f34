"""Demand cues found in the training split's missed claims: replacement and reissue verbs, "I need … refunded",
passive demands, and a demand phrase the customer renounces ("I don't want money back", «претензий нет»)."""

import pytest

from otklik.classify.pipeline import analyze


def _cues(text: str) -> set[str]:
    return {name for name in analyze(text).features if name.startswith("c:")}


@pytest.mark.parametrize(
    "text",
    [
        "I want the unit swapped for a new one this week.",
        "I am asking the bank to reissue my closing balance of $2,087.45.",
        "I need the $612.40 refunded to me.",
        "I need you to cover the repair.",
        "I would like all of these fees to be reversed.",
        "I'd like a partial credit for the three nights.",
    ],
)
def test_implicit_and_passive_demands_are_demands(text: str) -> None:
    assert "c:demand" in _cues(text)


@pytest.mark.parametrize(
    "text",
    [
        "I don't want money back; I want you to take this seriously.",
        "Просить ничего не буду, 200 рублей — урок мне.",
        "Гид отличный, к нему претензий нет.",
        "К ним претензий не имеем, всё объяснили.",
    ],
)
def test_a_renounced_demand_is_not_a_demand(text: str) -> None:
    cues = _cues(text)
    assert "c:demand" not in cues
    assert "c:renounce" in cues


def test_renouncing_in_other_inflections_is_found() -> None:
    assert "c:renounce" in _cues("Я ничего не требую, просто рассказываю.")
    assert "c:renounce" in _cues("We are not asking for anything further from the bank.")


def test_a_real_claim_keeps_its_demand() -> None:
    assert "c:demand" in _cues("Претензия: верните 500 рублей за отменённый заказ.")
    assert "c:demand" in _cues("Please refund the $30 fee.")


def test_an_english_command_to_pay_or_honour_is_a_demand_but_the_past_is_not() -> None:
    assert "c:demand" in _cues("@GlowRoomSalon your stylist burned my scalp. Pay for the treatment.")
    assert "c:demand" in _cues("Honor the price you advertised.")
    assert "c:demand" in _cues("Please apply the service credit for Saturday.")
    assert "c:demand" not in _cues("Paid twice for one order. Lovely.")  # "pay" opening a clause, in the past
