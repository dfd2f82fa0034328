"""Checks for the sign-language film and its captions that staff upload in the admin.

The film is served by the site itself (no video platform), so only formats every browser
plays are taken: MP4 (H.264/AAC), recognised by its ``ftyp`` box rather than by the file
name. Its duration is read from the ``mvhd`` box, so the page can state it next to the
download link without a media library. Captions must be WebVTT, the only format the HTML
``<track>`` element reads.
"""

import datetime
import struct
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

#: Large enough for a few minutes in full HD, small enough for the disk and the visitors;
#: the setting ``SIGN_LANGUAGE_FILM_MAX_BYTES`` overrides it.
MAX_FILM_BYTES = 300 * 1024 * 1024
MAX_CAPTIONS_BYTES = 512 * 1024
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"udta"}


def _boxes(stream: IO[bytes], start: int, end: int):
    """Yield (type, payload start, box end) of the ISO BMFF boxes between two offsets."""
    position = start
    while position + 8 <= end:
        stream.seek(position)
        header = stream.read(8)
        if len(header) < 8:
            return
        size, kind = struct.unpack(">I4s", header)
        payload = position + 8
        if size == 1:
            large = stream.read(8)
            if len(large) < 8:
                return
            size = struct.unpack(">Q", large)[0]
            payload += 8
        elif size == 0:
            size = end - position
        if size < payload - position:
            return
        yield kind, payload, position + size
        position += size


def mp4_duration(stream: IO[bytes], length: int) -> datetime.timedelta | None:
    """Return the duration stated in the movie header (``moov/mvhd``), or ``None``."""
    for kind, payload, end in _boxes(stream, 0, length):
        if kind != b"moov":
            continue
        for inner, inner_payload, _inner_end in _boxes(stream, payload, end):
            if inner != b"mvhd":
                continue
            stream.seek(inner_payload)
            version = stream.read(4)[:1]
            if version == b"\x01":
                stream.read(16)  # creation and modification time, 64 bits each
                timescale, duration = struct.unpack(">IQ", stream.read(12))
            else:
                stream.read(8)
                timescale, duration = struct.unpack(">II", stream.read(8))
            if not timescale:
                return None
            return datetime.timedelta(seconds=round(duration / timescale))
    return None


def film_duration(upload) -> datetime.timedelta:
    """Check an uploaded film and return its duration; raise ``ValidationError`` otherwise."""
    limit = getattr(settings, "SIGN_LANGUAGE_FILM_MAX_BYTES", MAX_FILM_BYTES)
    if upload.size > limit:
        raise ValidationError(
            _("Der Film ist zu groß (höchstens %(limit)s).") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(12)
    if len(head) < 12 or head[4:8] != b"ftyp":
        raise ValidationError(
            _("Bitte laden Sie den Film als MP4-Datei (H.264) hoch."), code="not_mp4"
        )
    duration = mp4_duration(upload, upload.size)
    upload.seek(0)
    if duration is None or duration <= datetime.timedelta(0):
        raise ValidationError(
            _("Die Dauer des Films ließ sich nicht lesen. Ist die Datei vollständig?"),
            code="no_duration",
        )
    return duration


def validate_film(upload) -> None:
    film_duration(upload)


def validate_captions(upload) -> None:
    """Accept only a UTF-8 WebVTT file of reasonable size."""
    if upload.size > MAX_CAPTIONS_BYTES:
        raise ValidationError(
            _("Die Untertiteldatei ist zu groß (höchstens %(limit)s).")
            % {"limit": filesizeformat(MAX_CAPTIONS_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if not (first_line == "WEBVTT" or first_line.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValidationError(
            _("Untertitel bitte als WebVTT-Datei (.vtt, UTF-8) hochladen."), code="not_webvtt"
        )
