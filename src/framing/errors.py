"""Exception families. Each message names the file, line or field, and the fix.

The command line turns any :class:`FramingError` into one line on stderr and exit code 2.
"""


class FramingError(Exception):
    """Base class for errors a user can fix (bad input, bad parameters)."""


class CorpusError(FramingError):
    """A corpus or source file cannot be read or does not have the expected shape."""


class LexiconError(FramingError):
    """A lexicon file is malformed: bad YAML, bad regex, unknown stance, duplicate id, missing field."""


class ParameterError(FramingError):
    """A command-line or notebook parameter is invalid."""


class ReportError(FramingError):
    """A report run failed (a notebook cell raised, or the output could not be published)."""


class OutputError(FramingError):
    """An output cannot be written where asked: it would replace an input, it is a folder or below a
    file, or the disk is full or read-only."""


class SheetError(FramingError):
    """A coding sheet or its key cannot be read, or holds a value that is not a code."""
