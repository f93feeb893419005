"""Admin forms that check rules spanning a page and its inline rows.

Model ``clean()`` sees the rows stored in the database; while an editor is editing, the
rows that count are the ones in the submitted formsets. These forms hand those rows to the
same rule functions and put the Thai messages on the form.
"""
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm


def live_rows(formset):
    return [
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class UnitContentPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.parent_page is not None:
            self.instance._parent_page_hint = self.parent_page

    def add_rule_errors(self, errors):
        for error in errors:
            field = error.field if error.field in self.fields else None
            self.add_error(field, error.message)


class AgreementPageForm(UnitContentPageForm):
    def clean(self):
        cleaned = super().clean()
        parties = self.formsets.get("parties")
        if parties is not None and parties.is_valid():
            self.instance._parties_from_form = True
            self.add_rule_errors(self.instance.party_errors(roles=[row.get("role") for row in live_rows(parties)]))
        formset = self.formsets.get("kpi_lines")
        if formset is None or not formset.is_valid():
            return cleaned
        lines = [(row["kpi"], row["weight"]) for row in live_rows(formset) if row.get("kpi") and row.get("weight") is not None]
        self.instance.framework = cleaned.get("framework")
        self.instance._lines_from_form = lines
        if self.instance.framework is not None:
            self.add_rule_errors(self.instance.rule_errors(lines=lines))
        return cleaned


class ScopedOrganisationChoicesMixin:
    """An agency's own editors pick organisations of their subtree only."""

    organisation_fields = ()
    # snippet forms: a drop-down of the editor's subtree instead of the installation-wide
    # chooser (page forms keep Wagtail's chooser: its panel expects the chooser widget)
    organisation_dropdown = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .scopes import scoped_choices

        user = getattr(self, "for_user", None)
        for name in self.organisation_fields:
            if name in self.fields:
                current = getattr(self.instance, f"{name}_id", None) if self.instance.pk else None
                everything = self.fields[name].queryset
                self.fields[name].queryset = scoped_choices(user, everything, keep=current)
                if self.organisation_dropdown and self.fields[name].queryset is not everything:
                    subtree_dropdown(self.fields[name])
        preset_current_year(self)


def subtree_dropdown(field):
    """An agency editor's organisation field as a drop-down of their own subtree (a few
    rows): Wagtail's organisation chooser lists every organisation of the installation, and
    one of another department was refused only on save (found walking a year as a
    department's กพร., issue 11)."""
    from django import forms

    field.widget = forms.Select(attrs={"data-scoped-organisations": ""})
    field.widget.choices = field.choices
    field.empty_label = "เลือกหน่วยงาน"
    label = field.label or "หน่วยงาน"
    field.error_messages["invalid_choice"] = f"{label}: เลือกได้เฉพาะหน่วยงานของคุณและหน่วยงานในสังกัด"


def preset_current_year(form):
    """A new object's fiscal year starts as the current one (``FiscalYear.is_current``)."""
    field = form.fields.get("fiscal_year")
    if field is None or form.instance.pk or form.is_bound or form.initial.get("fiscal_year"):
        return
    current = field.queryset.filter(is_current=True).values_list("pk", flat=True).first()  # the field's fiscal years
    if current is not None:
        form.initial["fiscal_year"] = current


class OrganisationYearPageForm(ScopedOrganisationChoicesMixin, WagtailAdminPageForm):
    """A year folder: an agency's own editors choose an organisation of their subtree only
    (a department's กพร. adds folders for its new units, never for another department's)."""

    organisation_fields = ("organisation",)
    organisation_dropdown = False


class OrganisationForm(ScopedOrganisationChoicesMixin, WagtailAdminModelForm):
    organisation_fields = ("parent",)

    def clean(self):
        from .scopes import scopes_choices

        cleaned = super().clean()
        if scopes_choices(getattr(self, "for_user", None)) and "parent" in self.fields and not cleaned.get("parent"):
            self.add_error("parent", "ต้องระบุหน่วยงานต้นสังกัดที่อยู่ในสังกัดของท่าน")
        return cleaned


class FrameworkForm(ScopedOrganisationChoicesMixin, WagtailAdminModelForm):
    organisation_fields = ("organisation",)

    def clean(self):
        from .scopes import scopes_choices
        from .validation import parse_dimension_list

        cleaned = super().clean()
        user = getattr(self, "for_user", None)
        if "organisation" in self.fields and scopes_choices(user) and not cleaned.get("organisation"):
            self.add_error("organisation", "ต้องระบุหน่วยงานที่ใช้กรอบการประเมินนี้ (หน่วยงานในสังกัดของท่าน)")
        dimensions_formset, rules_formset = self.formsets.get("dimensions"), self.formsets.get("weight_rules")
        if not (dimensions_formset and rules_formset and dimensions_formset.is_valid() and rules_formset.is_valid()):
            return cleaned
        FrameworkDimension = dimensions_formset.model  # the rows' model, as the formset hands it
        dimensions = [FrameworkDimension(number=row["number"], name=row["name"], weight=row.get("weight"), weight_formula=row.get("weight_formula", "")) for row in live_rows(dimensions_formset)]
        try:
            rules = [(parse_dimension_list(r["greater_dimensions"]), parse_dimension_list(r["lesser_dimensions"])) for r in live_rows(rules_formset)]
        except ValueError:
            return cleaned  # the row's own clean() reports it
        self.instance._rows_from_form = True
        for error in self.instance.rule_errors(dimensions=dimensions, rules=rules):
            self.add_error(None, error.message)
        return cleaned
