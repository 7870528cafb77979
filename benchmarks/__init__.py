"""Benchmarks for framing: speed and memory of the pipeline against scikit-learn and NLTK baselines.

Run ``make bench`` (= ``.venv/bin/python -m benchmarks.run``); ``--help`` lists the flags. Results
go to ``benchmarks/results/`` (CSV and a chart), which is not committed.

Modules
-------
synth
    Seeded corpora of a chosen size: synthetic (sentences of the bundled seed articles with a
    Heaps'-law stream of rare words) and real (``../shared/corpora`` tiled to size).
stage
    One measured stage in a fresh process: wall time, words per second, peak RSS.
baselines
    CountVectorizer (unigrams; unigrams + bigrams) and NLTK word tokenization with a Counter.
run
    The command line: builds the corpora, runs stages and baselines, prints the table and ratios.
"""
