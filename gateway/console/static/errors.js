// Every error from the API is shown next to the field it names, inside one container (a form,
// a table row): userErrors name it in `field` (["input", "sms", "url"]), GraphQL errors in
// extensions.field (["search", "areaCode"]). An input carries data-field="sms.url" (several
// names, space separated, when one input feeds several arguments) and its message element
// data-error-for with the same names; an error naming no shown field goes to the container's
// data-error-for="" element.

const ARGUMENT_NAMES = new Set(["input", "search"]);

function fieldName(error) {
  const path = error.field || (error.extensions && error.extensions.field) || [];
  const names = path.filter((part, index) => !(index === 0 && ARGUMENT_NAMES.has(part)));
  return names.join(".");
}

function target(container, name) {
  // The named field, else its nearest enclosing one (sms.url -> sms), else the container's.
  const parts = name ? name.split(".") : [];
  for (let size = parts.length; size > 0; size -= 1) {
    const key = CSS.escape(parts.slice(0, size).join("."));
    const found = container.querySelector('[data-error-for~="' + key + '"]');
    if (found) return found;
  }
  return container.querySelector('[data-error-for=""]');
}

export function clearErrors(container) {
  for (const element of container.querySelectorAll("[data-error-for]")) {
    element.textContent = "";
  }
  for (const input of container.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
  }
}

export function showErrors(container, errors) {
  clearErrors(container);
  for (const error of errors) {
    const name = fieldName(error);
    const element = target(container, name);
    if (!element) continue;
    const code = error.code || (error.extensions && error.extensions.code);
    const text = error.message + (code ? " [" + code + "]" : "");
    element.textContent = element.textContent ? element.textContent + "; " + text : text;
    const names = element.getAttribute("data-error-for");
    const input = names && container.querySelector('[data-field="' + CSS.escape(names) + '"]');
    if (input) input.setAttribute("aria-invalid", "true");
  }
}
