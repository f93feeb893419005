"""ตราครุฑ: the emblem image given in settings, or a labelled placeholder.

The real Garuda emblem is not shipped (each organisation supplies its own
file). Without one, documents carry an obviously fake placeholder — a circle
with "ตราครุฑ (ตัวอย่าง)" — so nobody mistakes a draft for a real letter.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .errors import DocumentError

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/tlwg/Laksaman-Bold.ttf",
    "/usr/share/fonts/truetype/tlwg/Laksaman.ttf",
    "/usr/share/fonts/truetype/tlwg/Garuda-Bold.ttf",
    "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
)


def _font(size: int):
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size), True
    return ImageFont.load_default(size=size), False


@functools.lru_cache(maxsize=1)
def placeholder_emblem() -> bytes:
    """PNG ตัวอย่างตราครุฑ (cached: generated once per process)."""
    size = 480
    img = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    red = (180, 20, 20, 255)
    draw.ellipse((12, 12, size - 12, size - 12), outline=red, width=14)
    draw.ellipse((44, 44, size - 44, size - 44), outline=red, width=4)
    font, thai = _font(92)
    lines = ("ตราครุฑ", "(ตัวอย่าง)") if thai else ("EMBLEM", "(PLACEHOLDER)")
    small, _ = _font(74)
    y = size // 2 - 95
    for text, f in zip(lines, (font, small)):
        box = draw.textbbox((0, 0), text, font=f)
        draw.text(((size - (box[2] - box[0])) / 2 - box[0], y), text, font=f, fill=red)
        y += 110
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def emblem_bytes(emblem) -> bytes:
    """bytes | str | Path | None → PNG/JPEG bytes (placeholder when None)."""
    if emblem is None:
        return placeholder_emblem()
    if isinstance(emblem, (str, Path)):
        try:
            data = Path(emblem).read_bytes()
        except OSError as exc:
            raise DocumentError(f"เปิดไฟล์ตราครุฑ '{emblem}' ไม่ได้ ({exc.strerror})") from None
    else:
        data = bytes(emblem)
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.verify()
    except Exception:
        raise DocumentError("ไฟล์ตราครุฑที่ระบุไม่ใช่รูปภาพที่อ่านได้") from None
    return data
