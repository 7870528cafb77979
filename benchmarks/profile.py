"""Profile the hot paths with cProfile: where does a stage spend its time?

``python -m benchmarks.profile --stage match --words 300k [--source real] [--top 20]`` builds (or
reuses) a seeded corpus, runs one stage under :mod:`cProfile` and prints the functions with the most
own time (``tottime``) and the most cumulative time inside ``framing``. Stages: ``ingest``,
``tokenize``, ``count``, ``match``, ``keyness``. Profile before optimising: the numbers say which
function to make faster. (cProfile adds overhead to every Python call, so its totals are larger
than ``make bench``'s wall times; the proportions are what matter.)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from pathlib import Path

from benchmarks import synth
from benchmarks.run import DEFAULT_OUT, parse_size

STAGES = ("ingest", "tokenize", "count", "match", "keyness")


def _corpus(source: str, words: int, seed: int, out: Path) -> tuple[Path, Path]:
    """(source with text dates, for ingest; canonical corpus Parquet) of the requested size."""
    base = out / f"profile_{source}_{words}_{seed}"
    raw = base / "source.parquet"
    if not raw.exists():
        batches = synth.real_batches(words, seed=seed) if source == "real" else synth.synthetic_batches(words, seed=seed)
        synth.write_parquet(batches, raw, date_as_text=True)
    return raw, raw


def profile_stage(stage: str, raw: Path, top: int = 20) -> str:
    """Run ``stage`` on the corpus at ``raw`` under cProfile; return the printed statistics."""
    from framing.corpus import read_corpus
    from framing.counts import count_matrix
    from framing.distributed import _compile_lexicon
    from framing.ingest import ingest_sources
    from framing.keyness import keyness
    from framing.lexicon import load_lexicon
    from framing.match import match_corpus
    from framing.tokenize import tokenize

    lexicon = load_lexicon()
    _compile_lexicon(lexicon)
    corpus = read_corpus(raw)
    mwes = lexicon.multiword_expressions()
    totals = count_matrix(corpus, mwes=mwes).outlet_totals() if stage == "keyness" else None
    work = {
        "ingest": lambda: ingest_sources([raw]),
        "tokenize": lambda: [tokenize(t, mwes) for t in corpus["text"]],
        "count": lambda: count_matrix(corpus, mwes=mwes),
        "match": lambda: match_corpus(corpus, lexicon),
        "keyness": lambda: keyness(totals, by="outlet"),
    }[stage]
    tokenize("warm-up: first calls build caches and import lazily", mwes)  # not what we profile
    prof = cProfile.Profile()
    prof.enable()
    work()
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    buf.write(f"== {stage}: {sum(len(t.split()) for t in corpus['text']):,} words; own time (tottime) ==\n")
    stats.sort_stats("tottime").print_stats(top)
    buf.write(f"== {stage}: cumulative time, framing functions ==\n")
    stats.sort_stats("cumulative").print_stats("framing", top)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__.split("\n\n")[0])
    p.add_argument("--stage", choices=STAGES, action="append", help="stage(s) to profile (default: all)")
    p.add_argument("--words", type=parse_size, default=parse_size("300k"))
    p.add_argument("--source", choices=("synthetic", "real"), default="real" if synth.available_real() else "synthetic")
    p.add_argument("--seed", type=int, default=20220224)
    p.add_argument("--top", type=int, default=20)
    p.add_argument("--out", default=str(DEFAULT_OUT))
    args = p.parse_args(argv)
    raw, _ = _corpus(args.source, args.words, args.seed, Path(args.out))
    for stage in args.stage or STAGES:
        print(profile_stage(stage, raw, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
