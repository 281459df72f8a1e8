"""The API under Django's own test tools: `manage.py test library.django_app`.

`api_client` calls the project in process (middleware, URLconf, CSRF check and all)
with the generated client, inside each test's transaction; `user=` signs the client in
as `Client.force_login` would.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import TestCase, override_settings
from mizan_spec.django.testing import api_client

from .api.client import Client, CsrfFailed, Forbidden, NotAuthenticated


class LibraryApiTests(TestCase):
    ada: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.ada = User.objects.create_user(pk=1, username="ada", password="ada-token")

    def test_anyone_sees_the_front_page(self) -> None:
        stats = api_client(Client).catalogue_stats()
        self.assertGreater(stats.titles, 0)

    def test_anonymous_callers_are_refused(self) -> None:
        with self.assertRaises(NotAuthenticated):
            api_client(Client).me()

    def test_a_signed_in_member_calls_through_csrf(self) -> None:
        client = api_client(Client, user=self.ada)
        self.assertEqual(client.me().username, "ada")
        shelf = client.add_to_shelf(shelf="weekend", book_id=1)  # a POST with the session
        self.assertEqual(shelf.name, "weekend")

    def test_csrf_is_enforced_in_tests_too(self) -> None:
        client = api_client(Client, user=self.ada, session=False)  # never reads the token
        with self.assertRaises(CsrfFailed):
            client.add_to_shelf(shelf="weekend", book_id=1)

    def test_members_are_not_staff(self) -> None:
        with self.assertRaises(Forbidden):
            api_client(Client, user=self.ada).delete_review(review_id=1)

    @override_settings(APPEND_SLASH=True, MIDDLEWARE=[
        "django.middleware.common.CommonMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ])
    def test_a_path_without_its_slash_is_not_redirected(self) -> None:
        http = api_client(Client).http
        reply = http.post("/api/mizan/call", json={"function": "catalogue_stats"})
        self.assertEqual(reply.status_code, 404)
        self.assertEqual(reply.json()["error"]["code"], "not_found")
        self.assertEqual(http.post("/api/mizan/call/", json={"function": "catalogue_stats"})
                         .status_code, 200)
