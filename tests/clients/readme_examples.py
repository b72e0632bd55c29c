"""The examples in README.md, read out of its fenced code blocks."""

from __future__ import annotations

import ast
import dataclasses
import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from graphql import NameNode, NonNullTypeNode, OperationDefinitionNode, parse, print_ast

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


def python_client_documents() -> list[str]:
    """The GraphQL documents of the README's Python client example (its module-level strings
    that parse as GraphQL)."""
    documents = []
    for block in blocks("python"):
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                text = node.value.value
                if isinstance(text, str) and text.lstrip().startswith(("query", "mutation")):
                    documents.append(text)
    return documents


def named_documents() -> list[str]:
    """Every GraphQL document the README shows (the curl query, each ```graphql block, the Python
    client's documents, the WebSocket subscription), each anonymous operation named
    ``ReadmeExample<N>``, as code generators ask (they merge all documents into one)."""
    sources = [
        *(example.query for example in curl_examples()),
        *dict.fromkeys(operation.document for operation in graphql_operations()),
        *python_client_documents(),
        *websocket_subscribe_documents(),
    ]
    named, anonymous = [], 0
    for source in sources:
        document = parse(source)
        definitions = []
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode) and definition.name is None:
                anonymous += 1
                name = NameNode(value=f"ReadmeExample{anonymous}")
                definition = dataclasses.replace(definition, name=name)
            definitions.append(definition)
        named.append(print_ast(dataclasses.replace(document, definitions=tuple(definitions))))
    return named


def operation_names(document: str) -> list[tuple[str, str]]:
    """``(name, query|mutation|subscription)`` of each named operation of ``document``."""
    return [
        (definition.name.value, definition.operation.value)
        for definition in parse(document).definitions
        if isinstance(definition, OperationDefinitionNode) and definition.name is not None
    ]
