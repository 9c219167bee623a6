from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "models"
    label = "community"
    verbose_name = "Communauté"
    default_auto_field = "django.db.models.BigAutoField"
