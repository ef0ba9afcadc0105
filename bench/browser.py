"""Keystroke → updated list, measured in headless Chromium on the built page (452 and 20 000 entries).

Each key press is timed in the page itself: from ``keydown`` to the frame
after the list was filtered (so layout and paint of the new list count).
"""

from __future__ import annotations

import functools
import http.server
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

from . import projects, synth
from .timing import run_child

CHROMIUM = "/usr/bin/chromium"
PROBE = """() => { window.__keystroke = new Promise(resolve => {
  const box = document.getElementById('pf-q');
  let start = 0;
  box.addEventListener('keydown', () => { start = performance.now(); }, {once: true});
  document.addEventListener('papers:filtered', () => requestAnimationFrame(() => setTimeout(
      () => resolve(performance.now() - start), 0)), {once: true});
}); }"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _latencies(page, url: str, word: str) -> list[float]:
    page.goto(url)
    page.focus("#pf-q")
    times = []
    for char in word:
        page.evaluate(PROBE)  # arm the probe (it must not be awaited before the key is pressed)
        page.keyboard.press(char)
        times.append(page.evaluate("() => window.__keystroke"))
    return times


def measure(sizes: tuple[int, ...] = (452, 20000), word: str = "pruning") -> dict[int, float] | None:
    """Median milliseconds per keystroke, by list size; ``None`` without Chromium or playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not os.path.exists(CHROMIUM):
        return None
    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for size in sizes:
            source = projects.ours(Path(tmp) / f"p{size}", synth.generate(size))
            out = Path(tmp) / f"out{size}"
            run_child(
                [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(out)], env=projects.ENV
            )
            server = http.server.ThreadingHTTPServer(
                ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out))
            )
            threading.Thread(target=server.serve_forever, daemon=True).start()
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            try:
                times = _latencies(page, f"http://127.0.0.1:{server.server_address[1]}/index.html", word)
            finally:
                page.close()
                server.shutdown()
            results[size] = statistics.median(times)
        browser.close()
    return results


if __name__ == "__main__":
    print(measure())
