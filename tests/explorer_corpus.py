"""A small corpus written for the explorer's tests: three outlets naming the same events differently,
"Kiev regime" in the outlet's own words, in a quotation and after "so-called", and one hostile
document (markup in its title and text, a ``javascript:`` url)."""

from __future__ import annotations

import pandas as pd

HOSTILE = "</script><script>alert(1)</script>"

_KREMLIN = [
    "The Kiev regime shelled residential areas of Donetsk on Tuesday, local officials said.",
    "Moscow says the special military operation will continue until its goals are met.",
    "The Kiev regime has again asked its Western sponsors for longer-range weapons.",
    "Residents of Donbass described months of shelling by Ukrainian forces.",
    "Russian troops liberated the village after heavy fighting, the defence ministry said.",
    "Analysts in Moscow expect the Kiev regime to announce another mobilisation wave.",
]
_WESTERN = [
    "Russia's full-scale invasion of Ukraine has displaced millions of people.",
    "Officials in Kyiv said air defences shot down most of the drones overnight.",
    "The Kremlin's envoy blamed what he called the so-called Kiev regime for the blast.",
    'Maria Zakharova told reporters: "The Kiev regime is a puppet of Washington."',
    "The war in Ukraine has entered its second winter, with fighting around Bakhmut.",
    "President Volodymyr Zelensky thanked allies for new air defence systems.",
]
_MIXED = [
    "Ukrainian officials rejected Russian claims about the Kiev regime, calling them propaganda.",
    "Moscow again referred to the government in Kyiv as the Kiev regime in a statement.",
    "Talks on grain exports resumed in Istanbul on Friday.",
    "The war in Ukraine pushed up food prices across Africa, economists said.",
    'A Russian lawmaker said the "Kiev regime" would fall within months.',
]


def small_corpus(hostile: bool = True) -> pd.DataFrame:
    """About thirty documents of two or three sentences from three outlets, with dates in 2022–23."""
    rows = []
    plans = [("Voice of Moscow", _KREMLIN, 22), ("Daily Planet", _WESTERN, 9), ("Northern Courier", _MIXED, 7)]
    for outlet, sentences, n in plans:
        for i in range(n):
            picked = [sentences[(i + k) % len(sentences)] for k in range(1 + i % 3)]
            date = pd.Timestamp("2022-06-01") + pd.Timedelta(days=17 * i + len(outlet))
            slug = outlet.lower().replace(" ", "-")
            rows.append({"doc_id": f"{slug}-{i:02d}", "outlet": outlet, "date": date,
                         "title": f"{outlet} report {i + 1}", "url": f"https://{slug}.example/news/{i + 1}",
                         "text": " ".join(picked)})
    if hostile:
        rows.append({"doc_id": "hostile-01", "outlet": "Northern Courier", "date": pd.Timestamp("2023-01-15"),
                     "title": f"{HOSTILE} <b>bold</b>", "url": "javascript:alert(3)",
                     "text": f"{HOSTILE} The Kiev regime <img src=x onerror=alert(2)> answered & left. "
                             f"Officials in Kyiv said nothing {HOSTILE}"})
    corpus = pd.DataFrame(rows)
    corpus["date"] = pd.to_datetime(corpus["date"])
    return corpus
