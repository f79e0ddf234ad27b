"""PDF documents in every script the product's sellers write: Latin (with Vietnamese,
Malay, Indonesian), Thai, simplified and traditional Chinese. The fonts ship with the
package (static/fonts: Noto, subsets built by scripts/build_fonts.py) and are embedded
in each PDF (only the glyphs it uses); Thai is shaped by HarfBuzz (uharfbuzz)."""
from fpdf import FPDF

from flask_babel import gettext

from .. import paths

FONTS = paths.FONTS
FAMILIES = {  # family: {style: file}; the first is the text's, the others fill in
    "NotoSans": {"": "NotoSans-Regular.ttf", "B": "NotoSans-Bold.ttf"},
    "NotoSansThai": {"": "NotoSansThai-Regular.ttf", "B": "NotoSansThai-Bold.ttf"},
    "NotoSansCJK": {"": "NotoSansCJKsc-subset.ttf"},
}
TEXT = "NotoSans"


class FontsMissing(Exception):
    """The fonts that ship with the package are not where they should be."""

    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing))
        self.message = gettext(
            "The PDF cannot be made: its fonts are missing from %(folder)s (%(files)s). "
            "Reinstall the application (pip install puts them there); the print page shows "
            "the same document.", folder=str(FONTS), files=", ".join(missing))


def document(orientation: str = "P") -> FPDF:
    """An A4 PDF writing in TEXT, any character it lacks taken from the other fonts."""
    missing = [name for files in FAMILIES.values() for name in files.values()
               if not (FONTS / name).is_file()]
    if missing:
        raise FontsMissing(missing)
    pdf = FPDF(orientation=orientation, format="A4")
    for family, files in FAMILIES.items():
        for style, name in files.items():
            pdf.add_font(family, style, str(FONTS / name))
    pdf.set_fallback_fonts([f for f in FAMILIES if f != TEXT], exact_match=False)
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    return pdf


def missing_characters(pdf: FPDF, texts) -> str:
    """The characters of `texts` that no embedded font has (they cannot print), to say
    so on the document rather than leave a gap."""
    covered = set()
    for font in pdf.fonts.values():
        covered |= set(font.cmap)
    missing = {ch for text in texts for ch in str(text or "")
               if ord(ch) not in covered and not ch.isspace()}
    return " ".join(f"{ch} (U+{ord(ch):04X})" for ch in sorted(missing))
