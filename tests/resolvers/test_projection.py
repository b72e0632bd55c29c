"""Projections: one row in, exactly the selected fields out, each column selected once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from resolvers.active_numbers.shape import ACTIVE_NUMBER
from resolvers.core.tables import catalog_numbers as c
from resolvers.core.tables import owned_numbers as o
from resolvers.reads.projection import (
    ColumnList,
    Derived,
    Leaf,
    ObjectShape,
    compile_reader,
    generated_reader,
)
from resolvers.reads.selection import SelectionTree, merge, path


def read(
    shape: ObjectShape, selection: SelectionTree, values: dict[str, Any]
) -> tuple[Any, list[ColumnElement[Any]]]:
    """Compile, then read a row whose value for each column is looked up by its name."""
    columns = ColumnList()
    reader = compile_reader(shape, selection, columns)
    row = [values[getattr(column, "name", "")] for column in columns.columns]
    return reader(row), columns.columns


def test_only_the_selected_fields_and_their_columns() -> None:
    selection: SelectionTree = {"sid": {}, "capabilities": {"voice": {"codecs": {}}}}
    result, columns = read(
        ACTIVE_NUMBER,
        selection,
        {"sid": "PN1", "voice_capable": True, "voice_codecs": "PCMU,OPUS"},
    )
    assert result == {
        "sid": "PN1",
        "capabilities": {"voice": {"codecs": ["PCMU", "OPUS"]}},
        "__typename": "ActiveNumber",
    }
    assert {getattr(column, "name", "") for column in columns} == {
        "sid",
        "voice_capable",
        "voice_codecs",
    }


def test_a_column_used_by_several_fields_is_selected_once() -> None:
    selection: SelectionTree = {"id": {}, "sid": {}, "phoneNumber": {}, "nationalFormat": {}}
    result, columns = read(ACTIVE_NUMBER, selection, {"sid": "PN1", "phone_number": "+14155550100"})
    assert len(columns) == 2
    assert result["id"] == result["sid"] == "PN1"
    assert result["national_format"] == "(415) 555-0100"


def test_an_object_is_null_when_its_guard_is_falsy() -> None:
    selection: SelectionTree = {"capabilities": {"sms": {"gsm7": {}}, "mms": {"inboundMps": {}}}}
    values = {"sms_capable": False, "sms_gsm7": True, "mms_capable": True, "mms_inbound_mps": 3}
    result, _ = read(ACTIVE_NUMBER, selection, values)
    assert result["capabilities"] == {"sms": None, "mms": {"inbound_mps": 3}}


def test_unknown_fields_are_left_to_the_schema() -> None:
    result, columns = read(ACTIVE_NUMBER, {"sid": {}, "noSuchField": {}}, {"sid": "PN1"})
    assert result == {"sid": "PN1", "__typename": "ActiveNumber"}
    assert len(columns) == 1


def test_leaf_conversions_skip_nulls_and_derived_values_use_all_their_columns() -> None:
    shape = ObjectShape(
        "thing",
        {
            "upper": Leaf("upper", o.c.friendly_name, str.upper),
            "total": Derived(
                "total", (o.c.setup_fee_minor, c.c.monthly_fee_minor), lambda a, b: a + b
            ),
        },
    )
    selection: SelectionTree = {"upper": {}, "total": {}}
    result, _ = read(
        shape, selection, {"friendly_name": None, "setup_fee_minor": 2, "monthly_fee_minor": 3}
    )
    assert result == {"upper": None, "total": 5}
    result, _ = read(
        shape, selection, {"friendly_name": "abc", "setup_fee_minor": 0, "monthly_fee_minor": 0}
    )
    assert result == {"upper": "ABC", "total": 0}


def test_selections_merge_and_paths() -> None:
    a: SelectionTree = {"sid": {}, "capabilities": {"voice": {"e911": {}}}}
    b: SelectionTree = {"capabilities": {"sms": {"gsm7": {}}, "voice": {"fax": {}}}}
    merged = merge([a, b])
    assert merged == {
        "sid": {},
        "capabilities": {"voice": {"e911": {}, "fax": {}}, "sms": {"gsm7": {}}},
    }
    assert path(merged, "capabilities", "voice") == {"e911": {}, "fax": {}}
    assert path(merged, "capabilities", "mms") is None
    assert path(merged, "nope", "deeper") is None


def _everything(shape: ObjectShape) -> SelectionTree:
    return {
        name: _everything(node) if isinstance(node, ObjectShape) else {}
        for name, node in shape.fields.items()
    }


def test_the_generated_reader_reads_as_the_compiled_one() -> None:
    """Same columns in the same order, same dicts, guards and conversions included."""
    for guards in (True, False):
        selection = _everything(ACTIVE_NUMBER)
        compiled_columns, generated_columns = ColumnList(), ColumnList()
        compiled = compile_reader(ACTIVE_NUMBER, selection, compiled_columns)
        generated = generated_reader(ACTIVE_NUMBER, selection, generated_columns)
        assert [id(c) for c in generated_columns.columns] == [
            id(c) for c in compiled_columns.columns
        ]
        names = [getattr(column, "name", "") for column in compiled_columns.columns]
        row = [_sample(name, guards) for name in names]
        assert generated(row) == compiled(row)
        assert generated(row) is not None


def _sample(name: str, guards: bool) -> Any:
    """A value a column of that name may hold (capability flags follow ``guards``)."""
    if name.endswith("_capable") or name.startswith("has_"):
        return guards
    if "codecs" in name:
        return "PCMU,OPUS"
    if name.endswith(("_minor", "_mps", "_per_second", "_limit", "_length", "_days")):
        return 7
    if name.endswith(("_at", "_date")) or "activity" in name:
        return None
    if name in ("latitude", "longitude"):
        return 40.5
    if "phone_number" in name:
        return "+14155550100"
    return True if name in ("beta",) else f"{name}-value"
