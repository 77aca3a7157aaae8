"""Embedding a TrueType font into a Word file (ECMA-376 Part 1, 17.8: font embedding).

python-docx has no call for it, so the package is completed by hand:

- the font's face is taken out of its collection (a ``.ttc`` holds several) and subset to the
  characters the document uses (a CJK face is megabytes; a report needs a few hundred glyphs);
- it is stored as ``word/fonts/fontN.odttf``, *obfuscated*: the first 32 bytes are XORed with
  a random GUID, the GUID's 16 bytes taken in reverse order of its hex digits (17.8.1);
- ``word/fontTable.xml`` declares the font with ``w:embedRegular`` (relationship id, the GUID
  as ``w:fontKey``, ``w:subsetted``), and ``word/settings.xml`` says
  ``w:embedTrueTypeFonts`` and ``w:saveSubsetFonts``.

Word then draws the document with the embedded face when the font is not installed.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
#: elements of w:settings that come before w:embedTrueTypeFonts (CT_Settings order)
_BEFORE_EMBED = ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
                 "w:removeDateAndTime", "w:doNotDisplayPageBoundaries",
                 "w:displayBackgroundShape", "w:printPostScriptOverText",
                 "w:printFractionalCharacterWidth", "w:printFormsData")


def key_bytes(guid: uuid.UUID) -> bytes:
    """The obfuscation key: the GUID's 32 hex digits read as bytes from the end."""
    return bytes.fromhex(guid.hex)[::-1]


def obfuscate(data: bytes, guid: uuid.UUID) -> bytes:
    """XOR the first 32 bytes with the key (the same call undoes it)."""
    key = key_bytes(guid)
    head = bytes(b ^ key[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def subset_face(path: str, text: str, family: str) -> bytes:
    """The face named ``family`` of the font file (collection or single font), reduced to
    the glyphs of ``text`` (and the basic Latin ones), as a TrueType file."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    if path.lower().endswith((".ttc", ".otc")):
        faces = TTCollection(path).fonts
        font = next((f for f in faces if f["name"].getBestFamilyName() == family), faces[0])
    else:
        font = TTFont(path)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.drop_tables += ["DSIG"]
    subsetter = subset.Subsetter(options)
    latin = "".join(chr(c) for c in range(0x20, 0x7F))
    subsetter.populate(text=text + latin + "，。：；（）、—≥％%")
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def document_text(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "".join(parts)


def embed(doc: Any, family: str, path: str) -> None:
    """Embed ``family`` (from ``path``), subset to ``doc``'s text, into ``doc``."""
    package = doc.part.package
    table_part = next(p for p in package.iter_parts()
                      if p.partname == "/word/fontTable.xml")
    guid = uuid.uuid4()
    number = sum(1 for p in package.iter_parts() if p.partname.startswith("/word/fonts/")) + 1
    data = obfuscate(subset_face(path, document_text(doc), family), guid)
    font_part = Part(PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT, data,
                     package)
    rid = table_part.relate_to(font_part, RT.FONT)

    table = etree.fromstring(table_part.blob)
    font = next((f for f in table.findall(qn("w:font")) if f.get(qn("w:name")) == family),
                None)
    if font is None:
        font = etree.SubElement(table, qn("w:font"), {qn("w:name"): family})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "swiss"})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
    etree.SubElement(font, qn("w:embedRegular"), {
        qn("r:id"): rid, qn("w:fontKey"): "{" + str(guid).upper() + "}",
        qn("w:subsetted"): "1"})
    table_part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)

    settings = doc.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is None:
        embed_el = settings.makeelement(qn("w:embedTrueTypeFonts"), {})
        subset_el = settings.makeelement(qn("w:saveSubsetFonts"), {})
        before = [el for el in settings if el.tag in {qn(t) for t in _BEFORE_EMBED}]
        index = settings.index(before[-1]) + 1 if before else 0
        settings.insert(index, embed_el)
        settings.insert(index + 1, subset_el)
