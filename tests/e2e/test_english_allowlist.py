"""The allow-list of the English-string crawl stays short, justified, and does what it says."""
from pathlib import Path

from .english_crawl import english_tokens, load_allowlist


def test_the_allowlist_is_short_and_every_entry_is_justified():
    raw = [line for line in Path(__file__).with_name("english_allowlist.txt").read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]
    assert len(raw) <= 20
    assert all("  # " in line for line in raw), "every allowed pattern says why"
    allow = load_allowlist()
    assert english_tokens("ส่งรายงาน e-SAR พร้อมไฟล์ PDF ของ KPI", allow) == []
    assert english_tokens("Awaiting your review", allow) == ["Awaiting", "your", "review"]
    assert english_tokens("3 minutes ที่ผ่านมา", allow) == ["minutes"]
