"""Money amounts and order / booking / contract / account numbers stated in an appeal.

Amounts count only with a currency (a word, a sign or an ISO code), or in Russian text with a
thousands suffix ("15к", "15 тыс.", "15 т.р."), which means rubles there. When a message states
several amounts, the disputed one is the amount nearest to a demand ("верните", "refund"), then to a
charge ("списали", "charged"); amounts near a balance or a limit count least.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_SPACE = "[ \u00a0\u202f]"
_NUM = rf"\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:[.,]\d{{1,2}})?(?!\d)|\d+(?:[.,]\d+)*"
_MULT = (
    r"тыс(?:яч[аиу]?|\.|(?![а-яё]))|тыщ[аи]?|т\.\s?р\.?|тр(?![а-яё])|млн\.?|миллион(?:а|ов)?|млрд\.?"
    r"|к(?![а-яёa-z])|k(?![a-z])|thousand|million|mln|m(?![a-z])|bn|billion"
)
_CUR_WORD = (
    r"руб(?:л(?:ей|я|ь|ю|ями|ях)|\.)?|р\.|р(?![а-яёa-z])|₽|rub(?:les?)?|rur|usd|us\$|долл(?:ар(?:ов|а|ы|ам)?|\.)?"
    r"|dollars?|bucks|\$|евро|eur(?:os?)?|€|£|gbp|фунт(?:ов|а)?(?:\sстерлингов)?|pounds?|тенге|kzt|₸|грн|гривен|uah|₴"
    r"|юан(?:ей|я|ь|ям)|cny|¥|yuan|byn|сум(?![а-яё])|uzs"
)
_CUR_SIGN = r"\$|€|£|₽|usd|eur|rub|gbp|us\$|cny|kzt"

_AFTER = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})\s?(?:(?P<mult>{_MULT})\s?)?(?P<cur>{_CUR_WORD})(?![a-zа-яё])", re.IGNORECASE
)
_BEFORE = re.compile(
    rf"(?<![a-zа-яё])(?P<cur>{_CUR_SIGN})\s?(?P<num>{_NUM})(?:\s?(?P<mult>{_MULT}))?(?![\w$])", re.IGNORECASE
)
# Russian shorthand without a currency word: "15к", "15 тыс.", "15 т.р." are rubles.
_RU_SHORT = re.compile(
    r"(?<![\w.,])(?P<num>\d+(?:[.,]\d+)?)\s?(?P<mult>к|тыс(?:яч[аиу]?|\.|(?![а-яё]))|т\.\s?р\.?|тр)(?![а-яёa-z])",
    re.IGNORECASE,
)

_ISO = [
    (re.compile(r"^(?:руб|р\b|р\.|₽|rub|rur)", re.I), "RUB"),
    (re.compile(r"^(?:usd|us\$|\$|долл|dollar|buck)", re.I), "USD"),
    (re.compile(r"^(?:евро|eur|€)", re.I), "EUR"),
    (re.compile(r"^(?:£|gbp|фунт|pound)", re.I), "GBP"),
    (re.compile(r"^(?:тенге|kzt|₸)", re.I), "KZT"),
    (re.compile(r"^(?:грн|гривен|uah|₴)", re.I), "UAH"),
    (re.compile(r"^(?:юан|cny|¥|yuan)", re.I), "CNY"),
    (re.compile(r"^byn", re.I), "BYN"),
    (re.compile(r"^(?:сум|uzs)", re.I), "UZS"),
]
_MULTIPLIERS = [
    (re.compile(r"^(?:млрд|bn|billion)", re.I), 1_000_000_000),
    (re.compile(r"^(?:млн|миллион|million|mln|m$)", re.I), 1_000_000),
    (re.compile(r"^(?:тыс|тыщ|т\.|тр|к|k|thousand)", re.I), 1_000),
]

# Context that makes an amount the disputed one (or not).
_DEMAND = re.compile(
    r"верн|возвра|компенс|возмест|пересчит|перерасч|зачисл|выплат|refund|reimburs|compensat|return|back|credit"
    r"|chargeback|revers|waive",
    re.I,
)
_CHARGE = re.compile(
    r"списа|снял|снят|взял|удерж|оплат|заплат|переплат|комисси|штраф|charg|debit|paid|pay|fee|fine|withdr|took",
    re.I,
)
_BALANCE = re.compile(r"баланс|остат|лимит|доход|зарплат|кредитк|balance|limit|salary|income|credit line", re.I)


@dataclass(frozen=True, slots=True)
class Amount:
    value: Decimal
    currency: str
    start: int
    end: int


def parse_number(raw: str, multiplier: int = 1) -> Decimal | None:
    """ "23 400" → 23400, "2,500.00" → 2500.00, "1 500,50" → 1500.50, "12.500" → 12500, "1,5" → 1.5."""
    s = re.sub(_SPACE, "", raw)
    if "," in s and "." in s:
        decimal_mark = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if decimal_mark == "," else ",", "").replace(",", ".")
    elif "," in s or "." in s:
        mark = "," if "," in s else "."
        head, _, tail = s.rpartition(mark)
        thousands = s.count(mark) > 1 or (len(tail) == 3 and multiplier == 1)
        s = s.replace(mark, "") if thousands else head.replace(mark, "") + "." + tail
    try:
        value = Decimal(s) * multiplier
    except InvalidOperation:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _iso(currency: str) -> str:
    for pattern, code in _ISO:
        if pattern.match(currency.strip()):
            return code
    return ""


def _multiplier(mult: str | None) -> int:
    if not mult:
        return 1
    for pattern, factor in _MULTIPLIERS:
        if pattern.match(mult.strip()):
            return factor
    return 1


def find_amounts(text: str, lang: str = "ru") -> list[Amount]:
    """Every stated amount with its currency, in the order of the text."""
    found: list[Amount] = []
    if _DIGIT.search(text) is None:
        return found
    taken: list[tuple[int, int]] = []
    runs = [m.start() for m in _DIGIT_RUN.finditer(text)]
    # A number opens every match of _AFTER and _RU_SHORT, so they are tried only where a run of digits starts
    # (a scan for digits is a fraction of theirs, tried at every character); _BEFORE puts its currency sign,
    # at most four characters with the space, before the number.
    patterns = [_AFTER, _BEFORE, *([_RU_SHORT] if lang == "ru" else [])]
    for pattern in patterns:
        starts = _sign_starts(runs) if pattern is _BEFORE else runs
        for m in _matches_at(pattern, text, starts):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            mult = m.group("mult")
            value = parse_number(m.group("num"), _multiplier(mult))
            currency = _iso(m.groupdict().get("cur") or "") or "RUB"
            if value is None or value <= 0:
                continue
            found.append(Amount(value, currency, start, end))
            taken.append((start, end))
    found.sort(key=lambda a: a.start)
    return found


def _sign_starts(runs: list[int]) -> list[int]:
    """Every position up to four characters before a run of digits, in order, each once."""
    starts: list[int] = []
    for run in runs:
        first = max(run - _SIGN_REACH, starts[-1] + 1 if starts else 0)
        starts.extend(range(first, run))
    return starts


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, for a pattern whose matches can only begin at ``starts``
    (ascending): each is tried unless a match already covers it, as the scan would."""
    found: list[re.Match[str]] = []
    end = 0
    for start in starts:
        if start < end:
            continue
        m = pattern.match(text, start)
        if m is not None:
            found.append(m)
            end = m.end()
    return found


def _nearness(pattern: re.Pattern[str], text: str, start: int, end: int) -> float:
    """1 when a cue is within 15 characters of the amount, fading to 0 at 90."""
    window = text[max(0, start - 90) : end + 90]
    offset = max(0, start - 90)
    best = 0.0
    for m in pattern.finditer(window):
        s, e = m.start() + offset, m.end() + offset
        distance = max(0, start - e, s - end)
        best = max(best, 1.0 if distance <= 15 else max(0.0, 1 - (distance - 15) / 75))
    return best


def disputed_amount(text: str, amounts: list[Amount]) -> Amount | None:
    if len(amounts) <= 1:
        return amounts[0] if amounts else None

    def score(a: Amount) -> tuple[float, Decimal]:
        s = (
            3 * _nearness(_DEMAND, text, a.start, a.end)
            + 2 * _nearness(_CHARGE, text, a.start, a.end)
            - 2 * _nearness(_BALANCE, text, a.start, a.end)
        )
        return round(s, 3), a.value

    return max(amounts, key=score)


# Order, booking, contract, account, ticket numbers after a keyword; "№ …" and "#…" on their own.
_REF_KEYWORD = (
    r"заказ\w*|договор\w*|сч[её]т\w*|брон\w*|заявк\w*|обращени\w*|накладн\w*|трек\w*|посылк\w*|полис\w*|"
    r"билет\w*|чек\w*|транзакци\w*|операци\w*|ваучер\w*|квитанци\w*|претензи\w*|контракт\w*|"
    r"orders?|booking|reservation|contract|account|invoice|ticket|case|reference|ref|confirmation|tracking|"
    r"policy|transaction|claim|receipt|voucher|pnr"
)
_REF_LABEL = r"(?:№|#|номер\w*|number|num|nr\.?|no\.?|code|код\w*|id)"
_REF_ID = r"[A-ZА-ЯЁ0-9][A-ZА-ЯЁ0-9\-/]*\d[A-ZА-ЯЁ0-9\-/]*"
_NOT_MONEY = r"(?!\s?(?:руб|р\b|р\.|₽|\$|usd|долл|dollar|eur|евро|тыс|к\b|k\b|%))"
_REFS = [
    re.compile(
        rf"(?i:\b(?:{_REF_KEYWORD}))\s*(?:(?i:{_REF_LABEL})\s*[:.]?\s*)?(?P<id>(?>{_REF_ID})){_NOT_MONEY}",
        re.IGNORECASE,
    ),
    # A PNR / booking code is six capitals or digits, letters only allowed.
    re.compile(
        r"(?i:\b(?:pnr|booking\s+(?:code|reference|ref)|confirmation\s+(?:code|number)|код\w*\s+брониров\w*|"
        r"номер\w*\s+брон\w*|брон\w*))\s*[:#№]?\s*(?P<id>[A-Z0-9]{6})\b"
    ),
    re.compile(rf"(?:№|#)\s?(?P<id>(?>{_REF_ID})){_NOT_MONEY}", re.IGNORECASE),
]


# Where a keyword of the first two patterns starts, searched in the lower-cased text without IGNORECASE:
# the case-insensitive alternation of forty keywords tried at every word start cost five times as much, and
# was the classifier's single slowest step. The full pattern is then only tried where a keyword starts.
_KEYWORD_STARTS = [
    re.compile(r"\b(?:" + _REF_KEYWORD + ")"),
    re.compile(r"\b(?:pnr|booking|confirmation|код|номер|брон)"),
]
_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\d+")
_SIGN_REACH = 4  # the longest currency sign of _BEFORE ("us$") and a space


def _keyword_matches(pattern: re.Pattern[str], starts: re.Pattern[str], text: str, low: str) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, for a pattern that can only start where ``starts`` matches."""
    if len(low) != len(text):  # a letter whose lower case is longer ("İ"): offsets would drift
        return list(pattern.finditer(text))
    found: list[re.Match[str]] = []
    end = 0
    for k in starts.finditer(low):
        if k.start() < end:
            continue
        m = pattern.match(text, k.start())
        if m is not None:
            found.append(m)
            end = m.end()
    return found


def _reference_matches(text: str) -> list[re.Match[str]]:
    low = text.lower()
    found = _keyword_matches(_REFS[1], _KEYWORD_STARTS[1], text, low)
    if _DIGIT.search(text) is None:  # every other reference has a digit
        return found
    return _keyword_matches(_REFS[0], _KEYWORD_STARTS[0], text, low) + found + list(_REFS[2].finditer(text))


def find_reference_spans(text: str) -> list[tuple[str, int, int]]:
    """Distinct reference numbers with the span of their first appearance, in text order."""
    hits: list[tuple[int, int, str]] = []
    for m in _reference_matches(text):
        ref = m.group("id").rstrip("-/.")
        digits = sum(ch.isdigit() for ch in ref)
        if len(ref) < 3 or (digits == len(ref) and len(ref) < 4 and not m.group(0).lstrip().startswith(("№", "#"))):
            continue
        hits.append((m.start("id"), m.start("id") + len(ref), ref))
    hits.sort()
    seen: dict[str, tuple[str, int, int]] = {}
    for start, end, ref in hits:
        seen.setdefault(ref, (ref, start, end))
    return list(seen.values())


def find_references(text: str) -> list[str]:
    """Distinct reference numbers in the order they first appear."""
    return [ref for ref, _, _ in find_reference_spans(text)]
