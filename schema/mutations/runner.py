"""The one way the schema runs a mutation.

``run_mutation`` runs the mutation's use-case (``resolvers.core.usecases``) as the viewer, at
the clock's now, under the request's URL policy; when its writes changed who may sign in
(``resolvers.core.sign_in``), the context's ``sign_in_changed`` hears of it at once. A refusal
(``GatewayError``) becomes the payload's one ``userError``, every other field null. Otherwise
the payload is the outcome's plain values plus its nodes, read back after the commit through
``resolvers.nodes`` (the viewer's visibility, one read transaction: ``RequestContext.read_once``)
for exactly the selection asked for.

``error_codes`` writes the sentence that ends a payload's description: the codes its
mutation(s) may return, from the use-cases' declarations.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from graphql import GraphQLResolveInfo
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types.base import get_object_definition

from resolvers.core.errors import GatewayError
from resolvers.core.sign_in import watching_sign_ins
from resolvers.core.usecases import Actor, Outcome, UseCase, run_use_case
from resolvers.nodes import read_payload_node
from resolvers.reads.projection import snake_case
from resolvers.reads.selection import SelectionTree
from schema.context import Info, RequestContext
from schema.selection import selection_of
from schema.types.errors import user_error

Request = TypeVar("Request")
Payload = TypeVar("Payload")
USER_ERRORS = "user_errors"


async def run_mutation(
    info: Info, use_case: UseCase[Request], request: Request, payload: type[Payload]
) -> Payload:
    """The payload of ``use_case`` run with ``request`` (a ``payload`` object, dict-backed)."""
    if use_case.mutation != info.field_name:
        raise TypeError(f"{info.field_name} runs the use-case of {use_case.mutation}")
    ctx = info.context
    actor = Actor(ctx.viewer, ctx.clock.now(), ctx.url_policy, ctx.rules)
    fields = dict.fromkeys(_payload_fields(payload))
    await ctx.before_write()
    try:
        with watching_sign_ins() as changed:
            try:
                outcome = await run_use_case(ctx.engine, use_case, actor, request)
            finally:
                if changed:
                    ctx.sign_in_changed()
    except GatewayError as error:
        return cast(Payload, {**fields, USER_ERRORS: [user_error(error)]})
    values = await _read_back(ctx, actor, outcome, _selection(info))
    unknown = values.keys() - fields.keys()
    if unknown:
        raise TypeError(f"{payload.__name__} has no fields {sorted(unknown)}")
    return cast(Payload, {**fields, **values, USER_ERRORS: []})


def _payload_fields(payload: type[Any]) -> list[str]:
    definition = get_object_definition(payload, strict=True)
    return [field.python_name for field in definition.fields if field.python_name != USER_ERRORS]


def _selection(info: Info) -> SelectionTree:
    """The selection under the mutation field (its payload's fields)."""
    raw: GraphQLResolveInfo[Any] = info._raw_info
    return selection_of(raw)


async def _read_back(
    ctx: RequestContext, actor: Actor, outcome: Outcome, selection: SelectionTree
) -> dict[str, Any]:
    """The outcome's values and its selected nodes (one read connection, if any is needed)."""
    values = {snake_case(name): value for name, value in outcome.values.items()}
    values |= dict.fromkeys(snake_case(name) for name in outcome.nodes)
    wanted = [
        (name, ref, selection[name])
        for name, ref in outcome.nodes.items()
        if ref is not None and name in selection
    ]
    if wanted:

        async def read(conn: AsyncConnection) -> None:
            for name, ref, sub in wanted:
                found = await read_payload_node(conn, actor.viewer, ref, sub, actor.now)
                values[snake_case(name)] = found

        await ctx.read_once(read)
    return values


def error_codes(*use_cases: UseCase[Any]) -> str:
    """``Error codes: A, B.`` (per mutation when several mutations share the payload)."""
    if len(use_cases) == 1:
        return f"Error codes (userErrors.code): {', '.join(use_cases[0].error_codes)}."
    each = "; ".join(f"{u.mutation}: {', '.join(u.error_codes)}" for u in use_cases)
    return f"Error codes (userErrors.code) by mutation: {each}."
