"""Is a PDF text layer usable, repairable, or junk that must go to OCR?

Signals seen in Thai PDFs: old-font private-use glyphs (U+F700–U+F71A), sara am split in
two or doubled (``ํา``, ``ำา``), marks out of order or before their consonant, spaces
inside a cluster — all repaired by ``thai_text.clean``. Fonts without a Unicode map give
Latin-1 look-alikes of TIS-620 bytes (``ÃÒ§Ò¹`` for ``รายงาน``): re-decoded as TIS-620.
What is left — mostly symbols, ``(cid:nn)``, replacement characters, or no text at all
(a scanned page) — goes to OCR.
"""
from __future__ import annotations

import re
import unicodedata

from thai import text as thai_text

MIN_TEXT_CHARS = 12  # fewer non-space characters: treat the page as an image
JUNK_SHARE = 0.3

_SIGNALS = {
    "pua": re.compile("[\uf700-\uf71a]"),
    "split_am": re.compile("\u0e4d[\u0e48-\u0e4b]?\u0e32|[\u0e48-\u0e4b]\u0e4d\u0e32|\u0e33\u0e32|\u0e33[\u0e48-\u0e4b]"),
    "space_in_cluster": re.compile("[\u0e01-\u0e2e][ \t]+[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"),
    "orphan_mark": re.compile("(?:^|(?<=[^\u0e01-\u0e2e\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]))[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"),
    "mark_order": re.compile("[\u0e48-\u0e4c][\u0e31\u0e34-\u0e3a\u0e47\u0e4d]"),
    "zero_width": re.compile(f"[{thai_text.ZERO_WIDTH}]"),
}
_MOJIBAKE = re.compile("[\u00a1-\u00fb]")
_CID = re.compile(r"\(cid:\d+\)")


def signals(text: str) -> list[str]:
    return [name for name, rx in _SIGNALS.items() if rx.search(text)]


def _junk_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 1.0
    junk = 0
    for c in chars:
        if c.isascii() or "\u0e01" <= c <= "\u0e5b":
            continue
        cat = unicodedata.category(c)
        if c == "\ufffd" or cat in ("Co", "Cn", "Cc", "So") or (cat.startswith("L") and not c.isascii()):
            junk += 1
    return junk / len(chars)


PLAUSIBLE = 0.5  # share of Thai characters that must fall in dictionary words


def plausibility(text: str) -> float:
    """Share of the Thai characters of ``text`` inside words of the Thai dictionary.

    Real Thai scores 0.8–1.0; random Thai letters (a mis-decoded font) score far lower.
    """
    from pythainlp.corpus import thai_words

    words = thai_words()
    thai = covered = 0
    for w in thai_text.segment(thai_text.normalize(text)):
        n = sum("\u0e01" <= c <= "\u0e5b" for c in w)
        thai += n
        if n and w in words:
            covered += n
    return covered / thai if thai else 1.0


def _try_tis620(text: str) -> str | None:
    marks = len(_MOJIBAKE.findall(text))
    letters = sum(not c.isspace() for c in text)
    if letters and marks / letters > 0.3 and thai_text.thai_ratio(text) < 0.1:
        try:
            fixed = text.encode("latin-1").decode("tis-620")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return None
        if thai_text.thai_ratio(fixed) > 0.5 and plausibility(fixed) >= PLAUSIBLE:
            return fixed
    return None


def _MOJIBAKE_SHARE(text: str) -> float:
    letters = sum(not c.isspace() for c in text)
    return len(_MOJIBAKE.findall(text)) / letters if letters else 0.0


def assess(text: str) -> tuple[str, str]:
    """``(method, text)``: method is "text", "repaired" or "ocr" (text then empty)."""
    text = _CID.sub("\ufffd", text or "")
    if sum(not c.isspace() for c in text) < MIN_TEXT_CHARS:
        return "ocr", ""
    fixed = _try_tis620(text)
    if fixed is not None:
        return "repaired", thai_text.clean(fixed)
    if _junk_share(thai_text.clean(text)) > JUNK_SHARE or _MOJIBAKE_SHARE(text) > JUNK_SHARE:
        return "ocr", ""
    if thai_text.thai_ratio(text) > 0.3 and plausibility(text) < PLAUSIBLE:
        return "ocr", ""  # Thai letters, but not Thai words
    if signals(text):
        return "repaired", thai_text.clean(text)
    return "text", thai_text.clean(text)
