"""Login throttling for the admin's login form (WAGTAILADMIN_USER_LOGIN_FORM).

Failed attempts are counted in the cache per user name + client address and per address;
past the limit the form refuses before checking the password, with a Thai message, until
the window passes. The cache is shared by every web process (file cache on one machine,
Redis when KHAMRAP_CACHE_URL names one).
"""
from django import forms
from django.conf import settings
from django.core.cache import cache
from wagtail.admin.forms.auth import LoginForm


def client_address(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "unknown") if request else "unknown"


class ThrottledLoginForm(LoginForm):
    def throttle_keys(self):
        username = (self.data.get("username") or "").strip().lower()
        address = client_address(self.request)
        return [(f"login-fail:user:{username}:{address}", settings.KHAMRAP_LOGIN_MAX_FAILURES),
                (f"login-fail:address:{address}", settings.KHAMRAP_LOGIN_MAX_FAILURES * 4)]

    def clean(self):
        keys = self.throttle_keys()
        if any((cache.get(key) or 0) >= limit for key, limit in keys):
            minutes = settings.KHAMRAP_LOGIN_LOCKOUT_SECONDS // 60
            raise forms.ValidationError(
                f"เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป โปรดรอ {minutes} นาทีแล้วลองใหม่", code="throttled"
            )
        try:
            return super().clean()
        except forms.ValidationError:
            for key, _limit in keys:
                cache.add(key, 0, settings.KHAMRAP_LOGIN_LOCKOUT_SECONDS)
                cache.incr(key)
            raise
