"""framing: measure how news outlets name contested events.

The package is a set of small modules, each one step of the pipeline described in the manual (docs/guide.md):
ingest -> clean -> match/tokenize -> counts -> statistics -> figures and tables -> reports.
"""

__version__ = "0.2.0"
