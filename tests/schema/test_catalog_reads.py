"""``availableCountries``, ``pricing`` and ``lookup``: authenticated reads of the catalog."""

from __future__ import annotations

from datetime import timedelta

from resolvers.core.tables import number_lookups
from schema.build import export_sdl
from tests.support.catalog import add_numbers_for_sale
from tests.support.client import Gateway
from tests.support.factories import T0
from tests.support.numbers import sign_in

COUNTRIES = "{ availableCountries { isoCountry name numberTypes beta } }"
PRICING = """
query ($iso: String!) {
  pricing(isoCountry: $iso) {
    isoCountry name prices { type setupFee { amount currency } monthlyFee { amount } }
  }
}
"""
LOOKUP = """
query ($number: String!) {
  lookup(phoneNumber: $number) {
    phoneNumber countryCode nationalFormat carrier { name type } messagingEnabled
  }
}
"""


async def test_available_countries_list_what_is_for_sale(gateway: Gateway) -> None:
    await sign_in(gateway)
    await add_numbers_for_sale(
        gateway.engine,
        {
            "+14155550100": {},
            "+18005550100": {"type": "TOLLFREE", "beta": True},
            "+18005550101": {"type": "MOBILE", "state": "assigned"},  # not for sale
            "+442071838750": {"state": "aging", "aging_until": T0 + timedelta(days=1)},
            "+447400123456": {"type": "MOBILE"},
            "+16475550100": {"iso_country": "CA", "state": "assigned"},
        },
    )
    with gateway.count_statements() as log:
        data = await gateway.gql(COUNTRIES)
    assert log.count == 2  # authentication, then one statement
    assert data["availableCountries"] == [
        {"isoCountry": "GB", "name": "United Kingdom", "numberTypes": ["MOBILE"], "beta": False},
        {
            "isoCountry": "US",
            "name": "United States",
            "numberTypes": ["LOCAL", "TOLLFREE"],
            "beta": True,
        },
    ]
    gateway.clock.advance(timedelta(days=2))  # the GB local number's quarantine ends
    data = await gateway.gql(COUNTRIES)
    assert data["availableCountries"][0]["numberTypes"] == ["LOCAL", "MOBILE"]
    data = await gateway.gql("{ availableCountries { isoCountry } }")  # beta not asked for
    assert data["availableCountries"] == [{"isoCountry": "GB"}, {"isoCountry": "US"}]


async def test_pricing_is_the_most_common_price_of_each_type(gateway: Gateway) -> None:
    await sign_in(gateway)
    await add_numbers_for_sale(
        gateway.engine,
        {
            "+14155550100": {"monthly_fee_minor": 115},
            "+14155550101": {"monthly_fee_minor": 115, "state": "assigned"},  # any state
            "+14155550102": {"monthly_fee_minor": 100},  # cheaper, but rarer
            "+18005550100": {"type": "TOLLFREE", "setup_fee_minor": 300, "monthly_fee_minor": 215},
            "+18005550101": {"type": "TOLLFREE", "setup_fee_minor": 200, "monthly_fee_minor": 215},
        },
    )
    data = await gateway.gql(PRICING, {"iso": "us"})
    assert data["pricing"] == {
        "isoCountry": "US",
        "name": "United States",
        "prices": [
            {
                "type": "LOCAL",
                "setupFee": {"amount": "0.00", "currency": "USD"},
                "monthlyFee": {"amount": "1.15"},
            },
            {  # a tie: the cheaper pair
                "type": "TOLLFREE",
                "setupFee": {"amount": "2.00", "currency": "USD"},
                "monthlyFee": {"amount": "2.15"},
            },
        ],
    }
    assert (await gateway.gql(PRICING, {"iso": "DE"}))["pricing"] is None
    [error] = await gateway.gql_errors(PRICING, {"iso": "ZZ"})
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["field"] == ["isoCountry"]


async def test_lookup_prefers_carrier_data_then_the_catalog_then_the_plan(
    gateway: Gateway,
) -> None:
    await sign_in(gateway)
    await add_numbers_for_sale(
        gateway.engine,
        {"+14155550100": {}, "+18005550100": {"type": "TOLLFREE", "sms_capable": False}},
    )
    async with gateway.engine.begin() as conn:
        await conn.execute(
            number_lookups.insert().values(
                phone_number="+14155550100",
                number_type="VOIP",
                carrier_name="Acme Telecom",
                messaging_enabled=False,
            )
        )

    async def lookup(number: str) -> dict[str, object]:
        result: dict[str, object] = (await gateway.gql(LOOKUP, {"number": number}))["lookup"]
        return result

    assert await lookup("+14155550100") == {
        "phoneNumber": "+14155550100",
        "countryCode": "US",
        "nationalFormat": "(415) 555-0100",
        "carrier": {"name": "Acme Telecom", "type": "VOIP"},
        "messagingEnabled": False,
    }
    tollfree = await lookup("+18005550100")
    assert tollfree["carrier"] == {"name": None, "type": "TOLLFREE"}
    assert tollfree["messagingEnabled"] is False
    mobile = await lookup("+447400123456")  # in neither table: the numbering plan
    assert mobile["countryCode"] == "GB"
    assert mobile["nationalFormat"] == "07400 123456"
    assert mobile["carrier"] == {"name": "Three", "type": "MOBILE"}
    assert mobile["messagingEnabled"] is None


async def test_lookup_refuses_an_invalid_number(gateway: Gateway) -> None:
    await sign_in(gateway)
    for number in ["4155550100", "+1415555", "+19995550100"]:
        [error] = await gateway.gql_errors(LOOKUP, {"number": number})
        assert error["extensions"]["code"] == "INVALID_INPUT"
        assert error["extensions"]["field"] == ["phoneNumber"]


async def test_catalog_reads_need_credentials(gateway: Gateway) -> None:
    for query in (COUNTRIES, '{ pricing(isoCountry: "US") { isoCountry } }'):
        response = await gateway.post(query)
        assert response.status_code == 401


def test_contract_names_from_api_md_are_present() -> None:
    sdl = export_sdl()
    for name in [
        "availableNumbers(search: AvailableNumberSearch!, first: Int = null, after: String = "
        "null): AvailableNumberConnection!",
        "availableCountries: [CountryInventory!]!",
        "pricing(isoCountry: String!): CountryPricing",
        "lookup(phoneNumber: String!): NumberLookup",
        "pricing: NumberPricing!",
        "nearLatLong: LatLongInput",
        "distanceMiles: Int = 25",
        "type: NumberType = LOCAL",
        "beta: Boolean = true",
    ]:
        assert name in sdl, name
