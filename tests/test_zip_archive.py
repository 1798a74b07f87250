"""files/archive.py writes the ZIP zipfile writes (on Unix) for the same members, at any level
and mode, and a shared member's compressed bytes are the ones deflating it again gives."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin_cli.files import archive

NAMES = st.sampled_from(["word/document.xml", "word/styles.xml", "[Content_Types].xml", "word/media/图.png",
                         "docProps/core.xml", "mimetype"])
MEMBERS = st.lists(st.tuples(NAMES, st.binary(max_size=3000) | st.text(max_size=500).map(str.encode)),
                   max_size=6, unique_by=lambda member: member[0])
INSTANTS = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)).map(
    lambda d: d.replace(tzinfo=dt.timezone.utc))


def zipfile_reference(members, instant, level, stored, mode) -> bytes:
    when = min(max(instant, archive.ZIP_EARLIEST), archive.ZIP_LATEST)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.create_system = 3
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            target.writestr(info, content, compresslevel=None if level == 6 else level)
    return out.getvalue()


@settings(max_examples=150, deadline=None)
@given(MEMBERS, INSTANTS, st.sampled_from([1, 6, 9]), st.sampled_from([0o644, 0o100644]), st.data())
def test_the_archive_is_the_one_zipfile_writes(members, instant, level, mode, data):
    names = [name for name, _ in members]
    shared = set(data.draw(st.lists(st.sampled_from(names), unique=True))) if names else set()
    stored = {"mimetype"}
    written = archive.zip_archive(members, instant, level=level, stored=stored, shared=shared, mode=mode)
    assert written == zipfile_reference(members, instant, level, stored, mode)
    with zipfile.ZipFile(io.BytesIO(written)) as package:
        assert package.testzip() is None
        assert [(info.filename, package.read(info)) for info in package.infolist()] == members


def test_a_shared_member_is_deflated_once():
    content = b"<w:styles/>" * 500
    archive.deflated_once.cache_clear()
    when = dt.datetime(2024, 5, 6, tzinfo=dt.timezone.utc)
    first = archive.zip_archive([("word/styles.xml", content)], when, shared={"word/styles.xml"})
    again = archive.zip_archive([("word/styles.xml", bytes(content))], when, shared={"word/styles.xml"})
    assert first == again
    assert archive.deflated_once.cache_info().hits == 1
