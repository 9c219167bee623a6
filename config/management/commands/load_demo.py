"""Load the demo community of DESIGN's reference story (`manage.py load_demo [--reset]`);
the story itself is written by `config.demo`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from config.demo import build_demo, delete_community, demo_summary
from config.demo.members import DEMO_PASSWORD
from config.demo.text import DEMO_CUSTOMER
from models.models import Member

LOGINS = (
    f"Demo logins (password: {DEMO_PASSWORD}):\n"
    "  customer          demo-client\n"
    "  adviser           demo-conseiller\n"
    "  committee member  demo-comite\n"
    "  committee chair   demo-president\n"
    "  staff (admin)     demo-staff"
)


class Command(BaseCommand):
    help = "Load the demo community (idempotent); --reset deletes the community first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete every member, thread, suggestion, vote and decision, then reload.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            if options["reset"]:
                delete_community()
            elif Member.objects.filter(username=DEMO_CUSTOMER.username).exists():
                self.stdout.write("Demo community already loaded.")
                self.stdout.write(LOGINS)
                return
            elif Member.objects.exists():
                # Mixing the demo into other data would collide on usernames, customer
                # numbers and the single committee chair.
                raise CommandError(
                    "The database already has members but not the demo community: "
                    "run `manage.py load_demo --reset` to replace them with the demo."
                )
            build_demo(now=timezone.now())
            summary = demo_summary()
        self.stdout.write(self.style.SUCCESS(summary))
        self.stdout.write(LOGINS)
