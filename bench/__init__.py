"""Benchmarks: ``python -m bench`` (or ``make bench``) prints a table; timing lives here, not in tests."""
