"""Reads. Every selector takes the viewer and starts from its row scopes (which rows it
receives at all: `permissions/rows.py`); selectors add filters, orderings and pages."""
