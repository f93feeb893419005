"""What a refused request looks like, said once for every test."""
from urllib.parse import urlsplit


def refused(response) -> bool:
    """True when ``response`` refuses the request: 403, or a redirect to the login page
    (anonymous) or to the admin home, where Wagtail sends a signed-in user it refuses with
    "ขออภัย คุณไม่มีสิทธิ์…". A redirect anywhere else is not a refusal: a successful POST
    redirects too, so accepting any 302 would let a test pass on success."""
    if response.status_code == 403:
        return True
    if response.status_code != 302:
        return False
    from django.conf import settings
    from django.shortcuts import resolve_url
    from django.urls import reverse

    target = urlsplit(response["Location"]).path
    return target in {reverse("wagtailadmin_home"), urlsplit(resolve_url(settings.LOGIN_URL)).path}
