"""The page tree: home → fiscal year → organisation-year → content pages.

Content of one organisation in one year sits under its ``OrganisationYearPage`` so that
page permissions (granted per subtree) give unit staff exactly their own unit's pages.
"""
from django.db import models
from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PagePermissionTester
from wagtail.search import index

from .. import validation
from ..forms import OrganisationYearPageForm, UnitContentPageForm
from ..search_words import PAGE_SEARCH_FIELDS
from ..slugs import ThaiSlugPage
from .reference import FiscalYear, Organisation


class HomePage(ThaiSlugPage, Page):
    intro = RichTextField("ข้อความแนะนำ", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.FiscalYearPage"]
    parent_page_types = ["wagtailcore.Page"]
    search_fields = PAGE_SEARCH_FIELDS

    class Meta:
        verbose_name = "หน้าแรก"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["years"] = FiscalYearPage.objects.child_of(self).live().public().select_related("fiscal_year").order_by("-fiscal_year__year_be")
        return context


class YearPagePermissionTester(PagePermissionTester):
    """An agency's own editors (a department's กพร.) add year folders under a fiscal year
    without holding "add" on the year page: that permission would reach every other
    organisation's folders below it. Which organisation a folder is for is limited to the
    editor's subtree by ``OrganisationYearPageForm``; the new folder's own permissions then
    follow from its organisation (``roles.grant_unit_folder_permissions``)."""

    def can_add_subpage(self):
        if super().can_add_subpage():
            return True
        from ..scopes import organisations_acted_for

        return (self.user.is_active and OrganisationYearPage.can_create_at(self.page)
                and bool(organisations_acted_for(self.user, ("editor",))))


class FiscalYearPage(ThaiSlugPage, Page):
    fiscal_year = models.OneToOneField(FiscalYear, verbose_name="ปีงบประมาณ", on_delete=models.PROTECT, related_name="page")
    intro = RichTextField("ข้อความแนะนำ", blank=True)

    content_panels = Page.content_panels + [FieldPanel("fiscal_year"), FieldPanel("intro")]
    subpage_types = ["cms.OrganisationYearPage"]
    parent_page_types = ["cms.HomePage"]
    search_fields = PAGE_SEARCH_FIELDS

    class Meta:
        verbose_name = "หน้าปีงบประมาณ"

    def permissions_for_user(self, user):
        return YearPagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        descendants = Page.objects.descendant_of(self).live().public()
        context["organisation_pages"] = (
            OrganisationYearPage.objects.child_of(self).live().public().select_related("organisation").order_by("organisation__level", "organisation__name_th")
        )
        context.update(listed_content(descendants, order_by="title"))  # action_plans, agreements, manuals
        return context


class FolderPermissionTester(PagePermissionTester):
    """Editors never publish, so a folder a department's กพร. adds stays a draft until the
    department's executive (who holds "publish" on the department's folders but not "change")
    publishes it: the executive may open a draft folder in the editor to check and publish it.
    A live folder is not theirs to edit."""

    def can_edit(self):
        if super().can_edit():
            return True
        return self.user.is_active and not self.page.live and self.can_publish()


class OrganisationYearPage(ThaiSlugPage, Page):
    """One organisation's folder for one fiscal year (permissions are granted here)."""

    organisation = models.ForeignKey(Organisation, verbose_name="หน่วยงาน", on_delete=models.PROTECT, related_name="year_pages")
    intro = RichTextField("ข้อความแนะนำ", blank=True)

    content_panels = Page.content_panels + [FieldPanel("organisation"), FieldPanel("intro")]
    base_form_class = OrganisationYearPageForm
    subpage_types = [
        "cms.KPITemplatePage", "cms.KPIManualPage", "cms.AgreementPage", "cms.ActionPlanPage", "evidence.EvidenceFolderPage",
    ]
    parent_page_types = ["cms.FiscalYearPage"]
    search_fields = PAGE_SEARCH_FIELDS + [index.FilterField("organisation")]

    class Meta:
        verbose_name = "หน้าหน่วยงานรายปี"

    def permissions_for_user(self, user):
        return FolderPermissionTester(user, self)

    @property
    def fiscal_year(self):
        return self.get_parent().specific.fiscal_year

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listed_content(Page.objects.child_of(self).live().public()))  # agreements, manuals, action_plans
        return context


class UnitContentPage(ThaiSlugPage, Page):
    """Base of every page that lives under an ``OrganisationYearPage``.

    Gives ``organisation_year``, ``organisation`` and ``fiscal_year`` for pages being created
    too: the admin form passes the parent as ``_parent_page_hint`` before the page has a place
    in the tree, so ``clean()`` can check the fiscal year against the parent either way.
    """

    parent_page_types = ["cms.OrganisationYearPage"]
    subpage_types = []
    base_form_class = UnitContentPageForm
    search_fields = PAGE_SEARCH_FIELDS
    # The context name under which the fiscal-year and year-folder pages list the live pages of
    # this type (``listed_content``), set by the type itself (agreements, manuals, action plans);
    # None: not listed. The year pages so know no content type: the types import this module.
    listed_as = None

    class Meta:
        abstract = True

    @property
    def organisation_year(self):
        """The nearest ``OrganisationYearPage`` above this page (evidence sits one folder lower)."""
        node = getattr(self, "_parent_page_hint", None)
        if node is None and self.path:
            node = self.get_parent()
        while node is not None and node.depth > 2:
            node = node.specific
            if isinstance(node, OrganisationYearPage):
                return node
            node = node.get_parent()
        return None

    @property
    def organisation(self):
        parent = self.organisation_year
        return getattr(parent, "organisation", None)

    @property
    def fiscal_year(self):
        parent = self.organisation_year
        return parent.fiscal_year if isinstance(parent, OrganisationYearPage) else None

    def year_errors(self, own_year, field, what):
        year = self.fiscal_year
        return validation.check_same_fiscal_year(
            getattr(own_year, "year_be", own_year), getattr(year, "year_be", None), field, what
        )

    def raise_if(self, errors):
        if errors:
            raise validation.to_validation_error(errors)


def listed_content(pages, order_by=None) -> dict:
    """``{listed_as: the pages of that type among pages}`` for every content page type that
    names a ``listed_as`` (Wagtail's registry of page models)."""
    from wagtail.models import get_page_models

    listing = {}
    for model in get_page_models():
        name = model.__dict__.get("listed_as")
        if name and issubclass(model, UnitContentPage):
            found = model.objects.filter(pk__in=pages.values("pk"))
            listing[name] = found.order_by(order_by) if order_by else found
    return listing


def not_found_unless(condition):
    if not condition:
        raise Http404("ไม่พบหน้าที่ต้องการ")
