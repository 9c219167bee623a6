"""The `community` Django app: Comptoir's domain models (one module per aggregate)."""
