"""``framing validate sample`` and ``framing validate score``: the hand-coding loop (:mod:`framing.validate`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import ParameterError
from . import options


def _sample(args: argparse.Namespace) -> int:
    from ..corpus import filter_corpus
    from ..files import guard_output
    from ..lexicon import load_lexicon
    from ..match import match_corpus
    from ..notebook import load_corpus
    from ..validate.sample import draw_sample, sidecar_paths, write_sample

    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise ParameterError(f"--out {args.out}: name the coding sheet .xlsx (with drop-down lists) or .csv")
    key, design = sidecar_paths(out)
    guard_output([out, key, design], [args.corpus, args.lexicon])
    date_from, date_to = options.date_window(args)
    lexicon = load_lexicon(args.lexicon)
    corpus = load_corpus(args.corpus)
    corpus = filter_corpus(corpus, options.outlet_list(args.outlets), date_from, date_to)
    if "is_copy" in corpus.columns and not args.count_copies:
        corpus = corpus[~corpus["is_copy"].fillna(False).astype(bool)].reset_index(drop=True)
    mentions = match_corpus(corpus, lexicon)
    strata = [s.strip() for s in args.strata.split(",") if s.strip()]
    sample = draw_sample(
        corpus,
        mentions,
        lexicon,
        n=args.n,
        n_probes=args.probes,
        seed=args.seed,
        strata=strata,
        random_share=args.random_share,
        context=args.context,
    )
    paths = write_sample(sample, out, lexicon)
    kinds = sample.sheet["kind"].value_counts().to_dict()
    print(
        f"{out}: {kinds.get('mention', 0)} mentions (of {sample.design['population']['mentions']}) and "
        f"{kinds.get('probe', 0)} probes (of {sample.design['population']['sentences']} sentences) to code; "
        f"the tool's answers are in {paths[-2]}; keep that file away from the coders"
    )
    return 0


def _score(args: argparse.Namespace) -> int:
    from ..files import guard_output
    from ..validate.score import read_key, read_sheet, score, write_scores

    guard_output(args.out, [*args.sheets, args.key, args.adjudication], folder=True)
    key = read_key(args.key)
    sheets = {}
    for path in args.sheets:
        name = Path(path).with_suffix("").name
        while name in sheets:
            name += "_"
        sheets[name] = read_sheet(path, key)
    adjudication = read_sheet(args.adjudication, key) if args.adjudication else None
    tables = score(
        sheets,
        key,
        confidence_level=args.confidence_level,
        n_boot=args.n_boot,
        seed=args.seed,
        adjudication=adjudication,
    )
    paths = write_scores(tables, args.out, coder=args.coder)
    print(f"wrote {len(paths)} files to {args.out}:")
    print(Path(args.out, "summary.md").read_text(encoding="utf-8"))
    return 0


def register(subparsers) -> None:
    """Add ``framing validate sample|score``."""
    p = subparsers.add_parser("validate", help="hand-coding loop: draw a blind coding sheet, score coded sheets")
    sub = p.add_subparsers(dest="validate_command", metavar="ACTION")
    s = sub.add_parser(
        "sample",
        help="draw a stratified, blind coding sheet of mentions and recall probes",
        description="Match the corpus, then draw a stratified sample of mentions (for precision) and of recall "
        "probes (sentences without a mention that hold a concept's cue words, and a few without), and write a "
        "blind coding sheet, the key with the tool's answers and design weights (SHEET.key.csv) and the design "
        "(SHEET.design.json).",
    )
    s.add_argument("corpus", help="corpus file or folder of raw sources")
    s.add_argument("--out", required=True, metavar="SHEET", help="coding sheet to write (.xlsx or .csv)")
    options.add_lexicon(s)
    s.add_argument("--n", type=int, default=300, help="mentions to draw (default 300)")
    s.add_argument("--probes", type=int, default=300, help="recall probes to draw (default 300)")
    options.add_seed(s)
    s.add_argument(
        "--strata", default="variant,voice", help="mention columns that define the strata (default variant,voice)"
    )
    s.add_argument(
        "--random-share",
        type=float,
        default=0.25,
        help="share of probes drawn from sentences without a cue word (default 0.25)",
    )
    s.add_argument("--context", type=int, default=300, help="characters of context on each side (default 300)")
    options.add_outlets(s)
    options.add_date_window(s)
    s.add_argument("--count-copies", action="store_true", help="also sample from near-duplicate copies")
    s.set_defaults(func=_sample)
    c = sub.add_parser(
        "score",
        help="precision, recall and agreement from coded sheets",
        description="Read one or more coded sheets (one per coder) with the key, and write tidy tables "
        "(precision, recall, headline, confusion, agreement, disagreements), validation.xlsx, summary.md and "
        "the precision/recall figure.",
    )
    c.add_argument("sheets", nargs="+", metavar="SHEET", help="coded sheets (.xlsx or .csv), one per coder")
    c.add_argument("--key", required=True, help="the SHEET.key.csv written by `framing validate sample`")
    c.add_argument("--out", required=True, metavar="DIR", help="folder for the tables and the figure")
    c.add_argument(
        "--adjudication",
        default=None,
        metavar="SHEET",
        help="a sheet that settles the coders' disagreements (adds a 'consensus' coder)",
    )
    c.add_argument(
        "--coder", default=None, help="whose codes the summary and figure show (default: consensus, else the first)"
    )
    options.add_confidence_level(c)
    options.add_n_boot(c, 2000, help="bootstrap draws for recall and agreement (default 2000)")
    options.add_seed(c)
    c.set_defaults(func=_score)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
