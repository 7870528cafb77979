"""One measured stage, run in a fresh Python process so its peak memory is its own.

``python -m benchmarks.stage '{"stage": "count", "corpus": "...", "workdir": "...", ...}'`` prints one
JSON line: ``{"stage", "seconds", "words", "wps", "base_mb", "peak_mb", ...}``.

* ``seconds`` — wall time of the stage's work only. Module imports and loading the stage's input
  are set-up, not timed, and so are loading the lexicon and compiling its patterns (about 0.35 s
  per process for the bundled one). The ``pipeline`` stage times everything from reading the
  source file to the keyness table, the lexicon included.
* ``words`` — whitespace-separated words of the stage's input texts (the same unit for every stage
  and baseline, so words per second compare across them).
* ``cpu_s`` — CPU seconds (user + system) the stage used: of this process, or summed over the Dask
  workers. ``cpu_s / seconds`` well below 1 per process means the machine was busy with other work.
* ``base_mb`` — resident memory (RSS) just before the timed work; ``peak_mb`` — peak RSS during it:
  the kernel's high-water mark (``VmHWM``) is reset through ``/proc/self/clear_refs`` before the
  stage starts, so the peak is the stage's, not its set-up's. For Dask stages ``peak_mb`` is the sum
  of the workers' peaks and ``base_mb`` their sum before.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd


# ---------------------------------------------------------------------------------------------- memory
def rss_mb() -> float:
    """Current resident set size of this process, MB."""
    return _status("VmRSS")


def peak_mb() -> float:
    """Peak resident set size (``VmHWM``) since the last :func:`reset_peak`, MB."""
    return _status("VmHWM")


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark for this process (Linux ≥ 4.0); False if not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _status(key: str) -> float:
    try:
        text = Path("/proc/self/status").read_text()
        return int(re.search(rf"{key}:\s+(\d+)", text).group(1)) / 1024
    except (OSError, AttributeError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------------------------- helpers
def words_of(texts) -> int:
    return int(sum(len(t.split()) for t in texts))


def read(path: str) -> pd.DataFrame:
    from framing.corpus import read_corpus

    return read_corpus(path)


def write_batches(df: pd.DataFrame, path: str | Path, batch_docs: int = 500) -> None:
    """Write a corpus as Parquet with one row group per ``batch_docs`` documents (the streaming unit)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False)
    pq.write_table(table, path, row_group_size=batch_docs, compression="zstd")


def _lexicon(cfg, warm: bool = True):
    """The lexicon, loaded and (``warm``) with its patterns compiled: set-up, not work."""
    from framing.lexicon import load_lexicon

    lexicon = load_lexicon(cfg.get("lexicon"))
    if warm:
        from framing.distributed import _compile_lexicon

        _compile_lexicon(lexicon)
    return lexicon


def _keyness(totals):
    """Keyness on outlet totals (one-vs-rest), whatever entry point framing.keyness offers."""
    from framing.keyness import keyness

    return keyness(totals, by="outlet", method="logodds", design="one_vs_rest")


# ---------------------------------------------------------------------------------------------- stages
# Each stage: setup(cfg) -> state (untimed), work(state) -> dict of facts (timed); words from state["words"].
def _setup_corpus(cfg):
    corpus = read(cfg["corpus"])
    return {"corpus": corpus, "words": words_of(corpus["text"]), "cfg": cfg}


def _ingest_setup(cfg):
    import pyarrow.parquet as pq

    texts = pq.read_table(cfg["source"], columns=["text"]).column("text").to_pylist()
    return {"words": words_of(texts), "cfg": cfg}


def _ingest(state):
    from framing.ingest import ingest_sources

    cfg = state["cfg"]
    corpus, summary = ingest_sources([cfg["source"]])
    write_batches(corpus, cfg["out"], int(cfg.get("batch_docs") or 500))
    kept = corpus if "is_copy" not in corpus.columns else corpus[~corpus["is_copy"].astype(bool)]
    return {"docs": len(corpus), "docs_not_copies": len(kept)}


def _ingest_stream(state):
    """The same ingest with the texts kept on disk (``framing ingest --stream``)."""
    from framing.ingest import ingest_stream

    cfg = state["cfg"]
    _out, _summary_path, summary = ingest_stream([cfg["source"]], cfg["out"], row_group_size=int(cfg.get("batch_docs") or 500))
    return {"docs": summary["documents_kept"], "docs_not_copies": summary["originals_and_singletons"]}


def _tokenize(state):
    from framing.tokenize import tokenize

    mwes = state["lexicon"].multiword_expressions()
    n = 0
    for text in state["corpus"]["text"]:
        n += len(tokenize(text, mwes))
    return {"tokens": n}


def _match(state):
    from framing.match import match_corpus

    mentions = match_corpus(state["corpus"], state["lexicon"])
    return {"mentions": len(mentions)}


def _match_setup(cfg):
    state = _setup_corpus(cfg)
    state["lexicon"] = _lexicon(cfg)
    return state


def _count(state):
    from framing.counts import count_matrix

    counts = count_matrix(state["corpus"], mwes=state["lexicon"].multiword_expressions())
    totals = counts.outlet_totals()
    if state["cfg"].get("out"):
        totals.to_pickle(state["cfg"]["out"])
    return {"terms": len(counts.vocabulary), "nnz": int(counts.matrix.nnz)}


def _keyness_setup(cfg):
    state = {"totals": pd.read_pickle(cfg["totals"]), "cfg": cfg}
    state["words"] = words_of(read(cfg["corpus"])["text"])
    return state


def _keyness_work(state):
    table = _keyness(state["totals"])
    return {"rows": len(table)}


def _pipeline_setup(cfg):
    import pyarrow.parquet as pq

    texts = pq.read_table(cfg["source"], columns=["text"]).column("text").to_pylist()
    return {"words": words_of(texts), "cfg": cfg}


def _pipeline(state):
    """Everything a notebook does, in memory: ingest (clean, dedup) → match → count → keyness."""
    from framing.counts import count_matrix
    from framing.ingest import ingest_sources
    from framing.match import match_corpus

    cfg = state["cfg"]
    lexicon = _lexicon(cfg, warm=False)  # loading and compiling the lexicon is part of the pipeline
    corpus, _ = ingest_sources([cfg["source"]])
    mentions = match_corpus(corpus, lexicon)
    counts = count_matrix(corpus, mwes=lexicon.multiword_expressions())
    table = _keyness(counts.outlet_totals())
    return {"docs": len(corpus), "mentions": len(mentions), "terms": len(counts.vocabulary), "rows": len(table)}


def _stream(state):
    """Streaming count + match over the ingested Parquet's row groups (memory ∝ vocabulary)."""
    from framing.parallel import stream_parquet

    import pyarrow.parquet as pq

    cfg = state["cfg"]
    out = Path(cfg.get("workdir") or Path(cfg["corpus"]).parent) / "stream_mentions.parquet"
    res = stream_parquet(cfg["corpus"], state["lexicon"], keep_docs=False, mentions_path=out)
    n = pq.ParquetFile(out).metadata.num_rows if out.exists() else 0
    return {"terms": len(res.counts.vocabulary), "mentions": n, "batches": res.n_batches,
            "tokens": res.counts.n_tokens}


def parquet_words(path) -> int:
    """Words of a Parquet corpus, read one row group at a time (so set-up itself stays small)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    words = 0
    for i in range(pf.num_row_groups):
        words += words_of(pf.read_row_group(i, columns=["text"]).column("text").to_pylist())
    pa.default_memory_pool().release_unused()
    return words


def _stream_setup(cfg):
    return {"words": parquet_words(cfg["corpus"]), "cfg": cfg, "lexicon": _lexicon(cfg)}


def _baseline_setup(cfg):
    state = _setup_corpus(cfg)
    state["texts"] = state.pop("corpus")["text"].tolist()
    return state


def _baseline(name):
    def work(state):
        from benchmarks.baselines import BASELINES

        return BASELINES[name](state["texts"])

    return work


def _dask_setup(cfg):
    from distributed import Client, LocalCluster

    state = _stream_setup(cfg)
    cluster = LocalCluster(n_workers=int(cfg["workers"]), threads_per_worker=1, processes=True,
                           dashboard_address=":0", memory_limit=None)
    client = Client(cluster)
    client.run(_import_framing)  # warm the workers: imports are set-up, not work
    client.run(_import_dask)
    _import_dask()  # the client builds the graph with it
    from framing.distributed import warm_lexicon

    # the lexicon goes to every worker once, its patterns compiled there (set-up, as in the other stages)
    state.update(cluster=cluster, client=client, lexicon=warm_lexicon(state["lexicon"], client))
    return state


def _import_framing():
    """Import what the stages use, so module import time (a fixed start-up cost) is not timed as work."""
    import nltk.tokenize  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401

    import framing.counts  # noqa: F401
    import framing.distributed  # noqa: F401
    import framing.ingest  # noqa: F401
    import framing.keyness  # noqa: F401
    import framing.lexicon  # noqa: F401
    import framing.match  # noqa: F401
    import framing.parallel  # noqa: F401
    import framing.tokenize  # noqa: F401

    framing.tokenize.tokenize("warm-up: the first call builds the tokenizer")
    return True


def _import_dask():
    """dask.dataframe (about 0.4 s to import; reads the Parquet partitions) for the Dask stage only:
    imported in every stage, it would add its memory to their peaks."""
    import dask.dataframe  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    return True


def _worker_reset():
    from benchmarks.stage import reset_peak  # noqa: F401  (workers run with the repo on sys.path)

    reset_peak()
    return rss_mb()


def cpu_seconds() -> float:
    """User + system CPU time of this process so far, seconds."""
    t = os.times()
    return t.user + t.system


def _dask(state):
    from framing.distributed import count_and_match_dask

    cfg = state["cfg"]
    out = Path(cfg.get("workdir") or Path(cfg["corpus"]).parent) / f"dask_mentions_{cfg['workers']}"
    counts, n_mentions = count_and_match_dask(cfg["corpus"], state["lexicon"], client=state["client"],
                                              keep_docs=False, mentions_dir=out)
    return {"terms": len(counts.vocabulary), "mentions": n_mentions, "workers": int(cfg["workers"]),
            "tokens": counts.n_tokens}


STAGES = {
    "ingest": (_ingest_setup, _ingest),
    "ingest_stream": (_ingest_setup, _ingest_stream),
    "tokenize": (_match_setup, _tokenize),
    "match": (_match_setup, _match),
    "count": (_match_setup, _count),
    "keyness": (_keyness_setup, _keyness_work),
    "pipeline": (_pipeline_setup, _pipeline),
    "stream": (_stream_setup, _stream),
    "dask": (_dask_setup, _dask),
    "cv_unigram": (_baseline_setup, _baseline("cv_unigram")),
    "cv_bigram": (_baseline_setup, _baseline("cv_bigram")),
    "nltk_counter": (_baseline_setup, _baseline("nltk_counter")),
}


def run_stage(cfg: dict) -> dict:
    """Run one stage in this process and return its measurements (see module docstring)."""
    setup, work = STAGES[cfg["stage"]]
    _import_framing()
    state = setup(cfg)
    client = state.get("client")
    try:
        if client is not None:
            base = sum(client.run(_worker_reset).values())
            cpu0 = sum(client.run(cpu_seconds).values())
        else:
            import gc

            gc.collect()
            base = rss_mb()
            reset_peak()
            cpu0 = cpu_seconds()
        t0 = time.perf_counter()
        facts = work(state)
        seconds = time.perf_counter() - t0
        peak = sum(client.run(peak_mb).values()) if client is not None else peak_mb()
        cpu = (sum(client.run(cpu_seconds).values()) if client is not None else cpu_seconds()) - cpu0
    finally:
        if client is not None:
            client.close()
            state["cluster"].close()
    words = int(state["words"])
    return {"stage": cfg["stage"], "seconds": seconds, "words": words, "wps": words / seconds if seconds else float("nan"),
            "cpu_s": round(cpu, 2), "base_mb": round(base, 1), "peak_mb": round(peak, 1), **facts}


def main(argv: list[str] | None = None) -> int:
    from benchmarks import stage  # so functions sent to Dask workers pickle as benchmarks.stage.*, not __main__.*

    cfg = json.loads((argv or sys.argv[1:])[0])
    result = stage.run_stage(cfg)
    print("RESULT " + json.dumps(result, default=lambda o: o.item() if isinstance(o, np.generic) else str(o)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
