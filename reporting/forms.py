"""Admin forms of UnitReport: unit staff pick only their own unit; each KPI line shows the
field for its KPI's kind (a checklist of steps for a milestone KPI, a number otherwise)."""
from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.base import get_form_for_model


class StepChecklist(forms.CheckboxSelectMultiple):
    """Steps grouped by level: choices are ("level.step", "ระดับ n ขั้นตอนที่ i: text")."""

    option_template_name = "django/forms/widgets/checkbox_option.html"


class KpiReportLineForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        line = self.instance
        kpi = line.reported_kpi if line.kpi_id else None
        if kpi is not None and kpi.kind == "milestone":
            choices = [
                (f"{level}.{i}", f"ระดับ {level} ขั้นตอนที่ {i}: {text}")
                for level, steps in kpi.milestone_ladder() for i, text in enumerate(steps, 1)
            ]
            self.fields["steps_done"] = forms.MultipleChoiceField(
                label="ขั้นตอนที่ดำเนินการแล้ว", choices=choices, required=False, widget=StepChecklist,
                help_text="ระดับจะผ่านเมื่อทำครบทุกขั้นตอนของระดับนั้นและระดับก่อนหน้า",
            )
            self.initial["steps_done"] = sorted(line.checked_steps(kpi.milestone_step_counts()))
            self.fields.pop("result_value", None)
        else:
            self.fields.pop("steps_done", None)

    def clean_steps_done(self):
        return list(self.cleaned_data.get("steps_done") or []) or None  # nothing ticked = not reported yet


class LinesInlinePanel(InlinePanel):
    """The report's KPI lines, each built with :class:`KpiReportLineForm`."""

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        child = self.child_edit_handler.get_form_options()
        formset["form"] = get_form_for_model(
            self.db_field.related_model, form_class=KpiReportLineForm,
            fields=child.get("fields", []), widgets=child.get("widgets", {}),
            defer_required_on_fields=child.get("defer_required_on_fields") or [],
        )
        return options


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
