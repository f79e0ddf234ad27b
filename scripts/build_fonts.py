"""Build the fonts the app ships (static/fonts/) from Debian's Noto fonts.

Run once by a developer when the fonts change; the app and its tests only read the
result. Needs the packages fonts-noto-core and fonts-noto-cjk (or their .deb files
unpacked: `apt-get download fonts-noto-core fonts-noto-cjk && dpkg-deb -x ... x`) and
fontTools. The fonts are under the SIL Open Font License 1.1 (OFL.txt beside them).

- NotoSans (Regular, Bold): Latin with Vietnamese, Malay and Indonesian, currency signs;
- NotoSansThai (Regular, Bold): Thai;
- NotoSansCJKsc-subset (Regular): every Han character of Unicode's main block and its
  compatibility forms (names use characters beyond GB 2312 and Big5: 祎, 赟, 喆, 堃, 峯),
  CJK punctuation and full-width forms, as TrueType outlines (PDF text made with them
  extracts as the characters, also with pypdf).
"""
import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

OUT = Path(__file__).resolve().parents[1] / "static" / "fonts"
LATIN = [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00),
         *range(0x2000, 0x2070), *range(0x20A0, 0x20D0), 0x2116, 0x2122, 0xFEFF]
CJK_EXTRA = [*range(0x3000, 0x3040), *range(0xFF00, 0xFFF0), *range(0x20, 0x7F)]


def han() -> list[int]:
    """CJK Unified Ideographs and CJK Compatibility Ideographs (13.6 MB; GB 2312 and Big5
    alone, 10.8 MB, left out characters common in names)."""
    return [*range(0x4E00, 0xA000), *range(0xF900, 0xFB00)]


def subset_font(font: TTFont, unicodes) -> TTFont:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["VORG", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    return font


def to_truetype(font: TTFont) -> TTFont:
    """CFF (cubic) outlines as TrueType (quadratic) ones."""
    order, glyphs = font.getGlyphOrder(), font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    del font["CFF "]
    font.sfntVersion = "\x00\x01\x00\x00"
    return font


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--from", dest="root", default="/usr/share/fonts",
                        help="where Debian's fonts are (default /usr/share/fonts)")
    root = Path(parser.parse_args().root)
    noto = root / "truetype" / "noto"
    OUT.mkdir(parents=True, exist_ok=True)
    for style in ("Regular", "Bold"):
        subset_font(TTFont(noto / f"NotoSans-{style}.ttf"), LATIN).save(
            OUT / f"NotoSans-{style}.ttf")
        subset_font(TTFont(noto / f"NotoSansThai-{style}.ttf"),
                    [*range(0x0E00, 0x0E80), *range(0x20, 0x7F), 0x25CC]).save(
            OUT / f"NotoSansThai-{style}.ttf")
    collection = TTCollection(root / "opentype" / "noto" / "NotoSansCJK-Regular.ttc")
    sc = next(f for f in collection.fonts if f["name"].getDebugName(4) == "Noto Sans CJK SC")
    to_truetype(subset_font(sc, han() + CJK_EXTRA)).save(OUT / "NotoSansCJKsc-subset.ttf")
    for path in sorted(OUT.glob("*.ttf")):
        print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
