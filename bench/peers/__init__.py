"""Peer implementations of the bench scenarios, each in its own virtual environment."""
