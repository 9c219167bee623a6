"""Issue a partner's read-only API token; the secret is printed once, only its hash is kept."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from models.models import Member, TokenScope
from resolvers.errors import ServiceError
from resolvers.services.partners import api_token_create

MAX_DAYS = 365


class Command(BaseCommand):
    help = (
        "Issue a read-only API token for a partner integration. Prints its secret once (send "
        "it as `Authorization: Bearer <secret>`); only a hash is stored. Scopes: "
        + ", ".join(TokenScope.values)
        + "."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partner", required=True, help="Who the token is for.")
        parser.add_argument(
            "--scopes",
            required=True,
            help="Comma-separated, e.g. suggestions:read,decisions:read.",
        )
        parser.add_argument(
            "--expires-in",
            required=True,
            type=int,
            metavar="DAYS",
            help=f"Days until the token expires (1 to {MAX_DAYS}: rotate tokens at least yearly).",
        )
        parser.add_argument(
            "--created-by",
            metavar="USERNAME",
            help="The staff member issuing it, recorded on the token and in the audit log.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = options["expires_in"]
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--expires-in must be between 1 and {MAX_DAYS} days.")
        created_by = _staff(options["created_by"]) if options["created_by"] else None
        try:
            issued = api_token_create(
                partner=options["partner"],
                scopes=options["scopes"].split(","),
                expires_at=timezone.now() + timedelta(days=days),
                created_by=created_by,
            )
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        token = issued.token
        self.stdout.write(
            f"Token {token.prefix} for {token.partner}: scopes {', '.join(token.scopes)}, "
            f"expires {token.expires_at.isoformat(timespec='seconds')}."
        )
        self.stdout.write("Secret (shown this once, never again; store it now):")
        self.stdout.write(issued.secret)


def _staff(username: str) -> Member:
    member = Member.objects.filter(username=username, is_active=True).first()
    if member is None or not member.is_staff:
        raise CommandError(f"--created-by: no active staff member is called {username!r}.")
    return member
