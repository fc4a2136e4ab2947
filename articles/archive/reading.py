"""Reading an archive's zip without trusting it: one-line errors for a broken zip, bounded JSON.

A zip can be truncated, have corrupt compressed data, a wrong CRC, encrypted members, the same
name twice, or a folder where a file should be; each is refused with an ``ArchiveError`` naming
the member, never a traceback. The JSON document is measured before it is parsed: Python's parser
turns every ``{}`` into an object of about 64 bytes, so 10 KB of compressed ``{},{},...`` would cost
hundreds of megabytes. ``check_document_shape()`` counts values and nesting depth on the raw bytes
(C-speed ``bytes`` methods and regular expressions, no Python objects per value) and refuses a
document over the limits in settings before ``json.loads()`` sees it.
"""

import re
import zipfile
import zlib

from django.conf import settings
from django.utils.translation import gettext as _

from articles.archive.errors import ArchiveError

# What zipfile and zlib raise for damaged members: bad CRC, corrupt deflate data, a truncated
# member (EOF), an unsupported compression method or an encrypted member without a password.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError)
ENCRYPTED_FLAG = 0x1
# A JSON string, escapes included; replaced by "" before counting, so brackets inside text do not count.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_INNERMOST = re.compile(rb"\{\}|\[\]")


def open_zip(path) -> zipfile.ZipFile:
    """Open the zip and refuse members that cannot be read safely (duplicates, encryption)."""
    name = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ArchiveError(name, None, _("no such file")) from None
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

    Counted without parsing: strings are blanked, then every value but the first in a container
    follows a comma, and depth is how many times innermost ``{}``/``[]`` pairs must be removed.
    """
    blanked = _STRING.sub(b'""', data)
    values = blanked.count(b",") + blanked.count(b"{") + blanked.count(b"[") + 1
    limit = settings.GUOZHEN_ARCHIVE_MAX_VALUES
    if values > limit:
        raise ArchiveError(
            where,
            None,
            _("the document holds more than %(limit)s values (DJANGO_ARCHIVE_MAX_VALUES); split the export")
            % {"limit": limit},
        )
    brackets = _NOT_BRACKET.sub(b"", blanked)
    del blanked
    for _level in range(settings.GUOZHEN_ARCHIVE_MAX_DEPTH):
        brackets, removed = _INNERMOST.subn(b"", brackets)
        if not removed:
            return  # empty, or brackets that do not match: json.loads() reports malformed JSON
    if _INNERMOST.search(brackets):
        raise ArchiveError(
            where,
            None,
            _("the document is nested deeper than %(depth)s levels")
            % {"depth": settings.GUOZHEN_ARCHIVE_MAX_DEPTH},
        )
