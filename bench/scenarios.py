"""The read scenarios: one GraphQL document and variables each, served by the gateway and by
the floor (``bench/floor.py``), which reads the selection out of the same document.

A scenario is plain JSON (it travels to the floor's server process in an environment
variable).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
)

from bench.queries import FULL_TREE_PAGE, PARTIAL_PAGE, SEARCH_PAGE, SMALL_PAGE
from resolvers.reads.selection import SelectionTree

CONTAINS_PATTERN = "*7306"  # a leading wildcard: any one digit, then 7306, anywhere
# The seeder's largest market (60 % US, 85 % of it local) and its busiest place.
MARKET = {"isoCountry": "US", "type": "LOCAL"}
NEAR_POINT = {"latitude": 40.7506, "longitude": -73.9873}  # midtown New York
NEAR_MILES = 25
SEARCH_PAGE_SIZE = 50


@dataclass(frozen=True)
class ReadScenario:
    name: str  # the floor's route and the key in the figures
    title: str
    query: str
    variables: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> str:
        return root_field(self.query).name.value

    @property
    def first(self) -> int:
        return int(self.variables["first"])

    def node_selection(self) -> SelectionTree:
        """What the document selects under ``<root> { nodes { … } }``."""
        document = parse(self.query)
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        tree = _tree(root_field(self.query).selection_set, fragments)
        return tree["nodes"]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def root_field(query: str) -> FieldNode:
    document = parse(query)
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    (root,) = operation.selection_set.selections
    assert isinstance(root, FieldNode)
    return root


def _tree(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode]
) -> SelectionTree:
    """A SelectionTree in document order, fragments spread in place (no aliases, no
    directives: the harness's documents use neither)."""
    tree: dict[str, SelectionTree] = {}
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            tree[selection.name.value] = _tree(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            tree |= _tree(fragments[selection.name.value].selection_set, fragments)
        elif isinstance(selection, InlineFragmentNode):
            tree |= _tree(selection.selection_set, fragments)
    return tree


def active_number_scenarios(full_page_sizes: tuple[int, ...] = (50, 500)) -> list[ReadScenario]:
    scenarios = [
        ReadScenario(
            f"full_tree_{size}", f"(b) full tree, page of {size}", FULL_TREE_PAGE, {"first": size}
        )
        for size in full_page_sizes
    ]
    scenarios.append(
        ReadScenario("partial_50", "(c) partial selection, page of 50", PARTIAL_PAGE, {"first": 50})
    )
    scenarios.append(small_page_scenario())
    return scenarios


def small_page_scenario() -> ReadScenario:
    """Issue #12 item 7: 10 numbers, 3 fields; the request's own overhead dominates."""
    return ReadScenario(
        "small_10", "(c) small page: 10 numbers, 3 fields", SMALL_PAGE, {"first": 10}
    )


def search_scenarios() -> list[ReadScenario]:
    """(d): a leading-wildcard ``contains`` and a near-distance search in the largest market
    of the seeded catalog (US local numbers), around its busiest place (New York)."""
    contains = ReadScenario(
        "contains",
        f"(d) availableNumbers contains {CONTAINS_PATTERN!r}",
        SEARCH_PAGE,
        {"search": {**MARKET, "contains": CONTAINS_PATTERN}, "first": SEARCH_PAGE_SIZE},
    )
    near = ReadScenario(
        "near",
        f"(d) availableNumbers within {NEAR_MILES} miles",
        SEARCH_PAGE,
        {
            "search": {**MARKET, "nearLatLong": NEAR_POINT, "distanceMiles": NEAR_MILES},
            "first": SEARCH_PAGE_SIZE,
        },
    )
    return [contains, near]
