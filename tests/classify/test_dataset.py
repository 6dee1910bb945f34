from pathlib import Path

import pytest

from otklik.classify.dataset import DatasetError, LabeledText, read_labeled, write_labeled

HEADER = "type\trude\tlang\ttext\n"


def _file(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "labels.tsv"
    path.write_text(content, encoding="utf-8")
    return path


def test_reads_rows_and_keeps_extra_columns(tmp_path: Path) -> None:
    path = _file(tmp_path, "\ufefftype\trude\tlang\tsource\ttext\nclaim\t1\tru\tbank\tВерните деньги\n\n")
    rows = read_labeled(path)
    assert rows == [LabeledText("claim", True, "ru", "Верните деньги", {"source": "bank"})]


@pytest.mark.parametrize(
    ("content", "line", "column"),
    [
        ("type\tlang\ttext\nclaim\tru\tx\n", 1, "rude"),
        (HEADER + "question\t0\tru\tok\nclaims\t0\tru\tx\n", 3, "type"),
        (HEADER + "claim\tyes\tru\tx\n", 2, "rude"),
        (HEADER + "claim\t0\tde\tx\n", 2, "lang"),
        (HEADER + "claim\t0\tru\t  \n", 2, "text"),
        (HEADER + "claim\t0\tru\n", 2, ""),
        (HEADER + "claim\t0\tru\tx\ty\n", 2, ""),
        ("", 1, ""),
    ],
)
def test_bad_files_name_the_line_and_column(tmp_path: Path, content: str, line: int, column: str) -> None:
    with pytest.raises(DatasetError) as caught:
        read_labeled(_file(tmp_path, content))
    assert (caught.value.line, caught.value.column) == (line, column)
    assert f"line {line}" in str(caught.value)
    if column:
        assert column in str(caught.value)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.tsv"
    path.write_bytes(HEADER.encode() + b"claim\t0\tru\tok\n" + "claim\t0\tru\tВерните\n".encode("cp1251"))
    with pytest.raises(DatasetError) as caught:
        read_labeled(path)
    assert caught.value.line == 3


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        read_labeled(tmp_path / "nope.tsv")


def test_round_trip(tmp_path: Path) -> None:
    rows = [LabeledText("gratitude", False, "en", "Thanks\tAnna", {"domain": "retail"})]
    path = tmp_path / "out.tsv"
    write_labeled(path, rows, ("type", "rude", "lang", "domain", "text"))
    assert read_labeled(path) == [LabeledText("gratitude", False, "en", "Thanks Anna", {"domain": "retail"})]
