from __future__ import annotations

from dataclasses import dataclass, field

import strawberry
from django.http import HttpRequest, HttpResponse

from permissions.roles import Viewer
from resolvers.loaders import Loaders


@dataclass
class Context:
    """Per-request state: who asks, and the loaders that batch for them (made at the first
    field that needs one: an answer from the public cache, or `{ __typename }`, needs none,
    and making the forty of them is a tenth of such a request's cost)."""

    request: HttpRequest
    response: HttpResponse
    viewer: Viewer
    _loaders: Loaders | None = field(default=None, init=False, repr=False)

    @property
    def loaders(self) -> Loaders:
        """This viewer's loaders, one set per request (and per viewer, `switch_viewer`)."""
        if self._loaders is None:
            self._loaders = Loaders(self.viewer)
        return self._loaders

    def switch_viewer(self, viewer: Viewer) -> None:
        """After login or logout, the rest of the document answers for the new viewer."""
        self.viewer = viewer
        self._loaders = None


Info = strawberry.Info[Context, None]
