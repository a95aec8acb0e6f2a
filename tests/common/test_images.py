"""common.images: whether a JPEG or PNG is whole, read from its structure (so the
answer does not depend on Pillow's process-wide LOAD_TRUNCATED_IMAGES), and the same
file without its location metadata, image data copied byte for byte."""

import io
import random
import struct
import zlib

import pytest
from PIL import ExifTags, Image

from common import images

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (55.0, 45.0, 21.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (37.0, 37.0, 4.0),
}
XMP_WITH_GPS = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'exif:GPSLatitude="55,45.35N" exif:GPSLongitude="37,37.07E"/></rdf:RDF></x:xmpmeta>'
)
XMP_PLAIN = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def exif_with_gps(gps=True) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Phone"
    if gps:
        exif[ExifTags.IFD.GPSInfo] = GPS
    return exif


def noise(kind: str, size=(64, 48), **options) -> bytes:
    """Random pixels: the image data is most of the file, so a cut lands inside it."""
    pixels = random.Random(1).randbytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(buffer, kind, **options)
    return buffer.getvalue()


def png_chunks(content: bytes) -> list[tuple[bytes, bytes]]:
    chunks, position = [], 8
    while position < len(content):
        (length,) = struct.unpack(">I", content[position : position + 4])
        kind = content[position + 4 : position + 8]
        chunks.append((kind, content[position + 8 : position + 8 + length]))
        position += 12 + length
    return chunks


def png_from(chunks) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        for kind, body in chunks
    )


def with_chunk(content: bytes, kind: bytes, body: bytes) -> bytes:
    """The PNG with one more chunk before IEND."""
    chunks = png_chunks(content)
    return png_from([*chunks[:-1], (kind, body), chunks[-1]])


def jpeg_with_segment(content: bytes, marker: int, payload: bytes) -> bytes:
    segment = bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload
    return content[:2] + segment + content[2:]


def pixels(content: bytes) -> bytes:
    with Image.open(io.BytesIO(content)) as image:
        return image.tobytes()


def gps_of(content: bytes) -> dict:
    with Image.open(io.BytesIO(content)) as image:
        return image.getexif().get_ifd(ExifTags.IFD.GPSInfo)


# Whole or cut -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        ("image/jpeg", noise("JPEG")),
        ("image/jpeg", noise("JPEG", progressive=True)),
        ("image/jpeg", noise("JPEG", exif=exif_with_gps())),
        ("image/png", noise("PNG")),
        ("image/png", noise("PNG", optimize=True)),
        ("image/png", noise("PNG", size=(33, 17))),
    ],
)
def test_is_complete_whole_file(content_type, content):
    assert images.is_complete(content, content_type) is True


@pytest.mark.parametrize("cut", [0.25, 0.5, 0.9, 0.999])
@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        ("image/jpeg", noise("JPEG")),
        ("image/jpeg", noise("JPEG", progressive=True)),
        ("image/png", noise("PNG")),
    ],
)
def test_is_complete_cut_file(content_type, content, cut):
    assert images.is_complete(content[: int(len(content) * cut)], content_type) is False


def test_is_complete_png_whole_chunks_but_short_image_data():
    """Chunks and checksums right, the image data stream cut and closed early."""
    chunks = png_chunks(noise("PNG"))
    data = b"".join(body for kind, body in chunks if kind == b"IDAT")
    short = zlib.compress(zlib.decompress(data)[:1000])
    rebuilt = [(k, b) for k, b in chunks if k != b"IDAT"]
    rebuilt.insert(-1, (b"IDAT", short))

    assert images.is_complete(png_from(rebuilt), "image/png") is False


def test_is_complete_png_unfinished_image_data_stream():
    chunks = png_chunks(noise("PNG"))
    data = b"".join(body for kind, body in chunks if kind == b"IDAT")
    rebuilt = [(k, b) for k, b in chunks if k != b"IDAT"]
    rebuilt.insert(-1, (b"IDAT", data[:-8]))

    assert images.is_complete(png_from(rebuilt), "image/png") is False


def test_is_complete_png_bad_checksum():
    content = bytearray(noise("PNG"))
    content[-20] ^= 0xFF  # inside the last IDAT

    assert images.is_complete(bytes(content), "image/png") is False


def test_is_complete_interlaced_png():
    buffer = io.BytesIO()
    Image.new("RGB", (37, 23), (10, 20, 30)).save(buffer, "PNG")
    chunks = png_chunks(buffer.getvalue())
    width, height = 37, 23
    # An Adam7 image of one colour, written by hand: Pillow does not write interlaced PNG.
    raw = b""
    for x, y, dx, dy in images.ADAM7:
        columns, rows = (width - x + dx - 1) // dx, (height - y + dy - 1) // dy
        if columns and rows:
            raw += (b"\x00" + bytes([10, 20, 30]) * columns) * rows
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 1)
    interlaced = png_from([(b"IHDR", header), (b"IDAT", zlib.compress(raw)), chunks[-1]])

    assert images.is_complete(interlaced, "image/png") is True
    assert pixels(interlaced) == bytes([10, 20, 30]) * width * height
    short = png_from([(b"IHDR", header), (b"IDAT", zlib.compress(raw[:-5])), chunks[-1]])
    assert images.is_complete(short, "image/png") is False


# Without location -----------------------------------------------------------------------------


def test_without_location_jpeg_drops_gps_keeps_rest_and_image_data():
    original = noise("JPEG", exif=exif_with_gps())
    assert gps_of(original) == GPS

    cleaned = images.without_location(original, "image/jpeg")

    assert gps_of(cleaned) == {}
    with Image.open(io.BytesIO(cleaned)) as image:
        assert dict(image.getexif()) == {
            ExifTags.Base.Orientation: 6,
            ExifTags.Base.Make: "Phone",
        }
    assert pixels(cleaned) == pixels(original)
    # The compressed image data is copied, not re-encoded.
    scan = original.index(b"\xff\xda")
    assert cleaned.endswith(original[scan:])
    assert images.is_complete(cleaned, "image/jpeg") is True


def test_without_location_jpeg_drops_xmp_with_gps():
    original = jpeg_with_segment(
        noise("JPEG"), 0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP_WITH_GPS
    )

    cleaned = images.without_location(original, "image/jpeg")

    assert b"GPSLatitude" not in cleaned
    assert b"http://ns.adobe.com/xap/1.0/" not in cleaned
    assert pixels(cleaned) == pixels(original)


def test_without_location_jpeg_drops_images_after_end():
    """A multi-picture file: the second picture (with its own EXIF) is not shown."""
    second = noise("JPEG", size=(8, 8), exif=exif_with_gps())
    first = noise("JPEG")
    original = jpeg_with_segment(first, 0xE2, b"MPF\x00" + bytes(20)) + second

    cleaned = images.without_location(original, "image/jpeg")

    assert cleaned == first


def test_without_location_jpeg_without_any_returns_same_bytes():
    for original in (
        noise("JPEG"),
        noise("JPEG", exif=exif_with_gps(gps=False)),
        jpeg_with_segment(noise("JPEG"), 0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP_PLAIN),
    ):
        assert images.without_location(original, "image/jpeg") is original


def test_without_location_png_exif_chunk():
    original = noise("PNG", exif=exif_with_gps())
    assert gps_of(original) == GPS

    cleaned = images.without_location(original, "image/png")

    assert gps_of(cleaned) == {}
    with Image.open(io.BytesIO(cleaned)) as image:
        assert dict(image.getexif()) == {
            ExifTags.Base.Orientation: 6,
            ExifTags.Base.Make: "Phone",
        }
    assert pixels(cleaned) == pixels(original)
    assert images.is_complete(cleaned, "image/png") is True
    kept = [(k, b) for k, b in png_chunks(cleaned) if k != b"eXIf"]
    assert kept == [(k, b) for k, b in png_chunks(original) if k != b"eXIf"]


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        (b"tEXt", b"Raw profile type exif\x00\nexif\n     120\n4578696600004d4d\n"),
        (b"zTXt", b"Raw profile type APP1\x00\x00" + zlib.compress(b"\nexif\n  8\n45786966\n")),
        (b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + XMP_WITH_GPS),
        (b"iTXt", b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + zlib.compress(XMP_WITH_GPS)),
        (b"tEXt", b"XML:com.adobe.xmp\x00" + XMP_WITH_GPS),
    ],
)
def test_without_location_png_text_chunk_holding_location(kind, body):
    plain = noise("PNG")
    original = with_chunk(plain, kind, body)

    cleaned = images.without_location(original, "image/png")

    assert cleaned == plain


def test_without_location_png_other_text_kept():
    original = with_chunk(
        with_chunk(noise("PNG"), b"tEXt", b"Comment\x00GPS is not here"),
        b"iTXt",
        b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + XMP_PLAIN,
    )

    assert images.without_location(original, "image/png") is original
