"""The back office at /admin/, one module per area (Django's autodiscovery imports this
package, `config` being an installed app).

The back office writes only through the services behind the GraphQL API (DESIGN §8.15):
what a service owns (a thread's lock and assignment, closing and reopening, a meeting and
its agenda, a suggestion's text, resolving flags, issuing and revoking tokens) is done by
calling it, with the API's rules and audit events; what no service owns (a category, a
member's account) is saved as the form changes it and audited by
`resolvers/services/audit.py`; what only the API may change (votes, statuses, decisions,
scores, hiding, what members write and follow) is read-only. Foreign keys to Member use
autocomplete widgets: with thousands of members a plain select would render every one.
"""

from django.contrib import admin

from . import (
    audit,
    committee,
    members,
    moderation,
    notifications,
    partners,
    suggestions,
    threads,
    votes,
)

admin.site.site_header = "Comptoir — back office"
admin.site.site_title = "Comptoir — back office"

__all__ = [
    "audit",
    "committee",
    "members",
    "moderation",
    "notifications",
    "partners",
    "suggestions",
    "threads",
    "votes",
]
