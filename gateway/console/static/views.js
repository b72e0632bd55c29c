// DOM builders for the console's tables. Text only (textContent), never HTML from the API.
// Values the tests read back carry data-path (where in the API's answer) and data-value (the
// API's value as JSON), next to their human form.

export function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export function money(value) {
  return value ? value.amount + " " + value.currency : "";
}

function shown(value) {
  if (value === true) return "yes";
  if (value === false) return "no";
  if (Array.isArray(value)) return value.join(", ");
  return value === null || value === undefined ? "—" : String(value);
}

function valueCell(path, value) {
  return el("dd", { "data-path": path, "data-value": JSON.stringify(value) }, shown(value));
}

// capabilities {voice {...}, sms {...}, mms {...}}: one column per kind, its leaves listed.
export function capabilityTree(capabilities) {
  const tree = el("div", { class: "caps" });
  for (const [kind, leaves] of Object.entries(capabilities || {})) {
    const group = el("dl", { class: "cap-group" }, el("dt", { class: "cap-kind" }, kind));
    if (!leaves) {
      group.append(valueCell(kind, null));
    } else {
      for (const [name, value] of Object.entries(leaves)) {
        group.append(el("dt", {}, name), valueCell(kind + "." + name, value));
      }
    }
    tree.append(group);
  }
  return tree;
}

function canDo(capabilities) {
  return ["voice", "sms", "mms"]
    .filter((kind) => capabilities[kind] && capabilities[kind].inboundConnectivity)
    .join(" ");
}

export function searchRow(number) {
  const where = [number.geography.locality, number.geography.region, number.geography.isoCountry];
  return el(
    "tr",
    { "data-phone-number": number.phoneNumber },
    el("td", { class: "number" }, number.friendlyName, el("br"), el("code", {}, number.phoneNumber)),
    el("td", {}, where.filter(Boolean).join(", ")),
    el("td", { class: "can" }, canDo(number.capabilities)),
    el("td", { class: "setup-fee" }, money(number.pricing.setupFee)),
    el("td", { class: "monthly-fee" }, money(number.pricing.monthlyFee)),
    el("td", { class: "address-requirement" }, number.regulatory.addressRequirements),
    el("td", { class: "identity-required" }, shown(number.regulatory.identityRequired)),
    el(
      "td",
      {},
      el("button", { type: "button", class: "buy", "data-buy": number.phoneNumber }, "Buy"),
      el("span", { class: "field-error", "data-error-for": "phoneNumber" }),
      el("span", { class: "form-error", "data-error-for": "" }),
    ),
  );
}

function urlField(kind, label, configuration) {
  const name = kind + ".url";
  const value = configuration[kind].url || "";
  return el(
    "label",
    {},
    label,
    el("input", { "data-field": name, name, type: "url", value, size: 28 }),
    el("span", { class: "field-error", "data-error-for": name }),
  );
}

export function ownedRow(number) {
  const configure = el(
    "form",
    { class: "configure", "data-sid": number.sid, novalidate: true },
    urlField("voice", "Voice URL", number.configuration),
    urlField("sms", "SMS URL", number.configuration),
    el("button", { type: "submit", class: "save-urls" }, "Save URLs"),
    el("span", { class: "saved" }),
    el("span", { class: "form-error", "data-error-for": "" }),
  );
  return el(
    "tr",
    { "data-sid": number.sid, "data-phone-number": number.phoneNumber },
    el("td", { class: "number" }, number.friendlyName, el("br"), el("code", {}, number.phoneNumber)),
    el("td", { class: "status" }, number.status),
    el("td", { class: "monthly-fee" }, money(number.billing.monthlyFee)),
    el("td", { class: "capabilities" }, capabilityTree(number.capabilities)),
    el(
      "td",
      { class: "regulatory" },
      "address: " + number.regulatory.addressRequirements,
      el("br"),
      "identity: " + shown(number.regulatory.identityRequired),
    ),
    el("td", {}, configure),
    el(
      "td",
      { class: "row-actions" },
      el("button", { type: "button", class: "release", "data-release": number.sid }, "Release"),
      el("span", { class: "form-error", "data-error-for": "" }),
    ),
  );
}

export function releasedRow(number) {
  return el(
    "tr",
    { "data-phone-number": number.phoneNumber },
    el("td", { class: "number" }, number.friendlyName, el("br"), el("code", {}, number.phoneNumber)),
    el("td", {}, number.releasedAt),
    el("td", {}, number.restorableUntil),
    el(
      "td",
      {},
      el(
        "button",
        { type: "button", class: "restore", "data-restore": number.phoneNumber, disabled: !number.restorable },
        "Restore",
      ),
      el("span", { class: "field-error", "data-error-for": "phoneNumber" }),
      el("span", { class: "form-error", "data-error-for": "" }),
    ),
  );
}

export function eventItem(event) {
  const phoneNumber = (event.node && event.node.phoneNumber) || (event.data && event.data.phoneNumber) || "";
  return el(
    "li",
    { "data-event-sid": event.sid, "data-kind": event.kind, "data-node-sid": event.nodeSid },
    el("strong", {}, event.kind),
    " ",
    el("code", {}, phoneNumber || event.nodeSid),
    " ",
    el("time", {}, event.occurredAt),
  );
}
