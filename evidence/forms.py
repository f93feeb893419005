"""The evidence page's admin form: the round drop-down offers the rounds the page's
organisation reports in during its fiscal year (``evidence.rounds.round_months``, reporting's
calendar). The page's ``rule_errors`` checks the saved value either way."""
from cms.forms import UnitContentPageForm

from .rounds import round_months


class EvidencePageForm(UnitContentPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("round")
        organisation, year = self.instance.organisation, self.instance.fiscal_year
        if field is None or organisation is None or year is None:
            return
        months = round_months(organisation, year)
        if self.instance.pk and self.instance.round not in months:
            months = sorted(months + [self.instance.round])  # shown as saved; saving names the error
        labels = dict(field.choices)
        field.choices = [(month, labels.get(month, month)) for month in months]
