"""JPEG and PNG files read by their structure, without decoding a pixel: whether a file
is whole, and the same file without its location metadata.

Whole: Pillow can report a cut-off image, but whether it does depends on the
process-wide ``ImageFile.LOAD_TRUNCATED_IMAGES``, which WeasyPrint switches on when it is
imported. Flipping that flag around a check would race with other threads of the same
worker, so the upload check asks this module as well: a JPEG must reach its end-of-image
marker, a PNG its IEND chunk with every chunk's checksum right and its image data
stream complete and long enough for its declared size.

Location: photos taken with a phone carry GPS coordinates in their EXIF (and sometimes in
XMP); where a family lives is personal data the school does not need. Only the
metadata segments or chunks are rewritten; the compressed image data is copied byte for
byte, so nothing is re-encoded and nothing is lost in quality."""

import re
import struct
import zlib

JPEG_START = b"\xff\xd8"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXIF_HEADER = b"Exif\x00\x00"
XMP_HEADERS = (b"http://ns.adobe.com/xap/1.0/\x00", b"http://ns.adobe.com/xmp/extension/\x00")
MPF_HEADER = b"MPF\x00"
APP1, APP2, SOS, EOI = 0xE1, 0xE2, 0xDA, 0xD9
GPS_IFD = 0x8825
GPS_WORD = re.compile(rb"gps", re.IGNORECASE)
# PNG text chunks whose keyword says they hold raw EXIF/XMP (ImageMagick writes these).
RAW_PROFILE = re.compile(rb"raw profile type ", re.IGNORECASE)
PNG_XMP_KEYWORD = b"XML:com.adobe.xmp"
PNG_TEXT_CHUNKS = {b"tEXt", b"zTXt", b"iTXt"}
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
# The seven passes of an interlaced PNG: first column, first row, column step, row step.
ADAM7 = [
    (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
    (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
]  # fmt: skip
DECOMPRESS_STEP = 1 << 20
# XMP is a few kilobytes; one that inflates past this is dropped rather than read on.
XMP_READ_LIMIT = 4 << 20


def is_complete(content: bytes, content_type: str) -> bool:
    if content_type == "image/jpeg":
        return _jpeg_pieces(content) is not None
    if content_type == "image/png":
        chunks = _png_chunks(content)
        return chunks is not None and _png_data_complete(chunks)
    raise ValueError(content_type)


def without_location(content: bytes, content_type: str) -> bytes:
    """The image with its location metadata removed, or ``content`` itself when there
    is none. The caller has checked that the file is whole."""
    if content_type == "image/jpeg":
        return _jpeg_without_location(content)
    if content_type == "image/png":
        return _png_without_location(content)
    raise ValueError(content_type)


def _exif_without_location(exif_block: bytes) -> bytes | None:
    """An EXIF block (with its "Exif\\0\\0" header) without the GPS directory; the block
    itself when it has none; None when it cannot be read, so the caller drops it whole
    rather than keep coordinates it could not find."""
    from PIL import Image

    exif = Image.Exif()
    try:
        exif.load(exif_block)
        if GPS_IFD not in exif:
            return exif_block
        del exif[GPS_IFD]
        return exif.tobytes()
    except (SyntaxError, ValueError, KeyError, TypeError, IndexError, OSError, struct.error):
        return None


# JPEG ----------------------------------------------------------------------------------------


def _jpeg_pieces(data: bytes) -> list[tuple[int | None, bytes]] | None:
    """The file cut into its marker segments (marker, bytes) and its entropy-coded scan
    data (None, bytes), the last piece being the end-of-image marker; None when the
    file ends (or breaks) before it."""
    if not data.startswith(JPEG_START):
        return None
    pieces: list[tuple[int | None, bytes]] = [(0xD8, JPEG_START)]
    position, size, scans = 2, len(data), 0
    while True:
        start = position
        if position >= size or data[position] != 0xFF:
            return None
        while position < size and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= size:
            return None
        marker = data[position]
        position += 1
        if marker == EOI:
            pieces.append((EOI, data[start:position]))
            return pieces if scans else None
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # no length: TEM, restarts
            pieces.append((marker, data[start:position]))
            continue
        if position + 2 > size:
            return None
        end = position + int.from_bytes(data[position : position + 2], "big")
        if end < position + 2 or end > size:
            return None
        pieces.append((marker, data[start:end]))
        position = end
        if marker == SOS:
            scans += 1
            scan_start = position
            while True:
                found = data.find(b"\xff", position)
                if found < 0 or found + 1 >= size:
                    return None
                following = data[found + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed byte, restart
                    position = found + 2
                elif following == 0xFF:  # fill before a marker
                    position = found + 1
                else:
                    break
            pieces.append((None, data[scan_start:found]))
            position = found


def _jpeg_without_location(content: bytes) -> bytes:
    pieces = _jpeg_pieces(content)
    if pieces is None:
        raise ValueError("not a whole JPEG")
    changed = False
    # Extended XMP may split a GPS property over two segments: XMP goes as a whole.
    drop_xmp = any(
        marker == APP1 and body[4:].startswith(XMP_HEADERS) and GPS_WORD.search(body)
        for marker, body in pieces
    )
    # Whatever follows the end-of-image marker (further images of a multi-picture
    # file, each with its own EXIF) is not shown; it goes, with the index to it.
    trailing = content[sum(len(body) for _, body in pieces) :]
    kept: list[bytes] = []
    for marker, body in pieces:
        payload = body[4:]
        if marker == APP1 and payload.startswith(EXIF_HEADER):
            exif = _exif_without_location(payload)
            if exif is not payload:
                changed = True
                if exif is None or len(exif) + 2 > 0xFFFF:
                    continue
                body = b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif
        elif (marker == APP1 and payload.startswith(XMP_HEADERS) and drop_xmp) or (
            marker == APP2 and payload.startswith(MPF_HEADER) and trailing
        ):
            changed = True
            continue
        kept.append(body)
    if not (changed or trailing):
        return content
    return b"".join(kept)


# PNG -----------------------------------------------------------------------------------------


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]] | None:
    """(type, data) of every chunk up to IEND, each checked against its CRC; None when
    the file ends before IEND or a checksum is wrong."""
    if not data.startswith(PNG_SIGNATURE):
        return None
    chunks, position = [], len(PNG_SIGNATURE)
    while True:
        if position + 8 > len(data):
            return None
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body_end = position + 8 + length
        if body_end + 4 > len(data):
            return None
        body = data[position + 8 : body_end]
        if zlib.crc32(kind + body) != int.from_bytes(data[body_end : body_end + 4], "big"):
            return None
        chunks.append((kind, body))
        position = body_end + 4
        if kind == b"IEND":
            return chunks if chunks[0][0] == b"IHDR" else None


def _png_expected_bytes(header: bytes) -> int | None:
    """How many bytes the decompressed image data holds: every row of every pass with
    its filter byte."""
    if len(header) != 13:
        return None
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if colour not in PNG_CHANNELS:
        return None
    bits = PNG_CHANNELS[colour] * depth

    def rows(columns: int, count: int) -> int:
        return count * (1 + (columns * bits + 7) // 8) if columns and count else 0

    if not interlace:
        return rows(width, height)
    return sum(
        rows((width - x + dx - 1) // dx, (height - y + dy - 1) // dy) for x, y, dx, dy in ADAM7
    )


def _png_data_complete(chunks: list[tuple[bytes, bytes]]) -> bool:
    """The IDAT stream ends properly and holds at least the declared image. Output is
    counted, not kept: a few kilobytes may declare a huge image (Pillow has already
    refused an image too large to decode)."""
    expected = _png_expected_bytes(chunks[0][1])
    if expected is None:
        return False
    stream = zlib.decompressobj()
    produced = 0
    try:
        for kind, body in chunks:
            if kind != b"IDAT":
                continue
            pending = body
            while pending and not stream.eof:
                produced += len(stream.decompress(pending, DECOMPRESS_STEP))
                pending = stream.unconsumed_tail
            if stream.eof:
                break
        while not stream.eof and stream.unconsumed_tail:
            produced += len(stream.decompress(stream.unconsumed_tail, DECOMPRESS_STEP))
    except zlib.error:
        return False
    return stream.eof and produced >= expected


def _png_text_is_location(kind: bytes, body: bytes) -> bool:
    keyword, _, rest = body.partition(b"\x00")
    if RAW_PROFILE.match(keyword):
        return True
    if keyword != PNG_XMP_KEYWORD:
        return False
    text, compressed = rest, False
    try:
        if kind == b"zTXt":
            text, compressed = rest[1:], True
        elif kind == b"iTXt":
            compressed, text = bool(rest[0]), rest[2:].split(b"\x00", 2)[-1]
        if compressed:
            stream = zlib.decompressobj()
            text = stream.decompress(text, XMP_READ_LIMIT)
            if not stream.eof:
                return True
    except (zlib.error, IndexError):
        return True  # unreadable XMP: it may hold coordinates
    return GPS_WORD.search(text) is not None


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_without_location(content: bytes) -> bytes:
    chunks = _png_chunks(content)
    if chunks is None:
        raise ValueError("not a whole PNG")
    changed = False
    kept = [PNG_SIGNATURE]
    for kind, body in chunks:
        if kind == b"eXIf":
            exif = _exif_without_location(EXIF_HEADER + body)
            if exif is not None and exif[len(EXIF_HEADER) :] == body:
                kept.append(_png_chunk(kind, body))
                continue
            changed = True
            if exif is not None:
                kept.append(_png_chunk(kind, exif[len(EXIF_HEADER) :]))
            continue
        if kind in PNG_TEXT_CHUNKS and _png_text_is_location(kind, body):
            changed = True
            continue
        kept.append(_png_chunk(kind, body))
    if not changed and sum(len(part) for part in kept) == len(content):
        return content
    return b"".join(kept)
