"""The Django app `mizan_spec.django` in the library example, through real `manage.py`
runs: system checks instead of an import-time failure, the IR commands, the test
helpers, and runserver serving `internal_error` while impl.py is behind the spec."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.examples.conftest import EXAMPLES, LIBRARY, python_path
from tests.servers import free_port

MANAGE = ["library/django_app/manage.py"]


def manage(cwd: Path, *args: str, db: Path, settings: str | None = None,
           ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LIBRARY_DJANGO_DB": str(db), **python_path(cwd)}
    if settings is not None:
        env["DJANGO_SETTINGS_MODULE"] = settings
    return subprocess.run([sys.executable, *MANAGE, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def behind(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the examples whose Django impl.py is behind the spec: `me` is gone and
    `catalogue_stats` is `async def`. Also a settings module without the app."""
    root = tmp_path_factory.mktemp("behind")
    shutil.copytree(LIBRARY, root / "library",
                    ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3"))
    impl = root / "library" / "django_app" / "api" / "impl.py"
    text = impl.read_text(encoding="utf-8")
    text = text.replace("    def me(self, call: Call)", "    def me_old(self, call: Call)")
    text = text.replace("    def catalogue_stats(", "    async def catalogue_stats(")
    impl.write_text(text, encoding="utf-8")
    (root / "library" / "django_app" / "without_app.py").write_text(
        "from library.django_app.settings import *  # noqa: F403\n"
        "INSTALLED_APPS = [a for a in INSTALLED_APPS if a != 'mizan_spec.django']  # noqa: F405\n",
        encoding="utf-8")
    return root


def test_commands_that_do_not_serve_still_run(behind: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    done = manage(behind, "migrate", db=db)
    assert done.returncode == 0, done.stderr
    assert "Applying auth" in done.stdout
    assert "(mizan.W001) missing: def me(self, call: Call[HttpRequest]) -> Member" in done.stderr
    assert "(mizan.W003) `catalogue_stats` is `async def`, this package expects `def`" \
        in done.stderr
    assert "Traceback" not in done.stderr
    for args in (["makemigrations", "--check", "--dry-run"], ["shell", "-c", "print(6 * 7)"]):
        done = manage(behind, *args, db=db)
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert done.stdout.splitlines()[-1] == "42"


def test_check_names_each_method_and_deploy_fails(behind: Path, tmp_path: Path) -> None:
    done = manage(behind, "check", db=tmp_path / "db.sqlite3")
    assert done.returncode == 0
    where = "class Implementation (library.django_app.api.impl)"
    assert f"{where}: (mizan.W001) missing: def me(self, call: Call[HttpRequest]) -> Member" \
        in done.stderr
    assert "HINT: Add or fix this method in impl.py; the interface is " \
           "library.django_app.api.interface.Api." in done.stderr
    assert "System check identified 2 issues" in done.stderr
    deploy = manage(behind, "check", "--deploy", db=tmp_path / "db.sqlite3")
    assert deploy.returncode == 1
    assert f"{where}: (mizan.E001) the Mizan API does not serve: 2 methods do not match" \
        in deploy.stderr
    assert "Traceback" not in deploy.stderr


def test_without_the_app_the_urlconf_raises_as_before(behind: Path, tmp_path: Path) -> None:
    done = manage(behind, "check", db=tmp_path / "db.sqlite3",
                  settings="library.django_app.without_app")
    assert done.returncode == 1
    assert "ImplementationError" in done.stderr


def test_export_refuses_an_api_that_does_not_serve(behind: Path, tmp_path: Path) -> None:
    done = manage(behind, "export_mizan_ir", db=tmp_path / "db.sqlite3")
    assert done.returncode == 1
    assert done.stderr.startswith("CommandError: the Mizan API does not serve: "
                                  "class Implementation")
    assert "Traceback" not in done.stderr


def test_runserver_reports_and_answers_internal_error(behind: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite3"
    assert manage(behind, "migrate", "-v0", db=db).returncode == 0
    port = free_port()
    env = {**os.environ, "LIBRARY_DJANGO_DB": str(db), **python_path(behind)}
    log = tmp_path / "runserver.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, *MANAGE, "runserver", "--noreload",
                                   f"127.0.0.1:{port}"], cwd=behind, env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        reply = None
        for _ in range(200):
            try:
                reply = httpx.post(f"http://127.0.0.1:{port}/api/mizan/call/",
                                   json={"function": "catalogue_stats"}, timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        assert reply is not None, log.read_text()
        assert reply.status_code == 500
        assert reply.json()["error"]["code"] == "internal_error"
    finally:
        server.terminate()
        server.wait(timeout=10)
    shown = log.read_text()
    assert "(mizan.W001) missing: def me" in shown
    assert "mizan: not serving /api/mizan/call/: class Implementation" in shown


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("django-app") / "db.sqlite3"


def test_export_gives_the_generated_ir(db: Path, tmp_path: Path) -> None:
    expected = (LIBRARY / "django_app" / "api" / "api.ir.kdl").read_text(encoding="utf-8")
    done = manage(EXAMPLES, "export_mizan_ir", db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected
    hashed = manage(EXAMPLES, "export_mizan_ir", "--hash", db=db)
    assert hashed.stdout.strip() == hashlib.sha256(expected.encode()).hexdigest()
    target = tmp_path / "served.ir.kdl"
    assert manage(EXAMPLES, "export_mizan_ir", "-o", str(target), db=db).returncode == 0
    assert target.read_text(encoding="utf-8") == expected


def test_check_mizan_ir_for_ci(db: Path, tmp_path: Path) -> None:
    spec = LIBRARY / "spec"
    done = manage(EXAMPLES, "check_mizan_ir", str(spec), db=db)
    assert (done.returncode, done.stdout.strip()) == (0, "the served IR matches the spec")
    ir_file = LIBRARY / "django_app" / "api" / "api.ir.kdl"
    assert manage(EXAMPLES, "check_mizan_ir", str(ir_file), db=db).returncode == 0
    changed = tmp_path / "spec"
    shutil.copytree(spec, changed)
    types = changed / "types.mizan.kdl"
    text = types.read_text(encoding="utf-8")
    assert '"Catalogue figures for the front page."' in text
    types.write_text(text.replace('"Catalogue figures for the front page."',
                                  '"Figures."'), encoding="utf-8")
    differs = manage(EXAMPLES, "check_mizan_ir", str(changed), db=db)
    assert differs.returncode == 1
    assert "CommandError: the served IR differs from the spec's:" in differs.stderr
    assert '-    doc "Figures."' in differs.stderr
    assert '+    doc "Catalogue figures for the front page."' in differs.stderr
    types.write_text(text.replace("type Stats", "type Stats Stats"), encoding="utf-8")
    broken = manage(EXAMPLES, "check_mizan_ir", str(changed), db=db)
    assert broken.returncode == 1
    assert "CommandError: the spec has errors:" in broken.stderr
    assert "error[" in broken.stderr


def test_django_test_tools_drive_the_generated_client(db: Path) -> None:
    done = manage(EXAMPLES, "test", "library.django_app", db=db)
    assert done.returncode == 0, done.stderr
    assert "Ran 6 tests" in done.stderr
    assert "OK" in done.stderr

