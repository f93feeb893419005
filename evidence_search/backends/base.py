"""Value types and the abstract backend every index implementation follows."""
from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional


@dataclass(frozen=True)
class IndexedPassage:
    """One passage (a page or a chunk of a document) as the index sees it."""

    passage_id: str
    document_id: str
    title: str
    body: str
    kpi_name: str = ""
    filename: str = ""
    file_type: str = ""
    fiscal_year: Optional[int] = None  # B.E.
    unit_id: Optional[int] = None
    unit_abbr: str = ""
    kpi_id: Optional[int] = None
    kpi_code: str = ""
    round: Optional[int] = None  # 6, 9 or 12
    is_public: bool = False


@dataclass(frozen=True)
class Filters:
    fiscal_year: Optional[int] = None
    unit_id: Optional[int] = None
    kpi_id: Optional[int] = None
    round: Optional[int] = None
    file_type: Optional[str] = None

    def items(self) -> list[tuple[str, object]]:
        return [(k, v) for k, v in vars(self).items() if v is not None]


@dataclass(frozen=True)
class Visibility:
    """Which passages the searcher may see; applied inside the query.

    ``Visibility.everything()`` — editors and assessors;
    ``Visibility.units({3, 7})`` — staff of those units (``include_public=True`` adds
    public passages of other units); ``Visibility.public()`` — anonymous readers.
    """

    all: bool = False
    unit_ids: frozenset = frozenset()
    include_public: bool = False

    @classmethod
    def everything(cls) -> "Visibility":
        return cls(all=True)

    @classmethod
    def units(cls, unit_ids: Iterable[int], include_public: bool = False) -> "Visibility":
        return cls(unit_ids=frozenset(int(u) for u in unit_ids), include_public=include_public)

    @classmethod
    def public(cls) -> "Visibility":
        return cls(include_public=True)


ALL = Visibility.everything()
PUBLIC_ONLY = Visibility.public()


@dataclass(frozen=True)
class SearchQuery:
    text: str
    filters: Filters = field(default_factory=Filters)
    visibility: Visibility = ALL
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class Hit:
    document_id: str
    passage_id: str
    title: str
    filename: str
    unit: str
    kpi: str
    round: Optional[int]
    file_type: str
    score: float
    snippet_html: str
    whole_word: bool
    #: the parts of ``score`` (backends that can explain it; see ``evidence_search.backends.ranking``)
    explanation: Optional[dict] = None


@dataclass
class SearchResults:
    total: int  # matching documents
    took_ms: float
    hits: list[Hit]
    page: int = 1
    per_page: int = 20
    #: False when ``total`` is an estimate (then say so to the user)
    total_exact: bool = True
    #: "did you mean": the query with misspelt terms replaced by spellings the index holds
    suggestions: list[str] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


Progress = Callable[[int], None]


class SearchBackend(abc.ABC):
    @abc.abstractmethod
    def index(self, passages: list[IndexedPassage]) -> None:
        """Insert or replace passages (keyed by ``passage_id``)."""

    @abc.abstractmethod
    def delete(self, document_ids: list[str]) -> None:
        """Remove every passage of these documents."""

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> SearchResults: ...

    @abc.abstractmethod
    def rebuild(self, passages: Iterable[IndexedPassage], progress: Progress | None = None) -> int:
        """Drop the index and build it from ``passages``; returns the number indexed."""

    def clear(self) -> None:
        self.rebuild([])
