"""Build and serve the realtime test page of one front end: a workspace with the
client generated from the realtime test app's IR (tests/realtime/rt_app.py, with that
front end's bindings), realtime_common.ts and the page's sources, type-checked the
framework's way (tsc --strict, vue-tsc, svelte-check) and bundled into `site/` (React
with esbuild, Vue and Svelte with vite, as pages.py builds the query pages); then the
page served with the protocol by a live FastAPI app and a live Django app (Channels),
both under uvicorn."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mizan_spec.generate.output import write_files
from mizan_spec.generate.typescript import generate_typescript
from tests.clients.tsbuild import workspace
from tests.servers import ServerSpec, run_servers

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
REALTIME = ROOT / "tests" / "realtime"
BACKENDS = {"fastapi": "realtime_fastapi:app", "django": "realtime_django:app"}
FRONT_ENDS = ("react", "vue", "svelte")


def _run(args: list[str], cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout}{done.stderr}"


def build_realtime_page(front_end: str, root: Path, node_modules: Path) -> Path:
    """The built page's directory (served as $MIZAN_PAGE_DIR)."""
    assert front_end in FRONT_ENDS
    sys.path.insert(0, str(REALTIME))
    try:
        from rt_app import registry
    finally:
        sys.path.remove(str(REALTIME))
    root = workspace(root, node_modules)
    flags = {name: name == front_end for name in FRONT_ENDS}
    write_files(root / "api", generate_typescript(registry.export_ir(), "rt_app", **flags))
    shutil.copy(HERE / "realtime_common.ts", root / "realtime_common.ts")
    site = root / "site"
    site.mkdir()
    shutil.copy(HERE / "index.html", site / "index.html")
    bin_ = node_modules / ".bin"
    if front_end == "react":
        shutil.copy(HERE / "realtime_page.ts", root / "page.ts")
        _run([str(bin_ / "tsc"), "-p", str(root), "--noEmit"], root)
        _run([str(bin_ / "esbuild"), str(root / "page.ts"), "--bundle", "--format=iife",
              "--target=es2022", f"--outfile={site / 'app.js'}",
              '--define:process.env.NODE_ENV="production"', "--log-level=warning"], root)
        return site
    sources = root / f"realtime_{front_end}"
    shutil.copytree(HERE / f"realtime_{front_end}", sources)
    shutil.copy(HERE / "vite_build.mjs", root / "vite_build.mjs")
    if front_end == "vue":
        _run([str(bin_ / "vue-tsc"), "-p", str(root), "--noEmit"], root)
    else:
        _run([str(bin_ / "svelte-check"), "--tsconfig", str(root / "tsconfig.json"),
              "--fail-on-warnings", "--output", "human"], root)
    _run(["node", "vite_build.mjs", front_end, str(sources / "main.ts"), str(site)], root)
    return site


@contextmanager
def realtime_origins(page_dir: Path, logs: Path) -> Iterator[dict[str, str]]:
    """Backend name -> the origin serving the page and, under /api/mizan/, the protocol."""
    env = {"PYTHONPATH": os.pathsep.join([str(HERE), str(REALTIME), str(ROOT)]),
           "MIZAN_PAGE_DIR": str(page_dir)}
    specs: dict[str, ServerSpec] = {name: ("uvicorn", target, env, HERE)
                                    for name, target in BACKENDS.items()}
    with run_servers(specs, logs) as urls:
        yield {name: url.removesuffix("api/mizan/") for name, url in urls.items()}
