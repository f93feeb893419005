"""All demo content in one place: ``data`` (plain data of the demo year), ``loader`` (builds it:
``load_demo``), ``rounds`` (the reporting rounds and reports: ``load_demo_rounds``)."""
