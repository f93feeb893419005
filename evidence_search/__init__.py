"""The evidence archive's search index: the engine (query parser, BM25F ranking, snippets),
text extraction and upload checks (``extraction``), and the index backends behind one
interface (``backends``: embedded, OpenSearch, Elasticsearch). Used by ``evidence/``, which owns
the evidence itself (also by ``dashboard`` for upload checks and ``ops.backup``). The package
name equals its app label, ``evidence_search``."""
