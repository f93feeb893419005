"""Thai conventions every app shares, written once: the Buddhist Era calendar and the fiscal
year (``thai.calendar``), and how scores are printed (``thai.numbers``). Apps and template
filters import from here rather than spelling the rules again.

Document typography (Thai digits, units in prose, thousands grouping) is still in
``doc_templates.thai_format``, and search text normalisation in ``evidence_search.thai_text``."""
