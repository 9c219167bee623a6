"""Comptoir as deployed (`config.asgi:application`), with the bench's SQL counter around it.

    uvicorn bench.comptoir_asgi:application --workers 2

The counter adds an `X-Bench-SQL` header to each response and nothing else (see
`bench.sqlcount`); the application, its settings and its middleware are the project's own.
"""

from bench import sqlcount
from config.asgi import application as deployed

sqlcount.install()
application = sqlcount.asgi(deployed)
