"""Repeated failed logins are refused on every login path, keyed on the real client address.

Behind nginx the peer is the proxy; the client address is the right-most X-Forwarded-For hop
that is not a trusted proxy. An attacker at one address cannot lock a user out at another:
the account alone is only slowed down, never locked.
"""
import time

import pytest
from django.core.cache import cache

LOGIN_PATHS = ["/admin/login/", "/django-admin/login/", "/_util/login/"]
PASSWORD = "ถูกต้อง-2569"


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    # a fresh, empty cache per test (the throttle's counters), not a way to end a lockout
    cache.clear()
    settings.KHAMRAP_TRUSTED_PROXIES = "127.0.0.1,unix"
    settings.KHAMRAP_LOGIN_ACCOUNT_DELAY_SECONDS = 0.05
    settings.KHAMRAP_LOGIN_ACCOUNT_DELAY_MAX_SECONDS = 0.2
    yield
    cache.clear()


@pytest.fixture
def staff(demo):
    user = demo.user("staff_finance")
    user.set_password(PASSWORD)
    user.is_staff = True  # so the Django admin login would let them in
    user.save()
    return user


def attempt(client, username, password, path="/admin/login/", **meta):
    meta.setdefault("REMOTE_ADDR", "10.0.0.1")
    return client.post(path, {"username": username, "password": password}, **meta)


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("failing_path", LOGIN_PATHS)
def test_failures_on_any_path_refuse_the_right_password_on_every_path(staff, client, settings, failing_path):
    for _ in range(settings.KHAMRAP_LOGIN_MAX_FAILURES):
        attempt(client, "staff_finance", "ผิด", path=failing_path)
    for path in LOGIN_PATHS:
        response = attempt(client, "staff_finance", PASSWORD, path=path)
        assert response.status_code == 200, path
        assert "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป" in response.content.decode(), path
        assert not logged_in(client), path
    # the same account from another address is not locked out by these failures
    assert attempt(client, "staff_finance", PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302
    assert logged_in(client)


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_every_path_logs_in_with_the_right_password(staff, client, path):
    response = attempt(client, "staff_finance", PASSWORD, path=path)
    assert response.status_code == 302, path
    assert logged_in(client)


def test_the_lock_ends_when_the_window_passes(staff, client, settings, monkeypatch):
    """The window really passes, on the throttle's clock (a wall-clock sleep raced the
    window on a loaded machine): locked inside it, the right password logs in after it."""
    from khamrap import security

    class Clock:
        offset = 0.0

        def time(self):
            return time.time() + self.offset

        def sleep(self, seconds):
            time.sleep(seconds)

    clock = Clock()
    monkeypatch.setattr(security, "time", clock)
    settings.KHAMRAP_LOGIN_LOCKOUT_SECONDS = 60
    for _ in range(settings.KHAMRAP_LOGIN_MAX_FAILURES):
        attempt(client, "staff_finance", "ผิด")
    assert "หลายครั้งเกินไป" in attempt(client, "staff_finance", PASSWORD).content.decode()
    clock.offset = 59  # still inside the window
    assert "หลายครั้งเกินไป" in attempt(client, "staff_finance", PASSWORD).content.decode()
    clock.offset = 61
    assert attempt(client, "staff_finance", PASSWORD).status_code == 302


def behind_nginx(client_address, peer="127.0.0.1"):
    return {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": f"{client_address}"}


@pytest.mark.parametrize("peer", ["127.0.0.1", ""])  # TCP to localhost, or gunicorn's unix socket
def test_behind_the_proxy_an_attacker_cannot_lock_out_the_user_at_another_address(staff, client, settings, peer):
    # far more failures than the per-account limit, from one attacker address via nginx
    for _ in range(settings.KHAMRAP_LOGIN_MAX_FAILURES * 3):
        attempt(client, "staff_finance", "ผิด", **behind_nginx("203.0.113.9", peer))
    refused = attempt(client, "staff_finance", PASSWORD, **behind_nginx("203.0.113.9", peer))
    assert "หลายครั้งเกินไป" in refused.content.decode()
    assert not logged_in(client)
    # the real user, at their own address behind the same proxy, logs in (slowed, not locked)
    started = time.monotonic()
    response = attempt(client, "staff_finance", PASSWORD, **behind_nginx("198.51.100.7", peer))
    assert response.status_code == 302
    assert logged_in(client)
    assert time.monotonic() - started >= settings.KHAMRAP_LOGIN_ACCOUNT_DELAY_SECONDS


def test_the_address_wide_limit_refuses_an_address_trying_many_accounts(staff, client, settings):
    settings.KHAMRAP_LOGIN_ADDRESS_MAX_FAILURES = 6
    for n in range(settings.KHAMRAP_LOGIN_ADDRESS_MAX_FAILURES):
        attempt(client, f"someone{n}", "ผิด", **behind_nginx("203.0.113.9"))
    refused = attempt(client, "staff_finance", PASSWORD, **behind_nginx("203.0.113.9"))
    assert "หลายครั้งเกินไป" in refused.content.decode()
    assert not logged_in(client)
    assert attempt(client, "staff_finance", PASSWORD, **behind_nginx("198.51.100.7")).status_code == 302


def test_the_right_most_untrusted_hop_is_the_client_not_a_forged_left_one(staff, client, settings):
    # the attacker sends its own X-Forwarded-For; nginx appends the address it really saw
    for n in range(settings.KHAMRAP_LOGIN_MAX_FAILURES):
        attempt(client, "staff_finance", "ผิด", **behind_nginx(f"10.9.9.{n}, 203.0.113.9"))
    refused = attempt(client, "staff_finance", PASSWORD, **behind_nginx("10.9.9.200, 203.0.113.9"))
    assert "หลายครั้งเกินไป" in refused.content.decode()


def test_an_untrusted_peers_forwarded_for_is_ignored(staff, client, settings):
    # a client reaching gunicorn directly cannot pick a fresh address per attempt with the header
    for n in range(settings.KHAMRAP_LOGIN_MAX_FAILURES):
        attempt(client, "staff_finance", "ผิด", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"10.1.1.{n}")
    refused = attempt(client, "staff_finance", PASSWORD, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.1.1.99")
    assert "หลายครั้งเกินไป" in refused.content.decode()
    assert not logged_in(client)
    # nor can it make its failures count against the address it names in the header
    assert attempt(client, "staff_finance", PASSWORD, **behind_nginx("10.1.1.0")).status_code == 302
