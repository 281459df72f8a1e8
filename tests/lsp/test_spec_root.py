"""The language server honours `root` of `[tool.mizan-spec]` as the command line does:
an include that leads there is no E009 in the editor either."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.test_server import _open

WORKSPACE = Path(tempfile.mkdtemp(prefix="mizan-lsp-root-"))
(WORKSPACE / "shared").mkdir()
(WORKSPACE / "spec").mkdir()
(WORKSPACE / "pyproject.toml").write_text('[tool.mizan-spec]\npaths = ["spec"]\nroot = "."\n',
                                          encoding="utf-8")
(WORKSPACE / "shared" / "types.mizan.kdl").write_text(
    "mizan 1\ntype Author {\n    field name str\n}\n", encoding="utf-8")
API = 'mizan 1\ninclude "../shared/types.mizan.kdl"\nfunction author returns=Author\n'
(WORKSPACE / "spec" / "api.mizan.kdl").write_text(API, encoding="utf-8")
API_URI = (WORKSPACE / "spec" / "api.mizan.kdl").as_uri()


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-m", "mizan_spec", "lsp"]))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(t.InitializeParams(
        capabilities=t.ClientCapabilities(), root_uri=WORKSPACE.as_uri()))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_configured_root_lets_includes_lead_there(client: LanguageClient) -> None:
    await _open(client, API_URI, API)
    assert [d.message for d in client.diagnostics[API_URI]] == []
    await _open(client, API_URI, API.replace("../shared/", "../../"), version=2)
    codes = [d.code for d in client.diagnostics[API_URI]]
    assert "E009" in codes  # outside the configured root still is refused
