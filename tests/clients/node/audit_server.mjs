// Runs graphql-http's serverAudits against GRAPHQL_URL, with HTTP Basic credentials
// (GRAPHQL_AUTH, "user:password") added to every audit request; prints the results as JSON.
import { serverAudits } from "graphql-http";

const url = process.env.GRAPHQL_URL;
const authorization = "Basic " + Buffer.from(process.env.GRAPHQL_AUTH).toString("base64");

function authenticatedFetch(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", authorization);
  return fetch(input, { ...init, headers });
}

const results = [];
for (const audit of serverAudits({ url, fetchFn: authenticatedFetch })) {
  const result = await audit.fn();
  results.push({
    id: audit.id,
    name: audit.name,
    status: result.status,
    reason: result.status === "ok" ? null : result.reason,
  });
}
process.stdout.write(JSON.stringify(results));
