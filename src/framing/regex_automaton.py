"""The backstop of :mod:`framing.regex_safety`: a pattern's position (Glushkov) automaton, searched
for *exponential ambiguity* (a state that reaches itself along two paths reading the same text),
which is exactly when a backtracking engine can take exponential time."""

from __future__ import annotations

from typing import TYPE_CHECKING

try:  # Python 3.11+
    import re._constants as _C
except ImportError:  # pragma: no cover
    import sre_constants as _C

if TYPE_CHECKING:
    from .regex_safety import _Checker

_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT)
_EMPTY: frozenset[str] = frozenset()

#: Bounded repeats up to this many repetitions are unrolled in the automaton; more are looped.
_UNROLL = 8
#: Work limit of the automaton check (product states); beyond it the pattern is refused as too complex.
_MAX_PAIRS = 400_000


class _Automaton:
    """The position (Glushkov) automaton of a pattern, to find exponential ambiguity.

    Each character set of the pattern is a state; ``follow[p]`` are the states that can come
    next. A backtracking engine takes exponential time on some failing text exactly when some
    state can reach itself along two different paths that read the same text (*exponential
    degree of ambiguity*); found here as a strongly connected part of the product automaton
    (pairs of states reading the same characters) that holds both a pair ``(p, p)`` and a pair
    ``(p, q)`` with ``p != q``. Anchors and lookarounds match no characters (their bodies are
    checked on their own); a possessive repeat or atomic group is one state, as the engine
    never backtracks into it.
    """

    def __init__(self, checker: _Checker):
        self.checker = checker
        self.labels: list[frozenset] = [_EMPTY]  # state 0: the start
        self.follow: list[set[int]] = [set()]

    def _new(self, label: frozenset) -> int:
        self.labels.append(label)
        self.follow.append(set())
        return len(self.labels) - 1

    def _link(self, last: set[int], first: set[int]) -> None:
        for p in last:
            self.follow[p] |= first

    def build(self, seq, ic: bool, da: bool) -> tuple[bool, set[int], set[int]]:
        """``(nullable, first states, last states)`` of a sequence, adding its states and edges."""
        nullable = True
        first: set[int] = set()
        last: set[int] = set()
        for node in seq:
            n2, f2, l2 = self.node(node, ic, da)
            self._link(last, f2)
            if nullable:
                first |= f2
            last = (last | l2) if n2 else set(l2)
            nullable = nullable and n2
        return nullable, first, last

    def _one(self, label: frozenset) -> tuple[bool, set[int], set[int]]:
        p = self._new(label)
        return False, {p}, {p}

    def node(self, node, ic: bool, da: bool) -> tuple[bool, set[int], set[int]]:
        op, av = node
        c = self.checker
        if op is _C.LITERAL or op is _C.NOT_LITERAL or op is _C.ANY or op is _C.IN:
            return self._one(c.item(node, ic, da, False).chars)
        if op is _C.SUBPATTERN:
            _group, add, delete, body = av
            ic2 = (ic or bool(add & _C.SRE_FLAG_IGNORECASE)) and not (delete & _C.SRE_FLAG_IGNORECASE)
            da2 = (da or bool(add & _C.SRE_FLAG_DOTALL)) and not (delete & _C.SRE_FLAG_DOTALL)
            return self.build(body, ic2, da2)
        if op is _C.BRANCH or op is _C.GROUPREF_EXISTS:
            branches = av[1] if op is _C.BRANCH else [av[1], av[2] or []]
            nullable, first, last = False, set(), set()
            for b in branches:
                n2, f2, l2 = self.build(b, ic, da)
                nullable = nullable or n2
                first |= f2
                last |= l2
            return nullable, first, last
        if op in _REPEATS:
            lo, hi, body = av
            if hi == _C.MAXREPEAT or hi > _UNROLL:
                # X{lo,}: lo copies (at most one: the loop is what matters), then X*
                nullable, first, last = True, set(), set()
                if lo:
                    nullable, first, last = self.build(body, ic, da)
                n2, f2, l2 = self.build(body, ic, da)
                self._link(l2, f2)  # the loop
                self._link(last, f2)
                if nullable:
                    first |= f2
                return nullable, first, last | l2
            nullable, first, last = True, set(), set()
            for k in range(hi):
                n2, f2, l2 = self.build(body, ic, da)
                self._link(last, f2)
                if nullable:
                    first |= f2
                if k < lo:
                    last = (last | l2) if n2 else set(l2)
                    nullable = nullable and n2
                else:  # optional copies: may stop before any of them
                    last = last | l2
            return nullable, first, last
        if op in (_C.POSSESSIVE_REPEAT, _C.ATOMIC_GROUP):
            body = av[2] if op is _C.POSSESSIVE_REPEAT else av
            info = c.seq(body, ic, da, False)
            nullable = info.nullable or (op is _C.POSSESSIVE_REPEAT and av[0] == 0)
            if not info.chars:
                return True, set(), set()
            p = self._new(info.chars)
            return nullable, {p}, {p}
        if op is _C.GROUPREF:
            p = self._new(c.alphabet)
            return True, {p}, {p}
        return True, set(), set()  # anchors, lookarounds: no characters

    def exponential(self) -> bool | None:
        """True when some text can be matched in exponentially many ways (None: too big to tell)."""
        labels, follow = self.labels, self.follow
        start = (0, 0)
        index = {start: 0}
        order = [start]
        edges: list[list[int]] = []
        i = 0
        while i < len(order):  # the product states reachable from the start
            p, q = order[i]
            out = []
            for p2 in follow[p]:
                lp = labels[p2]
                for q2 in follow[q]:
                    if p2 == q2 or (lp & labels[q2]):
                        key = (p2, q2)
                        k = index.get(key)
                        if k is None:
                            if len(order) >= _MAX_PAIRS:
                                return None
                            k = index[key] = len(order)
                            order.append(key)
                        out.append(k)
            edges.append(out)
            i += 1
        for component in _components(edges):
            diagonal = other = False
            for k in component:
                p, q = order[k]
                if p == q:
                    diagonal = True
                else:
                    other = True
                if diagonal and other:
                    return True
        return False


def _components(edges: list[list[int]]) -> list[list[int]]:
    """Strongly connected components with more than one node or a self loop (Tarjan, iterative)."""
    n = len(edges)
    index = [-1] * n
    low = [0] * n
    on = [False] * n
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on[v] = True
            recurse = False
            while i < len(edges[v]):
                w = edges[v][i]
                i += 1
                if index[w] == -1:
                    work.append((v, i))
                    work.append((w, 0))
                    recurse = True
                    break
                if on[w]:
                    low[v] = min(low[v], index[w])
            if recurse:
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on[w] = False
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or v in edges[v]:
                    out.append(comp)
            if work:
                u = work[-1][0]
                low[u] = min(low[u], low[v])
    return out


def _lookaround_bodies(seq, out: list) -> None:
    """The bodies the automaton keeps apart: lookarounds, possessive repeats and atomic groups
    (each is checked as a pattern of its own)."""
    for op, av in seq:
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            out.append(av[1])
            _lookaround_bodies(av[1], out)
        elif op is _C.POSSESSIVE_REPEAT:
            out.append(av[2])
            _lookaround_bodies(av[2], out)
        elif op is _C.ATOMIC_GROUP:
            out.append(av)
            _lookaround_bodies(av, out)
        elif op is _C.BRANCH:
            for b in av[1]:
                _lookaround_bodies(b, out)
        elif op is _C.GROUPREF_EXISTS:
            for b in (av[1], av[2] or []):
                _lookaround_bodies(b, out)
        elif op is _C.SUBPATTERN:
            _lookaround_bodies(av[-1], out)
        elif op in _REPEATS:
            _lookaround_bodies(av[2], out)
