"""The e-mail parser against the generated corpus in tests/intake/mail_corpus.py."""

from __future__ import annotations

import pytest

parse = pytest.importorskip("otklik.intake.mail.parse")

from tests.intake.mail_corpus import CASES, EXPECT_KEYS, Case  # noqa: E402

LIMITS = parse.Limits()


def test_corpus_is_large_and_named_uniquely() -> None:
    names = [case.name for case in CASES]
    assert len(CASES) >= 300
    assert len(names) == len(set(names))
    for case in CASES:
        assert set(case.expect) <= EXPECT_KEYS, case.name
        assert case.expect, case.name


def check_invariants(parsed: parse.ParsedMail) -> None:
    assert isinstance(parsed.text, str)
    assert isinstance(parsed.html, str)
    assert "\r" not in parsed.subject and "\n" not in parsed.subject
    assert parsed.sender_email == parsed.sender_email.lower()
    assert parsed.sender_email
    assert len(parsed.content_hash) == 64
    for attachment in parsed.attachments:
        assert attachment.size == len(attachment.content)
        assert attachment.size <= LIMITS.max_attachment_bytes


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_corpus_case(case: Case) -> None:
    expect = case.expect
    if expect.get("rejected"):
        with pytest.raises(parse.MailRejected):
            parse.parse_mail(case.raw)
        return
    parsed = parse.parse_mail(case.raw)
    check_invariants(parsed)
    for key in ("subject", "sender_email", "sender_name", "automatic", "message_id"):
        if key in expect:
            assert getattr(parsed, key) == expect[key], key
    for key in ("in_reply_to", "references"):
        if key in expect:
            assert tuple(getattr(parsed, key)) == tuple(expect[key]), key
    for needle in expect.get("text_contains", ()):
        assert needle in parsed.text, needle
    for needle in expect.get("text_not_contains", ()):
        assert needle not in parsed.text, needle
    if "html_nonempty" in expect:
        assert bool(parsed.html.strip()) is expect["html_nonempty"]
    if "attachments" in expect:
        assert sorted(a.filename for a in parsed.attachments) == sorted(expect["attachments"])
    if "skipped_nonempty" in expect:
        assert bool(parsed.skipped) is expect["skipped_nonempty"]
