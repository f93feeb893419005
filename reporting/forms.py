"""Admin forms of UnitReport: unit staff pick only their own unit; each KPI line shows the
field for its KPI's kind (a checklist of steps for a milestone KPI, a number otherwise)."""
from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.base import get_form_for_model
from modelcluster.forms import BaseChildFormSet


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


class KpiLinesFormSet(BaseChildFormSet):
    """All lines of one report: each KPI of the unit's own agreement, at most once
    (:func:`reporting.line_rules.check_lines`), shown on the line's KPI field in Thai."""

    def clean(self):
        super().clean()
        from .line_rules import check_lines

        report = self.instance
        forms_kept = [f for f in self.forms if hasattr(f, "cleaned_data") and not self._should_delete_form(f)]
        kpis = [f.cleaned_data.get("kpi") for f in forms_kept]
        organisation = report.organisation if report.organisation_id else None
        round_ = report.round if report.round_id else None
        for i, message in check_lines(organisation, round_, kpis):
            if "kpi" not in forms_kept[i].errors:
                forms_kept[i].add_error("kpi", message)


class LinesInlinePanel(InlinePanel):
    """The report's KPI lines, each built with :class:`KpiReportLineForm`."""

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["formset"] = KpiLinesFormSet
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
                # a report being moderated keeps its own unit (its step's KPI supervisor acts for
                # no unit); the edit view lets only the report's own people or its step's actor in
                keep = {self.instance.organisation_id} if self.instance.pk else set()
                field.queryset = field.queryset.filter(pk__in=user_unit_ids(user) | keep)
        rounds = self.fields.get("round")
        if rounds is not None and user is not None and not reads_all(user) and field is not None:
            # only the rounds the user's units report in (their own calendar's, else OPDC's);
            # the model's clean() checks the pair chosen (reporting.calendars); the calendar is
            # read from the field's own rounds (every round), as the model hands them to its form
            from .calendars import Calendar

            calendar = Calendar(rounds.queryset)
            ids = {r.pk for unit in field.queryset for r in calendar.rounds_for(unit)}
            if self.instance.pk and self.instance.round_id:
                ids.add(self.instance.round_id)
            rounds.queryset = rounds.queryset.filter(pk__in=ids)


class ReportingRoundForm(WagtailAdminModelForm):
    """A department's own editors run rounds for their subtree only: the organisation is one of
    theirs and required (the installation-wide calendar is the installation-wide editors')."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cms.permissions import scoped_choices
        from cms.roles import EDITORS, user_in

        user = getattr(self, "for_user", None)
        field = self.fields.get("organisation")
        if field is None or user is None:
            return
        field.queryset = scoped_choices(user, field.queryset, keep=self.instance.organisation_id)
        if not (user.is_superuser or user_in(user, EDITORS)):
            field.required = True
            field.help_text = "รอบของหน่วยงานนี้และหน่วยงานในสังกัด ใช้แทนรอบส่วนกลางของเดือนเดียวกัน"
            from cms.forms import subtree_dropdown

            subtree_dropdown(field)
            field.empty_label = "เลือกหน่วยงานเจ้าของรอบ"
        from cms.forms import preset_current_year

        preset_current_year(self)
