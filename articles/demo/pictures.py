"""Pictures for the demo stories, drawn with Pillow so that nothing is downloaded."""

import io

from PIL import Image, ImageDraw, ImageFont


def _hex_to_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def draw_picture(colors: tuple[str, str], label: str, size: tuple[int, int] = (1600, 900)) -> bytes:
    """Return JPEG bytes of a gradient with a few shapes and the label, in the given colours."""
    width, height = size
    top, bottom = (_hex_to_rgb(c) for c in colors)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / (height - 1)
        draw.line(
            [(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    for i in range(7):
        x = (i * 233) % width
        r = 60 + (i * 37) % 140
        draw.ellipse([x - r, height * 0.55 - r, x + r, height * 0.55 + r], outline=(255, 255, 255), width=4)
    for i in range(12):
        x = 80 + i * (width - 160) // 11
        draw.rectangle([x, height - 80 - (i * 53) % 300, x + 40, height - 80], fill=(255, 255, 255))
    font = ImageFont.load_default(size=96)
    draw.text((80, 80), label, fill=(255, 255, 255), font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()
