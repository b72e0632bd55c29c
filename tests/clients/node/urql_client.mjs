// urql (@urql/core with @urql/exchange-persisted, GET for persisted queries) against
// GRAPHQL_URL: a full-tree page, paging with `after`, an APQ miss then hit, and a repeated GET
// revalidated to 304. Prints what it saw as JSON.
import { Client, fetchExchange, gql } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";
import { FULL_TREE, PAGE, viewer } from "./operations.mjs";
import { browserLikeFetch, sha256, url } from "./http_log.mjs";

const log = [];
const client = new Client({
  url,
  fetch: browserLikeFetch(log),
  preferGetMethod: false,
  requestPolicy: "network-only",
  exchanges: [
    persistedExchange({ preferGetForPersistedQueries: true, generateHash: async (query) => sha256(query) }),
    fetchExchange,
  ],
});

async function run(document, variables = {}) {
  const result = await client.query(gql(document), variables).toPromise();
  if (result.error) throw result.error;
  return result.data;
}

const full = await run(FULL_TREE);
const first = await run(PAGE, { after: null });
const second = await run(PAGE, { after: first.activeNumbers.pageInfo.endCursor });
const start = log.length;
for (let time = 0; time < 3; time += 1) await run(viewer("Urql"));
process.stdout.write(
  JSON.stringify({
    fullTree: full,
    pages: [first.activeNumbers, second.activeNumbers],
    viewerExchanges: log.slice(start),
    log,
  }),
);
