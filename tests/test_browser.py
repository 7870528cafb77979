"""JupyterLab in a real browser: notebook 01 runs top to bottom, unedited, in headless Chromium.

Needs Debian's ``chromium`` (``apt-get install -y chromium``; no Playwright browser download) and
Python Playwright. Without Chromium the test skips locally and FAILS when the environment variable
``CI`` is set. JupyterLab runs on a free port with a token, ``--allow-root``, on a temporary copy of
``notebooks/`` and ``data/`` so nothing is written into the repository; the screenshot goes to
``test-artifacts/``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, chromium_path

pytestmark = pytest.mark.browser

NOTEBOOK = "01_loaded_vocabulary.ipynb"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = ROOT / "test-artifacts"


def _require_chromium() -> str:
    path = chromium_path()
    if path is None:
        message = ("Chromium not found at /usr/bin/chromium: install Debian's package with "
                   "`apt-get update && apt-get install -y chromium` (make test does this as root)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        message = "Python Playwright is missing: pip install playwright (no browser download is needed)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"JupyterLab exited with code {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def lab(tmp_path):
    """JupyterLab serving a temporary copy of notebooks/ (with data/ beside it, as in the project)."""
    work = tmp_path / "project"
    shutil.copytree(ROOT / "notebooks", work / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "data", work / "data", ignore=shutil.ignore_patterns("processed"))
    (work / "reports").mkdir()  # as in the project: the notebooks' default output goes to reports/interactive
    home = tmp_path / "jupyter"
    env = dict(os.environ)
    env.update({
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    })
    port, token = _free_port(), secrets.token_hex(16)
    log = tmp_path / "jupyterlab.log"
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
             f"--port={port}", f"--IdentityProvider.token={token}", f"--notebook-dir={work / 'notebooks'}",
             "--LabApp.expose_app_in_browser=True", "--ServerApp.disable_check_xsrf=False"],
            cwd=work / "notebooks", env=env, stdout=fh, stderr=subprocess.STDOUT)
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/api/status?token={token}", proc, log)
        yield {"url": f"http://127.0.0.1:{port}", "token": token, "work": work, "log": log}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_notebook_01_runs_in_jupyterlab(lab):
    executable = _require_chromium()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "browser-01_loaded_vocabulary.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{lab['url']}/lab/tree/{NOTEBOOK}?token={lab['token']}", wait_until="domcontentloaded")
            page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                                   " && window.jupyterapp.shell.currentWidget.sessionContext", timeout=60_000)
            # On a cold start JupyterLab may ask which kernel to use; accept its proposal (framing).
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                dialog = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
                if dialog.count():
                    dialog.first.click()
                ready = page.evaluate("""() => {
                    const ctx = window.jupyterapp.shell.currentWidget.sessionContext;
                    return !!(ctx.session && ctx.session.kernel && !ctx.isRestarting);
                }""")
                if ready:
                    break
                page.wait_for_timeout(300)
            kernel = page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.name")
            assert kernel == "framing"
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            # Done when the kernel is idle and every code cell ran, or a cell raised (Run All stops there).
            try:
                page.wait_for_function("""() => {
                    const w = window.jupyterapp.shell.currentWidget;
                    const cells = w.content.model.cells;
                    let ran = true, failed = false;
                    for (let i = 0; i < cells.length; i++) {
                        const c = cells.get(i);
                        if (c.type !== 'code') continue;
                        if (!c.executionCount) ran = false;
                        for (let j = 0; j < c.outputs.length; j++) {
                            if (c.outputs.get(j).type === 'error') failed = true;
                        }
                    }
                    return (ran || failed) && w.sessionContext.session.kernel.status === 'idle';
                }""", timeout=180_000, polling=500)
            except Exception:
                page.screenshot(path=str(shot), full_page=False)
                raise
            errors = page.evaluate("""() => {
                const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
                const out = [];
                for (let i = 0; i < cells.length; i++) {
                    const c = cells.get(i);
                    if (c.type !== 'code') continue;
                    for (let j = 0; j < c.outputs.length; j++) {
                        const o = c.outputs.get(j).toJSON();
                        if (o.output_type === 'error') out.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
                    }
                }
                return out;
            }""")
            page.locator(".jp-OutputArea-output img").first.scroll_into_view_if_needed()
            page.screenshot(path=str(shot), full_page=False)
            assert errors == [], f"cells raised: {errors}"
            images = page.evaluate("""() => Array.from(document.querySelectorAll('.jp-OutputArea-output img'))
                                        .filter(img => img.complete && img.naturalWidth > 100).length""")
            assert images >= 1, "no figure rendered"
            assert page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr'] "
                                ":text('Traceback')").count() == 0
        finally:
            browser.close()
    assert shot.exists() and shot.stat().st_size > 10_000
    # Nothing was written into the repository: outputs went to the temporary copy.
    assert (lab["work"] / "reports" / "interactive" / "figures" / "01_variant_use.png").exists()


def test_a_notebook_edited_and_saved_in_jupyterlab_still_passes(lab):
    """The notebooks are the source a researcher edits: change a markdown cell and a parameter in
    JupyterLab, save with JupyterLab's own command, and the saved file still keeps every rule the
    tests hold the notebooks to, and runs headless."""
    executable = _require_chromium()
    from playwright.sync_api import sync_playwright

    from test_notebooks import check_notebook

    name = "04_trends.ipynb"
    saved = lab["work"] / "notebooks" / name
    before = saved.read_bytes()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{lab['url']}/lab/tree/{name}?token={lab['token']}", wait_until="domcontentloaded")
            page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                                   " && window.jupyterapp.shell.currentWidget.content.model", timeout=60_000)
            for _ in range(20):  # a cold start may ask for a kernel: accept its proposal
                dialog = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
                if dialog.count():
                    dialog.first.click()
                    break
                page.wait_for_timeout(200)
            page.evaluate("""() => {
                const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
                const title = cells.get(0).sharedModel;
                title.setSource(title.getSource() + '\\n\\nEdited in JupyterLab for a test.');
                const params = cells.get(1).sharedModel;
                params.setSource(params.getSource().replace("freq = 'M'", "freq = 'Q'"));
            }""")
            page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
            page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000)
        finally:
            browser.close()
    after = saved.read_bytes()
    assert after != before and b"Edited in JupyterLab for a test." in after and b"freq = 'Q'" in after
    check_notebook(saved)
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(saved, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(saved.parent)}}).execute()
    assert (lab["work"] / "reports" / "interactive" / "figures" / "04_rates.png").exists()
