from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project's own app: management commands and system checks."""

    name = "config"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks)
