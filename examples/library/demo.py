"""The library example in one command: `uv run python examples/library/demo.py`.

1. regenerates both API packages from spec/ (in place: unchanged files are not touched,
   and impl.py, ours, never is);
2. starts the FastAPI app under uvicorn on 127.0.0.1 (a free port);
3. calls a few functions over HTTP with httpx, printing what comes back;
4. stops the server.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent
ROOT = EXAMPLES.parent


def regenerate() -> None:
    for backend, out in (("fastapi", "fastapi_app/api"), ("django", "django_app/api")):
        print(f"$ mizan-spec gen python examples/library/spec --backend {backend} "
              f"--out examples/library/{out}")
        # From the repository root: the formatting of models.py follows the settings found
        # there, the same as for the committed files.
        subprocess.run([sys.executable, "-m", "mizan_spec", "gen", "python", str(HERE / "spec"),
                        "--backend", backend, "--out", str(HERE / out)], cwd=ROOT, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(proc: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited before answering")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("the server did not come up")


def show(title: str, response: httpx.Response) -> Any:
    body = response.json()
    text = json.dumps(body, ensure_ascii=False)
    if len(text) > 400:
        text = text[:400] + f" ... ({len(text) - 400} more characters)"
    print(f"\n== {title}: HTTP {response.status_code}\n{text}")
    return body


def tour(base: str) -> None:
    anon = httpx.Client(base_url=base, timeout=10)
    ada = httpx.Client(base_url=base, timeout=10, headers={"Authorization": "Bearer ada-token"})
    sam = httpx.Client(base_url=base, timeout=10, headers={"Authorization": "Bearer sam-token"})

    def call(client: httpx.Client, function: str, **args: Any) -> httpx.Response:
        return client.post("call/", json={"function": function, "args": args})

    with anon, ada, sam:
        show("GET session/ as ada", ada.get("session/"))
        show("GET ctx/global/ (the front page, one round trip)",
             anon.get("ctx/global/", params={"args": json.dumps({"limit": 2})}))
        show("search_books(query='fantasy', limit=2)",
             call(anon, "search_books", query="fantasy", limit=2))
        show("book_reviews(book_id=1): a thread", call(anon, "book_reviews", book_id=1))
        show("borrow_book(book_id=6) anonymously", call(anon, "borrow_book", book_id=6))
        show("borrow_book(book_id=6) as ada", call(ada, "borrow_book", book_id=6))
        show("return_book(loan_id=3) as ada: not her loan", call(ada, "return_book", loan_id=3))
        show("update_book(book_id=1, copies=4) as sam (staff)",
             call(sam, "update_book", book_id=1, copies=4))
        show("add_book as ada: staff only", call(ada, "add_book", book={}))
        show("post_review with a 9-star rating",
             call(ada, "post_review", book_id=6, text="Wow", rating=9))


def main() -> None:
    regenerate()
    port = free_port()
    base = f"http://127.0.0.1:{port}/api/mizan/"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(EXAMPLES), str(ROOT)])}
    command = [sys.executable, "-m", "uvicorn", "library.fastapi_app.main:app", "--host",
               "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    print(f"\n$ uvicorn library.fastapi_app.main:app --port {port}   (in examples/)")
    server = subprocess.Popen(command, cwd=EXAMPLES, env=env)
    try:
        wait_until_up(server, base + "session/")
        tour(base)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    print("\nserver stopped")


if __name__ == "__main__":
    main()
