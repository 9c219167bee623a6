from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project's own app: management commands, system checks, and tracing when an
    OpenTelemetry collector is configured (config/tracing.py)."""

    name = "config"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the checks)
        from .tracing import configure_tracing

        configure_tracing()
