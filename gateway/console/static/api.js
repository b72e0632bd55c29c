// The gateway's API as this console uses it: persisted queries only. A request names its
// operation and sends the SHA-256 of the document the gateway registered as trusted
// (extensions.persistedQuery); the document text never leaves the server. Over HTTP: POST
// /graphql. Subscriptions: the graphql-transport-ws protocol on the same path, authenticated
// in connection_init (a browser's WebSocket cannot send an Authorization header).

const ENDPOINT = new URL("/graphql", window.location.origin).href;
const SOCKET_URL = ENDPOINT.replace(/^http/, "ws");
const HASHES = JSON.parse(document.getElementById("console-documents").textContent);

export class Unauthorized extends Error {}

export function basicAuthorization(accountSid, authToken) {
  return "Basic " + window.btoa(accountSid + ":" + authToken);
}

function persisted(operationName, variables) {
  const sha256Hash = HASHES[operationName];
  if (!sha256Hash) {
    throw new Error("no such console document: " + operationName);
  }
  return {
    operationName,
    variables: variables || {},
    extensions: { persistedQuery: { version: 1, sha256Hash } },
  };
}

// Resolves to the response body {data, errors}; throws Unauthorized on 401. credentials
// "omit": the 401's Basic challenge comes back here instead of opening the browser's dialog.
export async function request(authorization, operationName, variables) {
  const response = await window.fetch(ENDPOINT, {
    method: "POST",
    credentials: "omit",
    headers: {
      Accept: "application/graphql-response+json, application/json",
      "Content-Type": "application/json",
      Authorization: authorization,
    },
    body: JSON.stringify(persisted(operationName, variables)),
  });
  if (response.status === 401) {
    throw new Unauthorized("this AccountSid and AuthToken were not accepted");
  }
  let body;
  try {
    body = await response.json();
  } catch (error) {
    return { data: null, errors: [{ message: "HTTP " + response.status }] };
  }
  return { data: body.data || null, errors: body.errors || [] };
}

// Subscribe to one operation; handlers: onNext(data), onErrors(errors), onStatus(text).
// Returns a function that ends the subscription.
export function subscribe(authorization, operationName, handlers) {
  const socket = new WebSocket(SOCKET_URL, "graphql-transport-ws");
  const send = (message) => socket.send(JSON.stringify(message));
  let ended = false;
  socket.addEventListener("open", () => {
    send({ type: "connection_init", payload: { Authorization: authorization } });
  });
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "connection_ack") {
      send({ id: "1", type: "subscribe", payload: persisted(operationName, {}) });
      handlers.onStatus("live");
    } else if (message.type === "next") {
      const payload = message.payload || {};
      if (payload.errors && payload.errors.length) handlers.onErrors(payload.errors);
      if (payload.data) handlers.onNext(payload.data);
    } else if (message.type === "error") {
      handlers.onErrors(message.payload || []);
    } else if (message.type === "ping") {
      send({ type: "pong" });
    } else if (message.type === "complete") {
      handlers.onStatus("ended");
    }
  });
  socket.addEventListener("close", (event) => {
    if (!ended) handlers.onStatus("disconnected (" + event.code + (event.reason ? ": " + event.reason : "") + ")");
  });
  return () => {
    ended = true;
    socket.close(1000);
  };
}
