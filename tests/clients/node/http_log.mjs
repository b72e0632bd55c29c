// What a browser gives a GraphQL client for free, for Node: HTTP Basic credentials on every
// request (GATEWAY_AUTH, "AccountSid:AuthToken") and a private HTTP cache that revalidates GETs
// with If-None-Match and serves the kept body on 304. Every exchange is logged for the test.
import { createHash } from "node:crypto";

export const url = process.env.GRAPHQL_URL;
const authorization = "Basic " + Buffer.from(process.env.GATEWAY_AUTH).toString("base64");

export function sha256(text) {
  return createHash("sha256").update(text).digest("hex");
}

export function browserLikeFetch(log) {
  const kept = new Map(); // GET url -> { etag, body, headers }
  return async (input, init = {}) => {
    const method = (init.method ?? "GET").toUpperCase();
    const target = String(input);
    const headers = new Headers(init.headers);
    headers.set("authorization", authorization);
    const cached = method === "GET" ? kept.get(target) : undefined;
    if (cached) headers.set("if-none-match", cached.etag);
    const response = await fetch(input, { ...init, headers });
    const sent = method === "GET" ? new URL(target).searchParams : JSON.parse(init.body ?? "{}");
    log.push({ ...exchange(method, sent, response, cached), errorCodes: await errorCodes(response) });
    if (response.status === 304 && cached) {
      return new Response(cached.body, { status: 200, headers: cached.headers });
    }
    const etag = response.headers.get("etag");
    if (method !== "GET" || !etag) return response;
    const body = await response.text();
    kept.set(target, { etag, body, headers: response.headers });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

async function errorCodes(response) {
  if (response.status === 304) return [];
  const body = await response.clone().json();
  return (body.errors ?? []).map((error) => error.extensions?.code ?? null);
}

function exchange(method, sent, response, cached) {
  const get = (name) => (sent instanceof URLSearchParams ? sent.get(name) : sent[name]);
  const extensions = get("extensions");
  const persisted = (typeof extensions === "string" ? JSON.parse(extensions) : extensions)
    ?.persistedQuery;
  return {
    method,
    operationName: get("operationName") ?? null,
    sentQuery: Boolean(get("query")),
    sha256Hash: persisted?.sha256Hash ?? null,
    status: response.status,
    etag: response.headers.get("etag"),
    revalidated: Boolean(cached),
  };
}
