"""The README's example CSV files import as they are, each with the command it documents."""

from __future__ import annotations

from pathlib import Path

from tests.clients.readme_examples import blocks
from tests.imports.support import run


def test_the_readme_csv_examples_import(database_url: str, tmp_path: Path) -> None:
    examples = blocks("csv")
    assert len(examples) == 2
    for index, example in enumerate(examples):
        command = (
            "import-lookups" if "carrier_name" in example.splitlines()[0] else "import-catalog"
        )
        path = tmp_path / f"example{index}.csv"
        path.write_text(example, encoding="utf-8")
        result = run(command, path, database_url)
        assert result.exit_code == 0, result.output
        assert "0 updated, 0 unchanged" in result.output
