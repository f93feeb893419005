"""The engine's functions in one import path (``from scoring.engine import ...``)."""
from .kpi import final_kpi_score, score_kpi, score_milestone, score_qualitative, score_quantitative
from .ranking import rank_units, traffic_light
from .unit import score_results, score_unit

__all__ = [
    "final_kpi_score",
    "rank_units",
    "score_kpi",
    "score_milestone",
    "score_qualitative",
    "score_quantitative",
    "score_results",
    "score_unit",
    "traffic_light",
]
