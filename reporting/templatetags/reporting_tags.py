from django import template

register = template.Library()


@register.filter
def score4(value):
    """A score with 4 decimals (ROUND_HALF_UP already applied by the engine), "-" when none."""
    return "-" if value is None or value == "" else f"{value:.4f}"
