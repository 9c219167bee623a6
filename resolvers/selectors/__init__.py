"""Reads. Every selector takes the viewer, so visibility is decided here, once."""
