"""Rules' notes are stored in English and shown in the reader's language (SPEC S10)."""
import re

import pytest

from admin_app.rules.core import notes
from admin_app.rules.core.messages import speaking

VALUES = {"number": "SO2612070001", "aftersales": "AS2612070002", "date": "2026-12-31",
          "amount": "1,234.50", "answer": "550 5.1.1 Mailbox does not exist"}


def written(pattern: str) -> str:
    return pattern.format(**{k: v for k, v in VALUES.items() if "{" + k + "}" in pattern})


@pytest.mark.parametrize("pattern", notes.PATTERNS)
def test_each_note_reads_as_written_in_english_and_in_thai_keeps_its_values(app, pattern):
    text = written(pattern)
    with app.test_request_context():
        assert notes.shown(text) == text
        with speaking("th"):
            thai = notes.shown(text)
    assert thai != text and re.search(r"[\u0e00-\u0e7f]", thai)
    for name, value in {**VALUES, "date": "31 ธ.ค. 2026"}.items():  # dates the reader's way
        if "{" + name + "}" in pattern:
            assert value in thai


def test_a_notes_amount_is_written_the_readers_way(app):
    """Kept in English (1,234.50); a Vietnamese reader reads 1.234,50."""
    with app.test_request_context(), speaking("vi"):
        shown = notes.shown(notes.PAID_TO_BALANCE.format(amount="1,234.50"))
    assert "1.234,50" in shown and "1,234.50" not in shown


def test_a_typed_note_is_shown_as_typed(app):
    with app.test_request_context(), speaking("vi"):
        assert notes.shown("Bank-in Maybank 7/12") == "Bank-in Maybank 7/12"
        assert notes.shown("Refund of SO1 (by cheque)") == "Refund of SO1 (by cheque)"
        assert notes.shown(None) == "" and notes.shown("") == ""
