"""Turning a Russian mailbox's bytes into text when the declared charset is missing or wrong.

Mail from old clients and webmail gateways often says ``utf-8`` over windows-1251 bytes, or says
nothing at all. Two facts decide almost every case: non-ASCII bytes that are valid UTF-8 are UTF-8
(by chance they practically never are), and in the single-byte Cyrillic encodings the same bytes read
as the frequent lower-case Russian letters (о, е, а, и, н…) in the right one and as capitals, rare
letters or Serbian and Macedonian ones in the wrong ones.
"""

from __future__ import annotations

import codecs

CYRILLIC_SINGLE_BYTE = ("windows-1251", "koi8-r", "iso-8859-5")


def _known(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip('"').lower()).name
    except LookupError:
        return None


# The ten most frequent Russian letters: about 60% of the letters of any Russian prose.
_FREQUENT = frozenset("оеаинтсрвл")


def _prose_share(text: str) -> float:
    """How much of the non-ASCII text reads as frequent lower-case Russian letters."""
    wide = [c for c in text if not c.isascii()]
    if not wide:
        return 0.0
    return sum(c in _FREQUENT for c in wide) / len(wide)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """The text these bytes most plausibly are, never raising."""
    if data.isascii():
        return data.decode("ascii")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    charset = _known(declared)
    candidates = [c for c in (charset, *CYRILLIC_SINGLE_BYTE) if c and c != "utf-8"]
    readings = []
    for candidate in dict.fromkeys(candidates):
        try:
            readings.append((candidate, data.decode(candidate)))
        except UnicodeDecodeError:
            continue
    if not readings:
        return data.decode("utf-8", errors="replace")
    declared_reading = next((text for name, text in readings if name == charset), None)
    best = max(readings, key=lambda reading: _prose_share(reading[1]))[1]
    # Trust the declared charset unless another reading is clearly more like prose.
    if declared_reading is not None and _prose_share(best) - _prose_share(declared_reading) < 0.2:
        return declared_reading
    return best


def repair_header(value: str) -> str:
    """A header the parser kept as raw 8-bit bytes (surrogate escapes) decoded as its best reading."""
    if not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    return decode_bytes(value.encode("utf-8", errors="surrogateescape"))
