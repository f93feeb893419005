"""Readable file names: Thai kept whole, cut only between words.

Django's ``get_valid_filename`` turns spaces into "_" and drops every character that is not
``\\w`` (Thai vowels and tone marks among them: "แฟ้มหลักฐาน กองคลัง" became
"แฟมหลกฐาน_กองคลง"), and its ``get_available_name`` shortens a long name by slicing
characters ("…การตรวจประเมิ"). The functions here are used for every stored and downloaded
name instead: ``cut_at_word`` cuts between words found by pythainlp (inside one over-long word,
only between character clusters), ``readable_name`` makes a name safe on any file system
without changing its letters, ``shorten_name`` fits a name into a length, extension kept.
"""
import posixpath
import re

UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def cut_at_word(text: str, limit: int) -> str:
    """``text`` (whitespace collapsed) cut to at most ``limit`` characters between two words;
    a first word longer than ``limit`` is cut between Thai character clusters (TCC)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    from pythainlp.tokenize import subword_tokenize, word_tokenize

    out = ""
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        if len(out) + len(word) > limit:
            if not out.strip():
                for cluster in subword_tokenize(word, engine="tcc"):
                    if len(out) + len(cluster) > limit:
                        break
                    out += cluster
            break
        out += word
    return out.strip()


def readable_name(name: str) -> str:
    """A file name safe on any file system with its letters unchanged (Thai marks, spaces)."""
    return " ".join(UNSAFE.sub(" ", str(name)).split()).strip(" .")


def shorten_name(name: str, limit: int) -> str:
    """``folder/long name.ext`` fitted into ``limit`` characters: the base name cut at a word
    boundary, folder and extension kept."""
    if len(name) <= limit:
        return name
    folder, base = posixpath.split(name)
    root, ext = posixpath.splitext(base)
    room = limit - len(ext) - (len(folder) + 1 if folder else 0)
    root = cut_at_word(root, max(room, 1)).strip(" .") or root[:1]
    return posixpath.join(folder, root + ext) if folder else root + ext


def unique_name(storage, name: str) -> str:
    """``name``, or "name (2).ext", "name (3).ext"… when taken: readable,
    where Django would add a random suffix."""
    if not storage.exists(name):
        return name
    stem, dot, ext = name.rpartition(".")
    n = 2
    while storage.exists(f"{stem} ({n}).{ext}"):
        n += 1
    return f"{stem} ({n}).{ext}"
