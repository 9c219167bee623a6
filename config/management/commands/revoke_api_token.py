"""Revoke a partner's API token at once (it keeps its row: who had access, until when)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from models.models import Member
from resolvers.errors import ServiceError
from resolvers.services.partners import api_token_revoke


class Command(BaseCommand):
    help = "Revoke an API token by its prefix (the part of the secret before the dot)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--prefix", required=True, help="The token's prefix.")
        parser.add_argument(
            "--revoked-by",
            metavar="USERNAME",
            help="The staff member revoking it, recorded in the audit log.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["revoked_by"]:
            actor = Member.objects.filter(
                username=options["revoked_by"], is_active=True, is_staff=True
            ).first()
            if actor is None:
                raise CommandError(
                    f"--revoked-by: no active staff member is called {options['revoked_by']!r}."
                )
        try:
            outcome = api_token_revoke(prefix=options["prefix"], actor=actor)
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        token = outcome.value
        if outcome.changed:
            self.stdout.write(f"Token {token.prefix} of {token.partner} revoked.")
        else:
            self.stdout.write(f"Token {token.prefix} of {token.partner} was already revoked.")
