"""Table definitions (SQLAlchemy Core), shared by reads, writes, migrations and the seeder.

Conventions:
- Money is integer minor units (cents) in ``*_minor`` columns; every price is in USD, as a
  provider bills a US account for numbers of any country.
- Times are naive UTC ``DateTime`` values (the same on SQLite and PostgreSQL).
- Enumerated values are stored as the GraphQL enum names (``LOCAL``, ``IN_USE`` …) so that a
  row can be served without translation.
- ``catalog_numbers`` holds every number the gateway knows, for sale or not, with its whole
  capability tree; ``owned_numbers`` holds one row per ownership (an account's ActiveNumber),
  joined to the catalog by ``phone_number``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)


def _sid(name: str = "sid", *args: Any, **kwargs: Any) -> Column[str]:
    return Column(name, String(34), *args, **kwargs)


accounts = Table(
    "accounts",
    metadata,
    _sid(primary_key=True),
    _sid("parent_sid", ForeignKey("accounts.sid"), nullable=True),
    Column("friendly_name", String(64), nullable=False),
    Column("status", String(16), nullable=False),  # ACTIVE / SUSPENDED / CLOSED
    Column("type", String(8), nullable=False),  # TRIAL / FULL
    Column("auth_token_hash", String(64), nullable=False),
    Column("balance_minor", BigInteger, nullable=False, server_default=text("0")),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index(None, "parent_sid"),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    _sid(primary_key=True),  # TX…
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    Column("kind", String(16), nullable=False),  # PURCHASE / RENEWAL / REFUND / TOP_UP
    Column("amount_minor", BigInteger, nullable=False),  # credit > 0, debit < 0
    Column("description", String(200), nullable=False),
    _sid("number_sid", nullable=True),
    Column("created_at", DateTime, nullable=False),
    Index(None, "account_sid", "created_at", "sid"),
)

addresses = Table(
    "addresses",
    metadata,
    _sid(primary_key=True),  # AD…
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    Column("friendly_name", String(64), nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("street", String(200), nullable=False),
    Column("city", String(100), nullable=False),
    Column("region", String(100), nullable=False),
    Column("postal_code", String(20), nullable=False),
    Column("iso_country", String(2), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index(None, "account_sid", "iso_country"),
)

messaging_services = Table(
    "messaging_services",
    metadata,
    _sid(primary_key=True),  # MG…
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    Column("friendly_name", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index(None, "account_sid"),
)

catalog_numbers = Table(
    "catalog_numbers",
    metadata,
    Column("phone_number", String(16), primary_key=True),  # E.164
    Column("iso_country", String(2), nullable=False),
    Column("type", String(24), nullable=False),
    Column("lifecycle", String(24), nullable=False),
    Column("beta", Boolean, nullable=False),
    # available / reserved / assigned / aging / departed (a released hosted number, gone)
    Column("state", String(12), nullable=False),
    Column("aging_until", DateTime, nullable=True),
    # a reservation's hold (resolvers/reservations): for sale only to held_by until held_until
    Column("held_by", String(34), nullable=True),
    Column("held_until", DateTime, nullable=True),
    # voice
    Column("voice_capable", Boolean, nullable=False),
    Column("voice_inbound", Boolean, nullable=False),
    Column("voice_outbound", Boolean, nullable=False),
    Column("voice_e911", Boolean, nullable=False),
    Column("voice_fax", Boolean, nullable=False),
    Column("voice_sip_trunking", Boolean, nullable=False),
    Column("voice_calls_per_second", Integer, nullable=False),
    Column("voice_concurrent_calls_limit", Integer, nullable=False),
    Column("voice_long_record_length", Integer, nullable=False),
    Column("voice_inbound_called_dtmf", Boolean, nullable=False),
    Column("voice_inbound_caller_dtmf", Boolean, nullable=False),
    Column("voice_caller_id_preservation", String(16), nullable=False),
    Column("voice_inbound_reachability", String(16), nullable=False),
    Column("voice_codecs", String(120), nullable=False),  # comma-separated
    # sms
    Column("sms_capable", Boolean, nullable=False),
    Column("sms_inbound", Boolean, nullable=False),
    Column("sms_outbound", Boolean, nullable=False),
    Column("sms_gsm7", Boolean, nullable=False),
    Column("sms_ucs2", Boolean, nullable=False),
    Column("sms_gsm7_concatenation", Boolean, nullable=False),
    Column("sms_ucs2_concatenation", Boolean, nullable=False),
    Column("sms_sender_id_preservation", String(16), nullable=False),
    Column("sms_inbound_reachability", String(16), nullable=False),
    Column("sms_inbound_mps", Integer, nullable=False),  # -1 = no limit
    # mms
    Column("mms_capable", Boolean, nullable=False),
    Column("mms_inbound", Boolean, nullable=False),
    Column("mms_outbound", Boolean, nullable=False),
    Column("mms_inbound_reachability", String(16), nullable=False),
    Column("mms_inbound_mps", Integer, nullable=False),
    # regulatory
    Column("address_requirements", String(8), nullable=False),  # NONE / ANY / LOCAL / FOREIGN
    Column("identity_required", Boolean, nullable=False),
    # geography
    Column("lata", String(8), nullable=True),
    Column("rate_center", String(32), nullable=True),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("region", String(64), nullable=True),
    Column("locality", String(64), nullable=True),
    Column("postal_code", String(16), nullable=True),
    # pricing (USD minor units)
    Column("setup_fee_minor", Integer, nullable=False),
    Column("monthly_fee_minor", Integer, nullable=False),
    Index(None, "iso_country", "type", "state", "phone_number"),
    Index(None, "iso_country", "postal_code"),
    Index(None, "lata", "rate_center"),
    Index(None, "latitude", "longitude"),
)

# Region and locality match ignoring case (``lower(column) = lower(value)``), so their indexes
# are on the lowered column: the filter reads them instead of the whole market (0014).
Index(
    "ix_catalog_numbers_iso_country_lower_region",
    catalog_numbers.c.iso_country,
    func.lower(catalog_numbers.c.region),
)
Index(
    "ix_catalog_numbers_iso_country_lower_locality",
    catalog_numbers.c.iso_country,
    func.lower(catalog_numbers.c.locality),
)

owned_numbers = Table(
    "owned_numbers",
    metadata,
    _sid(primary_key=True),  # PN…
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    Column(
        "phone_number",
        String(16),
        ForeignKey("catalog_numbers.phone_number"),
        nullable=False,
    ),
    Column("friendly_name", String(64), nullable=False),
    Column("origin", String(16), nullable=False),  # PURCHASED / HOSTED / PORTED
    Column("status", String(16), nullable=False),  # IN_USE / RELEASED
    # configuration
    Column("status_callback", String(500), nullable=True),
    Column("status_callback_method", String(4), nullable=False, server_default="POST"),
    Column("voice_url", String(500), nullable=True),
    Column("voice_method", String(4), nullable=False, server_default="POST"),
    Column("voice_fallback_url", String(500), nullable=True),
    Column("voice_fallback_method", String(4), nullable=False, server_default="POST"),
    _sid("voice_application_sid", nullable=True),
    _sid("trunk_sid", nullable=True),
    Column("emergency_status", String(8), nullable=False, server_default="INACTIVE"),
    _sid("emergency_address_sid", nullable=True),
    Column("voice_receive_mode", String(8), nullable=False, server_default="VOICE"),
    Column("voice_caller_id_lookup", Boolean, nullable=False, server_default=text("false")),
    Column("sms_url", String(500), nullable=True),
    Column("sms_method", String(4), nullable=False, server_default="POST"),
    Column("sms_fallback_url", String(500), nullable=True),
    Column("sms_fallback_method", String(4), nullable=False, server_default="POST"),
    _sid("sms_application_sid", nullable=True),
    Column("mms_url", String(500), nullable=True),
    Column("mms_method", String(4), nullable=False, server_default="POST"),
    Column("mms_fallback_url", String(500), nullable=True),
    Column("mms_fallback_method", String(4), nullable=False, server_default="POST"),
    _sid("mms_application_sid", nullable=True),
    # regulatory bindings
    _sid("address_sid", ForeignKey("addresses.sid"), nullable=True),
    _sid("identity_sid", nullable=True),
    _sid("messaging_service_sid", ForeignKey("messaging_services.sid"), nullable=True),
    # billing (fees are fixed at purchase; USD minor units)
    Column("setup_fee_minor", Integer, nullable=False),
    Column("monthly_fee_minor", Integer, nullable=False),
    Column("purchased_at", DateTime, nullable=False),
    Column("next_billing_date", DateTime, nullable=True),  # null once released
    Column("released_at", DateTime, nullable=True),
    Column("restorable_until", DateTime, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    # at most one owner in use per number; the database settles purchase races
    Index(
        "uq_owned_numbers_phone_in_use",
        "phone_number",
        unique=True,
        sqlite_where=text("status = 'IN_USE'"),
        postgresql_where=text("status = 'IN_USE'"),
    ),
    Index(None, "account_sid", "status", "phone_number", "sid"),
    Index(None, "account_sid", "status", "friendly_name", "sid"),
    Index(None, "account_sid", "status", "purchased_at", "sid"),
    Index(None, "account_sid", "status", "next_billing_date", "sid"),
    Index(None, "account_sid", "trunk_sid"),
    Index(None, "messaging_service_sid"),
)

number_activity = Table(
    "number_activity",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    _sid("number_sid", ForeignKey("owned_numbers.sid"), nullable=False),
    Column("kind", String(8), nullable=False),  # CALL / MESSAGE
    Column("direction", String(8), nullable=False),  # INBOUND / OUTBOUND
    Column("status", String(16), nullable=False),  # COMPLETED / FAILED / …
    Column("duration_seconds", Integer, nullable=False, server_default=text("0")),
    Column("occurred_at", DateTime, nullable=False),
    Index(None, "number_sid", "occurred_at"),
)

# --- provisioning (issue 3) -------------------------------------------------------------

applications = Table(
    "applications",
    metadata,
    _sid(primary_key=True),  # AP…
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    Column("friendly_name", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index(None, "account_sid"),
)

trunks = Table(
    "trunks",
    metadata,
    _sid(primary_key=True),  # TK…
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    Column("friendly_name", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index(None, "account_sid"),
)

identity_documents = Table(
    "identity_documents",
    metadata,
    _sid(primary_key=True),  # RI…
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    Column("friendly_name", String(64), nullable=False),
    Column("status", String(16), nullable=False),  # VERIFIED / PENDING / REJECTED
    Column("created_at", DateTime, nullable=False),
    Index(None, "account_sid"),
)

# A replayed mutation with the same key returns the stored payload and changes nothing.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    _sid("account_sid", ForeignKey("accounts.sid"), primary_key=True),
    Column("key", String(128), primary_key=True),
    Column("operation", String(40), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("response", Text, nullable=False),  # the payload as JSON
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Index(None, "expires_at"),
)

# What `lookup` knows of numbers, including ones outside the catalog (carrier data).
number_lookups = Table(
    "number_lookups",
    metadata,
    Column("phone_number", String(16), primary_key=True),
    Column("number_type", String(16), nullable=False),  # LANDLINE / MOBILE / VOIP / TOLLFREE
    Column("carrier_name", String(100), nullable=True),
    Column("messaging_enabled", Boolean, nullable=False),
)

# A number whose ownership an account has proven already (a verified caller ID): hosting it
# for that account skips the verification call. One account per number; removed once the
# number is hosted.
verified_caller_ids = Table(
    "verified_caller_ids",
    metadata,
    Column("phone_number", String(16), primary_key=True),  # E.164
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False),
)

# --- messaging pools (issue 4, item 3) --------------------------------------------------
# A service's pool is the IN_USE numbers whose ``messaging_service_sid`` names it.
# ``selection_rank`` orders the pool least recently used first: it is the id of the
# number_activity row of the number's latest selection (0 = never selected since joining),
# which grows with every selection on both databases even when the clock stands still.

messaging_services.append_column(
    Column("sticky_sender", Boolean, nullable=False, server_default=text("false"))
)
messaging_services.append_column(
    Column("max_pool_size", Integer, nullable=False, server_default=text("400"))
)
owned_numbers.append_column(
    Column("selection_rank", BigInteger, nullable=False, server_default=text("0"))
)
owned_numbers.append_column(Column("last_selected_at", DateTime, nullable=True))
Index(
    None,
    owned_numbers.c.messaging_service_sid,
    owned_numbers.c.selection_rank,
    owned_numbers.c.sid,
)

# Sticky sender: the number a service last used for a recipient.
sticky_senders = Table(
    "sticky_senders",
    metadata,
    _sid("messaging_service_sid", ForeignKey("messaging_services.sid"), primary_key=True),
    Column("to_number", String(16), primary_key=True),  # E.164
    _sid("number_sid", ForeignKey("owned_numbers.sid"), nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index(None, "number_sid"),
)

# --- events: the outbox (issue 4, item 5) -----------------------------------------------
# Every state change writes one row here in the same transaction as the change itself.
# Webhook deliveries and the numberEvents subscription read from it; nothing else writes it
# except ``resolvers.events.outbox.record_event``.

number_events = Table(
    "number_events",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    _sid("sid", nullable=False, unique=True),  # EV…
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    Column("kind", String(40), nullable=False),  # PURCHASED / RELEASED / … (API.md)
    Column("node_type", String(40), nullable=False),  # ActiveNumber / HostedNumberOrder / …
    _sid("node_sid", nullable=False),
    Column("data", Text, nullable=False),  # JSON object: what changed
    Column("occurred_at", DateTime, nullable=False),
    Index(None, "account_sid", "id"),
    Index(None, "node_sid", "id"),
)

# --- events: webhook deliveries (issue 4, item 5) ---------------------------------------
# One row per (event, status callback URL), written with the event. PENDING rows are due at
# ``next_attempt_at``; a delivery pass claims a row by pushing ``next_attempt_at`` past the
# HTTP call (a lease, so no transaction stays open during it) and bumping ``attempts``, then
# records the outcome: DELIVERED, or PENDING again after a doubling delay, or FAILED at the cap.

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("event_id", BigInteger, ForeignKey("number_events.id"), nullable=False),
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    Column("url", String(500), nullable=False),
    Column("method", String(4), nullable=False, server_default="POST"),  # the callback's method
    Column("status", String(16), nullable=False),  # PENDING / DELIVERED / FAILED
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime, nullable=True),  # None once DELIVERED or FAILED
    Column("last_attempt_at", DateTime, nullable=True),
    Column("last_status_code", Integer, nullable=True),
    Column("last_error", String(300), nullable=True),
    Column("delivered_at", DateTime, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Index(None, "status", "next_attempt_at"),
    Index(None, "event_id"),
)

# Secrets the deployment generated for itself (migration 0013): "webhook", the HMAC key of
# X-Gateway-Signature when GATEWAY_WEBHOOK_SECRET is not set.
gateway_secrets = Table(
    "gateway_secrets",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
)


# --- jobs: billing renewals, suspension, aging (issue 4, item 1) -----------------------
# ``billing_status`` is CURRENT, or PAST_DUE while the account is suspended for nonpayment
# (``billing_suspended_at``; an account suspended for another reason leaves it null).
# ``restore_expired_at`` marks a release whose restore window the aging pass has closed.
# One ``renewal_charges`` row per (number, billing date) charged: the key makes a second
# charge of the same cycle impossible, whichever runner tries it.

owned_numbers.append_column(
    Column("billing_status", String(12), nullable=False, server_default="CURRENT")
)
owned_numbers.append_column(Column("restore_expired_at", DateTime, nullable=True))
accounts.append_column(Column("billing_suspended_at", DateTime, nullable=True))
Index(
    "ix_owned_numbers_restorable_until",
    owned_numbers.c.restorable_until,
    sqlite_where=text("restore_expired_at IS NULL AND restorable_until IS NOT NULL"),
    postgresql_where=text("restore_expired_at IS NULL AND restorable_until IS NOT NULL"),
)
Index(
    "ix_catalog_numbers_aging_until",
    catalog_numbers.c.aging_until,
    sqlite_where=text("aging_until IS NOT NULL"),
    postgresql_where=text("aging_until IS NOT NULL"),
)

renewal_charges = Table(
    "renewal_charges",
    metadata,
    _sid("number_sid", ForeignKey("owned_numbers.sid"), primary_key=True),
    Column("billing_date", DateTime, primary_key=True),  # the cycle's first day (charged then)
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    _sid("ledger_entry_sid", ForeignKey("ledger_entries.sid"), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("created_at", DateTime, nullable=False),
)


# --- activity feeds, reclaim and fraud (issue 4, item 2) -------------------------------
# An inactive number is warned (``reclaim_warned_at``; ``reclaim_after`` is the deadline the
# warning promised), then reclaimed (``reclaimed_at``: released by the gateway, not by its
# owner, so it is not release-and-buy churn). ``fraud_flagged_at`` marks a churning account.

owned_numbers.append_column(Column("reclaim_warned_at", DateTime, nullable=True))
owned_numbers.append_column(Column("reclaim_after", DateTime, nullable=True))
owned_numbers.append_column(Column("reclaimed_at", DateTime, nullable=True))
accounts.append_column(Column("fraud_flagged_at", DateTime, nullable=True))
Index(None, owned_numbers.c.reclaim_after)
Index(None, owned_numbers.c.released_at)


# --- hosted numbers and authorization documents (issue 4, item 4) ----------------------
# An order moves TWILIO_PROCESSING → … → COMPLETED (resolvers/hosted/statuses.py);
# ``deadline_at`` is when the timers pass next looks at it (verification/LoA expiry, or the
# end of a carrier step). At most one open order per phone number, across all accounts.

authorization_documents = Table(
    "authorization_documents",
    metadata,
    _sid(primary_key=True),  # PX…
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    _sid("address_sid", ForeignKey("addresses.sid"), nullable=False),
    Column("status", String(12), nullable=False),  # OPENED / SIGNING / SIGNED / CANCELED / FAILED
    Column("email", String(254), nullable=False),
    Column("cc_emails", Text, nullable=False),  # JSON list
    Column("contact_title", String(100), nullable=True),
    Column("contact_phone_number", String(16), nullable=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 of the signing token
    Column("order_count", Integer, nullable=False),
    Column("signer_name", String(200), nullable=True),
    Column("signed_at", DateTime, nullable=True),
    Column("failure_reason", String(300), nullable=True),
    Column("expires_at", DateTime, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index(None, "account_sid", "created_at", "sid"),
    Index(None, "status", "expires_at"),
)

hosted_number_orders = Table(
    "hosted_number_orders",
    metadata,
    _sid(primary_key=True),  # HR…
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    Column("phone_number", String(16), nullable=False),  # E.164
    Column("iso_country", String(2), nullable=False),
    # LANDLINE / TOLLFREE; FIXED_LINE_OR_MOBILE etc. on an order failed for an unknown carrier
    Column("line_type", String(24), nullable=False),
    Column("friendly_name", String(64), nullable=False),
    Column("status", String(24), nullable=False),
    Column("failure_reason", String(300), nullable=True),
    _sid("address_sid", ForeignKey("addresses.sid"), nullable=False),
    Column("email", String(254), nullable=False),
    Column("cc_emails", Text, nullable=False),  # JSON list
    Column("contact_phone_number", String(16), nullable=True),
    Column("contact_title", String(100), nullable=True),
    Column("sms_url", String(500), nullable=True),
    Column("sms_method", String(4), nullable=False, server_default="POST"),
    Column("sms_fallback_url", String(500), nullable=True),
    Column("sms_fallback_method", String(4), nullable=False, server_default="POST"),
    _sid("sms_application_sid", nullable=True),
    Column("status_callback_url", String(500), nullable=True),
    Column("status_callback_method", String(4), nullable=False, server_default="POST"),
    # the simulated verification call (the code is what the call plays)
    Column("verification_code", String(8), nullable=True),
    Column("verification_called_at", DateTime, nullable=True),
    Column("verification_call_delay", Integer, nullable=True),
    Column("verification_extension", String(64), nullable=True),
    Column("verification_calls", Integer, nullable=False, server_default=text("0")),
    Column("verification_attempts", Integer, nullable=False, server_default=text("0")),
    _sid("document_sid", ForeignKey("authorization_documents.sid"), nullable=True),
    _sid("active_number_sid", nullable=True),
    Column("deadline_at", DateTime, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index(None, "account_sid", "created_at", "sid"),
    Index(None, "status", "deadline_at"),
    Index(None, "document_sid"),
    Index(
        "uq_hosted_number_orders_phone_open",
        "phone_number",
        unique=True,
        sqlite_where=text("status NOT IN ('COMPLETED', 'FAILED', 'CANCELED')"),
        postgresql_where=text("status NOT IN ('COMPLETED', 'FAILED', 'CANCELED')"),
    ),
)


# --- hardening: rate limits, tokens (issue 6) ------------------------------------------


# --- persisted queries and trusted documents (issue 14) ---------------------------------------
# Query documents by SHA-256 of their text, shared by every gateway process. Automatic persisted
# queries (Apollo's protocol) add untrusted rows, the oldest evicted beyond a bound (``id``
# orders them); `numbers-gateway documents register` adds trusted rows, never evicted.
persisted_documents = Table(
    "persisted_documents",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("document", Text, nullable=False),
    Column("trusted", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index(None, "trusted", "id"),
)


# --- stored activity (issue 12, item 1) ------------------------------------------------
# Every writer of ``number_activity`` also adds its records to the number's day bucket (UTC
# day) and refreshes two rolled-up columns of the number, in the same transaction:
# ``last_activity_at`` (the latest ``occurred_at`` ever recorded) and ``activity_anchor_day``:
# the latest day D whose buckets from D on hold at least 3 qualifying calls or at least 3
# messages (1970-01-01 when there is no such day). The number is active while the activity
# window's first day is on or before D (resolvers/activity/rule.py), so the verdict is one
# indexed column; the counters are sums over at most 31 bucket rows.

number_activity_days = Table(
    "number_activity_days",
    metadata,
    _sid("number_sid", ForeignKey("owned_numbers.sid"), primary_key=True),
    Column("day", Date, primary_key=True),  # UTC
    Column("calls", Integer, nullable=False),  # every call, any outcome
    Column("qualifying_calls", Integer, nullable=False),  # COMPLETED, 12 s or more
    Column("messages", Integer, nullable=False),  # sent or received (not FAILED/UNDELIVERED)
)

owned_numbers.append_column(Column("last_activity_at", DateTime, nullable=True))
owned_numbers.append_column(
    Column("activity_anchor_day", Date, nullable=False, server_default=text("'1970-01-01'"))
)
# The window's counters rolled up on the number's row (migration 0019), so that a page reads
# them with the row instead of summing its day buckets: the sums of the buckets from
# ``rolled_from_day`` on, and ``rolled_until_day``, the oldest of those buckets' days. They are
# the window's counters for every window whose first day lies between the two (no bucket
# starts or stops counting in between); outside it the read sums the buckets
# (resolvers/activity/rule.py). The defaults are right for a number without buckets.
owned_numbers.append_column(
    Column("rolled_from_day", Date, nullable=False, server_default=text("'1970-01-01'"))
)
owned_numbers.append_column(
    Column("rolled_until_day", Date, nullable=False, server_default=text("'9999-12-31'"))
)
owned_numbers.append_column(Column("rolled_calls", Integer, nullable=False, server_default="0"))
owned_numbers.append_column(
    Column("rolled_qualifying_calls", Integer, nullable=False, server_default="0")
)
owned_numbers.append_column(Column("rolled_messages", Integer, nullable=False, server_default="0"))
# Reclaim reads its candidates (PURCHASED, IN_USE, inactive) through this index. ``origin``
# leads so that a statement on ``status`` alone (the warnings' withdrawal, which goes by
# ``reclaim_after``) is not drawn to it by SQLite's planner.
Index(
    None,
    owned_numbers.c.origin,
    owned_numbers.c.status,
    owned_numbers.c.activity_anchor_day,
)
# The warnings' withdrawal (IN_USE numbers with a pending warning): without it SQLite walks
# every number in use (the partial unique index on phone numbers) to find the few warned ones.
Index(None, owned_numbers.c.status, owned_numbers.c.reclaim_after)
# The roll-up pass finds the rows whose roll-up the window has left behind through this index.
Index(None, owned_numbers.c.rolled_until_day)


# --- bulk number orders (issue 15, item 3) ---------------------------------------------
# One row per createNumberOrder that committed (an all-or-nothing order that was refused left
# nothing behind), and one line per number asked for, in the order of the input. The totals
# are stored with the order so that a page of orders reads no lines unless they are selected.
number_orders = Table(
    "number_orders",
    metadata,
    _sid(primary_key=True),  # NO…
    _sid("account_sid", ForeignKey("accounts.sid"), nullable=False),
    Column("status", String(12), nullable=False),  # COMPLETED / PARTIAL / FAILED
    Column("allow_partial", Boolean, nullable=False),
    Column("area_code", String(3), nullable=True),  # an order by area code and quantity
    Column("requested_count", Integer, nullable=False),
    Column("purchased_count", Integer, nullable=False),
    Column("refused_count", Integer, nullable=False),
    Column("setup_fees_minor", BigInteger, nullable=False),  # of the numbers bought
    Column("monthly_fees_minor", BigInteger, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index(None, "account_sid", "created_at", "sid"),
)

number_order_lines = Table(
    "number_order_lines",
    metadata,
    _sid("order_sid", ForeignKey("number_orders.sid"), primary_key=True),
    Column("position", Integer, primary_key=True),  # from 0, in the order of the input
    Column("requested", Text, nullable=False),  # as asked: any text, or the area code
    Column("status", String(10), nullable=False),  # PURCHASED / REFUSED
    Column("phone_number", String(16), nullable=True),
    _sid("active_number_sid", nullable=True),
    _sid("transaction_sid", nullable=True),
    Column("code", String(40), nullable=True),  # the ErrorCode name of a refusal
    Column("message", Text, nullable=True),
)
