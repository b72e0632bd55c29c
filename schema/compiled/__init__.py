"""Compiled execution of plain-data read queries (see ``executor``)."""

from __future__ import annotations

from schema.compiled.executor import CompiledExecutor

__all__ = ["CompiledExecutor"]
