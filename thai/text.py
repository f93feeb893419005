"""The one Thai text pipeline shared by indexing, querying, snippets and extraction.

Two layers, so that snippets can show the original spelling while matching ignores it:

* ``clean(text)`` repairs the *display* text: NFC, old-font private-use glyphs
  (U+F700–U+F71A) mapped back to Thai letters, zero-width characters dropped, a line
  break between two Thai characters joined without a space, sara am composed
  (``ํา`` → ``ำ``, also ``ํ่า`` / ``่ํา`` → ``่ำ``; ``ำ่`` → ``่ำ``; the PDF artefact ``ำา`` →
  ``ำ``), a space a PDF put before a mark dropped (``ค ่า``), marks written before their
  consonant moved after it (``ูผ้`` → ``ผู้``), duplicated marks dropped and the combining
  marks after each base put in canonical order (below/above vowel, then tone mark /
  thanthakhat).
* ``fold(text)`` is a strict one-to-one character mapping applied on top of ``clean``:
  Thai digits → Arabic digits and case folding (only where it keeps one character).
  Because it is 1:1, an offset found in ``fold(clean(x))`` is the same offset in
  ``clean(x)``; snippets rely on that.

``normalize = fold ∘ clean``. ``index_terms(text)`` and ``query_terms(text)`` use the same
``normalize`` and the same ``segment``; they are symmetric by construction.

Word segmentation — measured on this 2-core machine (``bench/search.py segmenters``):
speed on the three sample agency manuals (36 267 chars, whitespace squashed) and on
repeated gold sentences; boundary F1 against 8 hand-segmented government sentences
(fine-grained gold: การ|ปฏิบัติ|ราชการ)::

    engine     speed (chars/s)       boundary F1   notes
    nlpo3      2 700 k – 3 800 k      0.868         Rust port of newmm, same dictionary
    newmm        290 k –   435 k      0.868         pure Python maximal matching + TCC
    mm           232 k –   256 k      0.816         older maximal matching
    longest        < 3 k              0.863         unusable for indexing
    nercut / attacut / deepcut / icu: not installable here (pycrfsuite, numpy, PyICU)

Choice: ``nlpo3`` (6× newmm, identical algorithm and dictionary, Apache-2.0), falling back
to pythainlp's ``newmm`` when nlpo3 is not installed. Segmentation only decides *whole-word*
ranking: matching itself is done on character n-grams of the normalised text (see
``evidence_search.backends.embedded``), so a segmentation difference between index and query time
can never lose a hit.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, repeat

# --- character classes -----------------------------------------------------------------
THAI_FIRST, THAI_LAST = "\u0e01", "\u0e5b"
NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
THANTHAKHAT = "\u0e4c"
BELOW_VOWELS = "\u0e38\u0e39\u0e3a"
ABOVE_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e4d\u0e4e"
#: canonical order of the marks stacked on one base: below vowel, above vowel, tone/thanthakhat
_MARK_RANK = {**{c: 1 for c in BELOW_VOWELS}, **{c: 2 for c in ABOVE_VOWELS},
              **{c: 3 for c in TONE_MARKS + THANTHAKHAT}}
THAI_MARKS = frozenset(_MARK_RANK)

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

#: Old Thai fonts (Microsoft/Apple "Thai PUA" glyph variants) that PDF producers emit
#: instead of the real characters: U+F700–U+F71A.
PUA_MAP = {
    0xF700: "\u0e10", 0xF701: "\u0e34", 0xF702: "\u0e35", 0xF703: "\u0e36", 0xF704: "\u0e37",
    0xF705: "\u0e48", 0xF706: "\u0e49", 0xF707: "\u0e4a", 0xF708: "\u0e4b", 0xF709: "\u0e4c",
    0xF70A: "\u0e48", 0xF70B: "\u0e49", 0xF70C: "\u0e4a", 0xF70D: "\u0e4b", 0xF70E: "\u0e4c",
    0xF70F: "\u0e0d", 0xF710: "\u0e31", 0xF711: "\u0e4d", 0xF712: "\u0e47", 0xF713: "\u0e48",
    0xF714: "\u0e49", 0xF715: "\u0e4a", 0xF716: "\u0e4b", 0xF717: "\u0e4c", 0xF718: "\u0e38",
    0xF719: "\u0e39", 0xF71A: "\u0e3a",
}
_PUA_AND_ZW = {**PUA_MAP, **{ord(c): None for c in ZERO_WIDTH}}

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_FOLD_CACHE: dict[str, str] = {}

_THAI_CHAR = f"[{THAI_FIRST}-{THAI_LAST}]"
# one line break (not a blank line: that is a paragraph) between Thai characters
_THAI_LINEBREAK = re.compile(rf"(?<={_THAI_CHAR})[ \t]*\r?\n[ \t]*(?={_THAI_CHAR})")
# sara am written as nikhahit + sara aa, optionally with a tone mark before or between
_SPLIT_AM = re.compile(
    rf"([{TONE_MARKS}]?){NIKHAHIT}([{TONE_MARKS}]?){SARA_AA}")
# a tone mark typed after sara am belongs before it
_TONE_AFTER_AM = re.compile(f"{SARA_AM}([{TONE_MARKS}])")
# sara am followed by a stray sara aa: a PDF glyph artefact ("ดำา"), never Thai
_AM_AA = re.compile(f"{SARA_AM}{SARA_AA}+")
_MARKS_CLASS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# space a PDF put between a letter and its mark ("ค ่า")
_SPACE_BEFORE_MARK = re.compile(f"(?<=[{THAI_FIRST}-\u0e2e{_MARKS_CLASS}])[ \t]+(?=[{_MARKS_CLASS}])")
# marks written before their consonant ("ูผ้" for "ผู้"): move them after it
_ORPHAN_MARKS = re.compile(f"(?<![{THAI_FIRST}-\u0e2e{_MARKS_CLASS}])([{_MARKS_CLASS}]+)([{THAI_FIRST}-\u0e2e])")
_MARK_RUN = re.compile(f"[{''.join(THAI_MARKS)}]{{2,}}")


def _fix_split_am(m: re.Match) -> str:
    return (m.group(1) or m.group(2)) + SARA_AM


def _order_marks(m: re.Match) -> str:
    marks: list[str] = []
    for c in sorted(m.group(0), key=_MARK_RANK.__getitem__):
        if not marks or marks[-1] != c:  # a doubled mark is a PDF artefact, never Thai
            marks.append(c)
    return "".join(marks)


def _clean_once(text: str) -> str:
    text = _ORPHAN_MARKS.sub(r"\2\1", text)  # before joining lines: a line start is a boundary
    text = _SPACE_BEFORE_MARK.sub("", text)
    text = _THAI_LINEBREAK.sub("", text)
    text = _ORPHAN_MARKS.sub(r"\2\1", text)  # a mark left alone at a line start
    text = _MARK_RUN.sub(_order_marks, text)
    text = _SPLIT_AM.sub(_fix_split_am, text)
    text = _AM_AA.sub(SARA_AM, text)
    return _TONE_AFTER_AM.sub(lambda m: m.group(1) + SARA_AM, text)


_BY_RANK = {r: "".join(c for c, v in _MARK_RANK.items() if v == r) for r in (1, 2, 3)}
# Two adjacent marks that ``_order_marks`` would change: out of order or doubled.
_BAD_MARK_PAIR = (f"[{_BY_RANK[3]}][{_BY_RANK[1]}{_BY_RANK[2]}]|[{_BY_RANK[2]}][{_BY_RANK[1]}]"
                  f"|([{''.join(THAI_MARKS)}])(?P=dup)").replace("(?P=dup)", r"\1", 1)
# Anything one of ``_clean_once``'s rules acts on: text without a match is clean already
# (a few scans for literal classes instead of eight substitutions with look-arounds; most
# extracted text needs no repair). Each pattern finds where its rule would apply.
_CONS, _MARKS_C = f"{THAI_FIRST}-\u0e2e", _MARKS_CLASS
_NEEDS_REPAIR = tuple(re.compile(p) for p in (
    f"(?:^|[^{_CONS}{_MARKS_C}])[{_MARKS_C}]+[{_CONS}]",  # _ORPHAN_MARKS
    f"[{_CONS}{_MARKS_C}][ \t]+[{_MARKS_C}]",  # _SPACE_BEFORE_MARK
    f"{_THAI_CHAR}[ \t]*\r?\n[ \t]*{_THAI_CHAR}",  # _THAI_LINEBREAK
    _BAD_MARK_PAIR,  # _MARK_RUN that _order_marks changes
    NIKHAHIT,  # _SPLIT_AM
    _AM_AA.pattern, _TONE_AFTER_AM.pattern,
))


def _needs_repair_slow(text: str) -> bool:
    return any(p.search(text) for i, p in enumerate(_NEEDS_REPAIR) if i != 2 or "\n" in text)


def _class_table(classify) -> bytes:
    """A ``bytes.translate`` table: each TIS-620 byte → the class letter of its character."""
    out = bytearray()
    for b in range(256):
        try:
            c = bytes([b]).decode("tis_620")
        except UnicodeDecodeError:
            c = None
        out += classify(c).encode()
    return bytes(out)


def _mark_class(c) -> str:
    if c is None:
        return "X"
    if c in BELOW_VOWELS:
        return "B"
    if c in ABOVE_VOWELS:
        return "A"
    if c in TONE_MARKS + THANTHAKHAT:
        return "T"
    return "X"


#: consonant / mark / space or tab / anything else
_CMS = _class_table(lambda c: "X" if c is None else "C" if THAI_FIRST <= c <= "\u0e2e" else "M" if c in THAI_MARKS
                    else "S" if c in " \t" else "X")
#: below vowel / above vowel / tone mark or thanthakhat / anything else
_BAT = _class_table(_mark_class)
#: Thai character / line feed / anything else (spaces, tabs and CR deleted: ``_THAI_LINE_GAP``)
_KNX = _class_table(lambda c: "X" if c is None else "K" if THAI_FIRST <= c <= THAI_LAST else "N" if c == "\n" else "X")
_THAI_LINE_GAP = b" \t\r"
_BAD_MARK_CLASSES = (b"TB", b"TA", b"AB", b"BB", b"AA", b"TT")


def _needs_repair(text: str) -> bool:
    """Whether a rule of ``_clean_once`` applies (``_NEEDS_REPAIR``). Each pattern is tried
    only where the text, mapped to character classes in C (``bytes.translate`` of its
    TIS-620 bytes), holds what the pattern needs: a mark after a non-consonant (rules 0
    and 1), two marks out of order or doubled (3), Thai, a line break and Thai with only
    spaces between (2). Those class pairs are rare, so most passages need no regular
    expression scan at all (the seven scans cost a tenth of indexing a passage). The result
    is the same as trying every pattern (a pattern's match implies its class pair)."""
    try:
        raw = text.encode("tis_620")
    except UnicodeEncodeError:  # a character outside ASCII and Thai
        return _needs_repair_slow(text)
    p = _NEEDS_REPAIR
    cms = raw.translate(_CMS)
    space_mark = b"SM" in cms
    if (space_mark or b"XM" in cms or cms[:1] == b"M") and p[0].search(text):
        return True
    if space_mark and p[1].search(text):
        return True
    if b"\n" in raw and b"KNK" in raw.translate(_KNX, _THAI_LINE_GAP) and p[2].search(text):
        return True
    bat = raw.translate(_BAT)
    if any(pair in bat for pair in _BAD_MARK_CLASSES) and p[3].search(text):
        return True
    return any(q.search(text) for q in p[4:])


_PUA_OR_ZW = re.compile("[" + "".join(chr(c) for c in _PUA_AND_ZW) + "]")


def clean(text: str) -> str:
    """Repair a text for display (keeps digits and case); see the module docstring.

    The rules are applied until nothing changes (one pass for text that needs no repair),
    so that ``clean`` is idempotent even on pathological mark sequences. Text that no rule
    applies to (``_needs_repair``) is returned after one scan.
    """
    if not text:
        return ""
    if text.isascii():  # every rule needs a Thai, private-use or zero-width character
        return text
    text = unicodedata.normalize("NFC", text)
    if _PUA_OR_ZW.search(text):
        text = text.translate(_PUA_AND_ZW)
    if not _needs_repair(text):
        return text
    return _repair(text)


def _repair(text: str) -> str:
    for _ in range(5):
        fixed = _clean_once(text)
        if fixed == text:
            break
        text = fixed
    return text


def _fold_char(c: str) -> str:
    f = _FOLD_CACHE.get(c)
    if f is None:
        if c in THAI_DIGITS:
            f = str(THAI_DIGITS.index(c))
        else:
            f = c.casefold()
            if len(f) != 1:
                f = c.lower() if len(c.lower()) == 1 else c
        _FOLD_CACHE[c] = f
    return f


class _FoldTable(dict):
    """``str.translate`` table filled lazily, so folding runs in C after first sight."""

    def __missing__(self, code: int) -> str:
        self[code] = f = _fold_char(chr(code))
        return f


_FOLD_TABLE = _FoldTable()


#: Thai digits → Arabic digits, for ``str.translate`` (also used by form input and documents)
THAI_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_THAI_DIGIT = re.compile(f"[{THAI_DIGITS}]")
_DIGIT_PAIRS = tuple(zip(THAI_DIGITS, "0123456789"))
#: anything outside ASCII and the Thai block: needs the general (per-character) fold
_OTHER_SCRIPT = re.compile(r"[^\x00-\x7f\u0e00-\u0e7f]")


def fold(text: str) -> str:
    """One-to-one folding: Thai digits → 0-9, case folded. ``len(fold(s)) == len(s)``."""
    if text.isascii():
        return text.lower()
    if not _OTHER_SCRIPT.search(text):  # Thai + ASCII: lower() is 1:1 on ASCII
        low = text.lower()
        # Thai digits → Arabic: one C scan per digit present (what translate() does, but
        # translate() looks every character up in the table: 25× slower on a passage)
        if _THAI_DIGIT.search(low):
            for thai_digit, digit in _DIGIT_PAIRS:
                if thai_digit in low:
                    low = low.replace(thai_digit, digit)
        return low
    # other scripts: only their runs go through the per-character table (a translate() of
    # the whole text looked every character up); ASCII/Thai runs are folded as above
    parts = _OTHER_RUNS.split(text)
    for i, part in enumerate(parts):
        if part:
            parts[i] = part.translate(_FOLD_TABLE) if i % 2 else fold(part)
    return "".join(parts)


_OTHER_RUNS = re.compile(r"([^\x00-\x7f\u0e00-\u0e7f]+)")


def normalize(text: str) -> str:
    """The search form of a text: ``fold(clean(text))``."""
    return fold(clean(text))


#: Marks both ends of a number in compact text, so that a number matches whole numbers
#: only: "9" is ``NUM + "9" + NUM`` and never matches inside "19" or "๙๐". A private-use
#: code point that ``clean`` never produces (it maps only U+F700–U+F71A).
NUM = "\ue000"
#: Separates two fields (or two texts) in a compact string so no match spans them.
FIELD_SEP = "\ue001"
_DIGIT_COMMA = re.compile(r"(?<=[0-9]),(?=[0-9])")
_NUMBER = re.compile(r"[0-9]+")
_LATIN_EDGE = re.compile(r"[a-z]\s+[a-z]")  # a kept space needs a Latin letter on both sides


def _num_wrapped(m: re.Match) -> str:
    return NUM + m.group(0) + NUM


def compact(normalized: str) -> str:
    """The character stream n-grams are taken from (input: ``normalize`` output).

    * whitespace is dropped (Thai writes a phrase without spaces), except that a space
      between two Latin letters stays one space ("kpi template");
    * a comma between digits is dropped (2,569 = 2569) and each digit run is wrapped in
      ``NUM`` so that whole numbers only match whole numbers ("template1 2.6" is
      ``…1‹›‹2›.‹6›``: the query 12 is ``‹12›`` and does not occur).
    """
    s = _NUMBER.sub(_num_wrapped, _DIGIT_COMMA.sub("", normalized)) if _NUMBER.search(normalized) else normalized
    parts = s.split()  # whitespace runs dropped in C, not matched per character by a regex
    if len(parts) < 2:
        return parts[0] if parts else ""
    if not _LATIN_EDGE.search(s):  # no Latin letter next to whitespace: nothing kept
        return "".join(parts)
    out = [parts[0]]
    prev_latin = "a" <= parts[0][-1] <= "z"
    for part in parts[1:]:
        if prev_latin and "a" <= part[0] <= "z":
            out.append(" ")
        out.append(part)
        prev_latin = "a" <= part[-1] <= "z"
    return "".join(out)


def number_word(word: str) -> str:
    """A segmented word in index form: commas between digits dropped."""
    return _DIGIT_COMMA.sub("", word) if "," in word else word


# --- grapheme clusters --------------------------------------------------------------------
#: marks that attach to the character before them (above/below vowels, tone marks,
#: thanthakhat, nikhahit, yamakkan) and sara am, which Unicode also treats as extending
_ATTACHING = frozenset("\u0e31\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
                       "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
#: vowels written before their consonant (เ แ โ ใ ไ): they belong to the next character
LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


def is_cluster_boundary(text: str, i: int) -> bool:
    """True when cutting ``text`` before index ``i`` splits no Thai character cluster:
    not before a combining mark or sara am, not after a leading vowel, not inside CR LF,
    and not between a base and a Unicode combining character."""
    if i <= 0 or i >= len(text):
        return True
    nxt, prev = text[i], text[i - 1]
    if nxt in _ATTACHING or prev in LEADING_VOWELS:
        return False
    if prev == "\r" and nxt == "\n":
        return False
    return not unicodedata.combining(nxt) and unicodedata.category(nxt) not in ("Mn", "Me", "Mc")


def cluster_floor(text: str, i: int) -> int:
    """The nearest cluster boundary at or before ``i``."""
    i = max(0, min(i, len(text)))
    while i > 0 and not is_cluster_boundary(text, i):
        i -= 1
    return i


def cluster_ceil(text: str, i: int) -> int:
    """The nearest cluster boundary at or after ``i``."""
    i = max(0, min(i, len(text)))
    while i < len(text) and not is_cluster_boundary(text, i):
        i += 1
    return i


# --- segmentation -----------------------------------------------------------------------
_TOKEN_CHARS = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=1)
def segmenter_name() -> str:
    try:
        import nlpo3  # noqa: F401
        return "nlpo3"
    except ImportError:
        return "newmm"


#: what pythainlp's ``rejoin_formatted_num`` post-processing acts on (1,234 / 19:32 / 1.5)
#: a formatted number ("1.1", "2,569", "10:30"): pythainlp's ``_DIGITS_WITH_SEPARATOR``
#: (``rejoin_formatted_num``); found in a text exactly where ``\d[.,:]\d`` is
_DIGITS_WITH_SEPARATOR = re.compile(r"(\d+[\.\,:])+\d+")


def _rejoin_formatted_numbers(segments: list[str]) -> list[str]:
    """pythainlp's ``rejoin_formatted_num`` (the same result, token for token; tested
    against it): the tokens from the first one starting at or after a formatted number's
    start up to the first one starting at or after its end are joined into one. Found by
    bisection over the tokens' start offsets instead of a Python step per token (that
    step cost a fifth of segmenting a passage with numbered items)."""
    starts = [0, *accumulate(map(len, segments))]  # starts[i]: offset of token i; starts[n]: the end
    original = "".join(segments)
    n = len(segments)
    out: list[str] = []
    i = 0
    for m in _DIGITS_WITH_SEPARATOR.finditer(original):
        k = bisect_left(starts, m.start(), i, n)  # the tokens before the number stay as they are
        out += segments[i:k]
        i = k
        if i >= n:
            break
        j = bisect_left(starts, m.end(), i, n)  # the first token starting at or after its end
        if j > i:
            out.append("".join(segments[i:j]))
        i = j
    out += segments[i:]
    return out


def _tokens(text: str, keep_whitespace: bool) -> list[str]:
    """pythainlp's ``word_tokenize``, token for token. With nlpo3, nlpo3 is called directly
    and the one post-processing step that can change its tokens (a formatted number) is done
    here (that wrapper cost as much as the segmentation itself when indexing)."""
    formatted = _DIGITS_WITH_SEPARATOR.search(text)
    if segmenter_name() == "nlpo3" and (keep_whitespace or not formatted):
        from pythainlp.tokenize.nlpo3 import segment as nlpo3_segment

        words = nlpo3_segment(text) if text else []
        if words and formatted:  # word_tokenize's one post-processing step (with whitespace kept)
            words = _rejoin_formatted_numbers(words)
        return words if keep_whitespace else [w for w in words if not w.isspace()]
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine=segmenter_name(), keep_whitespace=keep_whitespace)


#: token → its word (``None``: punctuation or space, dropped); the same few thousand tokens
#: make up most texts, and the regular expression per token cost a fifth of segmenting
_WORD_OF: dict[str, str | None] = {}
_WORD_OF_MAX = 200_000


def segment(normalized: str) -> list[str]:
    """Words of an already normalised text; punctuation and spaces are dropped."""
    return words_of(tokens(normalized))


def tokens(text: str) -> list[str]:
    """The segmenter's tokens of a text, spaces and punctuation kept (they join back to the
    text, their lengths sum to ``len(text)``). Of a normalised text: what ``segment`` turns
    into words (``words_of``), the expensive part of segmenting, which a search index may
    store (``analyzer_version``); of a display text: the word boundaries for snippet cuts."""
    return _tokens(text, True)


def words_of(tokens: list[str]) -> list[str]:
    """``segment``'s words from ``tokens(normalized)``: ``segment(t) == words_of(tokens(t))``."""
    known = _WORD_OF
    # whitespace tokens kept and dropped through the cache (they map to None); the lookups
    # run in C (``map``), only tokens never seen before take a Python step
    words = list(map(known.get, tokens, repeat(_UNSEEN)))
    if _UNSEEN in words:
        for i, w in enumerate(words):
            if w is _UNSEEN:
                w = tokens[i]
                word = known.get(w, _UNSEEN)
                if word is _UNSEEN:
                    word = number_word(w.strip()) if _TOKEN_CHARS.search(w) else None
                    if len(known) < _WORD_OF_MAX:
                        known[w] = word
                words[i] = word
    return list(filter(None, words))  # a word is never "" (it holds a \w character)


_UNSEEN = object()


#: Bump whenever what ``tokens`` returns for a text can change other than through the
#: segmenter package or its dictionary (``_tokens``, ``_rejoin_formatted_numbers``, the
#: engine choice): a stored analysis (``evidence_search.backends.analysis``) is keyed by
#: ``analyzer_version()`` and is ignored once it changes. ``clean``/``fold`` need no bump: the
#: stored analysis is keyed by the normalised text itself.
ANALYSIS_VERSION = 1


@lru_cache(maxsize=1)
def analyzer_version() -> str:
    """Everything ``tokens`` depends on: the engine, the versions of nlpo3 and pythainlp,
    a hash of the word dictionary file both segment with and ``ANALYSIS_VERSION``."""
    import hashlib
    from importlib import metadata
    from importlib.resources import files

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "-"

    words = files("pythainlp.corpus").joinpath("words_th.txt").read_bytes()
    return (f"{segmenter_name()} nlpo3={version('nlpo3')} pythainlp={version('pythainlp')} "
            f"dict={hashlib.sha256(words).hexdigest()[:16]} code={ANALYSIS_VERSION}")


def warm() -> None:
    """Load what the first query needs (the segmenter's dictionary, ~140 ms) now: called
    when a web or task worker starts, so the first user query does not pay for it."""
    segment(normalize("ตัวชี้วัดการปฏิบัติราชการ KPI 2569"))


def index_terms(text: str) -> tuple[str, list[str]]:
    """(compact normalised text, words) of a field at index time."""
    norm = normalize(text)
    return compact(norm), segment(norm)


def query_terms(text: str) -> tuple[str, list[str]]:
    """Same as ``index_terms``; a separate name so both call sites read clearly."""
    return index_terms(text)


def thai_ratio(text: str) -> float:
    """Share of Thai characters among the letters of a text (0 when no letters)."""
    letters = [c for c in text if c.isalpha() or c in THAI_MARKS]
    if not letters:
        return 0.0
    return sum(THAI_FIRST <= c <= THAI_LAST for c in letters) / len(letters)
