"""The translation catalogues: the Russian one is complete, its plurals are right, the .mo files are fresh."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.clients import login
from tests.factories import open_ticket

LOCALE = Path(settings.LOCALE_PATHS[0])
TICKETS_ONE, TICKETS_MANY = "%(counter)s ticket", "%(counter)s tickets"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def _unquote(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text.strip()[1:-1])


def _append(entry: Entry, target: str | int, text: str) -> None:
    if isinstance(target, int):
        entry.msgstr[target] = entry.msgstr.get(target, "") + text
    else:
        setattr(entry, target, (getattr(entry, target) or "") + text)


def parse_po(path: Path) -> list[Entry]:
    """Just enough of the PO format for these tests: flags, msgctxt, msgid, msgid_plural, msgstr[n]; obsolete entries skipped."""
    entries: list[Entry] = []
    entry, target = Entry(), None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip() or line.startswith("#~"):
            if target is not None:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"continuation without a keyword in {path}: {line}"
            _append(entry, target, _unquote(line))
        else:
            keyword, value = line.split(" ", 1)
            index = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
            assert keyword in {"msgctxt", "msgid", "msgid_plural"} or index, f"unexpected line in {path}: {line}"
            target = int(index.group(1) or 0) if index else keyword
            _append(entry, target, _unquote(value))
    return entries


def _po(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def test_the_russian_catalogue_is_complete_and_reviewed():
    entries = parse_po(_po("ru"))
    header, messages = entries[0], entries[1:]
    assert header.msgid == ""
    assert "Language: ru\n" in header.msgstr[0]
    nplurals = int(re.search(r"nplurals=(\d+)", header.msgstr[0]).group(1))
    assert nplurals == 4
    assert len(messages) > 200
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        expected = range(nplurals) if entry.msgid_plural is not None else range(1)
        if sorted(entry.msgstr) != list(expected) or not all(entry.msgstr.values()):
            problems.append(f"untranslated: {entry.msgid!r}")
        wanted = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in entry.msgstr.values():
            if entry.msgid and set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"placeholders differ: {entry.msgid!r} → {text!r}")
    assert problems == []


def test_the_english_catalogue_has_a_reviewed_header():
    entries = parse_po(_po("en"))
    assert entries[0].msgid == ""
    assert "Language: en\n" in entries[0].msgstr[0]
    assert not any("fuzzy" in entry.flags for entry in entries)


def test_the_ticket_count_uses_russian_plural_forms():
    assert any(e.msgid == TICKETS_ONE and e.msgid_plural == TICKETS_MANY for e in parse_po(_po("ru")))
    expected = {1: "1 обращение", 2: "2 обращения", 5: "5 обращений", 21: "21 обращение", 11: "11 обращений",
                22: "22 обращения", 14: "14 обращений", 0: "0 обращений"}  # fmt: skip
    with translation.override("ru"):
        got = {n: translation.ngettext(TICKETS_ONE, TICKETS_MANY, n) % {"counter": n} for n in expected}
    assert got == expected


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_committed_mo_matches_the_po(language, tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    po = _po(language)
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(po)], check=True)
    with fresh.open("rb") as f:
        expected = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    with po.with_suffix(".mo").open("rb") as f:
        committed = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    assert committed == expected, "the .mo is stale: run `otklik compilemessages` and commit the .mo files"


@pytest.mark.django_db
def test_the_ticket_list_is_in_russian(agent, team_l1):
    client = login(agent)
    client.post("/language/", {"language": "ru", "next": "/"})
    open_ticket(team_l1)
    html = client.get("/").content.decode()
    assert '<html lang="ru">' in html
    assert "<title>Обращения · Отклик</title>" in html
    assert "<h1>Обращения</h1>" in html
    assert "1 обращение\n" in html
    assert "Ответственный" in html
