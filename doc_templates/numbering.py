"""เลขที่หนังสือ: each organisation's running number per fiscal year.

``next_ref_no(organisation, fiscal_year_be)`` → "กพร 12/2569": the
organisation's abbreviation (without its final dot, as ที่ lines write it),
then one more than the highest number its memos/letters already carry for that
year. A number the user types is kept as typed.
"""
from __future__ import annotations

import re

_NUMBER = re.compile(r"(\d+)\s*/\s*(\d{4})\s*$")


def ref_prefix(organisation) -> str:
    return (organisation.abbreviation or "").strip().rstrip(".").replace(".", "")


def next_ref_no(organisation, fiscal_year_be: int) -> str:
    from .models import Memo

    highest = 0
    for ref in Memo.objects.filter(organisation=organisation, ref_no__endswith=f"/{fiscal_year_be}").values_list(
        "ref_no", flat=True
    ):
        m = _NUMBER.search(ref)
        if m and int(m.group(2)) == fiscal_year_be:
            highest = max(highest, int(m.group(1)))
    return f"{ref_prefix(organisation)} {highest + 1}/{fiscal_year_be}".strip()
