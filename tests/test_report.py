"""``framing report``: the end-to-end run on the seeds, atomic publishing, failures, parameter safety."""

from __future__ import annotations

import ast
import csv
import json
import re
import struct
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from conftest import ROOT, framing_cli

from framing.errors import ParameterError, ReportError
from framing.report import (
    coerce_parameter,
    load_suite,
    notebook_parameters,
    plan_run,
    select_entries,
)

DEFAULT_SUITE = ROOT / "suites" / "default.yaml"
#: The mentions contract (DESIGN.md): written out here, so a change to it is a decision, not a drift.
MENTION_COLUMNS = ["doc_id", "outlet", "date", "concept", "variant", "stance", "start", "end", "matched", "voice",
                   "modality", "sentence"]


def _suite_ids() -> list[str]:
    return [e.id for e in load_suite(DEFAULT_SUITE).entries]


# ---------------------------------------------------------------------------------------------
# The default run on the seed corpus
# ---------------------------------------------------------------------------------------------

def test_default_suite_lists_all_notebooks_in_order():
    ids = _suite_ids()
    assert ids == ["00_corpus_overview", "01_loaded_vocabulary", "02_distinctive_terms", "03_term_in_context",
                   "04_trends", "05_outlet_map"]
    for entry in load_suite(DEFAULT_SUITE).entries:
        assert entry.notebook.exists(), f"{entry.notebook} is listed in the default suite but missing"


def test_seed_report_layout(seed_report):
    run = seed_report.run_dir
    assert run.is_dir()
    for nid in _suite_ids():
        nb = nbformat.read(run / f"{nid}.ipynb", as_version=4)
        assert not nb.metadata.get("papermill", {}).get("exception"), f"{nid} recorded an exception"
        assert (run / f"{nid}.html").stat().st_size > 1000
        assert (run / f"{nid}.full.html").stat().st_size > 1000
    figures = run / "figures"
    for name in ("01_variant_use", "04_rates", "05_outlet_map", "05_dendrogram"):
        for fmt in ("png", "svg", "pdf"):
            assert (figures / f"{name}.{fmt}").stat().st_size > 1000, f"{name}.{fmt}"
    # The published run is complete: nothing left in a build folder, pointers updated.
    suite_dir = run.parent
    assert not [p for p in suite_dir.iterdir() if p.name.startswith(".tmp-")]
    assert (suite_dir / "latest.txt").read_text().strip() == run.name
    assert (suite_dir / "latest").resolve() == run.resolve()
    index = (seed_report.reports_dir / "index.html").read_text()
    assert f"default/{run.name}/01_loaded_vocabulary.html" in index
    assert "framing report: wrote" in seed_report.stdout
    assert "[1/6] 00_corpus_overview" in seed_report.stderr  # progress display


def test_seed_report_mentions_table(seed_report):
    mentions = pd.read_csv(seed_report.run_dir / "tables" / "mentions.csv", dtype={"doc_id": str})
    # The contract columns first, in order (framing.match may append extra ones after them).
    assert list(mentions.columns[:len(MENTION_COLUMNS)]) == MENTION_COLUMNS
    assert len(mentions) > 0
    assert set(mentions["voice"]) <= {"authorial", "quoted", "distanced"}
    # Offsets point into the seed texts: matched == text[start:end].
    manifest = pd.read_csv(ROOT / "data" / "raw" / "seeds" / "manifest.csv", dtype=str)
    texts = {}
    for f in manifest["file"]:
        texts[Path(f).stem] = (ROOT / "data" / "raw" / "seeds" / f).read_text(encoding="utf-8")
    run_corpus_texts_match = 0
    for row in mentions.itertuples():
        text = texts.get(row.doc_id)
        if text is not None and text[row.start:row.end] == row.matched:
            run_corpus_texts_match += 1
    # Ingest may clean the text (furniture, unicode); most offsets still land on the raw text.
    assert run_corpus_texts_match >= 1


def test_variant_use_table_matches_mentions(seed_report):
    """The 01 table is a recount of mentions.csv: n per (outlet, concept, variant, voice) and shares,
    over the mentions the statistics count (a frame term only when asserted; the rest are tabulated
    in 01_left_out_by_modality.csv)."""
    tables = seed_report.run_dir / "tables"
    mentions = pd.read_csv(tables / "mentions.csv", dtype=str, keep_default_na=False)
    left_out = pd.read_csv(tables / "01_left_out_by_modality.csv", dtype=str, keep_default_na=False)
    counted = (mentions["kind"] != "frame") | (mentions["modality"] == "asserted")
    assert (~counted).sum() == left_out["n"].astype(int).sum() > 0
    mentions = mentions[counted]
    table = pd.read_csv(tables / "01_variant_use.csv", dtype={"outlet": str}, keep_default_na=False)
    expected: dict[tuple, int] = {}
    for r in mentions.itertuples():
        key = (r.outlet, r.concept, r.variant, r.voice)
        expected[key] = expected.get(key, 0) + 1
    got = {(r.outlet, r.concept, r.variant, r.voice): int(r.n) for r in table.itertuples()}
    assert got == expected
    for r in table.itertuples():
        denom = sum(n for (o, c, _v, vo), n in expected.items() if (o, c, vo) == (r.outlet, r.concept, r.voice))
        assert r.share == pytest.approx(expected[(r.outlet, r.concept, r.variant, r.voice)] / denom)
    tex = (tables / "01_variant_use.tex").read_text()
    assert "\\toprule" in tex and "\\midrule" in tex and "\\bottomrule" in tex


def test_run_json(seed_report):
    info = json.loads((seed_report.run_dir / "run.json").read_text())
    assert info["status"] == "ok" and info["suite"] == "default" and info["run_id"] == "first"
    # the notebooks ran with the interpreter of the command itself, not some registered kernel
    assert info["kernel"]["python"] == sys.executable
    assert re.fullmatch(r"[0-9a-f]{64}", info["corpus"]["sha256"])
    assert info["corpus"]["files"] == 6  # five seed texts + manifest
    assert re.fullmatch(r"[0-9a-f]{64}", info["lexicon"]["sha256"] or ""), info["lexicon"]
    assert re.fullmatch(r"[0-9a-f]{40}", info["git"]["commit"])
    assert info["packages"]["papermill"] and info["packages"]["matplotlib"]
    assert [n["id"] for n in info["notebooks"]] == _suite_ids()
    for nb in info["notebooks"]:
        assert nb["seconds"] > 0
        assert nb["parameters"]["output_dir"] == str(seed_report.run_dir)
        assert nb["parameters"]["n_boot"] == 200 and nb["parameters"]["seed"] == 20220224
    by_id = {n["id"]: n for n in info["notebooks"]}
    assert by_id["04_trends"]["injected"]["freq"] == "M"
    # The executed notebook records the published folder, not the build folder.
    nb = nbformat.read(seed_report.run_dir / "01_loaded_vocabulary.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and ".tmp-" not in injected[0].source
    values = {node.targets[0].id: ast.literal_eval(node.value) for node in ast.parse(injected[0].source).body}
    assert values["output_dir"] == str(seed_report.run_dir)


def test_html_code_hidden_and_full(seed_report):
    hidden = (seed_report.run_dir / "01_loaded_vocabulary.html").read_text()
    full = (seed_report.run_dir / "01_loaded_vocabulary.full.html").read_text()
    assert "match_mentions" in full and "match_mentions" not in hidden
    for page in (hidden, full):
        assert "data:image/png;base64" in page  # the figure is embedded
        # Markdown and tables render as HTML (sanitizing must not escape the page's own markup).
        assert re.search(r"<h1[^>]*>01 · Loaded vocabulary", page) and '<table class="framing">' in page
        assert "&lt;h1" not in page and "&lt;thead" not in page
        assert not re.search(r"<script[^>]+src=", page), "a script is loaded from outside the page"


def test_png_is_300_dpi_and_pdf_embeds_truetype(seed_report):
    figures = seed_report.run_dir / "figures"
    png = (figures / "01_variant_use.png").read_bytes()
    i = png.index(b"pHYs")
    ppm_x, ppm_y, unit = struct.unpack(">IIB", png[i + 4:i + 13])
    assert unit == 1 and round(ppm_x * 0.0254) == 300 == round(ppm_y * 0.0254)
    pdf = (figures / "01_variant_use.pdf").read_bytes()
    assert b"/FontFile2" in pdf and b"/Subtype /Type3" not in pdf and b"/Subtype/Type3" not in pdf


def test_two_runs_give_identical_bytes(seed_reports):
    first, second = seed_reports
    compared = 0
    for path in sorted(first.run_dir.rglob("*")):
        if path.suffix in (".svg", ".pdf", ".csv", ".png", ".tex", ".xlsx", ".dta") or path.name == "explorer.html":
            twin = second.run_dir / path.relative_to(first.run_dir)
            assert twin.exists(), twin
            assert path.read_bytes() == twin.read_bytes(), f"{path.relative_to(first.run_dir)} differs between runs"
            compared += 1
    assert compared >= 20


def test_figures_embed_no_dates_or_versions(seed_report):
    import matplotlib

    for path in (seed_report.run_dir / "figures").iterdir():
        data = path.read_bytes()
        assert matplotlib.__version__.encode() not in data, f"{path.name} embeds the matplotlib version"
        assert not re.search(rb"(19|20)\d\d-\d\d-\d\dT\d\d:\d\d", data), f"{path.name} embeds a timestamp"
        assert b"CreationDate" not in data and b"<dc:date>" not in data


# ---------------------------------------------------------------------------------------------
# Failures keep the last good run
# ---------------------------------------------------------------------------------------------

def _tiny_notebook(path: Path, body: str) -> None:
    params = nbformat.v4.new_code_cell('output_dir = "out"\nlabel = "x"\nn = 1')
    params.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# tiny"), params,
                                         nbformat.v4.new_code_cell(body)])
    nb.metadata["kernelspec"] = {"name": "framing", "display_name": "Python (framing)", "language": "python"}
    nbformat.write(nb, path)


def _project(tmp_path: Path) -> tuple[Path, Path]:
    """``suites/`` and ``notebooks/`` side by side: the layout a suite's notebooks must come from."""
    suites, notebooks = tmp_path / "suites", tmp_path / "notebooks"
    suites.mkdir(exist_ok=True)
    notebooks.mkdir(exist_ok=True)
    return suites, notebooks


def test_failing_notebook_keeps_last_good_run(tmp_path):
    suites, nbdir = _project(tmp_path)
    _tiny_notebook(nbdir / "good.ipynb",
                   "from pathlib import Path\nPath(output_dir, 'tables', 'n.csv').write_text(f'n\\n{n}\\n')")
    _tiny_notebook(nbdir / "boom.ipynb", "x = 1\nraise ValueError('the lexicon has no concept ' + label)")
    (suites / "good.yaml").write_text(yaml.safe_dump({"name": "t", "notebooks": ["good.ipynb"]}))
    (suites / "bad.yaml").write_text(yaml.safe_dump({"name": "t", "notebooks": ["good.ipynb", "boom.ipynb"]}))
    reports = tmp_path / "reports"
    ok = framing_cli("report", "--suite", str(suites / "good.yaml"), "--reports-dir", str(reports),
                     "--run-id", "good-run", "-p", "n", "7")
    assert ok.returncode == 0, ok.stderr
    assert (reports / "t" / "good-run" / "tables" / "n.csv").read_text() == "n\n7\n"

    bad = framing_cli("report", "--suite", str(suites / "bad.yaml"), "--reports-dir", str(reports),
                      "--run-id", "bad-run", "-p", "label", "capital")
    assert bad.returncode != 0
    err_lines = bad.stderr.strip().splitlines()
    assert "Traceback" not in bad.stderr
    last = err_lines[-1]
    assert "boom.ipynb" in last and "In [" in last and "ValueError" in last and "capital" in last, last
    # The last good run is still the latest, untouched; no half-built run is published.
    assert (reports / "t" / "latest.txt").read_text().strip() == "good-run"
    assert (reports / "t" / "good-run" / "tables" / "n.csv").read_text() == "n\n7\n"
    assert not (reports / "t" / "bad-run").exists()
    assert not [p for p in (reports / "t").iterdir() if p.name.startswith(".tmp-")]
    failed = reports / "t" / "failed-bad-run"
    failed_nb = nbformat.read(failed / "boom.ipynb", as_version=4)
    assert failed_nb.metadata["papermill"]["exception"] is True
    assert any(o.get("ename") == "ValueError" for c in failed_nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "boom.ipynb" in (failed / "FAILED.md").read_text()
    assert "ValueError" in (failed / "boom.full.html").read_text()  # the traceback, readable in a browser
    info = json.loads((failed / "run.json").read_text())
    assert info["status"] == "failed" and info["notebooks"][-1]["error"]["ename"] == "ValueError"
    index = (reports / "index.html").read_text()
    assert "good-run" in index and "failed-bad-run" in index


def test_sigterm_sets_the_unfinished_run_aside(tmp_path):
    """A scheduler's timeout (SIGTERM) must not leave a half-built run where a good one is expected."""
    import os
    import signal
    import time

    from conftest import start_framing_cli

    suites, nbdir = _project(tmp_path)
    marker = tmp_path / "kernel.pid"
    _tiny_notebook(nbdir / "slow.ipynb", f"import os, time\nfrom pathlib import Path\n"
                                         f"Path({str(marker)!r}).write_text(str(os.getpid()))\ntime.sleep(120)")
    (suites / "s.yaml").write_text(yaml.safe_dump({"name": "t", "notebooks": ["slow.ipynb"]}))
    reports = tmp_path / "reports"
    proc = start_framing_cli("report", "--suite", str(suites / "s.yaml"), "--reports-dir", str(reports),
                             "--run-id", "cut", "-q")
    try:
        deadline = time.monotonic() + 300
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists(), proc.communicate()[1] if proc.poll() is not None else "the kernel did not start"
        kernel = int(marker.read_text())
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert err.strip().splitlines()[-1] == "framing report: terminated (SIGTERM)"
    suite_dir = reports / "t"
    assert (suite_dir / "failed-cut").is_dir() and not (suite_dir / "cut").exists()
    assert not [p for p in suite_dir.iterdir() if p.name.startswith(".tmp-")]
    assert not (suite_dir / "latest.txt").exists()  # nothing was published
    for _ in range(100):  # the kernel is shut down with the run, not left sleeping
        try:
            os.kill(kernel, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(kernel, signal.SIGKILL)
        pytest.fail("the notebook's kernel outlived the terminated run")


# ---------------------------------------------------------------------------------------------
# Parameters are data, and only declared names are accepted
# ---------------------------------------------------------------------------------------------

def _cli(capsys, *args):
    """The command line in this process (argument parsing, validation, dry runs: no kernel needed)."""
    from framing.cli import main

    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_unknown_parameter_is_rejected_in_one_line(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, _out, err = _cli(capsys, "report", "--dry-run", "--only", "01", "-p", "n_bot", "5")
    assert code == 2
    assert err.count("\n") == 1 and "n_bot" in err and "n_boot" in err


def test_the_renamed_interval_level_parameter_is_an_error_naming_the_new_one(capsys, monkeypatch):
    """Notebook 04's ``ci`` is now ``confidence_level``: the old name given with -p stops the run in one
    line that names the new one, whether or not the run has a notebook that declares it."""
    monkeypatch.chdir(ROOT)
    assert "confidence_level" in notebook_parameters(ROOT / "notebooks" / "04_trends.ipynb")
    code, _out, err = _cli(capsys, "report", "--dry-run", "-p", "ci", "0.9")
    assert code == 2 and err.count("\n") == 1
    assert "-p ci: the parameter is now called confidence_level; use -p confidence_level 0.9" in err
    code, _out, err = _cli(capsys, "report", "--dry-run", "--only", "01", "-p", "ci", "0.9")
    assert code == 2 and err.count("\n") == 1 and "now called confidence_level" in err
    code, out, err = _cli(capsys, "report", "--dry-run", "--only", "04", "-p", "confidence_level", "0.9")
    assert code == 0, err
    assert "confidence_level = 0.9" in out


def test_the_renamed_parameter_in_a_suite_is_not_silently_dropped(tmp_path):
    """A suite's common parameters skip the notebooks that do not declare them; the old name of a renamed
    parameter must not be skipped for the notebook that declares the new name."""
    suites, nbdir = _project(tmp_path)
    params = nbformat.v4.new_code_cell('output_dir = "out"\nconfidence_level = 0.95')
    params.metadata["tags"] = ["parameters"]
    nbformat.write(nbformat.v4.new_notebook(cells=[params]), nbdir / "trends.ipynb")
    _tiny_notebook(nbdir / "other.ipynb", "pass")
    for where in ({"parameters": {"ci": 0.9}, "notebooks": ["other.ipynb", "trends.ipynb"]},
                  {"notebooks": [{"notebook": "trends.ipynb", "parameters": {"ci": 0.9}}]}):
        (suites / "s.yaml").write_text(yaml.safe_dump({"name": "s", **where}))
        suite = load_suite(suites / "s.yaml")
        with pytest.raises(ReportError, match="the parameter ci of trends.ipynb is now called confidence_level"):
            plan_run(suite, suite.entries)


def test_wrong_type_is_rejected(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, _out, err = _cli(capsys, "report", "--dry-run", "--only", "01", "-p", "n_boot", "many")
    assert code == 2 and "n_boot" in err and "integer" in err


def test_dry_run_lists_notebooks_and_parameters(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = _cli(capsys, "report", "--dry-run", "--only", "01", "--only", "04_trends", "-p", "n_boot", "50",
                          "--corpus", "data/raw/seeds")
    assert code == 0, err
    assert "01_loaded_vocabulary" in out and "04_trends" in out and "05_outlet_map" not in out
    assert "n_boot = 50" in out
    assert f'corpus_path = "{ROOT / "data" / "raw" / "seeds"}"' in out
    assert "freq = \"M\"" in out


def test_hostile_string_parameter_stays_a_string(tmp_path):
    """papermill writes parameters as Python literals: a string that looks like code stays data."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    marker = tmp_path / "pwned"
    hostile = f'"); import os; os.system("touch {marker}"); ("'
    value = coerce_parameter("date_from", hostile, "")
    assert value == hostile
    nb = load_notebook_node(str(ROOT / "notebooks" / "01_loaded_vocabulary.ipynb"))  # as execute_notebook does
    nb = parameterize_notebook(nb, {"date_from": value, "outlets": [hostile]}, kernel_name="framing")
    cell = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    tree = ast.parse(cell.source)
    assigned = {}
    for node in tree.body:
        assert isinstance(node, ast.Assign), ast.dump(node)
        assigned[node.targets[0].id] = ast.literal_eval(node.value)
    assert assigned == {"date_from": hostile, "outlets": [hostile]}
    namespace: dict = {}
    exec(compile(tree, "injected", "exec"), namespace)  # what the kernel would run
    assert namespace["date_from"] == hostile and not marker.exists()


def test_plan_validates_suite_parameters(tmp_path):
    suites, nbdir = _project(tmp_path)
    _tiny_notebook(nbdir / "a.ipynb", "pass")
    (suites / "s.yaml").write_text(yaml.safe_dump(
        {"name": "s", "parameters": {"n": 3, "other": 1},
         "notebooks": [{"notebook": "a", "parameters": {"label": "y"}}]}))
    suite = load_suite(suites / "s.yaml")
    assert notebook_parameters(nbdir / "a.ipynb") == {"output_dir": "out", "label": "x", "n": 1}
    plan = plan_run(suite, suite.entries, {"n": "4"})
    # Common parameters apply where declared; -p wins over the suite; types follow the notebook.
    assert plan[0].parameters == {"n": 4, "label": "y"}
    with pytest.raises(ParameterError, match="output_dir"):
        plan_run(suite, suite.entries, {"output_dir": "/tmp/x"})
    (suites / "bad.yaml").write_text(yaml.safe_dump(
        {"name": "s", "notebooks": [{"notebook": "a", "parameters": {"nope": 1}}]}))
    with pytest.raises(ReportError, match="nope"):
        plan_run(load_suite(suites / "bad.yaml"), load_suite(suites / "bad.yaml").entries)
    (suites / "missing.yaml").write_text(yaml.safe_dump({"name": "s", "notebooks": ["zz.ipynb"]}))
    with pytest.raises(ReportError, match="zz.ipynb"):
        plan_run(load_suite(suites / "missing.yaml"), load_suite(suites / "missing.yaml").entries)
    with pytest.raises(ParameterError, match="--only 9"):
        select_entries(suite, ["9"])


@pytest.mark.parametrize("value,default,expected", [
    ("200", 1000, 200), ("0.9", 0.95, 0.9), ("RT,BBC", [], ["RT", "BBC"]), ("[RT, 'B, C']", [], ["RT", "B, C"]),
    ("true", False, True), ("2022-06-16", "", "2022-06-16"), ("007", "", "007"),
])
def test_coerce_parameter(value, default, expected):
    assert coerce_parameter("p", value, default) == expected


def test_yaml_dates_become_iso_strings():
    import datetime as dt

    assert coerce_parameter("date_from", dt.date(2022, 6, 16), "", source="suite") == "2022-06-16"
    with pytest.raises(ParameterError, match="integer"):
        coerce_parameter("n_boot", 1.5, 1000)


def test_hostile_text_is_escaped_in_html(tmp_path):
    """A document with <script> and <img onerror> runs nothing in the report's HTML (01 and the concordance, 03)."""
    corpus = tmp_path / "hostile.csv"
    text = ('Officials in Kiev said <script>alert("xss")</script> the full-scale invasion '
            'continues. <img src=x onerror="alert(2)"> Kyiv again, Kiev <script>alert(3)</script> too. '
            '"Kyiv is calm," he said.')
    with corpus.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["doc_id", "outlet", "date", "title", "url", "text"])
        w.writerow(["h1", "<b>Evil</b> Outlet", "2022-03-01", "<script>t</script>", "", text])
        w.writerow(["h2", "Plain", "2022-03-02", "", "", "Kyiv and Kiev and the war."])
    reports = tmp_path / "reports"
    out = framing_cli("report", "--only", "01", "--only", "03", "--corpus", str(corpus), "--reports-dir",
                      str(reports), "--run-id", "x", "-q")
    assert out.returncode == 0, out.stderr
    run = reports / "default" / "x"
    mentions = pd.read_csv(run / "tables" / "mentions.csv")
    assert mentions["sentence"].str.contains("<script>", regex=False).any()  # the text did reach the report
    for page in ("01_loaded_vocabulary.html", "01_loaded_vocabulary.full.html", "03_term_in_context.html",
                 "03_term_in_context.full.html"):
        html_text = (run / page).read_text()
        assert "<script>alert" not in html_text and "<script>t</script>" not in html_text
        assert not re.search(r"<img[^>]*onerror", html_text, re.I)
        assert "<b>Evil</b>" not in html_text
        assert "&lt;script&gt;alert" in html_text, f"{page}: the hostile text should be shown, escaped"
    index = (reports / "index.html").read_text()
    assert "<script" not in index


def test_notebooks_run_with_the_commands_interpreter_whatever_kernels_are_registered(tmp_path, monkeypatch):
    """A registered kernel named like framing's (pointing at another Python) changes nothing: the kernel
    spec of a run is the command's own interpreter, on JUPYTER_PATH only while the run lasts."""
    import os

    from jupyter_client.kernelspec import KernelSpecManager

    from framing.report import CURRENT_KERNEL, current_interpreter_kernel

    other = tmp_path / "share" / "kernels" / CURRENT_KERNEL
    other.mkdir(parents=True)
    (other / "kernel.json").write_text(json.dumps({"argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f",
                                                           "{connection_file}"], "display_name": "x", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share"))
    with current_interpreter_kernel() as name:
        spec = KernelSpecManager().get_kernel_spec(name)
        assert spec.argv[0] == sys.executable
    assert os.environ["JUPYTER_PATH"] == str(tmp_path / "share")


def test_active_outputs_are_removed_from_html(tmp_path):
    """HTML, markdown, JavaScript and SVG outputs that could run code are cleaned before export."""
    from framing.report import export_html

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title\n\n<b>author's markdown</b>"), nbformat.v4.new_code_cell("x")]
    hostile = '<b>kept</b><script>alert(1)</script><img src="data:image/png;base64,AA" onerror="alert(2)">' \
              '<a href="javascript:alert(3)">link</a><iframe src="https://example.org"></iframe>'
    nb.cells[1].outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": hostile, "text/plain": "x"}),
        nbformat.v4.new_output("display_data", data={"text/markdown": "**md** <script>alert(4)</script>"}),
        nbformat.v4.new_output("display_data", data={"application/javascript": "alert(5)", "text/plain": "js"}),
        nbformat.v4.new_output("display_data", data={"image/svg+xml": '<svg onload="alert(6)"></svg>'}),
    ]
    src = tmp_path / "n.ipynb"
    nbformat.write(nb, src)
    page = export_html(src, tmp_path / "n.html", hide_code=True).read_text()
    assert "<b>kept</b>" in page and '<h1 id="Title">' in page  # output cleaned, author's markdown rendered
    body = page[page.index("<body"):]
    assert "<script" not in body and "onerror" not in body and "javascript:" not in body and "<iframe" not in body
    assert "onload" not in body and "alert(5)" not in body
    assert "&lt;script&gt;alert(4)" in body  # markdown output shown as text


# ---------------------------------------------------------------------------------------------
# A report people read: landing page, tables for reading, exports, figures a journal prints
# ---------------------------------------------------------------------------------------------

def _png_size(path: Path) -> tuple[float, float]:
    """Width and height of a PNG in inches at the 300 dpi the figures are saved with."""
    w, h = struct.unpack(">II", path.read_bytes()[16:24])
    return w / 300, h / 300


def test_every_figure_fits_a_journal_page(seed_report):
    """Journal widths (3.5 in single column, 7.2 in double; tight bounding boxes add a little) and
    at most a page high: what was 45 inches tall on the 2022 corpus is now split across figures."""
    pngs = sorted((seed_report.run_dir / "figures").glob("*.png"))
    assert len(pngs) >= 11
    for png in pngs:
        w, h = _png_size(png)
        assert w <= 7.2 + 0.35, f"{png.name} is {w:.2f} in wide"
        assert h <= 9.0 + 0.35, f"{png.name} is {h:.2f} in high"


def test_landing_page_says_what_ran_on_what_and_links_every_output(seed_report):
    run = seed_report.run_dir
    page = (run / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")  # offline, nothing fetched
    info = json.loads((run / "run.json").read_text())
    # what ran: suite, every notebook with its pages and its parameters
    assert "default" in page and "n_boot" in page and "20220224" in page
    for nb in info["notebooks"]:
        assert f'href="{nb["html"]}"' in page and f'href="{nb["html_full"]}"' in page
    # on which corpus (path, fingerprint, documents, outlets, dates) and lexicon (name, version, sha)
    outlets = pd.read_csv(run / "tables" / "00_outlets.csv")
    assert f"<th>documents</th><td>{int(outlets['documents'].sum()):,}</td>" in page
    assert f"{len(outlets)}: " in page and all(o in page for o in outlets["outlet"])
    assert str(outlets["first_date"].min())[:10] in page and str(outlets["last_date"].max())[:10] in page
    assert info["corpus"]["sha256"][:12] in page and info["lexicon"]["sha256"][:12] in page
    from framing.lexicon import load_lexicon

    lex = load_lexicon()
    assert f"{lex.name} {lex.version}" in page
    # every figure with a caption and its three files; every table with CSV and XLSX
    for png in (run / "figures").glob("*.png"):
        stem = png.stem
        block = page[page.index(f'id="fig-{stem}"'):]
        block = block[:block.index("</figure>")]
        for fmt in ("png", "svg", "pdf"):
            assert f'href="figures/{stem}.{fmt}"' in block
        caption = block[block.index("</b>.") + 5:block.index('<span class="links">')].strip()
        assert len(caption) > 40, f"{stem} has no caption"
    for csv_path in (run / "tables").glob("*.csv"):
        assert f'href="tables/{csv_path.name}"' in page
        assert f'href="tables/{csv_path.stem}.xlsx"' in page
    assert 'href="explorer.html"' in page
    # reports/index.html links the landing page
    index = (seed_report.reports_dir / "index.html").read_text()
    assert f'href="default/{run.name}/index.html"' in index


def test_report_tables_read_like_tables(seed_report):
    """No pandas index column, no NaN, no six-decimal floats in the pages people read; wide content
    scrolls inside its box."""
    html02 = (seed_report.run_dir / "02_distinctive_terms.html").read_text(encoding="utf-8")
    assert 'class="framing-table"' in html02 and "overflow-x: auto" in html02
    tables = re.findall(r'<table class="framing">.*?</table>', html02, flags=re.S)
    assert len(tables) >= 4
    for t in tables:
        assert "NaN" not in t and "<th></th>" not in t
        assert not re.search(r"\d\.\d{5,}", t), "a number with five or more decimals"
    # the stance balance table: balance with 3 decimals, missing as an em dash or a number
    assert re.search(r"<td class=\"num\">-?\d\.\d{3}</td>", html02)
    html05 = (seed_report.run_dir / "05_outlet_map.html").read_text(encoding="utf-8")
    assert "NaN" not in re.sub(r"<style.*?</style>", "", html05, flags=re.S)


def test_every_table_is_also_excel_and_stata(seed_report):
    from openpyxl import load_workbook

    tables = seed_report.run_dir / "tables"
    for csv_path in sorted(tables.glob("*.csv")):
        df = pd.read_csv(csv_path, keep_default_na=False, na_values=[""])
        wb = load_workbook(tables / f"{csv_path.stem}.xlsx", read_only=True)
        assert wb.sheetnames[0] == "README" and len(wb.sheetnames) == 2
        readme = [r[0] for r in wb["README"].iter_rows(values_only=True)]
        for col in df.columns:
            assert any(str(line or "").startswith(f"{col}: ") for line in readme), (csv_path.name, col)
        sheet = wb[wb.sheetnames[1]]
        header = next(sheet.iter_rows(values_only=True))
        assert list(header) == [str(c) for c in df.columns]
        assert sheet.max_row == len(df) + 1
        wb.close()
    # Stata: every table whose columns Stata can hold (all of them here), readable, same rows
    for name in ("02_stance_balance", "04_rates", "mentions", "05_variant_shares"):
        dta = pd.read_stata(tables / f"{name}.dta")
        csv_df = pd.read_csv(tables / f"{name}.csv")
        assert len(dta) == len(csv_df) and len(dta.columns) == len(csv_df.columns)


@pytest.mark.browser
def test_screenshots_of_the_landing_page_and_every_figure(seed_report):
    """tools.screenshots opens the landing page, the explorer and the notebook pages offline in
    Chromium, keeps full-page PNGs and every figure PNG in test-artifacts/, and finds no page wider
    than the window (wide tables and concordances scroll or wrap inside their box)."""
    from conftest import chromium_path

    if chromium_path() is None:
        pytest.skip("Chromium not found at /usr/bin/chromium: apt-get install -y chromium")
    pytest.importorskip("playwright.sync_api")
    from tools.screenshots import screenshots

    out = ROOT / "test-artifacts" / "report-seeds"
    result = screenshots(seed_report.run_dir, out)
    assert result["network"] == [] and result["problems"] == [], result
    names = {p.name for p in result["pages"]}
    assert {"page-landing.png", "page-explorer.png", "page-00_corpus_overview.png"} <= names
    assert all((out / f"figure-{n}.png").stat().st_size > 1000 for n in result["figures"])
    assert set(result["figures"]) == {p.stem for p in (seed_report.run_dir / "figures").glob("*.png")}
