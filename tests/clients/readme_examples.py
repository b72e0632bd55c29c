"""The examples in README.md, read out of its fenced code blocks."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from graphql import NonNullTypeNode, OperationDefinitionNode, parse

README = Path(__file__).parents[2] / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class CurlExample:
    user: str  # AccountSid:AuthToken
    url: str
    query: str


@dataclass(frozen=True)
class Operation:
    name: str | None
    kind: str  # query, mutation or subscription
    document: str  # the whole block: fragments and sibling operations included
    required_variables: tuple[str, ...]


def blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(README.read_text()) if lang == language]


def curl_examples() -> list[CurlExample]:
    examples = []
    for block in blocks("sh"):
        for command in block.replace("\\\n", " ").splitlines():
            if command.strip().startswith("curl "):
                examples.append(_curl(shlex.split(command)))
    return examples


def _curl(words: list[str]) -> CurlExample:
    user = words[words.index("-u") + 1]
    body = json.loads(words[words.index("-d") + 1])
    url = next(word for word in words if word.startswith("http"))
    return CurlExample(user, url, body["query"])


def graphql_operations() -> list[Operation]:
    """Every operation of every ```graphql block, in the README's order."""
    operations = []
    for block in blocks("graphql"):
        for definition in parse(block).definitions:
            if isinstance(definition, OperationDefinitionNode):
                required = tuple(
                    variable.variable.name.value
                    for variable in definition.variable_definitions or ()
                    if isinstance(variable.type, NonNullTypeNode) and variable.default_value is None
                )
                name = definition.name.value if definition.name else None
                kind = definition.operation.value
                operations.append(Operation(name, kind, block, required))
    return operations


def websocket_subscribe_documents() -> list[str]:
    """The queries of the graphql-transport-ws ``subscribe`` messages shown in ```json blocks."""
    documents = []
    for block in blocks("json"):
        for line in block.splitlines():
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict) and message.get("type") == "subscribe":
                documents.append(message["payload"]["query"])
    return documents
