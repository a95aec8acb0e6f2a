"""Pictures standing in for the scanned documents of the demo applications."""

import io

from django.conf import settings


def extract_png(organisation: str, rows: list[str]) -> bytes:
    """A picture standing in for a scanned extract with marks, legible in Russian."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = settings.BASE_DIR / "static" / "fonts" / "DejaVuSans.ttf"
    title, body = ImageFont.truetype(str(font_path), 22), ImageFont.truetype(str(font_path), 16)
    image = Image.new("RGB", (700, 420 + 28 * len(rows)), (252, 250, 244))
    draw = ImageDraw.Draw(image)
    draw.text((40, 30), organisation, fill=(30, 30, 60), font=body)
    draw.text((40, 80), "СПРАВКА (выписка) об успеваемости", fill=(20, 20, 20), font=title)
    for index, row in enumerate(rows):
        draw.text((40, 140 + 28 * index), row, fill=(20, 20, 20), font=body)
    bottom = 180 + 28 * len(rows)
    draw.text((40, bottom), "Директор  ____________", fill=(20, 20, 20), font=body)
    draw.ellipse((420, bottom - 40, 560, bottom + 100), outline=(40, 70, 170), width=4)
    draw.text((452, bottom + 22), "М. П.", fill=(40, 70, 170), font=body)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
