"""Repeated failed logins are refused for a while, with a Thai message; others are unaffected."""
import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def attempt(client, username, password, address="10.0.0.1"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_throttled_after_repeated_failures_even_with_the_right_password(demo, client, settings):
    user = demo.user("staff_finance")
    user.set_password("ถูกต้อง-2569")
    user.save()
    for _ in range(settings.KHAMRAP_LOGIN_MAX_FAILURES):
        assert attempt(client, "staff_finance", "ผิด").status_code == 200
    response = attempt(client, "staff_finance", "ถูกต้อง-2569")
    assert response.status_code == 200
    assert "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # another address is not locked out by this one's failures
    assert attempt(client, "staff_finance", "ถูกต้อง-2569", address="10.0.0.2").status_code == 302


def test_the_lock_ends_when_the_window_passes(demo, client, settings):
    user = demo.user("reviewer")
    user.set_password("ถูกต้อง-2569")
    user.save()
    for _ in range(settings.KHAMRAP_LOGIN_MAX_FAILURES):
        attempt(client, "reviewer", "ผิด")
    assert "หลายครั้งเกินไป" in attempt(client, "reviewer", "ถูกต้อง-2569").content.decode()
    cache.clear()  # the window passing is the cache entry expiring
    assert attempt(client, "reviewer", "ถูกต้อง-2569").status_code == 302
