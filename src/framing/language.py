"""The language of each document, offline: English, Russian, Ukrainian (and others by name).

A lexicon written for one language must only run on documents in that language: Ukrainian
"Київ" put through Russian rules, or Russian "на Украине" counted in an English corpus, gives
nonsense. :func:`detect_language` names the language of one text; :func:`language_column` gives
a corpus its language column, preferring the source's own ``language`` column when it holds
valid codes.

How a text is decided (nothing is downloaded; the same text always gives the same answer):

1. **Too little text.** Fewer than :data:`MIN_LETTERS` letters or :data:`MIN_WORDS` words (after
   URLs, e-mail addresses, @handles and HTML tags are taken out): ``("und", 0.0)``.
2. **Script.** When Cyrillic letters are at least :data:`CYRILLIC_SHARE` of all letters the text
   is Cyrillic. English articles that embed a Russian or Ukrainian tweet stay below it (at most
   0.135 in the 8,325 articles of the shared 2022 English corpus), while Russian posts about
   programming with English titles and code lists stay above it but for a few (0.1 %).
3. **Russian or Ukrainian**, for Cyrillic text, from the languages' own letters and words: і ї
   є ґ, the apostrophe between a consonant and я ю є ї ("об'єкт", "м'ясо"), word endings in a
   doubled consonant + я ("питання", "життя") and words such as "що", "від", "та", "з" are
   Ukrainian; ы э ъ ё, endings -ия -ие -ии -ое and words such as "и", "что", "это", "с", "к",
   "кто" are Russian; and a letter that is neither (а, б, в, ...) leans slightly Russian, since a
   Ukrainian text of 60 letters almost always holds one of і ї є ґ (about 7 % of Ukrainian
   letters). These add up to a log-likelihood ratio (:func:`language_evidence`). When it is
   weaker than :data:`STRONG_EVIDENCE` (short headlines with none of the marked letters), the
   bundled character n-gram detector (``py3langid``, its model inside the wheel) adds its own
   Russian-vs-Ukrainian odds. Cyrillic text with letters of other alphabets (ў, ј, љ, њ, ә, қ,
   ...) or with Bulgarian's frequent ъ goes to the detector whole, which names the language
   (``be``, ``sr``, ``mk``, ``kk``, ``bg``, ...).
4. **Other scripts** (Latin, Greek, Arabic, ...) go to the detector, whose ISO 639-1 code is
   returned (``en``, ``de``, ``fr``, ...).

The confidence is a probability-like number in ``[0, 1]`` (0 for ``und``), rounded to four
decimals so that outputs stay byte-identical.

Why this design (measured on the shared corpora, documents of five or more words): the letter
and word rules alone get 98-99.5 % of Russian and Ukrainian documents right and leave the rest
undecided; ``py3langid`` alone gets 99.5 % of Russian headlines (it calls 0.4 % of them
Bulgarian or Macedonian) and 100 % of English articles; the two together get 99.996 % of
70,034 Russian headlines, 99.95 % of 21,975 Russian Telegram posts (the misses: Russian posts
of English talk titles and code, called English), 100 % of 13,039 Ukrainian Telegram posts
(99.8 % with their "Читати далі" stub removed) and 100 % of 9,632 English articles.
``lingua-language-detector`` was as accurate on Russian headlines but is a 96 MB wheel, takes
24 s to load all its models, called 4 % of the Ukrainian posts Kazakh and was 10x slower on
English articles; ``langdetect`` is random unless seeded, 3-10x slower and no more accurate.
``py3langid`` is a 4.6 MB wheel (BSD), its model inside, loads in 0.6 s the first time it is
needed and depends on numpy only. Speed: 0.05-0.2 ms per Russian or Ukrainian document, about
1.5 ms per English article.

Examples
--------
>>> detect_language("Российские войска продолжают специальную военную операцию на Украине.")[0]
'ru'
>>> detect_language("Російські війська продовжують наступ на сході України.")[0]
'uk'
>>> detect_language("Russia's full-scale invasion of Ukraine began in February 2022.")[0]
'en'
>>> detect_language("  ")
('und', 0.0)
"""

from __future__ import annotations

import math
import re
import threading
from functools import lru_cache
from typing import Any

import pandas as pd

from .errors import CorpusError, ParameterError

#: The code for "cannot tell" (ISO 639-2 "undetermined").
UNDETERMINED = "und"
#: Fewer letters than this (after URLs, handles and tags are removed): undetermined.
MIN_LETTERS = 10
#: Fewer words than this: undetermined.
MIN_WORDS = 2
#: Share of Cyrillic among all letters from which a text is Cyrillic.
CYRILLIC_SHARE = 0.2
#: Log-likelihood ratio (natural log) from which the letter and word rules decide Russian vs
#: Ukrainian on their own (odds of 100 to 1); below it the detector's odds are added.
STRONG_EVIDENCE = math.log(100)
#: Below this absolute log-likelihood ratio a Cyrillic text is undetermined.
MIN_EVIDENCE = 0.5
#: Only the first this many characters are read: detection is bounded, whatever the document's length.
SAMPLE_CHARS = 10_000
_ALIASES = {
    "ua": "uk",
    "ukr": "uk",
    "ukrainian": "uk",
    "rus": "ru",
    "russian": "ru",
    "eng": "en",
    "english": "en",
    "bel": "be",
    "deu": "de",
    "ger": "de",
    "fra": "fr",
    "fre": "fr",
    "pol": "pl",
}
_CODE = re.compile(r"^[a-z]{2}$")
#: ISO 639-1 codes: a source value is valid when it is one of these
ISO_639_1 = frozenset(
    """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz
ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik
io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml
mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd
se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi
vo wa wo xh yi yo za zh zu""".split()
)

# ------------------------------------------------------------------------------------------------
# Evidence from letters and words
# ------------------------------------------------------------------------------------------------

_JUNK = re.compile(r"<[^<>\n]{0,500}>|(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+|@\w+|&[a-z]+;|&#\d+;", re.I)
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\u02bc`][^\W\d_]+)*")
#: the Russian and Ukrainian alphabets together (lower case); any other Cyrillic letter belongs
#: to another language (Belarusian ў, Serbian/Macedonian ј љ њ ђ ћ џ ѓ ќ ѕ, Kazakh ә ғ қ ң ө ұ ү һ, ...)
_RU_UK_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ")
_UK_LETTERS = re.compile(r"[іїєґ]")
_RU_LETTERS = re.compile(r"[ыэъё]")
#: a Latin "i" typed inside a Cyrillic word stands for Ukrainian і ("мiсто")
_LATIN_I = re.compile(r"(?<=[а-яіїєґ])i|i(?=[а-яіїєґ])")
#: Ukrainian apostrophe: after a labial, р or к, before я ю є ї ("об'єкт", "м'ясо", "п'ять")
_UK_APOSTROPHE = re.compile(r"(?<=[бпвмфрк])['\u2019\u02bc`](?=[яюєї])")
_UK_ENDING = re.compile(r"[а-яіїєґ](?:нн|тт|сс|лл|чч|жж|зз|дд|цц|шш|рр)я(?![\w'])")
_RU_ENDING = re.compile(r"[а-яё](?:ия|ие|ии|ое|ой|[^ь\W]тся)(?![\w'])")
#: Ukrainian soft sign in adjective suffixes ("Хмельницькому", "комендантську"; Russian writes
#: "-цкому", "-скую") and the instrumental ending -ою ("війною"; Russian mostly "-ой")
#: and verb endings Russian does not have: 3rd person plural -ають/-ують/-ються ("отримають",
#: "звертаються"; Russian "-ают", "-ются"), infinitives -увати/-ювати ("евакуювати"; Russian
#: "-овать"), past -лося ("вдалося"; Russian "-лось") and masculine past -ав/-ив ("заявив";
#: Russian "заявил"; not after л т р, for Russian "Ярослав", "против", "прав")
_UK_INNER = re.compile(
    r"[сцз]ьк|[а-яіїєґ]ою(?![\w'])|[аеєіїоуюя]ють(?:ся)?(?![\w'])|[ую]вати(?:ся)?(?![\w'])"
    r"|лося(?![\w'])|[^\Wлтр]ав(?![\w'])|[^\Wт]ив(?![\w'])"
)
#: frequent words of one language that the other does not have
_UK_WORDS = frozenset(
    "і й що це від але як щоб може можуть треба дуже навіть тобто його її їх ще вже також коли буде був була було були має мають після "
    "цього цей ця ці тільки лише зараз з зі із хто де чи або немає ні який яка яке які якого вони він "
    "вона року році рік під між себе сьогодні тепер проти україни україні україна україну".split()
)
_RU_WORDS = frozenset(
    "и что это как очень чтобы нужно даже он она они его ее её их еще ещё уже также когда будет был была было были "
    "имеет после этого этот эта эти только сейчас с со к ко из кто где или нет который которые "
    "которая которого год года году себя сегодня теперь против между более чтобы может ли же "
    "украины украине украина украину".split()
)
#: Bulgarian words that Russian and Ukrainian do not have (Bulgarian has no letters of its own)
_BG_WORDS = frozenset("е са че ще това този тази тези които която който беше бяха във със към съм сме сте".split())
_NOT_BG = re.compile(r"[ыэёіїє]")
# log-likelihood weights (natural log): a marked letter is ~35x likelier in its own language
# (0.07 vs 0.002 of Ukrainian letters for і ї є ґ; 0.022 vs 0.002 of Russian for ы э ъ ё), an
# unmarked letter 0.93/0.978 (the share of Ukrainian / Russian letters that are not marked)
_W_UK_LETTER = math.log(0.07 / 0.002)
_W_RU_LETTER = math.log(0.022 / 0.002)
_W_PLAIN_LETTER = math.log(0.93 / 0.978)
_W_WORD = 1.5
_W_ENDING = 2.0
_W_APOSTROPHE = 3.0


def _clean(text: str) -> str:
    return _JUNK.sub(" ", text[:SAMPLE_CHARS])


def language_evidence(text: str) -> dict[str, Any]:
    """The counts behind a decision, for inspection and tuning.

    Returns the numbers of letters (``letters``), Cyrillic letters (``cyrillic``), words
    (``words``), Ukrainian-only and Russian-only letters (``uk_letters``, ``ru_letters``), Cyrillic
    letters of neither alphabet (``foreign_cyrillic``), and ``llr``: the log-likelihood ratio of
    Ukrainian over Russian from letters, apostrophes, endings and words (positive: Ukrainian).

    Examples
    --------
    >>> e = language_evidence("Київ і Харків")
    >>> e["uk_letters"], e["ru_letters"], e["llr"] > 0
    (3, 0, True)
    >>> language_evidence("Это было в Москве")["llr"] < 0
    True
    """
    sample = _clean(text if isinstance(text, str) else "")
    low = sample.lower()
    letters = len(_LETTER.findall(low))
    cyr = _CYRILLIC.findall(low)
    ncyr = len(cyr)
    foreign = sum(1 for c in cyr if c not in _RU_UK_LETTERS)
    words = _WORD.findall(low)
    out: dict[str, Any] = {
        "letters": letters,
        "cyrillic": ncyr,
        "words": len(words),
        "foreign_cyrillic": foreign,
        "uk_letters": 0,
        "ru_letters": 0,
        "llr": 0.0,
    }
    if not ncyr:
        return out
    nuk = len(_UK_LETTERS.findall(low)) + len(_LATIN_I.findall(low))
    nru = len(_RU_LETTERS.findall(low))
    plain = max(ncyr - nuk - nru - foreign, 0)
    llr = nuk * _W_UK_LETTER - nru * _W_RU_LETTER + plain * _W_PLAIN_LETTER
    llr += _W_APOSTROPHE * len(_UK_APOSTROPHE.findall(low))
    llr += _W_ENDING * (len(_UK_ENDING.findall(low)) + len(_UK_INNER.findall(low)) - len(_RU_ENDING.findall(low)))
    norm = [w.replace("\u2019", "'").replace("\u02bc", "'").replace("`", "'") for w in words]
    llr += _W_WORD * (sum(w in _UK_WORDS for w in norm) - sum(w in _RU_WORDS for w in norm))
    out.update(uk_letters=nuk, ru_letters=nru, llr=round(llr, 6))
    return out


# ------------------------------------------------------------------------------------------------
# The bundled detector
# ------------------------------------------------------------------------------------------------

_DETECTOR_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _detector():
    """py3langid's identifier with normalised probabilities, loaded once (0.6 s)."""
    with _DETECTOR_LOCK:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _detect_any(sample: str) -> tuple[str, float]:
    lang, p = _detector().classify(sample)
    if lang in ("zxx", UNDETERMINED):  # "no linguistic content"
        return UNDETERMINED, 0.0
    return lang, round(float(p), 4)


def _ru_uk_odds(sample: str) -> float:
    """The detector's log-odds of Ukrainian over Russian (clipped to the rules' strong level)."""
    ranked = dict(_detector().rank(sample))
    p_uk, p_ru = ranked.get("uk", 0.0), ranked.get("ru", 0.0)
    if p_uk <= 0 and p_ru <= 0:
        return 0.0
    odds = math.log(max(p_uk, 1e-12) / max(p_ru, 1e-12))
    return max(-STRONG_EVIDENCE, min(STRONG_EVIDENCE, odds))


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


# ------------------------------------------------------------------------------------------------
# Public API
# ------------------------------------------------------------------------------------------------


def detect_language(text: str) -> tuple[str, float]:
    """``(language, confidence)`` of one text: an ISO 639-1 code (``"en"``, ``"ru"``, ``"uk"``, ...)
    or ``"und"``, and a probability-like confidence in ``[0, 1]`` (0 for ``und``).

    See the module docstring for the rules. Only the first :data:`SAMPLE_CHARS` characters are
    read. Not a string, empty, or fewer than :data:`MIN_LETTERS` letters or :data:`MIN_WORDS`
    words: ``("und", 0.0)``.

    Examples
    --------
    >>> detect_language("Київський режим")[0], detect_language("киевский режим обстрелял")[0]
    ('uk', 'ru')
    >>> detect_language("СВО")  # too short to tell
    ('und', 0.0)
    >>> lang, conf = detect_language("Zelensky said the counteroffensive would continue.")
    >>> lang, conf > 0.5
    ('en', True)
    """
    if not isinstance(text, str):
        return UNDETERMINED, 0.0
    ev = language_evidence(text)
    if ev["letters"] < MIN_LETTERS or ev["words"] < MIN_WORDS:
        return UNDETERMINED, 0.0
    sample = _clean(text)
    if ev["cyrillic"] < CYRILLIC_SHARE * ev["letters"]:
        return _detect_any(sample)
    ncyr = ev["cyrillic"]
    low = sample.lower()
    hard_signs = low.count("ъ")
    bg_words = sum(w in _BG_WORDS for w in _WORD.findall(low))
    bulgarian = ((hard_signs >= 3 and hard_signs >= 0.01 * ncyr) or bg_words >= 2) and not _NOT_BG.search(low)
    if ev["foreign_cyrillic"] >= max(2, 0.01 * ncyr) or bulgarian:
        return _detect_any(sample)
    llr = ev["llr"]
    if abs(llr) < STRONG_EVIDENCE:
        llr += _ru_uk_odds(sample)
    if abs(llr) < MIN_EVIDENCE:
        return UNDETERMINED, 0.0
    return ("uk" if llr > 0 else "ru"), round(_logistic(abs(llr)), 4)


def normalize_code(value: Any) -> str | None:
    """An ISO 639-1 code from a source's language value, or ``None`` when it is not one.

    Accepts two-letter codes in any case and with a region (``"ru-RU"``, ``"uk_UA"``), and a few
    common aliases (``"ua"``, ``"rus"``, ``"ukr"``, ``"eng"``, ``"Russian"``, ``"Ukrainian"``,
    ``"English"``). ``"und"``, empty and missing values are ``None``.

    Examples
    --------
    >>> [normalize_code(v) for v in ["ru", "UK", "uk_UA", "ua", "Russian", "und", "", None, "xx-1"]]
    ['ru', 'uk', 'uk', 'uk', 'ru', None, None, None, None]
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    v = str(value).strip().lower()
    if not v:
        return None
    if v in _ALIASES:
        return _ALIASES[v]
    primary = re.split(r"[-_]", v, maxsplit=1)[0]  # "uk-UA", "ru_RU": the language subtag
    if not 2 <= len(primary) <= 3:
        return None
    primary = _ALIASES.get(primary, primary)
    return primary if primary in ISO_639_1 else None


#: Characters of a text that ingest detects the language from (the start of an article settles
#: it; the whole of a long one costs ~2.5 ms each).
INGEST_SAMPLE_CHARS = 2000


def language_codes(
    values: Any, text_of, n: int, override: str | None = None, max_chars: int = SAMPLE_CHARS
) -> tuple[list[str], dict[str, int]]:
    """Each of ``n`` documents' language, and how many came from each origin: the one
    ``override``; else the source value ``values[i]`` when it is a code (:func:`normalize_code`);
    else detected from ``text_of(i)`` (its first ``max_chars`` characters). ``values`` may be
    ``None`` (no source column). What :func:`language_column` and ingest use.

    Examples
    --------
    >>> texts = ["Київ і Харків під обстрілом", "Москва заявила о новых ударах"]
    >>> language_codes(["uk", "xx"], texts.__getitem__, 2)
    (['uk', 'ru'], {'override': 0, 'source': 1, 'detected': 1, 'invalid_source': 1})
    """
    counts = {"override": 0, "source": 0, "detected": 0, "invalid_source": 0}
    if override is not None:
        code = normalize_code(override)
        if code is None:
            raise ParameterError(
                f"language override {override!r} is not an ISO 639-1 language code; use e.g. en, ru or uk"
            )
        counts["override"] = n
        return [code] * n, counts
    out = []
    for i in range(n):
        raw = None if values is None else values[i]
        code = normalize_code(raw)
        if code is not None:
            counts["source"] += 1
            out.append(code)
            continue
        if isinstance(raw, str) and raw.strip() and raw.strip().lower() != UNDETERMINED:
            counts["invalid_source"] += 1
        counts["detected"] += 1
        text = text_of(i)
        out.append(detect_language(text[:max_chars] if isinstance(text, str) else text)[0])
    return out, counts


def language_column(
    corpus: pd.DataFrame, override: str | None = None, source_col: str = "language", text_col: str = "text"
) -> pd.Series:
    """The language of each document of ``corpus``, as a string Series on its index.

    Parameters
    ----------
    corpus : DataFrame
        The documents; ``text_col`` is needed for the rows that are detected.
    override : str, optional
        One code for every document (``"ru"``); wins over the source column and detection.
    source_col : str
        The source's own language column. Where it holds a valid code (see :func:`normalize_code`)
        that code is used; where it is absent, empty, ``und`` or not a code, the language is
        detected from the text.
    text_col : str
        The column holding the text to detect from.

    Returns
    -------
    Series
        Codes (``"en"``, ``"ru"``, ``"uk"``, ..., ``"und"``). ``attrs["language_counts"]`` says how
        many came from each origin: ``override``, ``source``, ``detected``, and
        ``invalid_source`` (source values that were not codes and were detected instead), for the
        summary of what ingest changed.

    Raises
    ------
    ParameterError
        ``override`` is not a language code.
    CorpusError
        Rows need detection but ``text_col`` is missing.

    Examples
    --------
    >>> df = pd.DataFrame({"text": ["Київ і Харків під обстрілом", "Москва заявила о новых ударах"],
    ...                    "language": ["uk", ""]})
    >>> s = language_column(df)
    >>> s.tolist(), s.attrs["language_counts"]
    (['uk', 'ru'], {'override': 0, 'source': 1, 'detected': 1, 'invalid_source': 0})
    >>> language_column(df, override="ru").tolist()
    ['ru', 'ru']
    """
    counts = {"override": 0, "source": 0, "detected": 0, "invalid_source": 0}
    if override is not None:
        code = normalize_code(override)
        if code is None:
            raise ParameterError(
                f"language override {override!r} is not an ISO 639-1 language code; use e.g. en, ru or uk"
            )
        out = pd.Series(code, index=corpus.index, dtype=object, name="language")
        counts["override"] = len(out)
        out.attrs["language_counts"] = counts
        return out
    if source_col in corpus.columns:
        raw = corpus[source_col]
        codes = raw.map(normalize_code)
        present = raw.map(lambda v: isinstance(v, str) and v.strip() != "" and v.strip().lower() != UNDETERMINED)
        counts["invalid_source"] = int((codes.isna() & present).sum())
    else:
        codes = pd.Series(None, index=corpus.index, dtype=object)
    need = codes.isna()
    counts["source"] = int((~need).sum())
    if need.any():
        if text_col not in corpus.columns:
            raise CorpusError(
                f"language: {int(need.sum())} documents have no valid {source_col!r} value and there is no "
                f"{text_col!r} column to detect it from; add a {source_col!r} column or a language override"
            )
        texts = corpus.loc[need, text_col]
        codes = codes.astype(object)
        codes.loc[need] = [detect_language(t)[0] for t in texts]
        counts["detected"] = int(need.sum())
    out = codes.astype(object).rename("language")
    out.attrs["language_counts"] = counts
    return out


def match_language(text: Any, given: Any = None) -> str:
    """The language a document is matched in (which of a lexicon's variants apply to it).

    ``given`` (the corpus's ``language`` value, or an override) wins when it is a language code
    (:func:`normalize_code`). Otherwise: a text whose letters are mostly Cyrillic is detected
    (:func:`detect_language`; a text too short to tell takes the side its Russian/Ukrainian
    letters and words lean to, else ``und``; so does a text whose ``given`` value is ``und``, which
    detection has tried already); any other text is read as English (``en``), the
    language of variants without ``lang``. Give a ``language`` column (``framing ingest`` adds
    one) or an override for documents in other languages.

    Examples
    --------
    >>> match_language("Российские войска вошли в город", None), match_language("Kyiv was shelled", None)
    ('ru', 'en')
    >>> match_language("Київ", None), match_language("Anything at all", "uk")
    ('uk', 'uk')
    """
    code = normalize_code(given)
    if code is not None:
        return code
    if not isinstance(text, str) or not _CYRILLIC.search(text, 0, SAMPLE_CHARS):
        return "en"
    ev = language_evidence(text)
    if ev["cyrillic"] < CYRILLIC_SHARE * max(ev["letters"], 1):
        return "en"
    if isinstance(given, str) and given.strip().lower() == UNDETERMINED:
        # detection said "cannot tell" already (ingest): the letters and words decide, or nothing
        return "uk" if ev["llr"] > 0 else "ru" if ev["llr"] < 0 else UNDETERMINED
    lang, _conf = detect_language(text)
    if lang == UNDETERMINED and ev["llr"]:
        return "uk" if ev["llr"] > 0 else "ru"
    return lang
