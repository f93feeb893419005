"""Post-render pass: Thai font and language on every run (w:r).

docxtpl creates new runs when it renders variables, and those runs carry
only what the template's run had. Word picks the *complex-script* font
(w:rFonts/@w:cs) and size (w:szCs) for Thai characters, so a run without
them shows Thai in a fallback font. This pass walks every ``w:r`` of the
rendered body, headers and footers and sets:

* ``w:rFonts`` ascii / hAnsi / eastAsia / cs = the document font (theme
  font attributes removed — they would win over the explicit ones);
* ``w:sz`` (when absent) and ``w:szCs`` (= w:sz);
* ``w:bCs`` / ``w:iCs`` mirroring ``w:b`` / ``w:i``;
* ``w:cs`` (treat as complex script) on runs holding Thai text;
* ``w:lang`` with ``w:bidi="th-TH"``.

Children of ``w:rPr`` are kept in the schema order (CT_RPr sequence) so Word
accepts the file.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
THAI = re.compile("[\u0e00-\u0e7f]")

# CT_RPr element order (ECMA-376 Part 1, 17.3.2.28).
_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
    "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
    "specVanish", "oMath",
]
_RANK = {W + name: i for i, name in enumerate(_ORDER)}
_THEME_ATTRS = [W + a for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")]


def _child(rpr, name: str):
    el = rpr.find(W + name)
    if el is None:
        el = rpr.makeelement(W + name, {})
        rpr.append(el)
    return el


def fix_run(r, font: str, half_points: int) -> None:
    text = "".join(t.text or "" for t in r.iter(W + "t"))
    rpr = r.find(W + "rPr")
    if rpr is None:
        rpr = r.makeelement(W + "rPr", {})
        r.insert(0, rpr)
    fonts = _child(rpr, "rFonts")
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(attr, None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(W + attr, font)
    sz = rpr.find(W + "sz")
    if sz is None:
        sz = _child(rpr, "sz")
        sz.set(W + "val", str(half_points))
    _child(rpr, "szCs").set(W + "val", sz.get(W + "val"))
    for latin, cs in (("b", "bCs"), ("i", "iCs")):
        el = rpr.find(W + latin)
        if el is not None and rpr.find(W + cs) is None:
            mirror = _child(rpr, cs)
            if el.get(W + "val") is not None:
                mirror.set(W + "val", el.get(W + "val"))
    if THAI.search(text):
        _child(rpr, "cs")
    lang = _child(rpr, "lang")
    lang.set(W + "val", "th-TH")
    lang.set(W + "bidi", "th-TH")
    # Restore schema order.
    children = sorted(rpr, key=lambda el: _RANK.get(el.tag, len(_ORDER)))
    rpr[:] = children


def fix_tree(root, font: str, size_pt: float) -> int:
    """Fix every run under ``root``; returns how many runs were touched.

    Most runs share a handful of distinct rPr, so the fixed rPr is memoised by
    (original rPr XML, holds Thai?) and copied — ~10x faster on booklets.
    """
    half_points = int(round(size_pt * 2))
    memo: dict[tuple[bytes, bool], object] = {}
    n = 0
    for r in root.iter(W + "r"):
        n += 1
        rpr = r.find(W + "rPr")
        key = (etree.tostring(rpr) if rpr is not None else b"",
               bool(THAI.search("".join(t.text or "" for t in r.iter(W + "t")))))
        fixed = memo.get(key)
        if fixed is not None:
            if rpr is not None:
                r.replace(rpr, copy.deepcopy(fixed))
            else:
                r.insert(0, copy.deepcopy(fixed))
            continue
        fix_run(r, font, half_points)
        memo[key] = copy.deepcopy(r.find(W + "rPr"))
    return n
