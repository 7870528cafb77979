"""The streamed and the Dask paths give exactly the in-memory counts and mentions.

In-memory reference: ``framing.counts.count_matrix`` and ``framing.match.match_corpus`` on the whole
corpus. Compared on the bundled seed corpus and on a seeded synthetic corpus split into several
Parquet row groups (so partitions really are merged): same sorted vocabulary, same document order,
element-wise equal sparse matrices, group totals equal to an independent pandas group-by, and
mention frames equal row for row.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the benchmarks package (corpus generator) lives beside src/

from benchmarks import synth  # noqa: E402
from framing import parallel  # noqa: E402
from framing.errors import CorpusError, ParameterError  # noqa: E402


# ---------------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def lexicon():
    from framing.lexicon import load_lexicon

    return load_lexicon()


@pytest.fixture(scope="module")
def seed_corpus():
    from framing.ingest import ingest_sources

    corpus, _ = ingest_sources([ROOT / "data" / "raw" / "seeds"])
    return corpus


@pytest.fixture(scope="module")
def synthetic_corpus():
    from framing.corpus import validate_corpus

    frames = list(synth.synthetic_batches(60_000, seed=7, batch_docs=40, rare_share=0.5))
    return validate_corpus(pd.concat(frames, ignore_index=True))


def _to_parquet(corpus: pd.DataFrame, path: Path, rows: int) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = ["doc_id", "outlet", "date", "title", "url", "text"]
    pq.write_table(pa.Table.from_pandas(corpus[cols], preserve_index=False), path, row_group_size=rows)
    return path


@pytest.fixture(scope="module")
def cases(tmp_path_factory, seed_corpus, synthetic_corpus):
    """(name, corpus, parquet path) with 2 and ≥ 4 row groups."""
    d = tmp_path_factory.mktemp("parts")
    return [
        ("seeds", seed_corpus, _to_parquet(seed_corpus, d / "seeds.parquet", rows=2)),
        ("synthetic", synthetic_corpus, _to_parquet(synthetic_corpus, d / "synthetic.parquet", rows=17)),
    ]


@pytest.fixture(scope="module")
def reference(cases, lexicon):
    """In-memory results for each case: (CountMatrix, sorted mentions)."""
    from framing.counts import count_matrix
    from framing.match import match_corpus

    out = {}
    for name, corpus, _ in cases:
        cm = count_matrix(corpus, mwes=lexicon.multiword_expressions())
        mentions = parallel.sort_mentions(match_corpus(corpus, lexicon), corpus["doc_id"].tolist())
        out[name] = (cm, mentions)
    return out


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def lexicon_on_workers(client, lexicon):
    """The lexicon scattered to both workers with its patterns compiled there (once for the module)."""
    from framing.distributed import warm_lexicon

    return warm_lexicon(lexicon, client)


# ---------------------------------------------------------------------------------------------- checks
def assert_same_counts(got: parallel.PartitionCounts, cm, corpus: pd.DataFrame) -> None:
    assert got.vocabulary == list(cm.vocabulary)
    assert got.vocabulary == sorted(got.vocabulary)
    assert got.doc_ids == list(cm.doc_ids) == corpus["doc_id"].tolist()
    assert got.matrix.shape == cm.matrix.shape
    assert got.matrix.dtype == np.int64
    assert (got.matrix != cm.matrix).nnz == 0
    assert np.array_equal(got.doc_tokens, np.asarray(cm.matrix.sum(axis=1)).ravel())
    assert got.n_docs == len(corpus)
    assert_same_totals(got, cm)


def assert_same_totals(got: parallel.PartitionCounts, cm) -> None:
    # independent: B's tidy outlet totals, grouped again with pandas
    tidy = cm.outlet_totals("outlet")
    expected = tidy.set_index(["outlet", "term"])["count"].sort_index()
    frame = got.totals_frame().set_index(["group", "term"])["count"].sort_index()
    frame.index = frame.index.set_names(["outlet", "term"])
    pd.testing.assert_series_equal(frame, expected, check_names=False, check_dtype=False)
    assert got.n_tokens == int(cm.matrix.sum())


def assert_same_mentions(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))


# ---------------------------------------------------------------------------------------------- map/reduce
def test_synthetic_case_has_many_partitions_and_mentions(cases, reference):
    import pyarrow.parquet as pq

    _, corpus, path = cases[1]
    assert pq.ParquetFile(path).num_row_groups >= 4
    assert len(reference["synthetic"][1]) > 50  # there is something to compare
    assert len(reference["synthetic"][0].vocabulary) > 1024  # the accumulator must grow past its first capacity


@pytest.mark.parametrize("splits", [[3], [1, 2, 9, 30], list(range(1, 60, 7))])
def test_merge_of_any_partitioning_equals_whole(synthetic_corpus, reference, lexicon, splits):
    cm, _ = reference["synthetic"]
    bounds = [0, *[s for s in splits if s < len(synthetic_corpus)], len(synthetic_corpus)]
    parts = [parallel.count_partition(synthetic_corpus.iloc[a:b], mwes=lexicon.multiword_expressions())
             for a, b in zip(bounds, bounds[1:])]
    assert_same_counts(parallel.merge_counts(parts), cm, synthetic_corpus)


def test_merge_is_associative(synthetic_corpus, lexicon):
    mw = lexicon.multiword_expressions()
    a, b, c = (parallel.count_partition(synthetic_corpus.iloc[i:j], mwes=mw) for i, j in [(0, 10), (10, 25), (25, 40)])
    left = parallel.merge_counts([parallel.merge_counts([a, b]), c])
    flat = parallel.merge_counts([a, b, c])
    assert left.vocabulary == flat.vocabulary and left.groups == flat.groups
    assert (left.matrix != flat.matrix).nnz == 0 and (left.totals != flat.totals).nnz == 0


def test_totals_are_indicator_sums(synthetic_corpus, lexicon):
    part = parallel.count_partition(synthetic_corpus.iloc[:30], mwes=lexicon.multiword_expressions())
    dense = part.matrix.toarray()
    outlets = synthetic_corpus["outlet"].iloc[:30].to_numpy()
    for g, name in enumerate(part.groups):
        assert np.array_equal(part.totals.toarray()[g], dense[outlets == name].sum(axis=0))


@pytest.mark.parametrize("case", [0, 1])
@pytest.mark.parametrize("keep_docs", [True, False])
def test_stream_equals_in_memory(cases, reference, lexicon, case, keep_docs):
    name, corpus, path = cases[case]
    cm, mentions = reference[name]
    res = parallel.stream_parquet(path, lexicon, keep_docs=keep_docs)
    if keep_docs:
        assert_same_counts(res.counts, cm, corpus)
    else:
        assert res.counts.matrix is None and res.counts.doc_ids == []
        assert res.counts.vocabulary == list(cm.vocabulary)
        assert_same_totals(res.counts, cm)
    assert_same_mentions(res.mentions, mentions)
    assert res.n_batches == __import__("pyarrow.parquet").parquet.ParquetFile(path).num_row_groups


def test_stream_with_batch_docs_and_mentions_file(cases, reference, lexicon, tmp_path):
    name, corpus, path = cases[1]
    cm, mentions = reference[name]
    out = tmp_path / "mentions.parquet"
    res = parallel.stream_parquet(path, lexicon, keep_docs=True, batch_docs=5, mentions_path=out)
    assert res.mentions is None and res.n_batches == -(-len(corpus) // 5)
    assert_same_counts(res.counts, cm, corpus)
    written = pd.read_parquet(out)
    assert len(written) == len(mentions)
    assert written["start"].tolist() == mentions["start"].tolist()
    assert written["variant"].tolist() == mentions["variant"].tolist()


def test_stream_errors_name_the_file(tmp_path, lexicon):
    with pytest.raises(CorpusError, match="nope.parquet"):
        parallel.stream_parquet(tmp_path / "nope.parquet", lexicon)
    bad = tmp_path / "bad.parquet"
    pd.DataFrame({"doc_id": ["a"], "body": ["x"]}).to_parquet(bad)
    with pytest.raises(CorpusError, match="bad.parquet.*text"):
        parallel.stream_parquet(bad, lexicon)
    junk = tmp_path / "junk.parquet"
    junk.write_text("not parquet")
    with pytest.raises(CorpusError, match="junk.parquet"):
        list(parallel.iter_parquet(junk))


def test_bad_group_column(synthetic_corpus):
    with pytest.raises(ParameterError, match="stance_group"):
        parallel.count_partition(synthetic_corpus.iloc[:3], group_col="stance_group")


# ---------------------------------------------------------------------------------------------- Dask
@pytest.mark.parametrize("case", [0, 1])
def test_dask_equals_in_memory(cases, reference, lexicon_on_workers, client, case):
    from framing.distributed import count_and_match_dask, read_corpus_dask

    name, corpus, path = cases[case]
    cm, mentions = reference[name]
    ddf = read_corpus_dask(path)
    assert ddf.npartitions >= 2
    counts, got = count_and_match_dask(ddf, lexicon_on_workers, client=client)
    assert_same_counts(counts, cm, corpus)
    assert_same_mentions(got, mentions)


def test_dask_totals_only_and_single_maps(cases, reference, lexicon_on_workers, client):
    from framing.distributed import count_dask, match_dask

    name, corpus, path = cases[1]
    cm, mentions = reference[name]
    counts = count_dask(str(path), lexicon_on_workers, client=client, keep_docs=False)
    assert counts.matrix is None
    assert_same_totals(counts, cm)
    assert_same_mentions(match_dask(str(path), lexicon_on_workers, client=client), mentions)


def test_dask_over_a_folder_of_files(tmp_path, cases, reference, lexicon, client):
    from framing.distributed import count_and_match_dask

    name, corpus, _ = cases[1]
    folder = tmp_path / "parts"
    folder.mkdir()
    for i, start in enumerate(range(0, len(corpus), 25)):
        _to_parquet(corpus.iloc[start:start + 25], folder / f"part.{i:03d}.parquet", rows=10)
    counts, mentions = count_and_match_dask(str(folder), lexicon, client=client)
    assert_same_counts(counts, reference[name][0], corpus)
    assert_same_mentions(mentions, reference[name][1])


def test_dask_bad_inputs(tmp_path, lexicon, seed_corpus):
    from framing.distributed import count_and_match_dask, read_corpus_dask

    with pytest.raises(CorpusError, match="missing.parquet"):
        read_corpus_dask(tmp_path / "missing.parquet")
    with pytest.raises(ParameterError, match="dask DataFrame"):
        count_and_match_dask(seed_corpus, lexicon, client=object())


def test_scheduler_address_precedence(monkeypatch):
    import dask

    from framing.distributed import scheduler_address

    monkeypatch.delenv("FRAMING_SCHEDULER", raising=False)
    with dask.config.set({"scheduler-address": None}):
        assert scheduler_address() is None
        with dask.config.set({"scheduler-address": "tcp://cfg:8786"}):
            assert scheduler_address() == "tcp://cfg:8786"
            monkeypatch.setenv("FRAMING_SCHEDULER", "tcp://env:8786")
            assert scheduler_address() == "tcp://env:8786"
            assert scheduler_address("tcp://arg:8786") == "tcp://arg:8786"


def test_unreachable_scheduler_is_a_parameter_error():
    from framing.distributed import dask_client

    with pytest.raises(ParameterError, match="--scheduler tcp://127.0.0.1:1"):
        with dask_client("tcp://127.0.0.1:1", timeout=1):
            pass


# ---------------------------------------------------------------------------------------------- CLI
def _cli(argv):
    from framing.cli.distributed import register

    parser = argparse.ArgumentParser(prog="framing")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_count_stream_writes_totals_and_mentions(cases, reference, tmp_path, capsys):
    name, corpus, path = cases[1]
    cm, mentions = reference[name]
    totals, ments = tmp_path / "totals.csv", tmp_path / "mentions.parquet"
    assert _cli(["count-stream", str(path), "--totals", str(totals), "--mentions", str(ments)]) == 0
    table = pd.read_csv(totals, keep_default_na=False)
    assert list(table.columns) == ["group", "term", "count"]
    assert int(table["count"].sum()) == int(cm.matrix.sum())
    assert len(pd.read_parquet(ments)) == len(mentions)
    assert "mentions" in capsys.readouterr().err


def test_cli_count_dask_on_a_running_scheduler(cases, reference, tmp_path, client):
    name, corpus, path = cases[0]
    cm, _ = reference[name]
    totals = tmp_path / "totals.parquet"
    address = client.scheduler.address
    assert _cli(["count-dask", str(path), "--scheduler", address, "--totals", str(totals)]) == 0
    assert client.status == "running"  # a remote cluster is left running
    table = pd.read_parquet(totals)
    expected = cm.outlet_totals("outlet")
    assert table["count"].tolist() == expected["count"].tolist()
    assert table["term"].tolist() == expected["term"].tolist()


def test_cli_needs_an_output(cases):
    with pytest.raises(ParameterError, match="--totals"):
        _cli(["count-stream", str(cases[0][2])])
    with pytest.raises(ParameterError, match="out.txt"):
        _cli(["count-stream", str(cases[0][2]), "--totals", "out.txt"])


def test_dask_mentions_written_by_workers(cases, reference, lexicon_on_workers, client, tmp_path):
    from framing.distributed import count_and_match_dask

    name, corpus, path = cases[1]
    cm, mentions = reference[name]
    out = tmp_path / "mentions"
    out.mkdir()
    (out / "part.999999.parquet").write_text("stale file of an earlier run")
    counts, n = count_and_match_dask(str(path), lexicon_on_workers, client=client, keep_docs=False,
                                     mentions_dir=out)
    assert n == len(mentions)
    files = sorted(out.glob("part.*.parquet"))
    assert "part.999999.parquet" not in [f.name for f in files]
    got = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    assert got["doc_id"].tolist() == mentions["doc_id"].tolist()
    assert got["start"].tolist() == mentions["start"].tolist()
    assert got["variant"].tolist() == mentions["variant"].tolist()
    assert_same_totals(counts, cm)


def test_stream_mentions_file_when_nothing_matches(tmp_path, lexicon):
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": pd.to_datetime(["2022-01-01", None]),
                           "title": ["", ""], "url": ["", ""], "text": ["Nothing here.", "Nor here at all."]})
    path = _to_parquet(corpus, tmp_path / "plain.parquet", rows=1)
    out = tmp_path / "m.parquet"
    res = parallel.stream_parquet(path, lexicon, mentions_path=out)
    from framing.match import MENTION_COLUMNS

    assert list(pd.read_parquet(out).columns) == MENTION_COLUMNS and len(pd.read_parquet(out)) == 0
    assert res.counts.totals_frame().groupby("group")["count"].sum().to_dict() == {"X": 2, "Y": 4}
