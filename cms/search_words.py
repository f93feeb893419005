"""Thai page titles found by Wagtail's admin search (page search, page chooser).

Wagtail's database search backend (SQLite FTS5, PostgreSQL tsvector) splits text on spaces
and punctuation only: a Thai title without spaces is one token, and the admin's page search
(``autocomplete``: the last term is a prefix of a token) found a title only by its first
word ("ร้อยละ…"), never by a word inside it ("การเบิกจ่าย"). Pages therefore also index
``title_search_words``: the title's words (pythainlp, ``thai.text``) and, for each
run of text between spaces, the rest of the run from every word on, so a query typed without
spaces from any word of the title is the prefix of one token. Queries are not changed (other
indexed models keep their tokens as they were).
"""
from __future__ import annotations

from wagtail.models import Page
from wagtail.search import index

MAX_WORDS_PER_RUN = 40  # a run's suffixes grow with the square of its words: titles are short


def title_words(text: str) -> str:
    from thai.text import tokens

    out: list[str] = []
    for run in (text or "").split():
        words = [w for w in tokens(run) if w.strip()][:MAX_WORDS_PER_RUN]
        if len(words) < 2:
            continue
        for i, word in enumerate(words):
            out.append(word)
            if 0 < i < len(words) - 1:
                out.append("".join(words[i:]))
    return " ".join(dict.fromkeys(out))


class ThaiTitleSearch:
    """Page mixin: the title's words and word-started rests, for the admin's page search."""

    def title_search_words(self) -> str:
        return title_words(self.title)


PAGE_SEARCH_FIELDS = Page.search_fields + [
    index.AutocompleteField("title_search_words"),
    index.SearchField("title_search_words"),
]
