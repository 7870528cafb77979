"""The streamed ingest (``framing ingest --stream``) writes what the in-memory ingest writes, and
holds no more than a chunk of text at a time."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from benchmarks import synth
from framing.corpus import read_corpus
from framing.errors import CorpusError, ParameterError
from framing.ingest import ingest_sources, write_outputs
from framing.ingest.stream import ingest_stream

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "seeds"
FIX = ROOT / "tests" / "fixtures" / "ingest"
JSONL_OPTS = dict(text_col="body", outlet_col="source", id_col="id", date_col="published", title_col="headline")


def _both(tmp_path: Path, sources, **options) -> tuple[Path, Path]:
    """Ingest ``sources`` in memory (then write_outputs) and streamed; return the two corpus paths."""
    mem, streamed = tmp_path / "mem.parquet", tmp_path / "stream.parquet"
    write_outputs(*ingest_sources(sources, **options), mem)
    out, summary_path, summary = ingest_stream(sources, streamed, **options)
    assert out == streamed and summary_path == tmp_path / "stream.parquet.summary.json"
    assert json.loads(summary_path.read_text()) == json.loads(json.dumps(summary, default=str))
    return mem, streamed


def _assert_same(mem: Path, streamed: Path) -> pd.DataFrame:
    a, b = read_corpus(mem), read_corpus(streamed)
    pd.testing.assert_frame_equal(a, b)
    assert pq.read_schema(mem).equals(pq.read_schema(streamed), check_metadata=True)
    assert Path(f"{mem}.summary.json").read_text() == Path(f"{streamed}.summary.json").read_text()
    return a


def _csv_cases(tmp_path: Path) -> dict:
    body = ("Officials in Kyiv said the talks in Istanbul had stalled after Moscow rejected a ceasefire on Tuesday "
            "night, and that new rounds were planned for the spring.")
    only_furniture = tmp_path / "only_furniture.csv"  # the original is only furniture: its cluster is repaired
    pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["A", "B", "C"], "date": ["2022-01-01", "2022-01-02", "2022-01-03"],
                  "text": [body, body + "\nLeave a Comment", "Leave a Comment"]}).to_csv(only_furniture, index=False)
    stories = [f"Story {i}: officials in city number {i} reported shelling on day {i}." for i in range(6)]
    footer = "Follow our live coverage of the war in Ukraine for more updates."
    learned = tmp_path / "learned.csv"  # a footer learned for A, not for B
    pd.DataFrame([{"text": f"{s}\n{footer}", "outlet": "A"} for s in stories]
                 + [{"text": f"{stories[0]} again\n{footer}", "outlet": "B"}]).to_csv(learned, index=False)
    bad = tmp_path / "bad.csv"  # a bad date, a repeated id, an empty text
    bad.write_text("doc_id,text,outlet,date\na,x,A,2022-01-01\nb,y,A,yesterday\na,z,A,\nc,,A,\n")
    stray = tmp_path / "stray.csv"  # UTF-8 but for a stray byte and a NUL: those rows repaired (or skipped)
    stray.write_bytes(("doc_id,text,outlet,date\n" + "".join(f"d{i},Kyiv’s story {i} — «Київ»,A,2022-01-0{i}\n"
                                                           for i in range(1, 8))).encode().replace(b"story 3", b"st\xffory 3")
                      .replace(b"story 5", b"story\x005"))
    return {"only_furniture": ([only_furniture], {}), "learned": ([learned], {}),
            "skip_bad": ([bad], {"skip_bad": True}), "stray_bytes": ([stray], {}),
            "stray_bytes_skipped": ([stray], {"skip_bad": True})}


CASES = {
    "seeds": ([SEEDS], {}),
    "seeds, two rows per chunk": ([SEEDS], {"chunk_rows": 2}),
    "seeds, no furniture": ([SEEDS], {"furniture": False}),
    "seeds, no dedup": ([SEEDS], {"dedup": False}),
    "seeds, neither": ([SEEDS], {"furniture": False, "dedup": False}),
    "seeds, low threshold": ([SEEDS], {"dup_threshold": 0.2, "shingle_size": 3}),
    "jsonl": ([FIX / "good.jsonl"], JSONL_OPTS),
    "txt encodings": ([FIX / "txt_encodings"], {}),
    "html": ([FIX / "html"], {"outlet": "Example"}),
    "mediacloud": ([FIX / "mediacloud.csv"], {}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_streamed_ingest_writes_what_the_in_memory_ingest_writes(tmp_path, case):
    sources, options = CASES[case]
    _assert_same(*_both(tmp_path, sources, **options))


@pytest.mark.parametrize("case", ["only_furniture", "learned", "skip_bad", "stray_bytes", "stray_bytes_skipped"])
def test_streamed_ingest_edge_cases(tmp_path, case):
    sources, options = _csv_cases(tmp_path)[case]
    corpus = _assert_same(*_both(tmp_path, sources, **options))
    if case == "only_furniture":  # the cases do what their names say
        assert corpus.doc_id.tolist() == ["a", "b"] and corpus.dup_group.tolist() == ["a", "a"]
    elif case == "learned":
        assert corpus.text.str.contains("live coverage").sum() == 1
    elif case.startswith("stray_bytes"):
        summary = json.loads((tmp_path / "stream.parquet.summary.json").read_text())
        where = [r["where"] for r in summary["skipped" if case.endswith("skipped") else "repaired_rows"]]
        assert where == ["row 3 (line 4)", "row 5 (line 6)"] and len(corpus) == (5 if case.endswith("skipped") else 7)
    else:
        summary = json.loads((tmp_path / "stream.parquet.summary.json").read_text())
        assert (summary["skipped_rows"], summary["duplicate_ids"], summary["empty"]) == (1, 1, 1)


def _with_copies(words: int, seed: int) -> pd.DataFrame:
    """A synthetic corpus plus a later copy of every fifth document in another outlet, with a
    headline-shaped line put between its paragraphs (an injected headline) and a credit line."""
    df = pd.concat(list(synth.synthetic_batches(words, seed=seed, batch_docs=100)), ignore_index=True)
    copies = df.iloc[::5].copy()
    copies["doc_id"] = copies["doc_id"] + "-copy"
    copies["outlet"] = "Aggregator"
    copies["date"] = pd.to_datetime(copies["date"]) + pd.Timedelta(days=1)

    towns = ["Brussels", "Vienna", "Geneva", "Warsaw", "Riga", "Tallinn", "Helsinki", "Prague", "Ankara", "Oslo"]

    def edit(i: int, text: str) -> str:
        paragraphs = synth.split_sentences(text)  # a paragraph per sentence
        middle = len(paragraphs) // 2
        headline = f"Leaders Of {towns[i % 10]} And {towns[i // 10 % 10]} Meet For Round {i}"  # not recurring
        return "\n".join(paragraphs[:middle] + [headline] + paragraphs[middle:] + ["Republished with permission."])

    copies["text"] = [edit(i, t) for i, t in enumerate(copies["text"])]
    return pd.concat([df, copies], ignore_index=True).sample(frac=1, random_state=seed).reset_index(drop=True)


def test_streamed_ingest_of_a_synthetic_corpus_with_copies(tmp_path):
    # near-duplicates with injected headlines, learned furniture, several chunks
    src = tmp_path / "source.parquet"
    synth.write_parquet([_with_copies(150_000, 7)], src, date_as_text=True)
    corpus = _assert_same(*_both(tmp_path, [src], chunk_rows=64))
    summary = json.loads((tmp_path / "stream.parquet.summary.json").read_text())
    reasons = summary["furniture_by_reason"]
    assert corpus.is_copy.sum() > 20, reasons
    assert reasons.get("recurring in this outlet's documents (learned)") and any("injected" in r for r in reasons)


@pytest.mark.corpora
@pytest.mark.skipif(not synth.available_real(), reason="../shared/corpora not found")
def test_streamed_ingest_of_the_real_corpora(tmp_path):
    src = tmp_path / "source.parquet"
    synth.write_parquet(synth.real_batches(400_000, seed=3), src, date_as_text=True)
    corpus = _assert_same(*_both(tmp_path, [src]))
    assert corpus.is_copy.sum() > 0


def test_streamed_ingest_errors_as_the_in_memory_one(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("doc_id,text,outlet,date\na,x,A,2022-01-01\na,z,A,\nb,y,A,yesterday\n")
    messages = []
    for run in (lambda: ingest_sources([bad]), lambda: ingest_stream([bad], tmp_path / "o.parquet")):
        with pytest.raises(CorpusError) as exc:
            run()
        messages.append(str(exc.value))
    assert messages[0] == messages[1] and "yesterday" in messages[0]  # the bad date is met first, in both
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "a.txt").write_text("\n\n")
    with pytest.raises(CorpusError, match="no documents to ingest.*1 empty"):
        ingest_stream([tmp_path / "empty"], tmp_path / "o.parquet", outlet="X")
    with pytest.raises(ParameterError, match=r"--stream: .*o\.csv: a streamed ingest writes Parquet"):
        ingest_stream([SEEDS], tmp_path / "o.csv")
    assert not list(tmp_path.glob("o.*")) and not list(tmp_path.glob(".framing-ingest-*"))  # nothing left behind


def _traced_peak(run) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streamed_ingest_memory_does_not_grow_with_the_text(tmp_path):
    # Python memory traced at its peak, for a corpus and one four times as large, 100 documents
    # per chunk: the in-memory ingest holds every text several times over, the streamed one a chunk
    peaks = {}
    for words in (100_000, 400_000):
        src = tmp_path / f"{words}.parquet"
        synth.write_parquet(synth.synthetic_batches(words, seed=11, batch_docs=100), src, date_as_text=True)
        peaks["memory", words] = _traced_peak(lambda: ingest_sources([src], chunk_rows=100))
        peaks["stream", words] = _traced_peak(lambda: ingest_stream([src], tmp_path / "o.parquet", chunk_rows=100))
    grew = {k: peaks[k, 400_000] - peaks[k, 100_000] for k in ("memory", "stream")}
    assert grew["memory"] > 10e6  # ~ 2 MB of text more: the in-memory ingest holds it many times
    assert grew["stream"] < grew["memory"] / 5, (peaks, grew)


def test_cli_stream_flag(tmp_path):
    out = tmp_path / "seeds.parquet"
    proc = subprocess.run([sys.executable, "-m", "framing", "ingest", str(SEEDS), "--out", str(out), "--stream"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "documents kept      5" in proc.stdout
    mem = tmp_path / "mem.parquet"
    write_outputs(*ingest_sources([SEEDS]), mem)
    _assert_same(mem, out)
    proc = subprocess.run([sys.executable, "-m", "framing", "ingest", str(SEEDS), "--out", str(tmp_path / "x.csv"),
                           "--stream"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and proc.stderr.strip().count("\n") == 0 and "name the output .parquet" in proc.stderr


def test_cli_workdir_holds_the_temporary_files(tmp_path, monkeypatch):
    import framing.ingest.stream as stream_mod
    from framing.cli import main

    seen = []
    real = stream_mod._ingest

    def spy(*args):
        seen.extend(work.glob(".framing-ingest-*"))  # the temporary folder, while it exists
        return real(*args)

    monkeypatch.setattr(stream_mod, "_ingest", spy)
    work = tmp_path / "scratch"
    work.mkdir()
    out = tmp_path / "out" / "seeds.parquet"
    assert main(["ingest", str(SEEDS), "--out", str(out), "--stream", "--workdir", str(work), "--quiet"]) == 0
    assert len(seen) == 1 and seen[0].is_absolute() and not seen[0].exists()  # made in work, then removed
    assert not list(work.iterdir()) and not list(out.parent.glob(".framing-ingest-*"))  # removed at the end
    mem = tmp_path / "mem.parquet"
    write_outputs(*ingest_sources([SEEDS]), mem)
    _assert_same(mem, out)


@pytest.mark.parametrize("extra, message", [
    (["--workdir", "{tmp}"], "only a streamed ingest keeps temporary files; add --stream"),
    (["--stream", "--workdir", "{tmp}/missing"], "missing: not an existing folder; create it"),
])
def test_cli_workdir_errors(tmp_path, capsys, extra, message):
    from framing.cli import main

    out = tmp_path / "o.parquet"
    rc = main(["ingest", str(SEEDS), "--out", str(out)] + [e.format(tmp=tmp_path) for e in extra])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and message in err, err
    assert not out.exists() and not list(tmp_path.glob(".framing-ingest-*"))


_STOPPABLE = """
import sys, time
from pathlib import Path
import framing.ingest.stream as stream_mod
from framing.cli import main

def stuck(*args):
    folders = list(Path(sys.argv[3]).parent.glob(".framing-ingest-*"))  # the temporary folder exists now
    Path(sys.argv[1]).write_text(str(folders[0]))
    time.sleep(120)

stream_mod._ingest = stuck
sys.exit(main(["ingest", sys.argv[2], "--out", sys.argv[3], "--stream"]))
"""


def test_sigterm_removes_the_temporary_files(tmp_path):
    """cron and Airflow stop a job with SIGTERM: the streamed ingest's temporary folder must go too."""
    import signal
    import time

    marker, out = tmp_path / "started", tmp_path / "out" / "corpus.parquet"
    proc = subprocess.Popen([sys.executable, "-c", _STOPPABLE, str(marker), str(SEEDS), str(out)],
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), proc.stderr.read() if proc.poll() is not None else "no start in 120 s"
        folder = Path(marker.read_text())
        assert folder.is_dir() and folder.parent == out.parent
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert err.strip() == "framing ingest: terminated (SIGTERM)"
    assert not folder.exists() and not list(out.parent.iterdir())  # no temporary folder, no partial corpus


def test_repeated_ids_of_the_id_column_are_reported_alike_by_both_modes(tmp_path):
    # the streamed ingest used to name the fix for generated ids (--id-col) for a repeated --id-col id
    src = tmp_path / "ids.csv"
    src.write_text("id,text,outlet,date\na,Kyiv said no to the talks.,A,2022-01-01\na,Kyiv said no again.,A,2022-01-02\n")
    _assert_same(*_both(tmp_path, [src], id_col="id", skip_bad=True))
    summary = json.loads((tmp_path / "stream.parquet.summary.json").read_text())
    assert [r["doc_id"] for r in summary["duplicate_id_rows"]] == ["a"]
    assert "the --id-col column must hold a unique id per document" in summary["duplicate_id_rows"][0]["problem"]
    with pytest.raises(CorpusError, match=r"row 2 \(line 3\): duplicate doc_id 'a' .*the --id-col column must hold"):
        ingest_stream([src], tmp_path / "no.parquet", id_col="id")


@pytest.mark.parametrize("options", [{}, {"furniture": False}, {"dedup": False}])
def test_the_pipeline_gives_the_same_corpus_with_either_storage(tmp_path, options):
    """The steps of framing.ingest.pipeline, run over the same sources with the texts in memory and
    on disk, give the same corpus (texts included) and summary."""
    import inspect

    from framing.ingest import pipeline
    from framing.ingest.finish import with_texts
    from framing.ingest.storage import DiskStorage, MemoryStorage

    sources = [SEEDS, FIX / "txt_encodings", FIX / "mediacloud.csv"]
    results = []
    for storage in (MemoryStorage(), DiskStorage(tmp_path)):
        args = inspect.signature(ingest_sources).bind(sources, **options)
        args.apply_defaults()
        state = pipeline.start(dict(args.arguments))
        state.storage = storage
        try:
            pipeline.run(state)
            results.append((with_texts(state), state.summary))
        finally:
            state.close()
    (mem, mem_summary), (disk, disk_summary) = results
    pd.testing.assert_frame_equal(mem, disk)
    assert json.dumps(mem_summary, default=str) == json.dumps(disk_summary, default=str)
    assert len(mem) == mem_summary["documents_kept"] > 10 and set(mem["encoding"]) > {"utf-8"}
    assert mem["text"].str.len().gt(0).all() and mem["text_raw"].str.len().gt(0).all()
    assert set(tmp_path.iterdir()) >= {tmp_path / "text", tmp_path / "final"}  # the texts did go to disk
