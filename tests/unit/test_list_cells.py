"""A list cell's HTML escapes exactly as markupsafe does (views/listing._cell writes
plain text with str.translate)."""
from hypothesis import given, strategies as st
from markupsafe import Markup, escape

from admin_app.views.listing import LONG_TEXT, _cell


@given(st.text(alphabet=st.sampled_from("&<>\"'ab 1ởữ中😀\x00/=;#"), max_size=80))
def test_a_cell_escapes_text_as_markupsafe_does(text):
    escaped = str(escape(text))
    expected = f'<span class="cut" title="{escaped}">{escaped}</span>' \
        if len(text) > LONG_TEXT else escaped
    assert _cell(text) == expected


def test_numbers_markup_and_other_values_are_written_as_before():
    assert _cell(12) == "12" and _cell(-3) == "-3"
    assert _cell(Markup("<b>x</b>")) == "<b>x</b>"
    assert _cell(True) == "True"
    assert _cell("<script>") == "&lt;script&gt;"
