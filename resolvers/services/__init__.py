"""Writes: `<entity>_<action>(*, ...)`, keyword-only, atomic, no Strawberry import."""
