"""Compiles the project's catalogues (locale/*/LC_MESSAGES/*.po → .mo) in pure Python.

`manage.py compilemessages` needs GNU gettext's msgfmt (Debian package gettext); this script
needs nothing, so a fresh clone gets the Thai admin even where apt cannot run. It compiles
only catalogues whose .po is newer than the .mo (or with --force), and refuses a catalogue
with a syntax error, naming the line.
"""
import argparse
import ast
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_po(path):
    """{(msgctxt, msgid) or msgid: msgstr} with plural forms joined by NUL, fuzzy entries left out."""
    messages = {}
    entry, key, fuzzy = {}, None, False

    def flush():
        nonlocal entry, fuzzy
        if "msgid" in entry and not fuzzy:
            msgid = entry["msgid"]
            if "msgid_plural" in entry:
                msgid += "\0" + entry["msgid_plural"]
                forms = [entry[k] for k in sorted((k for k in entry if k.startswith("msgstr[")), key=lambda k: int(k[7:-1]))]
                msgstr = "\0".join(forms)
            else:
                msgstr = entry.get("msgstr", "")
            if "msgctxt" in entry:
                msgid = entry["msgctxt"] + "\x04" + msgid
            if msgstr.replace("\0", "") or msgid == "":
                messages[msgid] = msgstr
        entry, fuzzy = {}, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            flush()
            key = None
            continue
        if line.startswith("#,") and "fuzzy" in line:
            flush() if "msgid" in entry else None
            fuzzy = True
            continue
        if line.startswith("#"):
            continue
        try:
            if line.startswith('"'):
                entry[key] += ast.literal_eval(line)
                continue
            word, _, rest = line.partition(" ")
            if word in ("msgctxt", "msgid") and "msgid" in entry and (word == "msgctxt" or "msgstr" in entry or any(k.startswith("msgstr[") for k in entry)):
                keep_fuzzy = fuzzy
                flush()
                fuzzy = keep_fuzzy
            key = word
            entry[key] = ast.literal_eval(rest)
        except (SyntaxError, ValueError, KeyError, TypeError) as exc:
            raise SystemExit(f"{path}:{number}: cannot read {raw!r} ({exc})")
    flush()
    return messages


def write_mo(messages, path):
    keys = sorted(messages)
    ids = [k.encode("utf-8") for k in keys]
    strs = [messages[k].encode("utf-8") for k in keys]
    count = len(keys)
    key_start = 7 * 4 + 16 * count
    offsets, id_data, str_data = [], b"", b""
    for i, s in zip(ids, strs):
        offsets.append((len(i), len(id_data), len(s), len(str_data)))
        id_data += i + b"\0"
        str_data += s + b"\0"
    value_start = key_start + len(id_data)
    koffsets, voffsets = [], []
    for ilen, ioff, slen, soff in offsets:
        koffsets += [ilen, key_start + ioff]
        voffsets += [slen, value_start + soff]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    body = struct.pack(f"{len(koffsets)}i", *koffsets) + struct.pack(f"{len(voffsets)}i", *voffsets)
    path.write_bytes(header + body + id_data + str_data)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    for po in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if args.force or not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            messages = parse_po(po)
            write_mo(messages, mo)
            print(f"{po.relative_to(ROOT)}: {len(messages) - 1} ข้อความ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
