"""TypeScript types for the README's operations, generated from ``schema/schema.graphql`` by
GraphQL Code Generator (``typescript`` + ``typescript-operations``), compile with
``tsc --strict``: the schema has no shape a generated frontend client chokes on, and every
README operation (the curl query, each ```graphql block, the Python client's documents, the
WebSocket subscription) validates and gets its result and variables types."""

from __future__ import annotations

import json
from pathlib import Path

from tests.clients.node_clients import run_node_script
from tests.clients.readme_examples import named_documents, operation_names

SCHEMA = Path(__file__).parents[2] / "schema" / "schema.graphql"


def test_generated_typescript_types_compile_strictly(tmp_path: Path, node: str) -> None:
    documents, out = tmp_path / "documents", tmp_path / "generated"
    documents.mkdir()
    out.mkdir()
    operations = []
    for index, document in enumerate(named_documents()):
        (documents / f"readme_{index}.graphql").write_text(document)
        operations.extend(operation_names(document))
    result = run_node_script(
        node,
        "codegen_check.mjs",
        {
            "SCHEMA_FILE": str(SCHEMA),
            "DOCUMENTS_DIR": str(documents),
            "OUT_DIR": str(out),
            "OPERATIONS": json.dumps(operations),
        },
    )
    assert result["tscOutput"] == ""
    assert result["tscStatus"] == 0
    assert result["generated"] == [str(out / "graphql.ts")]
    assert {"BuyMutation", "TollFreeWithSmsQuery", "ReadmeExample1Query"} <= set(
        result["operationTypes"]
    )
    assert len(result["operationTypes"]) == len(operations) >= 10
    generated = (out / "graphql.ts").read_text()
    assert "export type BuyMutationVariables" in generated
