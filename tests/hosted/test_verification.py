"""The simulated ownership call: start, the played code, confirm, and the caps."""

from __future__ import annotations

from datetime import timedelta

from tests.hosted.support import (
    LANDLINE,
    add_address,
    add_lookup,
    call,
    get_order,
    iso,
    new_order,
    ok,
    refused,
    status_events,
    verify,
)
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import Caller, new_caller

START = "startHostedNumberVerification"
CONFIRM = "confirmHostedNumberVerification"
SID = ["input", "sid"]
CODE = ["input", "verificationCode"]


async def _pending(gateway: Gateway) -> tuple[Caller, str, str]:
    caller = await new_caller(gateway.engine)
    address = await add_address(gateway, caller.sid)
    await add_lookup(gateway, LANDLINE)
    order = await new_order(gateway, caller, address)
    return caller, address, order["sid"]


def _wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


async def test_the_call_plays_a_code_that_verifies(gateway: Gateway) -> None:
    caller, _, sid = await _pending(gateway)
    called = ok(await call(gateway, caller, START, sid=sid, callDelay=30, extension="12w#*w"))
    call_info = called["hostedNumberOrder"]["verificationCall"]
    assert call_info["calledAt"] == iso(T0 + timedelta(seconds=31))  # 30 s + two half seconds
    assert (call_info["callDelay"], call_info["extension"], call_info["callCount"]) == (
        30,
        "12w#*w",
        1,
    )
    assert call_info["code"] is None  # the call has not reached the number yet
    gateway.clock.advance(timedelta(seconds=31))
    code = (await get_order(gateway, caller, sid))["verificationCall"]["code"]
    assert len(code) == 6
    assert code.isdigit()
    confirmed = ok(await call(gateway, caller, CONFIRM, sid=sid, verificationCode=code))
    order = confirmed["hostedNumberOrder"]
    assert order["status"] == "PENDING_LOA"
    assert order["verificationCall"]["code"] is None
    assert order["deadlineAt"] == iso(T0 + timedelta(days=7, seconds=31))
    events = await status_events(gateway, sid)
    assert events[-2:] == [("PENDING_VERIFICATION", "VERIFIED"), ("VERIFIED", "PENDING_LOA")]


async def test_the_code_is_heard_only_once_the_call_reaches_the_number(gateway: Gateway) -> None:
    caller, _, sid = await _pending(gateway)
    ok(await call(gateway, caller, START, sid=sid, callDelay=10, extension="1ww"))  # 11 s
    listed = "{ hostedNumberOrders { nodes { verificationCall { calledAt code } } } }"
    node = (
        "query($id: ID!) { node(id: $id) { ... on HostedNumberOrder "
        "{ verificationCall { code } } } }"
    )
    gateway.clock.advance(timedelta(seconds=10))
    [early] = (await gateway.gql(listed, auth=caller.auth))["hostedNumberOrders"]["nodes"]
    assert early["verificationCall"] == {"calledAt": iso(T0 + timedelta(seconds=11)), "code": None}
    assert (await gateway.gql(node, {"id": sid}, auth=caller.auth))["node"] == {
        "verificationCall": {"code": None}
    }
    for guess in ("000000", "123456"):  # no code was played yet: nothing to confirm
        payload = await call(gateway, caller, CONFIRM, sid=sid, verificationCode=guess)
        error = refused(payload, "HOSTED_VERIFICATION_CALL_PENDING", None, SID)
        assert "in 1 s" in error["message"]
    order = await get_order(gateway, caller, sid)
    assert (order["status"], order["verificationAttempts"]) == ("PENDING_VERIFICATION", 0)
    gateway.clock.advance(timedelta(seconds=1))
    [heard] = (await gateway.gql(listed, auth=caller.auth))["hostedNumberOrders"]["nodes"]
    code = heard["verificationCall"]["code"]
    assert code is not None
    assert (await gateway.gql(node, {"id": sid}, auth=caller.auth))["node"] == {
        "verificationCall": {"code": code}
    }
    ok(await call(gateway, caller, CONFIRM, sid=sid, verificationCode=code))


async def test_a_new_call_plays_a_new_code(gateway: Gateway) -> None:
    caller, _, sid = await _pending(gateway)
    codes = set()
    for _ in range(3):
        called = ok(await call(gateway, caller, START, sid=sid))
        codes.add(called["hostedNumberOrder"]["verificationCall"]["code"])
    assert called["hostedNumberOrder"]["verificationCall"]["callCount"] == 3
    assert len(codes) >= 2  # three random 6-digit codes: equal by chance once in 10^12


async def test_the_call_is_checked(gateway: Gateway) -> None:
    caller, _, sid = await _pending(gateway)
    for delay in (-1, 61):
        payload = await call(gateway, caller, START, sid=sid, callDelay=delay)
        refused(payload, "INVALID_INPUT", None, ["input", "callDelay"])
    for extension in ("12a", "1 2", "+1", "9" * 65):
        payload = await call(gateway, caller, START, sid=sid, extension=extension)
        refused(payload, "HOSTED_INVALID_EXTENSION", 22117, ["input", "extension"])
    payload = await call(gateway, caller, START, sid="HR" + "0" * 32)
    refused(payload, "NOT_FOUND", 20404, SID)
    stranger = await new_caller(gateway.engine)
    refused(await call(gateway, stranger, START, sid=sid), "NOT_FOUND", 20404, SID)


async def test_confirming_needs_a_call_first(gateway: Gateway) -> None:
    caller, _, sid = await _pending(gateway)
    payload = await call(gateway, caller, CONFIRM, sid=sid, verificationCode="123456")
    refused(payload, "HOSTED_ORDER_NOT_VERIFIABLE", 22114, SID)


async def test_wrong_codes_count_and_the_fifth_fails_the_order(gateway: Gateway) -> None:
    caller, _, sid = await _pending(gateway)
    called = ok(await call(gateway, caller, START, sid=sid))
    wrong = _wrong(called["hostedNumberOrder"]["verificationCall"]["code"])
    for attempt in range(1, 5):
        payload = await call(gateway, caller, CONFIRM, sid=sid, verificationCode=wrong)
        error = refused(payload, "HOSTED_VERIFICATION_CODE_INVALID", 22113, CODE)
        assert f"{5 - attempt} attempts left" in error["message"]
        assert (await get_order(gateway, caller, sid))["verificationAttempts"] == attempt
    payload = await call(gateway, caller, CONFIRM, sid=sid, verificationCode=wrong)
    refused(payload, "HOSTED_TOO_MANY_ATTEMPTS", 22100, CODE)
    order = await get_order(gateway, caller, sid)
    assert (order["status"], order["verificationAttempts"]) == ("FAILED", 5)
    assert "wrong verification codes" in order["failureReason"]
    payload = await call(gateway, caller, CONFIRM, sid=sid, verificationCode=wrong)
    refused(payload, "HOSTED_ORDER_FINAL", 22112, SID)
    refused(await call(gateway, caller, START, sid=sid), "HOSTED_ORDER_FINAL", 22112, SID)


async def test_at_most_five_calls(gateway: Gateway) -> None:
    caller, _, sid = await _pending(gateway)
    for _ in range(5):
        ok(await call(gateway, caller, START, sid=sid))
    refused(await call(gateway, caller, START, sid=sid), "HOSTED_TOO_MANY_ATTEMPTS", 22100, SID)
    assert (await get_order(gateway, caller, sid))["status"] == "PENDING_VERIFICATION"


async def test_only_an_order_pending_verification_is_verifiable(gateway: Gateway) -> None:
    caller, _, sid = await _pending(gateway)
    await verify(gateway, caller, sid)
    refused(await call(gateway, caller, START, sid=sid), "HOSTED_ORDER_NOT_VERIFIABLE", 22114, SID)
    payload = await call(gateway, caller, CONFIRM, sid=sid, verificationCode="123456")
    refused(payload, "HOSTED_ORDER_NOT_VERIFIABLE", 22114, SID)
