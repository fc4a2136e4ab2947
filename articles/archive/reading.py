"""Reading an archive's zip without trusting it: one-line errors for a broken zip, bounded JSON.

A zip can be truncated, have corrupt compressed data, a wrong CRC, encrypted members, the same
name twice, or a folder where a file should be; each is refused with an ``ArchiveError`` naming
the member, never a traceback. The JSON document is measured before it is parsed: Python's parser
turns every ``{}`` into an object of about 64 bytes, so 10 KB of compressed ``{},{},...`` would cost
hundreds of megabytes. ``check_document_shape()`` counts values and nesting depth on the raw bytes
(one regular-expression pass, no Python object kept per value) and refuses a document over the
limits in settings before ``json.loads()`` sees it.
"""

import re
import zipfile
import zlib

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.archive.errors import ArchiveError

# What zipfile and zlib raise for damaged members: bad CRC, corrupt deflate data, a truncated
# member (EOF), an unsupported compression method or an encrypted member without a password.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError)
ENCRYPTED_FLAG = 0x1
# One token of the document's structure: a whole JSON string (escapes included, so brackets and
# commas inside text do not count), a bracket or a comma.
# Possessive, and an unterminated string runs to the end: linear time on any input (a pattern
# that could fail and retry at every quote would take quadratic time on "\"\"\"...).
_TOKEN = re.compile(rb'("(?:[^"\\]++|\\.)*+(?:"|\\?\Z))|([\[{])|([\]}])|(,)', re.DOTALL)
_STRING, _OPEN, _CLOSE, _COMMA = 1, 2, 3, 4


def open_zip(path) -> zipfile.ZipFile:
    """Open the zip and refuse members that cannot be read safely (duplicates, encryption)."""
    name = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ArchiveError(name, None, pgettext("story archive", "no such file")) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ArchiveError(name, None, _("not a zip archive, or a truncated or damaged one")) from None
    try:
        seen: set[str] = set()
        for info in archive.infolist():
            if info.filename in seen:
                raise ArchiveError(
                    name,
                    None,
                    _("the zip holds “%(file)s” twice: which one is meant?") % {"file": info.filename},
                )
            seen.add(info.filename)
            if info.flag_bits & ENCRYPTED_FLAG:
                raise ArchiveError(
                    name,
                    None,
                    _("“%(file)s” is encrypted: archives are never encrypted") % {"file": info.filename},
                )
    except ArchiveError:
        archive.close()
        raise
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, field_name: str | None) -> bytes:
    """Return a member's bytes, or raise ArchiveError for a folder or damaged data."""
    if info.is_dir():
        raise ArchiveError(
            where, field_name, _("“%(file)s” is a folder, not a file") % {"file": info.filename}
        )
    try:
        return archive.read(info)
    except DAMAGED as exc:
        error = " ".join(str(exc).split()) or type(exc).__name__
        raise ArchiveError(
            where,
            field_name,
            _("“%(file)s” in the zip is damaged (%(error)s)") % {"file": info.filename, "error": error},
        ) from None


def check_document_shape(data: bytes, where: str) -> None:
    """Refuse a JSON document with more values or deeper nesting than the settings allow.

    Counted without parsing, in one pass that stops at the first limit: every value but the first
    in a container follows a comma, and every container opens with a bracket. Memory stays flat
    (one match object at a time); about a second per million values.
    """
    limit, max_depth = settings.GUOZHEN_ARCHIVE_MAX_VALUES, settings.GUOZHEN_ARCHIVE_MAX_DEPTH
    too_deep = _("the document is nested deeper than %(depth)s levels")
    too_many = _("the document holds more than %(limit)s values (DJANGO_ARCHIVE_MAX_VALUES); split it")
    values, depth = 1, 0
    for token in _TOKEN.finditer(data):
        kind = token.lastindex
        if kind == _STRING:
            continue
        if kind == _CLOSE:
            depth -= 1
            continue
        values += 1
        if kind == _OPEN:
            depth += 1
            if depth > max_depth:
                raise ArchiveError(where, None, too_deep % {"depth": max_depth})
        if values > limit:
            raise ArchiveError(where, None, too_many % {"limit": limit})
