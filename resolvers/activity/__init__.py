"""Activity feeds, the reclaim of inactive numbers and the release-and-buy fraud check.

- ``records``: one call or message record, validated (the rules every feed obeys).
- ``recording``: ``recordNumberActivity`` and its bulk form (one multi-row INSERT).
- ``warnings``: a pending reclaim warning is withdrawn once its number is active again.
- ``reclaim``: the job pass that warns inactive numbers, then reclaims them after a grace.
- ``fraud``: the job pass that flags, then suspends, accounts churning numbers.
- ``rule``: the activity rule itself (the 30-day counters and the verdict), as SQL over the
  stored activity.
- ``tallies``: the stored activity (day buckets, last activity, the verdict's anchor day),
  kept by every recorder (these mutations and ``selectSender``).
- ``visible``: the pending reclaim warning as ``ActiveNumber.activity`` shows it.

The ActiveNumber read (``resolvers.active_numbers``) shows the counters, the verdict and the
warning, so it depends on this package, never the other way round.
"""
