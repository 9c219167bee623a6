"""Who may read a field, do an action, or receive a row (DESIGN §4): roles (`roles.py`), pure
policies (`policies.py`), row scopes (`rows.py`), the refusals they raise (`errors.py`), thin
Strawberry classes over the policies (`fields.py`), and the table of what they add up to
(`matrix.py`). Imports only `models` (import-linter holds it)."""
