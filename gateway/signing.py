"""The signing page of a letter of authorization: ``GET/POST /sign/{token}``.

No account credentials: the unguessable token in the link is the credential, and it opens
that one letter only. GET shows the letter (the numbers, the address, the account) and a form;
POST takes the typed signer name and postal code, and either signs or shows the form again
with the reason. The form repeats the token in a hidden field, which must equal the link's,
so a page elsewhere cannot post a signature without knowing the token. Every value is
HTML-escaped; responses are not cached, not framed and send no Referer (the URL is a secret).
"""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from resolvers.core.transactions import transact
from resolvers.hosted.signing import (
    Letter,
    Signature,
    SigningRefused,
    open_letter,
    sign_letter,
)

MAX_FORM_BYTES = 16_384
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
}
STYLE = (
    "body{font-family:sans-serif;max-width:46em;margin:2em auto;padding:0 1em}"
    ".error{color:#b00020;font-weight:bold}ul.numbers{columns:4}"
)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{escape(title)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def _refused(error: SigningRefused) -> HTMLResponse:
    status = 410 if error.gone else 404
    return _page("Letter of authorization", f"<p class=error>{escape(error.message)}</p>", status)


def _letter_html(letter: Letter) -> str:
    e = escape
    numbers = "".join(f"<li>{e(number)}</li>" for number in letter.phone_numbers)
    title = f", {e(letter.contact_title)}" if letter.contact_title else ""
    return (
        f"<p>Document {e(letter.sid)}, for account {e(letter.account_name)} "
        f"({e(letter.account_sid)}).</p>"
        f"<p>I, the customer named below{title}, authorize this gateway to act as my messaging "
        f"(SMS) provider for the {len(letter.phone_numbers)} telephone number(s) listed, and "
        f"confirm that I have the authority to do so. Voice service stays with my carrier.</p>"
        f"<address>{e(letter.customer_name)}<br>{e(letter.street)}<br>{e(letter.city)}, "
        f"{e(letter.region)} {e(letter.postal_code)}<br>{e(letter.iso_country)}</address>"
        f"<ul class=numbers>{numbers}</ul>"
        f"<p>Contact: {e(letter.email)}. Sign before {e(letter.expires_at.isoformat())} UTC.</p>"
    )


def _form_html(token: str, error: str | None, name: str = "", postal_code: str = "") -> str:
    e = escape
    message = f"<p class=error role=alert>{e(error)}</p>" if error else ""
    return (
        f'{message}<form method=post action="/sign/{e(token)}">'
        f'<input type=hidden name=token value="{e(token)}">'
        "<p><label>Your full name, as the customer name of the address above<br>"
        f'<input name=signer_name required maxlength=200 value="{e(name)}"></label></p>'
        "<p><label>The postal code of that address<br>"
        f'<input name=postal_code required maxlength=20 value="{e(postal_code)}"></label></p>'
        "<p><label><input type=checkbox name=confirm value=yes required> The address above is "
        "where these numbers are served, and I sign this letter.</label></p>"
        "<p><button type=submit>Sign</button></p></form>"
    )


async def show_letter(request: Request) -> HTMLResponse:
    token = request.path_params["token"]
    clock, engine = request.app.state.clock, request.app.state.engine
    try:
        letter = await transact(engine, lambda conn: open_letter(conn, token, clock.now()))
    except SigningRefused as error:
        return _refused(error)
    return _page("Letter of authorization", _letter_html(letter) + _form_html(token, None))


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return {}
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {name: values[0] for name, values in fields.items()}


async def submit_signature(request: Request) -> HTMLResponse:
    token = request.path_params["token"]
    clock, engine = request.app.state.clock, request.app.state.engine
    form = await _form(request)
    name, postal_code = form.get("signer_name", ""), form.get("postal_code", "")
    signature = Signature(name, postal_code, confirmed=form.get("confirm") == "yes")
    if form.get("token") != token:
        return _page(
            "Letter of authorization",
            "<p class=error>This form does not belong "
            "to this letter: open the signing link again.</p>",
            400,
        )
    try:
        letter, problem = await transact(
            engine, lambda conn: sign_letter(conn, token, signature, clock.now())
        )
    except SigningRefused as error:
        return _refused(error)
    if problem is not None:
        form_html = _form_html(token, problem, name, postal_code)
        return _page("Letter of authorization", _letter_html(letter) + form_html, 422)
    return _page(
        "Letter signed",
        f"<p>Thank you, {escape(' '.join(name.split()))}: document {escape(letter.sid)} is "
        f"signed, and the carrier now moves {len(letter.phone_numbers)} number(s).</p>",
    )


signing_routes = [
    Route("/sign/{token}", show_letter, methods=["GET"]),
    Route("/sign/{token}", submit_signature, methods=["POST"]),
]
