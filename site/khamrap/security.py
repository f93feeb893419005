"""Login throttling, enforced in the authentication backend so every login path passes it.

`ThrottledModelBackend` (AUTHENTICATION_BACKENDS) runs before any password is checked, for the
admin login, the Django admin login and Wagtail's front-end `/_util/login/` alike. Failures are
counted in the cache (shared by every web process) under three keys:

- account + client address: past KHAMRAP_LOGIN_MAX_FAILURES that pair is refused for the window;
- client address alone: past KHAMRAP_LOGIN_ADDRESS_MAX_FAILURES that address is refused;
- account alone: never a hard lock (an attacker elsewhere could turn it against the owner);
  past KHAMRAP_LOGIN_MAX_FAILURES every attempt on the account is slowed down instead
  (KHAMRAP_LOGIN_ACCOUNT_DELAY_SECONDS, doubling, at most _DELAY_MAX_SECONDS).

The client address is the peer, or, when the peer is a trusted proxy (KHAMRAP_TRUSTED_PROXIES:
addresses/networks, `unix` for a peer on a unix socket, whose REMOTE_ADDR is empty), the
right-most X-Forwarded-For hop that is not itself a trusted proxy.
"""
import hashlib
import ipaddress
import time

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from wagtail.admin.forms.auth import LoginForm

UNIX_PEER = "unix"


def _trusted_proxies():
    entries = settings.KHAMRAP_TRUSTED_PROXIES
    if isinstance(entries, str):
        entries = entries.split(",")
    networks, unix = [], False
    for entry in (e.strip() for e in entries):
        if entry == UNIX_PEER:
            unix = True
        elif entry:
            networks.append(ipaddress.ip_network(entry, strict=False))
    return networks, unix


def _is_trusted(address: str, networks, unix: bool) -> bool:
    if not address:
        return unix
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request) -> str:
    """The address the throttle keys on; X-Forwarded-For is read only from a trusted proxy."""
    if request is None:
        return "unknown"
    peer = (request.META.get("REMOTE_ADDR") or "").strip()
    networks, unix = _trusted_proxies()
    if not _is_trusted(peer, networks, unix):
        return peer or "unknown"
    hops = [hop.strip() for hop in (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks, unix):
            return hop[:64]
    return (hops[0][:64] if hops else peer) or "unknown"


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def _count(key: str) -> int:
    value = cache.get(key)
    if not value or value[1] <= time.time():
        return 0
    return value[0]


def _bump(key: str, window: int) -> None:
    # A count and the end of its window together: a cache's incr may reset the expiry.
    now = time.time()
    value = cache.get(key)
    count, ends = (value[0] + 1, value[1]) if value and value[1] > now else (1, now + window)
    cache.set(key, (count, ends), timeout=max(1, int(ends - now) + 1))


class LoginThrottled(PermissionDenied):
    pass


def refusal_message() -> str:
    minutes = max(1, settings.KHAMRAP_LOGIN_LOCKOUT_SECONDS // 60)
    return f"เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป โปรดรอ {minutes} นาทีแล้วลองใหม่"


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("username") or ""
        account = str(username).strip().lower()
        address = client_address(request)
        window = settings.KHAMRAP_LOGIN_LOCKOUT_SECONDS
        pair_key, address_key, account_key = (
            _key("pair", account, address), _key("address", address), _key("account", account))
        if (_count(pair_key) >= settings.KHAMRAP_LOGIN_MAX_FAILURES
                or _count(address_key) >= settings.KHAMRAP_LOGIN_ADDRESS_MAX_FAILURES):
            if request is not None:
                request.khamrap_login_refused = refusal_message()
            raise LoginThrottled(refusal_message())
        over = _count(account_key) - settings.KHAMRAP_LOGIN_MAX_FAILURES
        if over >= 0:
            delay = settings.KHAMRAP_LOGIN_ACCOUNT_DELAY_SECONDS * (2 ** min(over, 10))
            time.sleep(min(delay, settings.KHAMRAP_LOGIN_ACCOUNT_DELAY_MAX_SECONDS))
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            for key in (pair_key, address_key, account_key):
                _bump(key, window)
        else:
            cache.delete_many([pair_key, account_key])
        return user


class ThrottleMessageMixin:
    """Says in Thai that the attempt was refused by the throttle, not that the password is wrong."""

    def get_invalid_login_error(self):
        message = getattr(self.request, "khamrap_login_refused", None)
        if message:
            return forms.ValidationError(message, code="throttled")
        return super().get_invalid_login_error()


class ThrottledLoginForm(ThrottleMessageMixin, LoginForm):
    """WAGTAILADMIN_USER_LOGIN_FORM."""


class ThrottledAdminLoginForm(ThrottleMessageMixin, AdminAuthenticationForm):
    """The Django admin's login form (/django-admin/login/)."""


class ThrottledAuthenticationForm(ThrottleMessageMixin, AuthenticationForm):
    """Wagtail's front-end login (/_util/login/, private pages)."""


def post_only_logout():
    """Wagtail's admin logout view refuses a GET (405) but still deletes the session cookie
    on the way out, so a link or an <img src="/admin/logout/"> on any page logged users out.
    A GET (or any other non-POST) is now answered before Wagtail's view runs: nothing changes."""
    from django.http import HttpResponseNotAllowed
    from django.views.decorators.cache import never_cache
    from wagtail.admin.views.account import LogoutView

    wagtail_logout = LogoutView.as_view()

    @never_cache
    def logout(request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"], content="ออกจากระบบได้ด้วยปุ่ม “ออกจากระบบ” ในเมนูเท่านั้น".encode(),
                                          content_type="text/plain; charset=utf-8")
        return wagtail_logout(request, *args, **kwargs)

    return logout
