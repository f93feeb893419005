from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.slugs import SERVE_PATTERN
from cms.revisions_compare import COMPARE_PATH, approver_revisions_compare
from khamrap.security import ThrottledAdminLoginForm, ThrottledAuthenticationForm, post_only_logout

# The throttle itself is in the authentication backend; these forms only say so in Thai.
admin.site.login_form = ThrottledAdminLoginForm

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Before Wagtail's admin: approvers may compare the revisions they approve.
    re_path(COMPARE_PATH, approver_revisions_compare),
    # Before Wagtail's admin: page views that would name pages the user may not see.
    path("", include("cms.page_gate")),
    path("admin/logout/", post_only_logout()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("cms.urls")),
    path("", include("evidence.download_urls")),
    path("api/evidence/", include("evidence.public_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's front-end login for private pages, with the throttle's Thai refusal.
    path("_util/login/", auth_views.LoginView.as_view(
        template_name=getattr(settings, "WAGTAIL_FRONTEND_LOGIN_TEMPLATE", "wagtailcore/login.html"),
        authentication_form=ThrottledAuthenticationForm), name="wagtailcore_login"),
    # Wagtail's own serve pattern is [\w-]: paths whose slugs keep Thai marks (cms.slugs).
    re_path(SERVE_PATTERN, wagtail_views.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
