"""Old keyword names kept working for one release: :func:`renamed_keyword`.

A public function whose keyword was renamed keeps accepting the old name: the call works, a
``FutureWarning`` names the new keyword, and passing both names is a
:class:`~framing.errors.ParameterError`. The old names go in the release :data:`REMOVED_IN`.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from .errors import ParameterError

#: The release that drops the old keyword names.
REMOVED_IN = "0.3.0"

P = ParamSpec("P")
R = TypeVar("R")


def renamed_keyword(old: str, new: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a function whose keyword ``old`` is now ``new``: ``old=`` still works, with a warning.

    Examples
    --------
    >>> @renamed_keyword("level", "confidence_level")
    ... def interval(x, confidence_level=0.95):
    ...     return confidence_level
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     interval(1, level=0.9)
    0.9
    >>> print(caught[0].category.__name__, caught[0].message)
    FutureWarning interval: the keyword level is deprecated and will be removed in framing 0.3.0; use confidence_level=
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        params = list(inspect.signature(func).parameters.values())
        names = [p.name for p in params]
        if new not in names or old in names:
            raise TypeError(f"{func.__qualname__}: renamed_keyword({old!r}, {new!r}) does not fit its signature")
        # the position a positional argument for ``new`` takes (None: keyword only)
        at = names.index(new)
        position = at if params[at].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD else None

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if old in kwargs:
                if new in kwargs or (position is not None and len(args) > position):
                    raise ParameterError(
                        f"{func.__name__}: {old} and {new} both given; pass only {new} ({old} is its old name)"
                    )
                warnings.warn(
                    f"{func.__name__}: the keyword {old} is deprecated and will be removed in framing "
                    f"{REMOVED_IN}; use {new}=",
                    FutureWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper

    return decorate
