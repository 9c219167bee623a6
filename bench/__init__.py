"""Benchmarks: a seeder for a large PostgreSQL dataset, scenarios over HTTP, peers, results.

Scripts that print tables (`make bench`, `make bench-smoke`), never timed unit tests.
"""
