"""The community website: pages rendered on the server from the trusted GraphQL documents in
web/documents/, run in-process against the schema with the request's viewer."""
