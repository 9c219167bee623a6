"""The graphene-django peer: the bench scenarios the way a graphene-django 3.2 user writes them.

It runs in its own virtual environment (see requirements.txt) and reuses only the project's
`models` app for the tables; schema, resolvers and permissions are its own.
"""
