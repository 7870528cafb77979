"""Screenshots of a report run, to look at: the landing page, the explorer and every figure.

    .venv/bin/python -m tools.screenshots reports/ukraine_media_2022/latest [--out test-artifacts/report]

Opens the run's ``index.html`` (and ``explorer.html``, and the first notebook page) in headless
Debian Chromium with every network request blocked, saves full-page PNG screenshots, and copies every
figure PNG of the run beside them, so that one folder holds what a reader of the run sees. Prints the
folder and, for each figure, its size in inches at 300 dpi (journal widths: 3.5 and 7.2 in; at most
a page, 9 in, high). Any request the pages try to make is reported and makes the tool exit 1.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return None


def png_inches(path: Path) -> tuple[float, float]:
    """Width and height of a PNG in inches at 300 dpi."""
    w, h = struct.unpack(">II", path.read_bytes()[16:24])
    return w / 300, h / 300


def screenshots(run_dir: str | Path, out: str | Path, width: int = 1280) -> dict:
    """Screenshot the run's pages into ``out`` and copy its figure PNGs there; returns
    ``{"pages": [...], "figures": {name: (w_in, h_in)}, "network": [...], "problems": [...]}``."""
    from playwright.sync_api import sync_playwright

    run_dir, out = Path(run_dir).resolve(), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    figures = {}
    for png in sorted((run_dir / "figures").glob("*.png")):
        shutil.copyfile(png, out / f"figure-{png.name}")
        figures[png.stem] = png_inches(png)
    pages = [("landing", run_dir / "index.html")]
    if (run_dir / "explorer.html").is_file():
        pages.append(("explorer", run_dir / "explorer.html"))
    first_report = sorted(p for p in run_dir.glob("0*.html") if not p.name.endswith(".full.html"))
    pages += [(p.stem, p) for p in first_report[:3]]
    network: list[str] = []
    problems: list[str] = []
    shots = []
    executable = chromium_path()
    if executable is None:
        raise SystemExit("Chromium not found at /usr/bin/chromium: apt-get install -y chromium")

    def route(r):
        if r.request.url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            network.append(r.request.url)
            r.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.route("**/*", route)
            page = context.new_page()
            page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
            for name, path in pages:
                page.goto(path.as_uri())
                if name == "explorer":
                    page.wait_for_selector("html[data-ready=true]", timeout=60_000)
                page.wait_for_load_state("load")
                target = out / f"page-{name}.png"
                page.screenshot(path=str(target), full_page=True)
                shots.append(target)
                # the page is not wider than the window: wide content scrolls inside its box
                scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
                if scroll_width > width + 2:
                    problems.append(f"{path.name}: the page is {scroll_width}px wide in a {width}px window")
        finally:
            browser.close()
    return {"pages": shots, "figures": figures, "network": network, "problems": problems}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("run_dir", help="a run folder (reports/<suite>/<run-id> or reports/<suite>/latest)")
    parser.add_argument("--out", default=str(ROOT / "test-artifacts" / "report"), help="where the PNGs go")
    args = parser.parse_args(argv)
    result = screenshots(args.run_dir, args.out)
    print(f"screenshots in {args.out}:")
    for p in result["pages"]:
        print(f"  {p.name}")
    for name, (w, h) in result["figures"].items():
        flag = "" if w <= 7.55 and h <= 9.35 else "  <- larger than a journal page"
        print(f"  figure-{name}.png  {w:.2f} x {h:.2f} in{flag}")
    for line in result["network"] + result["problems"]:
        print(f"problem: {line}", file=sys.stderr)
    return 1 if result["network"] or result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
