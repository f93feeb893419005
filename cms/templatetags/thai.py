"""Thai date and number filters for public templates (B.E. dates via pythainlp)."""
import datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from pythainlp.util import thai_strftime

register = template.Library()


@register.filter
def thai_date(value, style="long"):
    """21 พฤศจิกายน 2569 (long) or 21 พ.ย. 69 (short); datetimes in local time."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    else:
        value = datetime.datetime(value.year, value.month, value.day)
    pattern = "%-d %b %y" if style == "short" else "%-d %B %Y"
    return thai_strftime(value, pattern)


@register.filter
def thai_datetime(value):
    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return thai_strftime(value, "%-d %B %Y เวลา %H:%M น.")


@register.filter
def be_ce(year_be):
    """"2569 (ค.ศ. 2026)": the C.E. year beside the B.E. one."""
    from thai.calendar import ce_year

    return f"{year_be} (ค.ศ. {ce_year(int(year_be))})"


@register.filter
def weight(value):
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")
