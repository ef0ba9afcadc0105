"""Keystroke → updated list, measured in headless Chromium on the built page (452 and 20 000 entries).

Each key press is timed in the page itself: from ``keydown`` to the frame
after the list was filtered (so style, layout and paint of the new list count).
Two profiles: a desktop viewport, and a phone (390 × 844, touch) with the CPU
throttled 4× through CDP ``Emulation.setCPUThrottlingRate``.

``python -m bench.browser --before REV`` also builds the page with the code of
git revision *REV* and measures both versions in turn (interleaved rounds, so
the noise of a shared machine hits both alike).
"""

from __future__ import annotations

import argparse
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
#: name → (browser context options, CPU slow-down factor)
PROFILES: dict[str, tuple[dict, int]] = {
    "desktop": ({"viewport": {"width": 1280, "height": 900}}, 1),
    "phone 4x": (
        {
            "viewport": {"width": 390, "height": 844},
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
        },
        4,
    ),
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _latencies(browser, url: str, profile: str, word: str) -> list[float]:
    options, slowdown = PROFILES[profile]
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        page.goto(url, timeout=180_000)
        if slowdown > 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
        page.focus("#pf-q")
        times = []
        for char in word:
            page.evaluate(PROBE)  # arm the probe (it must not be awaited before the key is pressed)
            page.keyboard.press(char)
            times.append(page.evaluate("() => window.__keystroke"))
        return times
    finally:
        context.close()


def _build(tmp: Path, size: int, code: Path, name: str) -> Path:
    """The synthetic list of *size* entries built to HTML with the extension found in *code*."""
    source = projects.ours(tmp / f"src-{name}-{size}", synth.generate(size))
    out = tmp / f"out-{name}-{size}"
    env = {**projects.ENV, "PYTHONPATH": str(code)}
    # run in *tmp*: `python -m` puts the working directory first on sys.path, so run in this
    # repository it imported this tree's `ext` whatever PYTHONPATH said (--before measured itself)
    run_child(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(out)], cwd=str(tmp), env=env
    )
    return out


def _serve(directory: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(
    sizes: tuple[int, ...] = (452, 20000),
    word: str = "pruning",
    versions: dict[str, Path] | None = None,
    rounds: int = 1,
) -> dict[tuple[str, int, str], float] | None:
    """Median milliseconds per keystroke by (version, list size, profile); ``None`` without Chromium
    or playwright. *versions* maps a name to a directory holding the ``ext`` package to build with
    (default: this repository, named "now"); every round measures each version in turn."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not os.path.exists(CHROMIUM):
        return None
    versions = versions or {"now": projects.REPO}
    times: dict[tuple[str, int, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for size in sizes:
            servers = {name: _serve(_build(Path(tmp), size, code, name)) for name, code in versions.items()}
            for _ in range(rounds):
                for profile in PROFILES:
                    for name, server in servers.items():
                        url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
                        times.setdefault((name, size, profile), []).extend(
                            _latencies(browser, url, profile, word)
                        )
            for server in servers.values():
                server.shutdown()
        browser.close()
    return {key: statistics.median(values) for key, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REV", help="also measure the page as built by git revision REV")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds (each types the word once)")
    parser.add_argument("--sizes", default="452,20000")
    args = parser.parse_args()
    sizes = tuple(int(n) for n in args.sizes.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        versions = {"now": projects.REPO}
        if args.before:
            versions = {
                f"before ({args.before})": projects.export(args.before, Path(tmp) / "before"),
                **versions,
            }
        results = measure(sizes, versions=versions, rounds=args.rounds)
    if results is None:
        print("not measured: Chromium or playwright missing")
        return
    print("| version | entries | profile | ms per keystroke (median) |\n|---|---|---|---|")
    for (name, size, profile), ms in sorted(results.items(), key=lambda item: (item[0][1], item[0][2])):
        print(f"| {name} | {size} | {profile} | {ms:.0f} |")


if __name__ == "__main__":
    main()
