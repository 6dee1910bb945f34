"""Join the real-text label files in this folder with the texts they label and write an evaluation TSV.

The project keeps only ``id -> type, rude`` rows: the texts belong to their authors and stay in the
shared data folder, which is given on the command line and never copied into the repository.

    python eval/real/build_tsv.py --data DIR --out FILE.tsv [--source en_cfpb en_twitter ...]

The output has the header ``type  rude  lang  source  id  text`` (tab-separated), one row per labelled
appeal in label-file order. A missing label file, a malformed label row or an id that the data
does not hold stops the script with a message and writes nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

LABEL_DIR = Path(__file__).resolve().parent
KINDS = frozenset({"question", "complaint", "claim", "gratitude", "suggestion"})
LABEL_HEADER = ["id", "type", "rude"]
OUTPUT_HEADER = ["type", "rude", "lang", "source", "id", "text"]
TWITTER_SPLITS = ("dev", "test")
# A narrative can be long; the csv module's default field limit (128 KiB) is not a promise of the data.
csv.field_size_limit(16 * 1024 * 1024)


class BuildError(Exception):
    """A problem with the labels or the data that the user must fix; printed without a traceback."""


@dataclass(frozen=True)
class Label:
    id: str
    type: str
    rude: str


@dataclass(frozen=True)
class Source:
    name: str
    lang: str
    label_file: str
    load_texts: Callable[[Path], dict[str, str]]


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise BuildError(f"data file not found: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _require_columns(path: Path, rows: list[dict[str, str]], columns: Iterable[str]) -> None:
    if rows:
        missing = [column for column in columns if column not in rows[0]]
        if missing:
            raise BuildError(f"{path}: missing column(s) {', '.join(missing)}")


def load_ru_bank(data: Path) -> dict[str, str]:
    path = data / "ru_bank_reviews.csv"
    rows = _read_csv(path)
    _require_columns(path, rows, ["review_id", "review_title", "review_text"])
    return {row["review_id"]: review_text(row["review_title"], row["review_text"]) for row in rows}


def review_text(title: str, body: str) -> str:
    """The text the Russian reviews were labelled on: title, a full stop, the review; the review alone if untitled."""
    title, body = title.strip(), body.strip()
    return f"{title}. {body}" if title else body


def load_cfpb(data: Path) -> dict[str, str]:
    path = data / "en_cfpb_complaints.csv"
    rows = _read_csv(path)
    narrative = "Consumer complaint narrative"
    _require_columns(path, rows, ["Complaint ID", narrative])
    # Rows without a narrative carry no customer text, so they cannot be labelled ids.
    return {row["Complaint ID"]: row[narrative] for row in rows if row[narrative].strip()}


def opening_turn(conversation: dict[str, object]) -> str:
    """The customer's appeal: the first client's consecutive messages before anyone else speaks."""
    turns = conversation["dialogContent"]
    if not isinstance(turns, list) or not turns or "client" not in turns[0]:
        raise BuildError("a conversation does not open with a client message")
    first = turns[0]["client"]
    messages: list[str] = []
    for turn in turns:
        # Agent turns have no "client" key and other customers use "client1", so both end the run.
        if turn.get("client") != first:
            break
        messages.append(turn["message"])
    return " ".join(messages)


def load_twitter(data: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for split in TWITTER_SPLITS:
        path = data / f"en_twitter_customer_care_{split}.json"
        if not path.is_file():
            raise BuildError(f"data file not found: {path}")
        with path.open(encoding="utf-8") as handle:
            conversations = json.load(handle)
        for conversation in conversations:
            texts[f"{split}:{conversation['dialogHeader']['sessionID']}"] = opening_turn(conversation)
    return texts


SOURCES: dict[str, Source] = {
    source.name: source
    for source in (
        Source("ru_bank", "ru", "ru_bank_reviews.labels.tsv", load_ru_bank),
        Source("en_cfpb", "en", "en_cfpb.labels.tsv", load_cfpb),
        Source("en_twitter", "en", "en_twitter.labels.tsv", load_twitter),
    )
}


def read_labels(path: Path) -> list[Label]:
    if not path.is_file():
        raise BuildError(f"label file not found: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or rows[0] != LABEL_HEADER:
        raise BuildError(f"{path}: the first line must be the header {' '.join(LABEL_HEADER)} (tab-separated)")
    labels: list[Label] = []
    seen: set[str] = set()
    for line_no, row in enumerate(rows[1:], start=2):
        if len(row) != len(LABEL_HEADER):
            raise BuildError(f"{path}:{line_no}: expected 3 tab-separated fields, got {len(row)}")
        label = Label(*(field.strip() for field in row))
        if label.type not in KINDS:
            raise BuildError(f"{path}:{line_no}: type {label.type!r} is not one of {', '.join(sorted(KINDS))}")
        if label.rude not in {"0", "1"}:
            raise BuildError(f"{path}:{line_no}: rude must be 0 or 1, got {label.rude!r}")
        if label.id in seen:
            raise BuildError(f"{path}:{line_no}: id {label.id} is labelled twice")
        seen.add(label.id)
        labels.append(label)
    return labels


def one_line(text: str) -> str:
    # The TSV format allows no tabs or line breaks inside a field.
    return re.sub(r"[\t\r\n]+", " ", text).strip()


def build_rows(source: Source, data: Path, label_dir: Path) -> list[list[str]]:
    labels = read_labels(label_dir / source.label_file)
    texts = source.load_texts(data)
    missing = [label.id for label in labels if label.id not in texts]
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise BuildError(f"{source.name}: {len(missing)} labelled id(s) not found in {data}: {shown}")
    return [[label.type, label.rude, source.lang, source.name, label.id, one_line(texts[label.id])] for label in labels]


def write_tsv(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Plain joins, not csv.writer: fields hold no tabs or line breaks, and quotes must stay as written.
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines("\t".join(row) + "\n" for row in [OUTPUT_HEADER, *rows])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Build the real-text evaluation TSV from ids, labels and texts.")
    parser.add_argument("--data", type=Path, required=True, help="folder holding the real data files")
    parser.add_argument("--out", type=Path, required=True, help="TSV file to write")
    parser.add_argument(
        "--source",
        choices=sorted(SOURCES),
        nargs="+",
        action="extend",
        help="sources to include (default: all three)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names: list[str] = list(dict.fromkeys(args.source or SOURCES))
    try:
        if not args.data.is_dir():
            raise BuildError(f"data folder not found: {args.data}")
        # Build every source before writing, so a failure leaves no half-written file behind.
        per_source = {name: build_rows(SOURCES[name], args.data, LABEL_DIR) for name in names}
    except BuildError as error:
        print(f"build_tsv: {error}", file=sys.stderr)
        return 2
    write_tsv(args.out, [row for rows in per_source.values() for row in rows])
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in per_source.items())
    print(f"wrote {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
