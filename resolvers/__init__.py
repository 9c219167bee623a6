"""What fields and mutations call: selectors (reads), services (writes), loaders (batching)."""
