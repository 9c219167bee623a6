from __future__ import annotations

from dataclasses import dataclass, field

import strawberry
from django.http import HttpRequest, HttpResponse

from permissions.roles import Viewer
from resolvers.loaders import Loaders


@dataclass
class Context:
    """Per-request state: who asks, and the loaders that batch for them."""

    request: HttpRequest
    response: HttpResponse
    viewer: Viewer
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.viewer)

    def switch_viewer(self, viewer: Viewer) -> None:
        """After login or logout, the rest of the document answers for the new viewer."""
        self.viewer = viewer
        self.loaders = Loaders(viewer)


Info = strawberry.Info[Context, None]
