"""Messaging services: sender pools (REFERENCE.md, "Activity and reclaim"; issue 4, item 3).

``pools``: create a service, add and remove numbers, read services. ``senders``: pick the pool
member a message goes out from, least recently used first, and record the send as activity.
"""
