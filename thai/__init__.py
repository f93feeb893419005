"""Thai conventions every app shares, written once: the Buddhist Era calendar and the fiscal
year (``thai.calendar``), how scores are printed (``thai.numbers``), and the Thai text
pipeline (``thai.text``: display repair, folding, word segmentation, cluster boundaries) that the
evidence index, the page-title search words and the upload checks share. Apps and template
filters import from here rather than spelling the rules again.

Document typography (Thai digits, units in prose, thousands grouping) is still in
``doc_templates.thai_format``."""
