"""Admin form of UnitReport: unit staff pick only their own unit."""
from wagtail.admin.forms import WagtailAdminModelForm


class UnitReportForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .permissions import reads_all, user_unit_ids

        user = getattr(self, "for_user", None)
        field = self.fields.get("organisation")
        if field is not None:
            field.queryset = field.queryset.filter(level="unit")
            if user is not None and not reads_all(user):
                field.queryset = field.queryset.filter(pk__in=user_unit_ids(user))
