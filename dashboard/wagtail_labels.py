"""Labels Wagtail builds from English field names, outside any catalogue: given in Thai here.

- its login form declares the password field without a label, so Django shows "Password";
- its site listing names three columns from their attribute names ("Port", "Site name", "Root page");
- its snippet chooser formats "Choose %(object)s" when the form is built, before any request has
  chosen a language, so the button stays English; here it is formatted when shown.
"""
from django.utils.functional import lazy
from django.utils.translation import gettext


def _later(message, name):
    return lazy(lambda: gettext(message) % {"object": name}, str)()


def apply():
    from wagtail.admin.forms.auth import LoginForm
    from wagtail.sites.views import IndexView

    from wagtail.snippets.widgets import AdminSnippetChooser

    LoginForm.base_fields["password"].label = "รหัสผ่าน"
    if not getattr(AdminSnippetChooser, "_khamrap_lazy_texts", False):
        original_init = AdminSnippetChooser.__init__

        def __init__(self, model, **kwargs):
            original_init(self, model, **kwargs)
            name = self.model._meta.verbose_name
            self.choose_one_text = _later("Choose %(object)s", name)
            self.choose_another_text = _later("Choose another %(object)s", name)
            self.link_to_chosen_text = _later("Edit this %(object)s", name)

        AdminSnippetChooser.__init__ = __init__
        AdminSnippetChooser._khamrap_lazy_texts = True
    labels = {"port": "พอร์ต", "site_name": "ชื่อเว็บไซต์", "root_page": "หน้าราก"}
    for column in IndexView.columns:
        if column.name in labels:
            column.label = labels[column.name]
    # the redirects report's filter is declared with gettext at import time (English then)
    from wagtail.contrib.redirects.filters import RedirectsReportFilterSet

    type_filter = RedirectsReportFilterSet.base_filters["is_permanent"]
    type_filter.label = "ประเภท"
    type_filter.extra["choices"] = ((True, "ถาวร"), (False, "ชั่วคราว"))
    type_filter.extra["empty_label"] = "ทั้งหมด"
