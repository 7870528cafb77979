"""The context a coder reads around a mention or a probe: clipped at word boundaries, paragraph
breaks shown as ``¶``, the tool's mentions in a random sentence set in ⟨ ⟩."""

from __future__ import annotations

import re

from .layout import MENTION_CLOSE, MENTION_OPEN

_PARA = re.compile(r"\s*\n\s*")


def _clip_left(text: str, start: int, width: int) -> str:
    a = max(0, start - width)
    s = text[a:start]
    if a > 0:
        cut = s.find(" ")
        s = "… " + (s[cut + 1 :] if 0 <= cut < len(s) - 1 else s)
    return _PARA.sub(" ¶ ", s) if "\n" in s else s


def _clip_right(text: str, end: int, width: int) -> str:
    b = min(len(text), end + width)
    s = text[end:b]
    if b < len(text):
        cut = s.rfind(" ")
        s = (s[:cut] if cut > 0 else s) + " …"
    return _PARA.sub(" ¶ ", s) if "\n" in s else s


def _flat(s: str) -> str:
    return _PARA.sub(" ¶ ", s) if "\n" in s else s


def _marked(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> str:
    """``text[a:b]`` with the given spans inside it set in ⟨ ⟩ (overlapping ones merged)."""
    out: list[str] = []
    pos = a
    for s, e in sorted((max(s, a), min(e, b)) for s, e in spans if s < b and e > a):
        if s < pos:
            if e > pos:  # overlaps the previous span: extend it
                out[-1] = out[-1][:-1] + text[pos:e] + MENTION_CLOSE
                pos = e
            continue
        out += [text[pos:s], MENTION_OPEN + text[s:e] + MENTION_CLOSE]
        pos = e
    out.append(text[pos:b])
    return _flat("".join(out))
