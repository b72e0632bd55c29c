// Twilio's Node SDK against a running gateway: the only change is client.api.baseUrl.
// Input (environment): GATEWAY_URL, ACCOUNT_SID, AUTH_TOKEN, PHONE_NUMBERS (JSON list to buy),
// AREA_CODE (one number for sale there), TAKEN (a number someone else owns).
// Output: one JSON object on stdout, which tests/rest/test_twilio_sdk.py checks.
import twilio from "twilio";

const env = process.env;
const client = twilio(env.ACCOUNT_SID, env.AUTH_TOKEN);
client.api.baseUrl = env.GATEWAY_URL;

async function refusal(call) {
  try {
    await call();
    return null;
  } catch (error) {
    return { status: error.status, code: error.code };
  }
}

const out = {};
const bought = [];
for (const phoneNumber of JSON.parse(env.PHONE_NUMBERS)) {
  bought.push(await client.incomingPhoneNumbers.create({ phoneNumber }));
}
out.byAreaCode = (await client.incomingPhoneNumbers.create({ areaCode: env.AREA_CODE })).phoneNumber;
out.listed = (await client.incomingPhoneNumbers.list({ pageSize: 2 })).map((n) => n.phoneNumber);
const first = bought[0];
const updated = await client.incomingPhoneNumbers(first.sid).update({
  friendlyName: "Node",
  voiceUrl: "https://example.com/voice",
  voiceMethod: "GET",
});
out.updated = [updated.friendlyName, updated.voiceUrl, updated.voiceMethod];
out.dateCreated = updated.dateCreated.toISOString();
const sub = await client.api.v2010.accounts.create({ friendlyName: "Node team" });
out.movedTo = (await client.incomingPhoneNumbers(first.sid).update({ accountSid: sub.sid })).accountSid;
out.subaccount = sub.sid;
out.deleted = await client.api.v2010.accounts(sub.sid).incomingPhoneNumbers(first.sid).remove();
out.search = (
  await client.availablePhoneNumbers("US").local.list({
    areaCode: 628,
    smsEnabled: true,
    inRegion: "CA",
    nearLatLong: "37.77,-122.42",
    distance: 50,
    pageSize: 1,
  })
).map((n) => n.phoneNumber);
out.suspended = (await client.api.v2010.accounts(sub.sid).update({ status: "suspended" })).status;
const balance = await client.api.v2010.accounts(env.ACCOUNT_SID).balance.fetch();
out.balance = [balance.balance, balance.currency];
out.refusals = {
  taken: await refusal(() => client.incomingPhoneNumbers.create({ phoneNumber: env.TAKEN })),
  invalid: await refusal(() => client.incomingPhoneNumbers.create({ phoneNumber: "+1415" })),
  released: await refusal(() => client.incomingPhoneNumbers(first.sid).fetch()),
  badUrl: await refusal(() => client.incomingPhoneNumbers(bought[1].sid).update({ voiceUrl: "ftp://x" })),
  badPageSize: await refusal(() => client.incomingPhoneNumbers.list({ pageSize: 5000 })),
};
console.log(JSON.stringify(out));
