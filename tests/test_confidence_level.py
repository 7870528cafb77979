"""One name for the interval level: ``confidence_level`` (scipy.stats.bootstrap's name) everywhere.

Each public function that takes an interval level takes ``confidence_level``; the name it had before
(``level_ci``, ``ci`` or ``level``) still works for one release, with a ``FutureWarning`` naming the
new keyword, and giving both is a ``ParameterError``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from framing import estimators, stats, timeseries
from framing.errors import ParameterError
from framing.validate.score import agreement, clopper_pearson_upper, score, wilson_interval
from framing.validate.sample import KEY_COLUMNS
from framing.validity import checks

CORPUS = pd.DataFrame(
    {
        "doc_id": [str(i) for i in range(6)],
        "outlet": ["A", "A", "A", "B", "B", "B"],
        "date": pd.to_datetime(["2022-03-01", "2022-03-09", "2022-04-02"] * 2),
        "text": ["Kyiv Kyiv Kiev and more words here", "Kyiv said so", "Kiev and Kyiv", "Kiev", "Kyiv Kiev", "far"],
    }
)
MENTIONS = pd.DataFrame(
    {
        "doc_id": ["0", "0", "0", "1", "2", "2", "3", "4", "4"],
        "concept": ["capital"] * 9,
        "variant": ["kyiv", "kyiv", "kiev", "kyiv", "kiev", "kyiv", "kiev", "kyiv", "kiev"],
        "stance": ["ukraine_west", "ukraine_west", "kremlin", "ukraine_west", "kremlin", "ukraine_west", "kremlin",
                   "ukraine_west", "kremlin"],
        "voice": ["authorial"] * 9,
    }
)


def _key_and_sheets():
    """A key of 8 mention items and two coders who differ on one item."""
    rows = [
        dict(item_id=f"i{i}", kind="mention", concept="capital", variant="kyiv" if i % 2 else "kiev",
             variant_kind="spelling", stance="ukraine_west" if i % 2 else "kremlin", voice="authorial",
             modality="asserted", modality_cue="", counted=True, stratum="mention:x", stratum_size=20, stratum_n=8,
             weight=2.5, doc_id=f"d{i}", outlet="A", start=0, end=4, matched="Kyiv", rest_concepts="")
        for i in range(8)
    ]
    key = pd.DataFrame(rows, columns=KEY_COLUMNS)
    key.attrs.update(concepts=["capital"], frame_concepts=[], poles=("kremlin", "ukraine_west"))

    def sheet(last):
        return pd.DataFrame({"item_id": key["item_id"], "is_marker": [1.0] * 7 + [last], "stance": key["stance"],
                             "voice": "authorial", "modality": "asserted", "found_concept": "", "note": ""})

    return key, {"A": sheet(1.0), "B": sheet(0.0)}


def _known_groups_inputs():
    docs = [(f"x{i}", "X", "russian_state") for i in range(30)] + [(f"y{i}", "Y", "western") for i in range(30)]
    rows = [(f"x{i}", "kiev" if i % 4 else "kyiv", "kremlin" if i % 4 else "ukraine_west", "authorial")
            for i in range(30)]
    rows += [(f"y{i}", "kyiv" if i % 5 else "kiev", "ukraine_west" if i % 5 else "kremlin", "authorial")
             for i in range(30)]
    corpus = pd.DataFrame(docs, columns=["doc_id", "outlet", "stance_group"])
    corpus["pro_kremlin_narrative"] = [1 if i % 3 else 0 for i in range(60)]
    return corpus, pd.DataFrame(rows, columns=["doc_id", "variant", "stance", "voice"])


KG_CORPUS, KG_MENTIONS = _known_groups_inputs()
KEY, SHEETS = _key_and_sheets()

#: function, its old keyword, positional arguments, other keywords
CASES = {
    "stats.rates": (stats.rates, "level_ci", (MENTIONS, CORPUS), {"voices": "authorial", "n_boot": 100}),
    "stats.variant_shares": (stats.variant_shares, "level_ci", (MENTIONS, CORPUS), {"n_boot": 100}),
    "stats.stance_balance": (stats.stance_balance, "level_ci", (MENTIONS, CORPUS), {"n_boot": 100}),
    "timeseries.period_rates": (timeseries.period_rates, "ci", (CORPUS, MENTIONS), {"n_boot": 100}),
    "estimators.ratio_interval": (estimators.ratio_interval, "level", ([1, 0, 1, 1, 0], [1, 1, 1, 1, 1]),
                                  {"n_boot": 100}),
    "estimators.roc_auc_ci": (estimators.roc_auc_ci, "level", ([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7]),
                              {"n_boot": 100}),
    "estimators.spearman_ci": (estimators.spearman_ci, "level", ([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5]),
                               {"n_boot": 100}),
    "validity.known_groups": (checks.known_groups, "level", (KG_CORPUS, KG_MENTIONS),
                              {"variant": "kiev", "other": "kyiv", "n_boot": 100, "min_docs": 10}),
    "validity.narrative_check": (checks.narrative_check, "level", (KG_CORPUS, KG_MENTIONS), {"n_boot": 100}),
    "validate.wilson_interval": (wilson_interval, "level", (0.8, 40), {}),
    "validate.clopper_pearson_upper": (clopper_pearson_upper, "level", (1, 30), {}),
    "validate.agreement": (agreement, "level", (SHEETS,), {"n_boot": 40}),
    "validate.score": (score, "level", (SHEETS, KEY), {"n_boot": 40}),
}


def _plain(result):
    """A result as nested plain Python values, for comparing two results."""
    if isinstance(result, pd.DataFrame):
        return result.to_dict("list")
    if isinstance(result, dict):
        return {k: _plain(v) for k, v in result.items()}
    if isinstance(result, (tuple, list)):
        return [_plain(v) for v in result]
    if hasattr(result, "__dataclass_fields__"):
        return {k: _plain(getattr(result, k)) for k in result.__dataclass_fields__}
    return result


def _same(a, b) -> bool:
    try:
        np.testing.assert_equal(_plain(a), _plain(b))
    except AssertionError:
        return False
    return True


@pytest.mark.parametrize("case", sorted(CASES))
def test_confidence_level_is_the_keyword_and_the_old_name_still_works(case):
    func, old, args, kwargs = CASES[case]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the new name warns about nothing
        new = func(*args, **kwargs, confidence_level=0.5)
        default = func(*args, **kwargs)
    assert not _same(new, default), "the level must change the interval"
    with pytest.warns(FutureWarning, match=rf"the keyword {old} is deprecated .* framing 0\.3\.0; use confidence_level=") as caught:
        renamed = func(*args, **kwargs, **{old: 0.5})
    assert _same(renamed, new)
    assert len(caught) == 1 and caught[0].filename == __file__  # the warning points at the caller's line


@pytest.mark.parametrize("case", sorted(CASES))
def test_old_and_new_name_together_are_refused(case):
    func, old, args, kwargs = CASES[case]
    with pytest.raises(ParameterError, match=rf"{old} and confidence_level both given; pass only confidence_level"):
        func(*args, **kwargs, **{old: 0.9, "confidence_level": 0.9})


def test_positional_new_name_with_old_keyword_is_refused():
    # wilson_interval(p, n_eff, confidence_level): the third positional argument is the new name
    with pytest.raises(ParameterError, match="level and confidence_level both given"):
        wilson_interval(0.8, 40, 0.9, level=0.9)


def test_the_method_column_names_confidence_level():
    r = timeseries.period_rates(CORPUS, MENTIONS, n_boot=50, confidence_level=0.9)
    assert set(r["method"]) == {
        "framing.stats.rates: percentile bootstrap over documents, n_boot=50, confidence_level=0.9"
    }


def test_bad_confidence_level_is_named_in_the_error():
    with pytest.raises(ParameterError, match="confidence_level: must be between 0 and 1"):
        stats.rates(MENTIONS, CORPUS, confidence_level=1.5)
    with pytest.raises(ParameterError, match="confidence_level: must be between 0 and 1"):
        timeseries.period_rates(CORPUS, MENTIONS, confidence_level=0)


def test_renamed_keyword_refuses_a_signature_it_does_not_fit():
    from framing._deprecation import renamed_keyword

    with pytest.raises(TypeError, match="does not fit"):
        renamed_keyword("level", "confidence_level")(lambda x, level=0.95: x)


def test_a_confidence_level_outside_0_1_is_one_line_and_writes_nothing(tmp_path, capsys):
    # scoring with --confidence-level 1.5 gave a numpy traceback (percentiles out of range)
    from pathlib import Path

    from framing.cli import main

    folder = Path(__file__).resolve().parents[1] / "docs" / "validation" / "uk-round3"
    out = tmp_path / "scores"
    code = main(["validate", "score", str(folder / "codes_coder_A.csv"), "--key", str(folder / "key.csv"),
                 "--confidence-level", "1.5", "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and not out.exists()
    assert len(err) == 1 and "confidence_level: must be between 0 and 1" in err[0] and "1.5" in err[0]


@pytest.mark.parametrize("bad", [0, 1, 95, -0.5, "x", None])
def test_check_confidence_level_refuses_what_is_not_a_level(bad):
    from framing.errors import ParameterError
    from framing.estimators import check_confidence_level

    with pytest.raises(ParameterError, match="between 0 and 1"):
        check_confidence_level(bad)
