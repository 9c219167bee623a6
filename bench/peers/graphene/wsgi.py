"""gunicorn bench.peers.graphene.wsgi:application -k gthread --workers 2 --threads 4"""

import os

from django.core.wsgi import get_wsgi_application

from bench import sqlcount

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.peers.graphene.settings")
sqlcount.install()
application = sqlcount.wsgi(get_wsgi_application())
