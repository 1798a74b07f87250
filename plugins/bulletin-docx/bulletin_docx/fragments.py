"""Plain paragraphs as WordprocessingML text instead of lxml elements: the export's hot path.

Most of a bulletin's ``word/document.xml`` is paragraphs of one style holding text runs
(three in four of its elements are w:p, w:pPr, w:pStyle, w:r and w:t). Building each as an
lxml element cost more than all the rest of the file; written here as text, such a
paragraph costs a tenth. The writer puts a processing instruction where the paragraph goes
(``<?bulletin-docx-fragment N?>``, markup no text can produce: a ``<`` in text or an attribute is
escaped) and ``serialise`` swaps the text in. The text is the bytes lxml writes for the
same elements (tests/test_docx_fragments.py builds both and compares); a paragraph that
needs more (direct formatting, links, a reference file's own namespaces) stays an element.
"""

from __future__ import annotations

import re

from lxml import etree

from bulletin_docx.ooxml import W_NAMESPACE

R_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TARGET = "bulletin-docx-fragment"
_PLACEHOLDER = re.compile(rb"<\?" + TARGET.encode() + rb" (\d+)\?>")
_PLACEHOLDER_TEXT = re.compile(_PLACEHOLDER.pattern.decode())
# What lxml refuses in text (XML 1.0 has no way to write them): such text takes the element
# path, which raises the error it always raised.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))  # & first
_ATTRIBUTE = (*_TEXT, ('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))
_DECLARATION = f' xmlns:w="{W_NAMESPACE}"'
BOLD = "<w:rPr><w:b/><w:bCs/></w:rPr>"


def writable(text: str) -> bool:
    return _UNWRITABLE.search(text) is None


def escape(text: str, table=_TEXT) -> str:
    """Text as lxml writes it (str.translate is ten times slower on Chinese text)."""
    for mark, entity in table:
        if mark in text:
            text = text.replace(mark, entity)
    return text


def attribute(value: str) -> str:
    return escape(value, _ATTRIBUTE)


def run(text: str, properties: str = "") -> str:
    """``ooxml.text_run`` as text: tabs and line breaks become w:tab and w:br."""
    inner = [properties]
    for index, line in enumerate(text.split("\n")):
        if index:
            inner.append("<w:br/>")
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                inner.append("<w:tab/>")
            if part:
                opening = '<w:t xml:space="preserve">' if part != part.strip() else "<w:t>"
                inner.append(f"{opening}{escape(part)}</w:t>")
    content = "".join(inner)
    return f"<w:r>{content}</w:r>" if content else "<w:r/>"


def paragraph(style: str, runs: list[str], bookmark: tuple[str, int] | None = None) -> str:
    """``Writer.paragraph`` without direct formatting: the style, an optional bookmark
    around the content (``ooxml.bookmark``), the runs."""
    start = end = ""
    if bookmark is not None:
        name, identifier = bookmark
        start = f'<w:bookmarkStart w:id="{identifier}" w:name="{attribute(name)}"/>'
        end = f'<w:bookmarkEnd w:id="{identifier}"/>'
    return f'<w:p><w:pPr><w:pStyle w:val="{attribute(style)}"/></w:pPr>{start}{"".join(runs)}{end}</w:p>'


class Fragments:
    """The paragraphs written as text for one document, and their placeholders in its tree."""

    def __init__(self):
        self.texts: list[bytes] = []

    def placeholder(self, text: str):
        self.texts.append(text.encode("utf-8"))
        return etree.ProcessingInstruction(TARGET, str(len(self.texts) - 1))

    def is_placeholder(self, node) -> bool:
        return node.tag is etree.PI and node.target == TARGET

    def element(self, node):
        """The placeholder made real elements in its place (for code that edits the paragraph);
        returns the last (a reused part can be a table and the paragraph after it)."""
        if not self.is_placeholder(node):
            return node
        holder = etree.fromstring(f'<w:x xmlns:w="{W_NAMESPACE}" xmlns:r="{R_NAMESPACE}">'.encode()
                                  + self.texts[int(node.text)] + b"</w:x>")
        elements = list(holder)
        for element in elements:
            node.addprevious(element)
        node.getparent().remove(node)
        return elements[-1]

    def text_of(self, element) -> str:
        """An element of this document as fragment text (placeholders in it filled in)."""
        text = etree.tostring(element, encoding="unicode", with_tail=False).replace(_DECLARATION, "", 1)
        return _PLACEHOLDER_TEXT.sub(lambda match: self.texts[int(match[1])].decode("utf-8"), text)

    def serialise(self, root) -> bytes:
        """The document's XML with every placeholder replaced by its paragraph."""
        if root.nsmap.get("w") != W_NAMESPACE:  # a reference file naming it otherwise: elements throughout
            for node in [node for node in root.iter(etree.PI) if self.is_placeholder(node)]:
                self.element(node)
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if not self.texts:
            return xml
        return _PLACEHOLDER.sub(lambda match: self.texts[int(match[1])], xml)


__all__ = ["Fragments", "run", "paragraph", "writable", "attribute", "BOLD"]
