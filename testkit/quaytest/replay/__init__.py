"""Replay the recorded Quay 3.18 exchanges against quayref and report every difference.

transcripts: load the file; placeholders: the kinds of placeholders; bindings: values learned from
answers and requests filled from them; match_body / match_headers / observed: the comparisons;
plan: the recording order and the runner's own steps; runner: one server, every exchange;
report and __main__: `python -m quaytest.replay`.
"""
