"""Import-linter contract types of our own (`[tool.importlinter] contract_types` in
pyproject.toml); `lint-imports` loads this module, the application never does.

`area_names`: every module directly inside the listed packages is named after an area. The
areas are the modules of one package (`models`: DESIGN §2, "the areas are the `models/`
module names"), but those that are no area (the app's plumbing), plus the areas that store
nothing of their own (`stats`). A new area therefore starts in `models/`; a module named
otherwise (`schema/mutations/cafe.py`, `resolvers/services/helpers.py`) breaks the contract,
unless it is one of the few plumbing modules the contract allows by name (`schema.core`).
"""

from __future__ import annotations

from typing import Any

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output


class AreaNamesContract(Contract):
    """Options:

    - `areas_from`: the package whose modules name the areas (`models`).
    - `not_areas`: modules of that package that are no area (`models.apps`, ...).
    - `more_areas`: areas without a module there (`stats`).
    - `packages`: the packages whose modules must be named after an area.
    - `allowed_modules`: modules of those packages that may keep another name.
    """

    type_name = "area_names"

    areas_from = fields.StringField()
    not_areas = fields.SetField(subfield=fields.StringField(), required=False)
    more_areas = fields.SetField(subfield=fields.StringField(), required=False)
    packages = fields.ListField(subfield=fields.StringField())
    allowed_modules = fields.SetField(subfield=fields.StringField(), required=False)

    def validate(self) -> None:
        # The parsed options, typed (the class attributes of the same names are the fields).
        options = vars(self)
        self.package_of_areas: str = options["areas_from"]
        self.no_areas = set(options["not_areas"] or ())
        self.areas_elsewhere = sorted(options["more_areas"] or ())
        self.named: list[str] = options["packages"]
        self.allowed = set(options["allowed_modules"] or ())

    def areas(self, graph: ImportGraph) -> set[str]:
        package = self.package_of_areas
        modules = graph.find_children(package) if package in graph.modules else set()
        return {m.rpartition(".")[2] for m in modules - self.no_areas} | set(self.areas_elsewhere)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        areas = self.areas(graph)
        missing = [package for package in self.named if package not in graph.modules]
        misnamed = sorted(
            module
            for package in self.named
            if package in graph.modules
            for module in graph.find_children(package)
            if module not in self.allowed and module.rpartition(".")[2] not in areas
        )
        output.verbose_print(verbose, f"Areas: {', '.join(sorted(areas))}")
        return ContractCheck(
            kept=not (misnamed or missing),
            metadata={"areas": sorted(areas), "misnamed": misnamed, "missing": missing},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        metadata: dict[str, Any] = check.metadata
        for package in metadata["missing"]:
            output.print_error(f"No package {package} in the graph.", bold=False)
            output.new_line()
        for module in metadata["misnamed"]:
            output.print_error(f"- {module} is not named after an area.", bold=False)
        output.new_line()
        output.print(
            f"The areas are the modules of {self.package_of_areas} and "
            f"{', '.join(self.areas_elsewhere)}: {', '.join(metadata['areas'])}. Name the "
            f"module after its area, or start a new area in {self.package_of_areas}."
        )
