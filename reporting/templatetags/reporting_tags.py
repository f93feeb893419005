from django import template

register = template.Library()


@register.filter
def score4(value):
    """A score with 4 decimals (ROUND_HALF_UP already applied by the engine), "-" when none."""
    return "-" if value is None or value == "" else f"{value:.4f}"


@register.filter
def be_date(value):
    """A date as users read it: วว/ดด/ปปปป in พ.ศ. (datetimes in local time)."""
    import datetime as dt

    from django.utils import timezone

    from cms.widgets import be_date as fmt

    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return fmt(value) if value else "-"
