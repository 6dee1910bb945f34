"""A plain keyword baseline, the yardstick for the model: fixed word lists and the guide's order of kinds.

It looks at lower-cased word stems only (no morphology, no model, no weights): a demand stem makes a
claim; complaint words a complaint; thanks with nothing else gratitude; suggestion words a suggestion;
a question mark or a question word a question; anything else a complaint. Rude by a short list of
insults.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_DEMAND = (
    "верните", "вернуть", "возврат", "компенс", "возмест", "пересчит", "перерасч", "отмените", "снимите",
    "аннулир", "замените", "refund", "reimburs", "compensat", "chargeback", "money back", "waive",
)  # fmt: skip
_COMPLAINT = (
    "ужас", "безобраз", "отврат", "хам", "жду", "ждал", "долго", "опозд", "не работает", "сломал", "грязн",
    "недовол", "terrible", "awful", "rude", "waited", "waiting", "late", "delay", "broken", "not working",
    "disappoint", "worst", "still",
)  # fmt: skip
_THANKS = ("спасибо", "благодар", "молодц", "thank", "grateful", "appreciate", "kudos")
_SUGGEST = (
    "предлага", "предложен", "было бы", "хотелось бы", "добавьте", "suggest", "would be great", "would be nice",
    "please add", "feature request", "wish",
)  # fmt: skip
_QUESTION = ("как ", "когда", "где ", "можно ли", "подскажите", "сколько", "how ", "when ", "where ", "can i", "is it")
_RUDE = (
    "идиот", "дебил", "бездар", "придур", "урод", "кретин", "мошенник", "кидал", "клоун", "козл", "сволоч",
    "idiot", "moron", "stupid", "scammer", "crook", "clown", "garbage", "fuck", "shit",
)  # fmt: skip


def _has(text: str, stems: tuple[str, ...]) -> bool:
    return any(stem in text for stem in stems)


def baseline_classify(text: str) -> tuple[str, bool]:
    """(kind, rude) by keyword rules."""
    low = " " + " ".join(_WORD.findall(text.lower())) + " "
    rude = _has(low, _RUDE) or "*" in text
    if _has(low, _DEMAND):
        kind = "claim"
    elif _has(low, _COMPLAINT) or rude:
        kind = "complaint"
    elif _has(low, _SUGGEST):
        kind = "suggestion"
    elif "?" in text or _has(low, _QUESTION):
        kind = "question"
    elif _has(low, _THANKS):
        kind = "gratitude"
    else:
        kind = "complaint"
    return kind, rude
