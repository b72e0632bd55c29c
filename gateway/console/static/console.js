// The reference console: log in, find and buy numbers, see and configure the numbers owned,
// release and restore them, and watch numberEvents live. Plain ES modules, no framework, no
// build step; every API call is a persisted query (api.js).

import { Unauthorized, basicAuthorization, request, subscribe } from "./api.js";
import { clearErrors, showErrors } from "./errors.js";
import { el, eventItem, money, ownedRow, releasedRow, searchRow } from "./views.js";

const STORAGE_KEY = "numbers-gateway.console";
const OWNED_PAGE_SIZE = 10;
const SEARCH_PAGE_SIZE = 20;
const LAT_LONG = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;

const $ = (id) => document.getElementById(id);
const state = { session: null, pages: [null], page: 0, endCursor: null, unsubscribe: null };

function setStatus(text) {
  $("login-status").textContent = text;
}

// Run one operation; errors go next to their fields in `container`. Resolves to data or null.
async function run(container, operationName, variables) {
  clearErrors(container);
  try {
    const { data, errors } = await request(state.session.authorization, operationName, variables);
    if (errors.length) showErrors(container, errors);
    return errors.length ? null : data;
  } catch (error) {
    if (error instanceof Unauthorized) {
      logOut("Logged out: " + error.message);
    } else {
      showErrors(container, [{ message: error.message }]);
    }
    return null;
  }
}

// A mutation payload's userErrors are shown like GraphQL errors; resolves to the payload or null.
async function mutate(container, operationName, input, root) {
  const data = await run(container, operationName, { input });
  if (!data) return null;
  const payload = data[root];
  if (payload.userErrors.length) {
    showErrors(container, payload.userErrors);
    return null;
  }
  return payload;
}

// -- search and buy --------------------------------------------------------------------------

function searchInput() {
  const value = (id) => $(id).value.trim();
  const search = { isoCountry: value("search-country") || "US" };
  if (value("search-area-code")) search.areaCode = value("search-area-code");
  if (value("search-contains")) search.contains = value("search-contains");
  const near = value("search-near");
  const latLong = LAT_LONG.exec(near);
  if (latLong) {
    search.nearLatLong = { latitude: Number(latLong[1]), longitude: Number(latLong[2]) };
  } else if (near) {
    search.nearNumber = near;
  }
  if (near && value("search-distance")) search.distanceMiles = Number(value("search-distance"));
  return search;
}

async function searchNumbers(event) {
  event.preventDefault();
  const body = $("search-results").tBodies[0];
  const data = await run($("search-form"), "SearchNumbers", {
    search: searchInput(),
    first: SEARCH_PAGE_SIZE,
  });
  body.replaceChildren();
  if (!data) {
    $("search-summary").textContent = "";
    return;
  }
  const nodes = data.availableNumbers.nodes;
  body.append(...nodes.map(searchRow));
  $("search-summary").textContent = nodes.length + " numbers available";
}

async function buy(button) {
  const row = button.closest("tr");
  button.disabled = true;
  const payload = await mutate(row, "BuyNumber", { phoneNumber: button.dataset.buy }, "purchasePhoneNumber");
  button.disabled = false;
  if (!payload) return;
  row.classList.add("bought");
  button.replaceWith(el("span", { class: "bought-note" }, "Bought (" + money(payload.charge && payload.charge.amount) + ")"));
  await Promise.all([loadOwned(state.page), loadViewer()]);
}

// -- owned numbers, paged, with their URLs and release -------------------------------------

async function loadOwned(page) {
  const data = await run($("owned"), "OwnedNumbers", { first: OWNED_PAGE_SIZE, after: state.pages[page] });
  if (!data) return;
  const connection = data.activeNumbers;
  state.page = page;
  state.pages[page + 1] = connection.pageInfo.endCursor;
  $("owned-total").textContent = "(" + connection.totalCount + ")";
  $("owned-page").textContent = "page " + (page + 1) + " of " + Math.max(1, Math.ceil(connection.totalCount / OWNED_PAGE_SIZE));
  $("owned-previous").disabled = page === 0;
  $("owned-next").disabled = !connection.pageInfo.hasNextPage;
  $("owned-numbers").tBodies[0].replaceChildren(...connection.nodes.map(ownedRow));
}

async function saveUrls(form) {
  const url = (kind) => form.querySelector('[data-field="' + kind + '.url"]').value.trim() || null;
  const input = { sid: form.dataset.sid, voice: { url: url("voice") }, sms: { url: url("sms") } };
  form.querySelector(".saved").textContent = "";
  const payload = await mutate(form, "ConfigureUrls", input, "configurePhoneNumber");
  if (payload) form.querySelector(".saved").textContent = "Saved";
}

async function release(button) {
  const payload = await mutate(button.closest("td"), "ReleaseNumber", { sid: button.dataset.release }, "releasePhoneNumber");
  if (!payload) return;
  await Promise.all([loadOwned(state.page), loadReleased(), loadViewer()]);
}

// -- released numbers and restore ------------------------------------------------------------

async function loadReleased() {
  const data = await run($("released"), "ReleasedNumbers", { first: 20 });
  if (data) $("released-numbers").tBodies[0].replaceChildren(...data.releasedNumbers.nodes.map(releasedRow));
}

async function restore(button) {
  const payload = await mutate(button.closest("td"), "RestoreNumber", { phoneNumber: button.dataset.restore }, "restorePhoneNumber");
  if (!payload) return;
  await Promise.all([loadOwned(state.page), loadReleased(), loadViewer()]);
}

// -- live events -------------------------------------------------------------------------------

function watchEvents() {
  const list = $("event-list");
  state.unsubscribe = subscribe(state.session.authorization, "NumberEvents", {
    onNext: (data) => list.prepend(eventItem(data.numberEvents)),
    onErrors: (errors) => showErrors($("events"), errors),
    onStatus: (text) => {
      $("events-status").textContent = text;
    },
  });
}

// -- session ---------------------------------------------------------------------------------

async function loadViewer() {
  const data = await run($("owned"), "Viewer", {});
  if (!data) return null;
  $("viewer-name").textContent = data.viewer.friendlyName;
  $("viewer-sid").textContent = data.viewer.sid;
  $("viewer-balance").textContent = money(data.viewer.balance);
  return data.viewer;
}

function showConsole(visible) {
  $("login-form").hidden = visible;
  $("session").hidden = !visible;
  $("console").hidden = !visible;
  $("hint").hidden = visible;
}

async function start(session) {
  state.session = session;
  state.pages = [null];
  $("viewer-name").textContent = session.friendlyName;
  $("viewer-sid").textContent = session.sid;
  showConsole(true);
  watchEvents();
  await Promise.all([loadViewer(), loadOwned(0), loadReleased()]);
}

function logOut(message) {
  if (state.unsubscribe) state.unsubscribe();
  state.unsubscribe = null;
  state.session = null;
  window.sessionStorage.removeItem(STORAGE_KEY);
  showConsole(false);
  $("event-list").replaceChildren();
  $("events-status").textContent = "";
  setStatus(message || "");
}

async function logIn(event) {
  event.preventDefault();
  const authorization = basicAuthorization($("account-sid").value.trim(), $("auth-token").value.trim());
  $("login-button").disabled = true;
  setStatus("");
  try {
    const { data, errors } = await request(authorization, "Viewer", {});
    if (!data || !data.viewer) throw new Error(errors.length ? errors[0].message : "no viewer");
    const session = { authorization, sid: data.viewer.sid, friendlyName: data.viewer.friendlyName };
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    $("auth-token").value = "";
    await start(session);
  } catch (error) {
    setStatus("Login failed: " + error.message);
  } finally {
    $("login-button").disabled = false;
  }
}

function onClick(event) {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.buy) buy(button);
  else if (button.dataset.release) release(button);
  else if (button.dataset.restore) restore(button);
}

function main() {
  $("login-form").addEventListener("submit", logIn);
  $("logout-button").addEventListener("click", () => logOut(""));
  $("search-form").addEventListener("submit", searchNumbers);
  $("owned-next").addEventListener("click", () => loadOwned(state.page + 1));
  $("owned-previous").addEventListener("click", () => loadOwned(state.page - 1));
  $("console").addEventListener("click", onClick);
  $("owned-numbers").addEventListener("submit", (event) => {
    event.preventDefault();
    saveUrls(event.target);
  });
  const stored = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || "null");
  if (stored) start(stored);
}

main();
