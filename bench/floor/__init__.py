"""The floor: a minimal ASGI endpoint with hand-written SQL (see app.py)."""
