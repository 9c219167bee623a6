"""ASGI entry point: `uvicorn config.asgi:application`.

Static files (the admin's, GraphiQL's) are served by WhiteNoise's middleware
(config/middleware.py): from Django's finders under DEBUG, from STATIC_ROOT after
`collectstatic` in production.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()
