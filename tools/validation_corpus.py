"""Build the English corpus the bundled lexicon is validated on (docs/validation/).

    python -m tools.validation_corpus [--corpora ../shared/corpora] [--language en|ru|uk] --out data/processed/validation_en.parquet

Three English corpora of ``../shared/corpora`` ingested with ``framing ingest`` (furniture removed,
near-duplicates marked), every copy left out (``is_copy``), one ``corpus`` column added:
ukraine_media_2022 (2022, 14 outlets), bbc_telegraph_crimea2014 (2013-15) and semeval2025_t10_urw
(2022-24, undated). 9,279 documents. The text is the publishers': the file stays outside the
repository.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from framing.errors import FramingError
from framing.files import atomic_path, guard_output
from framing.ingest import ingest_sources
from framing.validity import dates_from_period, read_source_csv

CORPORA = ("ukraine_media_2022", "bbc_telegraph_crimea2014", "semeval2025_t10_urw")
#: The corpora of each language's validation round. Russian: the four outlets' headlines (Pervyi
#: Kanal's TV-programme pages, not news, left out) and the 24 Telegram channels; Ukrainian: TSN's
#: and one other channel's Telegram posts.
LANGUAGE_CORPORA = {
    "en": CORPORA,
    "ru": ("ru_media_headlines", "ru_telegram_2023_2024"),
    "uk": ("uk_telegram_2022",),
}
COLUMNS = ["doc_id", "outlet", "date", "title", "url", "text", "corpus"]


def build(corpora: Path, language: str = "en") -> pd.DataFrame:
    """The validation corpus: every non-copy document of :data:`CORPORA`, in that order. The
    2013-15 articles carry no date: they take the end of their ``period_approx`` range, as the
    period-control check does (:func:`framing.validity.dates_from_period`); the SemEval articles,
    without outlet, are labelled ``SemEval-2025``. ``language`` ``ru`` or ``uk`` builds that
    language's corpus instead (:data:`LANGUAGE_CORPORA`), with its ``language`` column."""
    parts = []
    columns = COLUMNS if language == "en" else [*COLUMNS, "language"]
    for name in LANGUAGE_CORPORA[language]:
        source = corpora / name / "corpus.csv"
        df, _summary = ingest_sources([source])
        df = df[~df["is_copy"]].assign(corpus=name)
        if name == "ru_media_headlines":
            df = df[~df["url"].fillna("").astype(str).str.contains("/shows/", regex=False)]
        if name == "bbc_telegraph_crimea2014":
            raw = dates_from_period(read_source_csv(source))
            dates = pd.to_datetime(raw.set_index("doc_id")["date"])
            df["date"] = df["date"].fillna(df["doc_id"].map(dates)).astype(df["date"].dtype)
        if name == "semeval2025_t10_urw":
            df["outlet"] = df["outlet"].replace("unknown", "SemEval-2025")
        parts.append(df[columns])
    return pd.concat(parts, ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.validation_corpus", description=__doc__.split("\n\n")[0])
    p.add_argument("--corpora", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpora"))
    p.add_argument("--out", required=True)
    p.add_argument("--language", choices=sorted(LANGUAGE_CORPORA), default="en",
                   help="whose corpora: en (default), ru or uk")
    a = p.parse_args(argv)
    try:
        out = Path(a.out)
        guard_output(out, [Path(a.corpora)])
        df = build(Path(a.corpora), a.language)
        with atomic_path(out) as tmp:
            df.to_parquet(tmp, index=False)
    except FramingError as e:
        print(f"validation_corpus: error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {out}: {len(df):,} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
