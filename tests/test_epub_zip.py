"""The EPUB exporter writes its OCF zip itself: the same bytes zipfile writes for the same members
(one timestamp, mode 0644 from Unix, ebooklib's order with mimetype first and stored, the rest
deflated at level 9), so books stay byte-identical and readable by every zip reader."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_cli.files.archive import ZIP_EARLIEST, ZIP_LATEST
from bulletin_cli.formats.epub import plugin


def zipfile_reference(members: list[tuple[str, bytes]], instant: dt.datetime) -> bytes:
    when = min(max(instant, ZIP_EARLIEST), ZIP_LATEST)
    date_time = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in sorted(members, key=lambda member: member[0] != "mimetype"):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                target.writestr(info, content)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, content, compresslevel=9)
    return out.getvalue()


NAMES = st.sampled_from(["EPUB/a01-一.xhtml", "EPUB/bulletin.css", "EPUB/epub.css", "META-INF/container.xml",
                         "EPUB/content.opf", "EPUB/img/图.png", "EPUB/x.xhtml"])
MEMBERS = st.lists(st.tuples(NAMES, st.binary(max_size=3000) | st.text(max_size=500).map(str.encode)),
                   max_size=8, unique_by=lambda member: member[0])
INSTANTS = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)).map(
    lambda d: d.replace(tzinfo=dt.timezone.utc))


@settings(max_examples=200, deadline=None)
@given(MEMBERS, st.booleans(), INSTANTS)
def test_the_zip_is_the_one_zipfile_writes(members, with_mimetype, instant):
    if with_mimetype:
        members = [*members, ("mimetype", b"application/epub+zip")]
    written = plugin._ocf_zip(members, instant, "EPUB/nav.xhtml", {})
    assert written == zipfile_reference(members, instant)
    with zipfile.ZipFile(io.BytesIO(written)) as book:
        assert book.testzip() is None
        assert [(info.filename, book.read(info)) for info in book.infolist()] == \
            sorted(members, key=lambda member: member[0] != "mimetype")


def test_a_shared_member_is_compressed_once_and_the_same_each_time():
    members = [("EPUB/bulletin.css", b"p { margin: 0 }\n" * 200)]
    instant = dt.datetime(2024, 5, 6, tzinfo=dt.timezone.utc)
    first = plugin._ocf_zip(members, instant, "", {})
    assert plugin._ocf_zip(members, instant, "", {}) == first == zipfile_reference(members, instant)
