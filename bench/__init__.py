"""Benchmarks that print figures (not tests): ``python bench/provision.py``."""
