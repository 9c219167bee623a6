"""HTTP and GraphQL plumbing shared by every area: the view, context, ids, connections, limits, errors, trusted documents."""
