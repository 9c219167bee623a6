"""HTTP and GraphQL plumbing shared by every area: the view, context, ids, connections, limits,
errors, scalars, enum copies, the mutation error helpers and trusted documents."""
