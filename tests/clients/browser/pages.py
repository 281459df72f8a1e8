"""Build the test page of one front end: a workspace with the client generated from
recipes.mizan.kdl (with that front end's bindings) and the page's sources, type-checked
the framework's way (tsc --strict, vue-tsc, svelte-check) and bundled into `site/`
(app.js beside index.html): React with esbuild, Vue and Svelte with vite."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from mizan_spec.compile import compile_spec
from mizan_spec.generate.output import write_files
from mizan_spec.generate.typescript import generate_typescript
from tests.clients.tsbuild import workspace

HERE = Path(__file__).resolve().parent
SPEC = HERE / "recipes.mizan.kdl"
FRONT_ENDS = ("react", "vue", "svelte")


def _run(args: list[str], cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout}{done.stderr}"


def build_page(front_end: str, root: Path, node_modules: Path) -> Path:
    """The built page's directory (served as $MIZAN_PAGE_DIR)."""
    assert front_end in FRONT_ENDS
    root = workspace(root, node_modules)
    ir = compile_spec([SPEC]).ir
    assert ir is not None
    flags = {name: name == front_end for name in FRONT_ENDS}
    write_files(root / "api", generate_typescript(ir, "recipes.mizan.kdl", **flags))
    shutil.copy(HERE / "common.ts", root / "common.ts")
    site = root / "site"
    site.mkdir()
    shutil.copy(HERE / "index.html", site / "index.html")
    bin_ = node_modules / ".bin"
    if front_end == "react":
        shutil.copy(HERE / "page.ts", root / "page.ts")
        _run([str(bin_ / "tsc"), "-p", str(root), "--noEmit"], root)
        _run([str(bin_ / "esbuild"), str(root / "page.ts"), "--bundle", "--format=iife",
              "--target=es2022", f"--outfile={site / 'app.js'}",
              '--define:process.env.NODE_ENV="production"', "--log-level=warning"], root)
        return site
    shutil.copytree(HERE / front_end, root / front_end)
    shutil.copy(HERE / "vite_build.mjs", root / "vite_build.mjs")
    if front_end == "vue":
        _run([str(bin_ / "vue-tsc"), "-p", str(root), "--noEmit"], root)
    else:
        _run([str(bin_ / "svelte-check"), "--tsconfig", str(root / "tsconfig.json"),
              "--fail-on-warnings", "--output", "human"], root)
    _run(["node", "vite_build.mjs", front_end, str(root / front_end / "main.ts"), str(site)], root)
    return site
