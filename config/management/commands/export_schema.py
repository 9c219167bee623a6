"""Write schema.graphql from the code, or check that it matches (`--check`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def current_sdl() -> str:
    from schema import schema

    return schema.as_str() + "\n"


class Command(BaseCommand):
    help = "Regenerate schema.graphql from schema/ (or --check that it is up to date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if the file drifted.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.BASE_DIR) / "schema.graphql"
        sdl = current_sdl()
        if options["check"]:
            if not path.exists() or path.read_text() != sdl:
                raise CommandError("schema.graphql is out of date: run `make schema`.")
            self.stdout.write("schema.graphql is up to date.")
            return
        path.write_text(sdl)
        self.stdout.write(f"Wrote {path.name}.")
