"""The shipped schema, compiled once, and its error messages made readable.

In-process checks use the XSD (generated from bulletin.rnc by trang): libxml2's XML Schema
messages name the element and what was expected, which its RELAX NG messages do not.
The tests check the examples with xmllint and jing against the RELAX NG and XSD as well.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from bulletin_cli.formats.xml.names import NAMESPACE, SCHEMA_FILES

_QUALIFIED = re.compile(r"\{" + re.escape(NAMESPACE) + r"\}")


@lru_cache(maxsize=1)
def xml_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILES["xsd"]), parser))


def readable(message: str) -> str:
    """libxml2's message without the namespace in every element name."""
    return _QUALIFIED.sub("", message).replace("{http://www.w3.org/XML/1998/namespace}", "xml:")


def schema_errors(tree: etree._Element | etree._ElementTree) -> list[tuple[int, str]]:
    """(line, message) of every schema violation; empty when the document is valid."""
    schema = xml_schema()
    if schema.validate(tree):
        return []
    return [(entry.line, readable(entry.message)) for entry in schema.error_log]
