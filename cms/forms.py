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


class FrameworkForm(WagtailAdminModelForm):
    def clean(self):
        from .models import FrameworkDimension
        from .validation import parse_dimension_list

        cleaned = super().clean()
        dimensions_formset, rules_formset = self.formsets.get("dimensions"), self.formsets.get("weight_rules")
        if not (dimensions_formset and rules_formset and dimensions_formset.is_valid() and rules_formset.is_valid()):
            return cleaned
        dimensions = [FrameworkDimension(number=row["number"], name=row["name"], weight=row.get("weight"), weight_formula=row.get("weight_formula", "")) for row in live_rows(dimensions_formset)]
        try:
            rules = [(parse_dimension_list(r["greater_dimensions"]), parse_dimension_list(r["lesser_dimensions"])) for r in live_rows(rules_formset)]
        except ValueError:
            return cleaned  # the row's own clean() reports it
        self.instance._rows_from_form = True
        for error in self.instance.rule_errors(dimensions=dimensions, rules=rules):
            self.add_error(None, error.message)
        return cleaned
