"""What ships inside the package: the bundled lexicons, suites, notebooks and the demo corpus.

They are package data under ``framing/resources/`` (in a source checkout, links to the top-level
``data/lexicons``, ``suites``, ``notebooks`` and ``data/raw/seeds``; in an installed wheel, copies),
found with :mod:`importlib.resources`, so every default works from any working directory.

Examples
--------
>>> lexicon_path().name, demo_corpus().name
('russia_ukraine.yaml', 'seeds')
>>> "russia_ukraine" in lexicon_names()
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import ParameterError

DEFAULT_LEXICON_NAME = "russia_ukraine"


def resource(*parts: str) -> Path:
    """Path of a file or folder under ``framing/resources/``."""
    return Path(str(resources.files("framing").joinpath("resources", *parts)))


def lexicon_names() -> list[str]:
    """Names of the bundled lexicons (``russia_ukraine``, ...), sorted."""
    return sorted(p.stem for p in resource("lexicons").glob("*.yaml"))


def lexicon_path(name: str = DEFAULT_LEXICON_NAME) -> Path:
    """Path of the bundled lexicon ``name`` (raises :class:`ParameterError` naming the choices)."""
    path = resource("lexicons", f"{name}.yaml")
    if not path.is_file():
        raise ParameterError(
            f"lexicon {name!r}: no bundled lexicon of that name; bundled: {', '.join(lexicon_names())} "
            "(or give the path of a lexicon YAML file)"
        )
    return path


def suite_path(name: str = "default") -> Path:
    """Path of the bundled suite ``name`` (``default``: every notebook on the demo corpus)."""
    return resource("suites", f"{name}.yaml")


def notebooks_dir() -> Path:
    """The bundled notebooks' folder."""
    return resource("notebooks")


def demo_corpus() -> Path:
    """The bundled demo corpus: five 2025 articles with a ``manifest.csv`` (a folder of raw sources)."""
    return resource("seeds")
