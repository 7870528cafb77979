"""The project's fixed vocabulary, defined once: the voices a mention can have, the modalities,
and the default random seed of every sample and bootstrap.

The stances are not here: a lexicon declares its own sides (:class:`framing.lexicon.Sides`; a
lexicon without a ``sides`` block gets :data:`framing.lexicon.DEFAULT_SIDES`).

Examples
--------
>>> VOICES
('authorial', 'quoted', 'distanced')
>>> DEFAULT_SEED
20220224
"""

from __future__ import annotations

#: Who speaks a mention: the outlet's own words, a quotation, or held at a distance ("so-called").
VOICES: tuple[str, ...] = ("authorial", "quoted", "distanced")
#: Whether a mention names the event as so, as a possibility, or as not so.
MODALITIES: tuple[str, ...] = ("asserted", "hypothetical", "negated")
#: The default seed of samples and bootstraps (the date of the full-scale invasion, 2022-02-24).
DEFAULT_SEED: int = 20220224
