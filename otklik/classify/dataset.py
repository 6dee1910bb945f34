"""Labeled TSV files: a header line, then one appeal per line, tab-separated, UTF-8.

Columns the evaluation needs: ``type`` (a kind), ``rude`` (0/1), ``lang`` (ru/en), ``text``; any other
column (``domain``, ``source``, ``id``…) is kept in ``extra``. A bad file is refused with the line
and the column at fault, never half-read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from otklik.classify.model import KINDS
from otklik.classify.text import LANGS

REQUIRED = ("type", "rude", "lang", "text")


@dataclass(frozen=True)
class LabeledText:
    kind: str
    rude: bool
    lang: str
    text: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def domain(self) -> str:
        return self.extra.get("domain", "")


class DatasetError(ValueError):
    def __init__(self, path: Path | str, line: int, column: str, problem: str) -> None:
        self.path, self.line, self.column, self.problem = str(path), line, column, problem
        if column:
            message = _("%(file)s, line %(line)d, column “%(column)s”: %(problem)s")
        else:
            message = _("%(file)s, line %(line)d: %(problem)s")
        super().__init__(message % {"file": path, "line": line, "column": column, "problem": problem})


def _parse_row(path: Path, number: int, header: list[str], fields: list[str]) -> LabeledText:
    if len(fields) != len(header):
        raise DatasetError(
            path, number, "", _("expected %(expected)d tab-separated columns, found %(found)d")
            % {"expected": len(header), "found": len(fields)},
        )  # fmt: skip
    row = dict(zip(header, fields, strict=True))
    kind = row["type"].strip()
    if kind not in KINDS:
        raise DatasetError(path, number, "type", _("“%(value)s” is not one of %(allowed)s")
                           % {"value": kind, "allowed": ", ".join(KINDS)})  # fmt: skip
    rude = row["rude"].strip()
    if rude not in ("0", "1"):
        raise DatasetError(path, number, "rude", _("“%(value)s” is not 0 or 1") % {"value": rude})
    lang = row["lang"].strip()
    if lang not in LANGS:
        raise DatasetError(path, number, "lang", _("“%(value)s” is not one of %(allowed)s")
                           % {"value": lang, "allowed": ", ".join(LANGS)})  # fmt: skip
    text = row["text"].strip()
    if not text:
        raise DatasetError(path, number, "text", _("the text is empty"))
    extra = {k: v for k, v in row.items() if k not in REQUIRED}
    return LabeledText(kind=kind, rude=rude == "1", lang=lang, text=text, extra=extra)


def read_labeled(path: Path | str, required: Sequence[str] = REQUIRED) -> list[LabeledText]:
    path = Path(path)
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(path, 0, "", _("no such file")) from None
    except UnicodeDecodeError as exc:
        bad_line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise DatasetError(path, bad_line, "", _("not UTF-8 text")) from None
    lines = content.lstrip("\ufeff").splitlines()
    if not lines or not lines[0].strip():
        raise DatasetError(path, 1, "", _("the header line is missing"))
    header = [h.strip() for h in lines[0].split("\t")]
    for column in (*REQUIRED, *required):
        if column not in header:
            raise DatasetError(path, 1, column, _("the header has no such column"))
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip():
            rows.append(_parse_row(path, number, header, line.split("\t")))
    return rows


def write_labeled(path: Path, rows: Iterable[LabeledText], columns: Sequence[str]) -> None:
    """Write rows with the given columns (from the required ones and ``extra``), in the given order."""

    def value(row: LabeledText, column: str) -> str:
        known = {"type": row.kind, "rude": "1" if row.rude else "0", "lang": row.lang, "text": row.text}
        return known[column] if column in known else row.extra.get(column, "")

    lines = ["\t".join(columns)]
    lines += ["\t".join(value(r, c).replace("\t", " ").replace("\n", " ") for c in columns) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
