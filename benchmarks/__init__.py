"""Benchmark harness: answer quality, refusals, summaries and speed against public data (issue #4).

Run ``python -m benchmarks [--quick] [--split tuning|heldout]``; results go to ``benchmarks/results/``.
"""
