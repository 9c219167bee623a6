from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CommunityConfig(AppConfig):
    name = "models"
    label = "community"
    verbose_name = "Communauté"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .search import register_words_function

        # From the start, so every SQLite connection has the search function, whichever
        # module opens it (a command, a thread, a test), before any query is sent.
        connection_created.connect(register_words_function, dispatch_uid="comptoir.words")
