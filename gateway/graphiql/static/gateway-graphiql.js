// The gateway's GraphiQL page: a login bar (HTTP Basic AccountSid:AuthToken, kept in this tab's
// sessionStorage only) and GraphiQL itself, whose fetcher adds the Authorization header to every
// request and sends it as the connection_init payload of subscriptions (graphql-transport-ws).
// Everything is served by the gateway: no CDN, no network beyond this origin.
(function () {
  "use strict";

  var STORAGE_KEY = "numbers-gateway.credentials";
  var endpoint = window.location.origin + window.location.pathname;
  var subscriptionUrl = endpoint.replace(/^http/, "ws");
  var VIEWER_QUERY = "{ viewer { sid friendlyName } }";
  // Sent with every request: with GATEWAY_TRUSTED_DOCUMENTS_ONLY, GraphiQL may still run any
  // document while it is enabled (README, "Persisted queries and trusted documents").
  var CLIENT_NAME = "graphiql";
  var DEFAULT_QUERY = [
    "# Your numbers, with a part of their capability tree.",
    "# Run: Ctrl-Enter, or the play button. Docs: the book icon on the left.",
    "{",
    "  viewer { sid friendlyName balance { amount currency } }",
    "  activeNumbers(first: 5) {",
    "    totalCount",
    "    nodes {",
    "      phoneNumber friendlyName type",
    "      capabilities { voice { inboundConnectivity } sms { inboundConnectivity } }",
    "      geography { isoCountry region locality }",
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");

  var root = null;
  var hint = document.getElementById("graphiql").innerHTML;

  function element(id) {
    return document.getElementById(id);
  }

  function basicAuthorization(accountSid, authToken) {
    return "Basic " + window.btoa(accountSid + ":" + authToken);
  }

  function storedSession() {
    try {
      return JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || "null");
    } catch (error) {
      return null;
    }
  }

  function showStatus(message) {
    element("login-status").textContent = message;
  }

  // credentials "omit": a 401 (with its WWW-Authenticate: Basic challenge) comes back to this
  // script instead of making the browser open its own login dialog.
  function fetchOmittingCredentials(url, init) {
    return window.fetch(url, Object.assign({}, init, { credentials: "omit" }));
  }

  // Check the credentials by asking who they belong to; resolves to the viewer or throws.
  function fetchViewer(authorization) {
    return fetchOmittingCredentials(endpoint, {
      method: "POST",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        Authorization: authorization,
        "X-Gateway-Client": CLIENT_NAME,
      },
      body: JSON.stringify({ query: VIEWER_QUERY }),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (body && body.data && body.data.viewer) {
          return body.data.viewer;
        }
        if (response.status === 401) {
          throw new Error("this AccountSid and AuthToken were not accepted");
        }
        var errors = (body && body.errors) || [];
        throw new Error(errors.length ? errors[0].message : "HTTP " + response.status);
      });
    });
  }

  function createFetcher(authorization) {
    return GraphiQL.createFetcher({
      url: endpoint,
      fetch: fetchOmittingCredentials,
      headers: { Authorization: authorization, "X-Gateway-Client": CLIENT_NAME },
      subscriptionUrl: subscriptionUrl,
      wsConnectionParams: { Authorization: authorization, "X-Gateway-Client": CLIENT_NAME },
    });
  }

  function showGraphiQL(session) {
    element("login-form").hidden = true;
    element("session").hidden = false;
    element("viewer-name").textContent = session.friendlyName;
    element("viewer-sid").textContent = session.sid;
    showStatus("");
    var container = element("graphiql");
    container.innerHTML = "";
    root = ReactDOM.createRoot(container);
    root.render(
      React.createElement(GraphiQL, {
        key: session.sid,
        fetcher: createFetcher(session.authorization),
        defaultQuery: DEFAULT_QUERY,
        defaultEditorToolsVisibility: true,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: false,
        inputValueDeprecation: true,
      }),
    );
  }

  function showLogin() {
    if (root) {
      root.unmount();
      root = null;
    }
    element("graphiql").innerHTML = hint;
    element("session").hidden = true;
    element("login-form").hidden = false;
    element("account-sid").focus();
  }

  function logIn(event) {
    event.preventDefault();
    var accountSid = element("account-sid").value.trim();
    var authorization = basicAuthorization(accountSid, element("auth-token").value.trim());
    element("login-button").disabled = true;
    showStatus("");
    fetchViewer(authorization)
      .then(function (viewer) {
        var session = {
          sid: viewer.sid,
          friendlyName: viewer.friendlyName,
          authorization: authorization,
        };
        window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
        element("auth-token").value = "";
        showGraphiQL(session);
      })
      .catch(function (error) {
        showStatus("Login failed: " + error.message);
      })
      .finally(function () {
        element("login-button").disabled = false;
      });
  }

  function logOut() {
    window.sessionStorage.removeItem(STORAGE_KEY);
    showLogin();
  }

  element("login-form").addEventListener("submit", logIn);
  element("logout-button").addEventListener("click", logOut);
  var session = storedSession();
  if (session && session.authorization) {
    showGraphiQL(session);
  } else {
    showLogin();
  }
})();
