from django import template

from thai import numbers

register = template.Library()


register.filter("score4", numbers.score4)  # a score with 4 decimals, "-" when none


@register.filter
def be_date(value):
    """A date as users read it: วว/ดด/ปปปป in พ.ศ. (datetimes in local time)."""
    import datetime as dt

    from django.utils import timezone

    from cms.widgets import be_date as fmt

    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return fmt(value) if value else "-"
