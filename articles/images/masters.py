"""Recognise a clean master: a JPEG or PNG that carries pixels and at most an RGB colour profile.

The image pipeline re-encodes every upload, which strips metadata but also changes the bytes (a JPEG
never re-encodes to itself). A story archive (``export_stories``) holds the masters the pipeline
made; re-encoding them on import would make every round trip change every picture. So a file from
an archive (an :class:`ArchivedMaster`) is stored byte for byte when, and only when, its structure
proves it holds nothing but what our encoder writes:

- JPEG: SOI, a plain JFIF header without a thumbnail, an optional ICC profile (APP2), quantisation
  and Huffman tables, one frame header with 8-bit, 3-component (colour) samples, scans, and EOI as
  the very last bytes. Any other segment (EXIF/XMP in APP1, IPTC, comments, maker notes in any APPn)
  or anything after EOI refuses the pass-through.
- PNG: IHDR (8-bit RGB or RGBA, not interlaced), an optional ICC profile (iCCP), IDAT and IEND as
  the very last chunk, every CRC correct. Text, EXIF, time and any other chunk refuse it.

``processing.process()`` further requires that profile, if any, to be exactly our standard sRGB
one (``SRGB_PROFILE``): any other profile may carry private tags. A refused file is simply cleaned
like any upload. Ordinary uploads (the admin, ``load_demo``) are
always re-encoded: only the import path opts in, and the usual upload checks (byte and pixel limits,
content sniffing, a full decode) still run on every archived file first.
"""

import zlib

from django.core.files.base import File

_JPEG_SOI, _JPEG_EOI, _JPEG_SOS = 0xD8, 0xD9, 0xDA
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2}  # baseline, extended and progressive Huffman frames
_JPEG_TABLES = {0xDB, 0xC4, 0xDD}  # quantisation tables, Huffman tables, restart interval
_JFIF_WITHOUT_THUMBNAIL = 16  # segment length of a JFIF APP0 with a 0 x 0 thumbnail
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_CHUNKS = {b"IHDR", b"iCCP", b"IDAT", b"IEND"}


class ArchivedMaster(File):
    """An image file read from a story archive: kept as it is if it is a clean master (see above)."""


def clean_master_kind(data: bytes) -> str | None:
    """Return "jpeg" or "png" if data is a clean master (nothing but pixels and an ICC profile), else None."""
    if data.startswith(b"\xff\xd8") and _bare_jpeg(data):
        return "jpeg"
    if data.startswith(_PNG_SIGNATURE) and _bare_png(data):
        return "png"
    return None


def _bare_jpeg(data: bytes) -> bool:
    size, pos, frames = len(data), 2, 0
    while pos + 2 <= size:
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == _JPEG_EOI:
            return frames == 1 and pos + 2 == size
        if pos + 4 > size:
            return False
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        end = pos + 2 + length
        if length < 2 or end > size:
            return False
        payload = data[pos + 4 : end]
        if marker == 0xE0:
            if not (payload.startswith(b"JFIF\x00") and length == _JFIF_WITHOUT_THUMBNAIL):
                return False
        elif marker == 0xE2:
            if not payload.startswith(b"ICC_PROFILE\x00"):
                return False
        elif marker in _JPEG_FRAMES:
            frames += 1
            if len(payload) < 6 or payload[0] != 8 or payload[5] != 3:
                return False
        elif marker == _JPEG_SOS:
            end = _end_of_scan(data, end)
        elif marker not in _JPEG_TABLES:
            return False
        pos = end
    return False


def _end_of_scan(data: bytes, pos: int) -> int:
    """Return where the entropy-coded data starting at pos ends (the next real marker)."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos == -1 or pos + 1 >= len(data):
            return len(data)
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:  # a stuffed 0xFF byte or a restart marker
            pos += 2
            continue
        return pos


def _bare_png(data: bytes) -> bool:
    size, pos, first = len(data), len(_PNG_SIGNATURE), True
    while pos + 12 <= size:
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > size or kind not in _PNG_CHUNKS or first != (kind == b"IHDR"):
            return False
        body = data[pos + 8 : pos + 8 + length]
        if zlib.crc32(kind + body) != int.from_bytes(data[end - 4 : end], "big"):
            return False
        if kind == b"IHDR" and (length != 13 or body[8] != 8 or body[9] not in (2, 6) or body[12] != 0):
            return False  # only 8-bit RGB or RGBA, not interlaced: what the pipeline writes
        if kind == b"IEND":
            return end == size
        pos, first = end, False
    return False
