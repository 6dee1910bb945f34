"""Sentence-level cues for long appeals, the guide's rules for stories, and post noise."""

from otklik.classify.pipeline import analyze
from otklik.classify.text import tokenize


def _cues(text: str) -> set[str]:
    return {name for name in analyze(text).features if name.startswith(("c:", "e:"))}


def test_a_demand_told_as_history_is_early_and_one_at_the_end_is_at_the_end() -> None:
    story = (
        "В марте я написал в банк: верните комиссию. Через неделю комиссию вернули. "
        "Потом всё работало. Сегодня опять не пускает в приложение. Ужасно."
    )
    cues = _cues(story)
    assert "c:demand@early" in cues and "c:demand@end" not in cues
    assert "c:demand@end" in _cues("Комиссию списали снова. Верните 500 рублей.")


def test_money_still_awaited_is_a_cue_without_a_written_demand() -> None:
    cues = _cues("Перевёл 5000 рублей неделю назад. Деньги так и не поступили на счёт.")
    assert {"c:awaited", "c:awaited_no_demand"} <= cues
    assert "c:demand" not in cues  # "неделю назад" is "a week ago", not "give back"
    assert "c:awaited" in _cues("I deposited $500 on May 3 and it has still not been credited.")
    assert "c:awaited" in _cues("Still waiting for my refund from last month.")
    assert "c:awaited" not in _cues("Курьер не пришёл, я ждал два часа.")


def test_a_refusal_only_argued_with_and_a_warning_to_others() -> None:
    cues = _cues("Банк отказал в кешбэке за 3 000 рублей. Не рекомендую никому.")
    assert {"c:refusal_no_demand", "c:warn_no_demand"} <= cues
    assert "c:thanks" not in cues and "c:praise" not in cues  # "рекомендую" under "не" is no praise
    demanded = _cues("Банк отказал в кешбэке. Требую начислить 3 000 рублей.")
    assert "c:refusal" in demanded and "c:refusal_no_demand" not in demanded


def test_links_and_mentions_are_single_tokens_and_emojis_are_features() -> None:
    tokens = tokenize("@SkyAir where is my bag?? https://t.co/x1 #lost 😡")
    assert [t.norm for t in tokens if t.kind == "x"] == ["<mention>", "<url>"]
    assert "e:😡" in _cues("@SkyAir where is my bag?? #lost 😡")
    assert "c:qend" in _cues("@SkyAir where is my bag?? https://t.co/x1 😡")  # a link after "?" still ends on it
    assert not any(
        name.startswith("w:") and ("http" in name or "sky" in name)
        for name in analyze("@SkyAir https://t.co/x1").features
    )


def test_money_owed_asked_as_a_question() -> None:
    """ "Where is my money?" about money already owed, and "who will pay?" are claims in question form."""
    for text in (
        "Отказалась от тура три недели назад. Ну и где мои 62 000?",
        "Returned the boots on 2 Oct. When am I getting my £89.99 back?",
        "где мои деньги??",
    ):
        assert "c:where_money" in _cues(text), text
    for text in (
        "Когда вернут деньги, если я отменю заказ?",  # a condition: how refunds work
        "Где ближайший пункт выдачи?",  # no money
        "Где мои 62 000. Жду.",  # no question
    ):
        assert "c:where_money" not in _cues(text), text
    for text in (
        "Кто мне это оплатит?",
        "Разницу кто вернёт?",
        "Как будете возмещать?",
        "So who is going to refund me?",
    ):
        assert "c:who_pays" in _cues(text), text
    for text in ("Как вернуть деньги за билет?", "Кто сегодня дежурит?", "Кто мне это оплатит. Никто."):
        assert "c:who_pays" not in _cues(text), text


def test_money_that_has_not_come_back_is_awaited() -> None:
    assert "c:awaited" in _cues("@Tellura still no sign of the £50 credit. month 4 now.")
    assert "c:awaited" in _cues("I cancelled 48 hrs ahead and the $40 deposit still hasn't come back.")
