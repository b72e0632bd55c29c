"""Depth, alias, token and introspection limits refuse a document before anything runs, on
both executors' paths (the compiled path serves ``viewer``/``activeNumbers`` reads)."""

from __future__ import annotations

from graphql import get_introspection_query

from gateway.graphql_endpoint import EXECUTOR_HEADER
from tests.protection.support import error_of, gateway_with
from tests.support.client import Gateway
from tests.support.numbers import add_numbers, sign_in, us_numbers

GRAPHIQL_INTROSPECTION = get_introspection_query(
    descriptions=True,
    specified_by_url=True,
    directive_is_repeatable=True,
    schema_description=True,
    input_value_deprecation=True,
)


def nested_subaccounts(levels: int) -> str:
    """``viewer { subaccounts { subaccounts { … sid } } }``: ``levels`` + 1 fields deep."""
    return "{ viewer { " + "subaccounts { " * levels + "sid" + " }" * levels + " } }"


async def test_a_query_deeper_than_the_limit_is_refused(gateway: Gateway) -> None:
    await sign_in(gateway)
    assert "errors" not in (await gateway.post(nested_subaccounts(10))).json()  # 12 deep
    response = await gateway.post(nested_subaccounts(11))  # 13 deep
    assert response.status_code == 400
    error = error_of(response)
    assert error["extensions"] == {"code": "QUERY_TOO_DEEP", "depth": 13, "limit": 12}
    assert "13 fields deep" in error["message"]


async def test_depth_counts_fields_inside_fragments(gateway: Gateway) -> None:
    await sign_in(gateway)
    query = (
        "query { viewer { ...A } } fragment A on Account { subaccounts { ...B } } "
        "fragment B on Account { subaccounts { sid } }"
    )
    assert "errors" not in (await gateway.post(query)).json()
    async with gateway_with(database_url_of(gateway), max_query_depth=2) as strict:
        strict.auth = gateway.auth
        response = await strict.post(query)
        assert error_of(response)["extensions"]["code"] == "QUERY_TOO_DEEP"


async def test_too_many_aliases_are_refused_on_the_compiled_path_too(gateway: Gateway) -> None:
    await sign_in(gateway)
    fine = "{ " + " ".join(f"v{i}: viewer {{ sid }}" for i in range(30)) + " }"
    response = await gateway.post(fine)
    assert response.status_code == 200, response.text
    assert response.headers[EXECUTOR_HEADER] == "compiled"
    too_many = "{ " + " ".join(f"v{i}: viewer {{ sid }}" for i in range(31)) + " }"
    response = await gateway.post(too_many)
    assert response.status_code == 400
    assert EXECUTOR_HEADER not in response.headers  # refused before choosing an executor
    error = error_of(response)
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "aliases": 31, "limit": 30}


async def test_a_document_with_too_many_tokens_is_refused(gateway: Gateway) -> None:
    await sign_in(gateway)
    fields = " ".join(["sid"] * 1990)  # 1990 + `{ viewer { } }` = 1994 tokens
    assert (await gateway.post("{ viewer { " + fields + " } }")).status_code == 200
    response = await gateway.post("{ viewer { " + fields + " sid" * 10 + " } }")
    assert response.status_code == 400
    error = error_of(response)
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": 2000}
    assert "2000 tokens" in error["message"]


async def test_graphiqls_introspection_query_passes_the_default_limits(gateway: Gateway) -> None:
    await sign_in(gateway)
    data = await gateway.gql(GRAPHIQL_INTROSPECTION)
    assert data["__schema"]["queryType"]["name"] == "Query"


async def test_introspection_can_be_switched_off(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    async with gateway_with(database_url_of(gateway), introspection=False) as closed:
        closed.auth = gateway.auth
        for query in (GRAPHIQL_INTROSPECTION, '{ __type(name: "Query") { name } }'):
            response = await closed.post(query)
            assert response.status_code == 400
            error = error_of(response)
            assert error["extensions"]["code"] == "INTROSPECTION_DISABLED"
            assert "introspection is disabled" in error["message"]
        data = await closed.gql("{ __typename viewer { __typename sid } }")
        assert data == {
            "__typename": "Query",
            "viewer": {"__typename": "Account", "sid": caller.sid},
        }


async def test_limits_apply_to_standard_path_queries(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    await add_numbers(gateway.engine, caller.sid, us_numbers(1))
    query = "{ " + " ".join(f"a{i}: availableCountries {{ isoCountry }}" for i in range(31)) + " }"
    response = await gateway.post(query)
    assert error_of(response)["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def database_url_of(gateway: Gateway) -> str:
    return gateway.engine.url.render_as_string(hide_password=False)


async def test_introspection_deeper_than_the_standard_query_is_refused(gateway: Gateway) -> None:
    await sign_in(gateway)

    def of_types(levels: int) -> str:
        return (
            "{ __schema { types { fields { type { "
            + "ofType { " * levels
            + "name"
            + " }" * (levels + 4)
            + " }"
        )

    assert "errors" not in (await gateway.post(of_types(11))).json()  # 16 deep
    response = await gateway.post(of_types(12))  # 17 deep
    error = error_of(response)
    assert error["extensions"] == {"code": "QUERY_TOO_DEEP", "depth": 17, "limit": 16}
