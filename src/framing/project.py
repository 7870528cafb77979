"""``framing init DIR``: a research project of one's own, ready for ``framing report``.

A project is the layout of the framing checkout, with the researcher's data::

    DIR/
      README.md                 what goes where, the commands
      data/raw/                 the corpus (any format ``framing ingest`` reads)
      data/lexicons/NAME.yaml   the lexicon (a commented template, or a copy of a bundled lexicon)
      notebooks/                the notebooks, their parameters pointing at data/raw and the lexicon
      suites/default.yaml       every notebook on data/raw with the lexicon
      reports/                  where runs go

Nothing that exists is overwritten: files already there are kept and listed.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from . import bundled
from .errors import OutputError, ParameterError
from .files import atomic_write, atomic_write_text, os_problem
from .vocab import DEFAULT_SEED

#: The lexicon a new project starts from when none is named.
DEFAULT_TEMPLATE = "template"

_README = """# {name}: a framing project

Made by `framing init` (framing {version}). Everything here is yours to edit.

| path | what |
| --- | --- |
| `data/raw/` | your corpus: a folder of `.txt` files with a `manifest.csv`, or `.csv`/`.jsonl`/`.parquet` tables, or saved `.html` pages (see `framing ingest --help`) |
| `data/lexicons/{lexicon}.yaml` | your lexicon: the contested terms, their variants and the sides they belong to (check it with `framing lexicon check data/lexicons/{lexicon}.yaml`) |
| `notebooks/` | the notebooks; their parameters cell points at `../data/raw` and the lexicon, so they run as they are in JupyterLab (`jupyter lab notebooks`) |
| `suites/default.yaml` | every notebook on `data/raw` with the lexicon: what `framing report` runs |
| `reports/` | each `framing report` run, in `reports/default/<run-id>/` (its `index.html` is the landing page) |

Typical session:

```bash
framing lexicon check data/lexicons/{lexicon}.yaml
framing ingest data/raw --out data/corpus.parquet      # optional: see what ingest keeps and repairs
framing report                                         # every notebook; prints the run's landing page
```

Scheduled runs call papermill or `framing report` from any folder; give absolute paths, e.g.
`framing report --suite {path}/suites/default.yaml --reports-dir {path}/reports`.
"""

_RAW_README = """Put the corpus here: `.txt` files with a `manifest.csv` (columns file, outlet, date, title, url),
or `.csv` / `.jsonl` / `.parquet` tables with doc_id, outlet, date, title, url and text columns, or saved
`.html` pages. `framing ingest --help` lists every option; nothing in this folder is ever written to.
"""

_SUITE = """# The project's suite: every notebook on data/raw with the project's lexicon (`framing report`).
# Paths are relative to this file.
name: default
description: Every notebook on data/raw with data/lexicons/{lexicon}.yaml.
notebooks_dir: ../notebooks
parameters:
  corpus_path: ../data/raw
  lexicon_path: ../data/lexicons/{lexicon}.yaml
  n_boot: 1000
  seed: {seed}
notebooks:
{entries}
"""

_PARAM = re.compile(r"^(?P<name>corpus_path|lexicon_path) = (?P<value>'[^']*'|\"[^\"]*\")", re.M)


def _notebook_for_project(text: str, lexicon: str) -> str:
    """A bundled notebook's JSON with its parameters pointing at the project's corpus and lexicon
    (only the two default values in the ``parameters`` cell change)."""
    import nbformat

    nb = nbformat.reads(text, as_version=4)
    values = {"corpus_path": "../data/raw", "lexicon_path": f"../data/lexicons/{lexicon}.yaml"}
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source = _PARAM.sub(lambda m: f"{m['name']} = {values[m['name']]!r}", cell.source)
    return nbformat.writes(nb) + "\n"


def init_project(folder: str | os.PathLike, lexicon: str = DEFAULT_TEMPLATE) -> tuple[list[Path], list[Path]]:
    """Scaffold a framing project in ``folder`` (see the module docstring); return ``(written, kept)``:
    the files made, and those that existed and were left as they were.

    ``lexicon``: the name of a bundled lexicon (``template``, ``russia_ukraine``, ``us_immigration``)
    or the path of a lexicon YAML file, copied to ``data/lexicons/``.

    Examples
    --------
    >>> written, kept = init_project("/tmp/my-study")  # doctest: +SKIP
    """
    from . import __version__
    from .lexicon import load_lexicon

    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise OutputError(f"{folder}: is a file; name a folder for the project (it is created if missing)")
    source = Path(lexicon) if Path(lexicon).suffix in (".yaml", ".yml") else None
    if source is not None:
        if not source.is_file():
            raise ParameterError(
                f"--lexicon {lexicon}: no such file; name a lexicon YAML or a bundled lexicon "
                f"({', '.join(bundled.lexicon_names())})"
            )
        name = source.stem
    else:
        source = bundled.lexicon_path(lexicon)
        name = lexicon
    load_lexicon(source)  # a project never starts from a lexicon that does not load
    notebooks = sorted(bundled.notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
    entries = "\n".join(f"  - notebook: {p.name}" for p in notebooks)
    files: dict[Path, str | bytes] = {
        root / "README.md": _README.format(
            name=root.name or "project", version=__version__, lexicon=name, path=root.resolve().as_posix()
        ),
        root / "data" / "raw" / "README.md": _RAW_README,
        root / "data" / "lexicons" / f"{name}.yaml": source.read_bytes(),
        root / "suites" / "default.yaml": _SUITE.format(lexicon=name, entries=entries, seed=DEFAULT_SEED),
        root / "reports" / ".gitkeep": "",
    }
    for p in notebooks:
        files[root / "notebooks" / p.name] = _notebook_for_project(p.read_text(encoding="utf-8"), name)
    written, kept = [], []
    for path, content in files.items():
        if path.exists() or path.is_symlink():
            kept.append(path)
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{path.parent}: cannot create the folder: {os_problem(exc)}") from None
        if isinstance(content, bytes):
            atomic_write(path, functools.partial(Path.write_bytes, data=content), flag="init")
        else:
            atomic_write_text(path, content, flag="init")
        written.append(path)
    return written, kept
