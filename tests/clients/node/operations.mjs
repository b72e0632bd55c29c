// The documents both clients send. FULL_TREE comes from the README's curl example (the test
// passes it in FULL_TREE_QUERY); the rest are written as a frontend would write them.
export const FULL_TREE = process.env.FULL_TREE_QUERY;

export const PAGE = `
  query NumbersPage($after: String) {
    activeNumbers(first: 5, after: $after, orderBy: { field: PHONE_NUMBER, direction: ASC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id sid phoneNumber }
    }
  }
`;

export const BUYABLE = `
  query Buyable {
    availableNumbers(search: { isoCountry: "US", excludeAllAddressRequired: true,
                               excludeLocalAddressRequired: true }, first: 1) {
      nodes { phoneNumber }
    }
  }
`;

export const PURCHASE = `
  mutation Purchase($number: String!, $key: String!) {
    purchasePhoneNumber(input: { phoneNumber: $number, friendlyName: "Bought by a client",
                                 idempotencyKey: $key }) {
      activeNumber { id sid phoneNumber friendlyName status configuration { voice { url } } }
      userErrors { field message code }
    }
  }
`;

export const CONFIGURE = `
  mutation Configure($sid: String!, $name: String!, $voiceUrl: String!) {
    configurePhoneNumber(input: { sid: $sid, friendlyName: $name, voice: { url: $voiceUrl } }) {
      activeNumber { id friendlyName configuration { voice { url } } }
      userErrors { field message code }
    }
  }
`;

export const NUMBER = `
  query Number($id: ID!) {
    node(id: $id) { id ... on ActiveNumber { phoneNumber friendlyName configuration { voice { url } } } }
  }
`;

// Named after the client, so that each one's first send is a miss.
export function viewer(client) {
  return `query ${client}Viewer { viewer { id sid friendlyName balance { amount currency } } }`;
}
