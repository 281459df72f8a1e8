"""CSRF under Django session auth: requests carrying the session cookie must present
Django's CSRF token (reported by session/); cookie-less clients are exempt."""

import httpx
import pytest

ECHO = {"function": "echo", "args": {"text": "x"}}


@pytest.mark.parametrize("backend", ["django-wsgi", "django-asgi"])
def test_csrf_flow(servers: dict[str, str], backend: str) -> None:
    base = servers[backend]
    with httpx.Client(base_url=base) as c:
        c.cookies.set("sessionid", "abc")
        session = c.get("session/")
        csrf = session.json()["csrf"]
        assert csrf["header"] == "X-Csrftoken" and csrf["token"]
        assert "csrftoken" in c.cookies

        c.cookies.delete("csrftoken")
        refused = c.post("call/", json=ECHO)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "csrf_failed"

        c.get("session/")  # the cookie again
        token = c.get("session/").json()["csrf"]["token"]
        ok = c.post("call/", json=ECHO, headers={csrf["header"]: token})
        assert ok.status_code == 200, ok.content

    with httpx.Client(base_url=base) as c:
        assert c.get("session/").json()["csrf"] is None
        assert c.post("call/", json=ECHO).status_code == 200
