"""Options several commands share, each defined once, and the conversion of their values.

A command adds a shared option by calling its ``add_*`` function, so that the flag's name, type,
default and destination are the same everywhere; the help text may be the command's own (what the
option means for that command). The conversion functions turn the parsed strings into what the
library takes, and a value a user can fix into a :class:`~framing.errors.ParameterError` naming
the flag (one line on stderr, exit code 2).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import ParameterError
from ..vocab import DEFAULT_SEED

LEXICON_HELP = "lexicon YAML (default: the bundled one)"
OUTLETS_HELP = "comma-separated outlets to keep"
DATE_FROM_HELP = "keep documents dated on or after YYYY-MM-DD"
DATE_TO_HELP = "keep documents dated on or before YYYY-MM-DD"
SEED_HELP = f"random seed (default {DEFAULT_SEED})"


def _help_kwargs(help: str | None, metavar: str | None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"help": help}
    if metavar is not None:
        kwargs["metavar"] = metavar
    return kwargs


# ------------------------------------------------------------------------------- corpus selection


def add_outlets(parser: argparse.ArgumentParser, help: str = OUTLETS_HELP) -> None:
    """``--outlets A,B``: the outlets to keep (:func:`outlet_list` reads it)."""
    parser.add_argument("--outlets", default="", help=help)


def add_date_window(
    parser: argparse.ArgumentParser,
    help_from: str = DATE_FROM_HELP,
    help_to: str = DATE_TO_HELP,
    metavar: str | None = None,
) -> None:
    """``--date-from`` / ``--date-to``: an inclusive date window (:func:`date_window` reads it)."""
    parser.add_argument("--date-from", default="", **_help_kwargs(help_from, metavar))
    parser.add_argument("--date-to", default="", **_help_kwargs(help_to, metavar))


def outlet_list(value: str | None) -> list[str] | None:
    """The outlets named by ``--outlets`` (comma-separated, blanks ignored), or None for all.

    >>> outlet_list(" RT, BBC ,")
    ['RT', 'BBC']
    >>> outlet_list("") is None
    True
    """
    outlets = [o.strip() for o in (value or "").split(",") if o.strip()]
    return outlets or None


def date_window(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """``--date-from`` and ``--date-to`` as :func:`framing.corpus.filter_corpus` takes them (None when
    not given), after checking that each is a date and that the window is not empty.

    >>> date_window(argparse.Namespace(date_from="2022-01-01", date_to=""))
    ('2022-01-01', None)
    >>> date_window(argparse.Namespace(date_from="soon", date_to=""))
    Traceback (most recent call last):
    ...
    framing.errors.ParameterError: --date-from: 'soon' is not a date; use YYYY-MM-DD
    """
    import pandas as pd

    dates = {}
    for name in ("date_from", "date_to"):
        value = getattr(args, name)
        if value:
            try:
                dates[name] = pd.Timestamp(value)
            except (ValueError, TypeError, OverflowError):
                raise ParameterError(f"--{name.replace('_', '-')}: {value!r} is not a date; use YYYY-MM-DD") from None
    if len(dates) == 2 and dates["date_from"] > dates["date_to"]:
        raise ParameterError(
            f"--date-from {args.date_from} is after --date-to {args.date_to}; the window would be empty: swap them"
        )
    return args.date_from or None, args.date_to or None


# ------------------------------------------------------------------------------------------ lexicon


def add_lexicon(parser: argparse.ArgumentParser, help: str | None = LEXICON_HELP, metavar: str | None = None) -> None:
    """``--lexicon PATH``: a lexicon YAML or bundled name; None (the default) means the bundled one."""
    parser.add_argument("--lexicon", default=None, **_help_kwargs(help, metavar))


def add_mwe_arguments(parser: argparse.ArgumentParser) -> None:
    """``--lexicon PATH`` / ``--no-mwes`` (shared by counts and keyness): the lexicon whose
    multi-word expressions stay single tokens (:func:`mwes_from_args` reads them)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--lexicon",
        default=None,
        metavar="PATH",
        help="lexicon whose multi-word expressions stay single tokens (default: the bundled one)",
    )
    group.add_argument("--no-mwes", action="store_true", help="do not join multi-word expressions")


def mwes_from_args(args: argparse.Namespace) -> list[str]:
    """The MWEs named by ``--lexicon``/``--no-mwes``; the bundled lexicon if available by default."""
    from ..counts import resolve_mwes

    if getattr(args, "no_mwes", False):
        return []
    if args.lexicon:
        return resolve_mwes(lexicon=args.lexicon)
    try:
        return resolve_mwes(lexicon="bundled")
    except ModuleNotFoundError:
        return []  # no lexicon module installed yet: plain words


# ----------------------------------------------------------------------- language, seed, bootstrap


def add_language(parser: argparse.ArgumentParser, help: str) -> None:
    """``--language CODE``: the language of every document (ISO 639-1); None (the default) means
    per document (the corpus's language column, else detected)."""
    parser.add_argument("--language", default=None, metavar="CODE", help=help)


def language_code(value: str | None) -> str | None:
    """``--language`` checked: an ISO 639-1 code as given, or None when not given.

    >>> language_code("ru")
    'ru'
    >>> language_code("zz9")
    Traceback (most recent call last):
    ...
    framing.errors.ParameterError: --language 'zz9': not an ISO 639-1 language code; use e.g. en, ru or uk
    """
    from ..language import normalize_code

    if value and normalize_code(value) is None:
        raise ParameterError(f"--language {value!r}: not an ISO 639-1 language code; use e.g. en, ru or uk")
    return value or None


def add_seed(parser: argparse.ArgumentParser, help: str | None = SEED_HELP) -> None:
    """``--seed S``: the random seed (default :data:`framing.vocab.DEFAULT_SEED`)."""
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=help)


def add_n_boot(parser: argparse.ArgumentParser, default: int, help: str | None = None) -> None:
    """``--n-boot N``: bootstrap replicates."""
    parser.add_argument("--n-boot", type=int, default=default, help=help)


# ----------------------------------------------------------------------------------- renamed flags


class _DeprecatedAlias(argparse.Action):
    """Store the value under the new flag's name, with a one-line note on stderr."""

    def __init__(self, option_strings: list[str], dest: str, new: str = "", **kwargs: Any) -> None:
        self.new = new
        super().__init__(option_strings, dest, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        print(
            f"{parser.prog}: note: {option_string} is deprecated and will be removed; use {self.new}",
            file=sys.stderr,
        )
        setattr(namespace, self.dest, values)


def add_deprecated_alias(parser: argparse.ArgumentParser, old: str, new: str, dest: str, **kwargs: Any) -> None:
    """Accept ``old`` as a hidden alias of ``new`` (same ``dest``): it still works, and says on
    stderr that it is deprecated."""
    parser.add_argument(old, dest=dest, action=_DeprecatedAlias, new=new, help=argparse.SUPPRESS, **kwargs)


def add_confidence_level(parser: argparse.ArgumentParser, default: float = 0.95) -> None:
    """``--confidence-level L``: the level of the intervals (scipy.stats.bootstrap's name); the old
    ``--level`` still works, with a deprecation note."""
    parser.add_argument(
        "--confidence-level",
        type=float,
        default=default,
        metavar="LEVEL",
        help=f"confidence level of the intervals (default {default}; formerly --level)",
    )
    add_deprecated_alias(parser, "--level", "--confidence-level", dest="confidence_level", type=float)
