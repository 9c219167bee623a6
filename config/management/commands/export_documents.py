"""Write the trusted documents' manifest from web/documents/, or check that it matches
(`--check`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from web.queries import MANIFEST, build_manifest, manifest_text


class Command(BaseCommand):
    help = (
        "Regenerate web/documents/manifest.json from web/documents/*.graphql "
        "(or --check that it is up to date)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if the file drifted.")

    def handle(self, *args: Any, **options: Any) -> None:
        text = manifest_text(build_manifest())
        if options["check"]:
            if not MANIFEST.exists() or MANIFEST.read_text(encoding="utf-8") != text:
                raise CommandError(
                    "web/documents/manifest.json is out of date: run `make documents`."
                )
            self.stdout.write("web/documents/manifest.json is up to date.")
            return
        MANIFEST.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {MANIFEST.relative_to(MANIFEST.parents[2])}.")
