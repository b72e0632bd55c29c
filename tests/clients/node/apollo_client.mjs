// Apollo Client (InMemoryCache, HttpLink, the persisted-queries link with GET for hashed
// queries) against GRAPHQL_URL: a full-tree page, paging with `after`, a purchase and a
// configuration whose payloads update the normalized cache through `id`, an APQ miss then hit,
// and a repeated GET revalidated to 304. Prints what it saw as JSON.
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { BUYABLE, CONFIGURE, FULL_TREE, NUMBER, PAGE, PURCHASE, viewer } from "./operations.mjs";
import { browserLikeFetch, sha256, url } from "./http_log.mjs";

const log = [];
const persisted = new PersistedQueryLink({ sha256, useGETForHashedQueries: true });
const client = new ApolloClient({
  cache: new InMemoryCache(),
  link: persisted.concat(new HttpLink({ uri: url, fetch: browserLikeFetch(log) })),
});
const fresh = { fetchPolicy: "network-only" };

async function pages() {
  const first = await client.query({ query: gql(PAGE), variables: { after: null }, ...fresh });
  const cursor = first.data.activeNumbers.pageInfo.endCursor;
  const second = await client.query({ query: gql(PAGE), variables: { after: cursor }, ...fresh });
  return [first, second].map(({ data }) => data.activeNumbers);
}

async function purchaseThenConfigure() {
  const { data: found } = await client.query({ query: gql(BUYABLE), ...fresh });
  const number = found.availableNumbers.nodes[0].phoneNumber;
  const bought = await client.mutate({
    mutation: gql(PURCHASE),
    variables: { number, key: `apollo-${number}` },
  });
  const payload = bought.data.purchasePhoneNumber;
  const id = client.cache.identify(payload.activeNumber);
  const fragment = gql`fragment Shown on ActiveNumber { id phoneNumber friendlyName status configuration { voice { url } } }`;
  const cachedAfterPurchase = client.cache.readFragment({ id, fragment });
  // another query holding the same number: after the configure mutation it must show the new
  // fields straight from the cache, without asking the gateway again
  const numberQuery = { query: gql(NUMBER), variables: { id: payload.activeNumber.id } };
  await client.query({ ...numberQuery, ...fresh });
  const configured = await client.mutate({
    mutation: gql(CONFIGURE),
    variables: { sid: payload.activeNumber.sid, name: "Renamed by Apollo", voiceUrl: "https://example.com/apollo" },
  });
  return {
    cacheId: id,
    purchaseErrors: payload.userErrors,
    configureErrors: configured.data.configurePhoneNumber.userErrors,
    cachedAfterPurchase,
    cachedAfterConfigure: client.cache.readFragment({ id, fragment }),
    otherQueryFromCache: client.readQuery(numberQuery).node,
  };
}

async function apqAndRevalidation() {
  const start = log.length;
  for (let time = 0; time < 3; time += 1) await client.query({ query: gql(viewer("Apollo")), ...fresh });
  return log.slice(start);
}

const full = await client.query({ query: gql(FULL_TREE), ...fresh });
const paged = await pages();
const purchase = await purchaseThenConfigure();
const viewerExchanges = await apqAndRevalidation();
process.stdout.write(
  JSON.stringify({ fullTree: full.data, pages: paged, purchase, viewerExchanges, log }),
);
