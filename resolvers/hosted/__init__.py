"""Hosted numbers: SMS on a number the customer already owns elsewhere (REFERENCE.md).

orders.py        createHostedNumberOrder (eligibility.py) and cancelHostedNumberOrder
verification.py  the simulated ownership call and its code
documents.py     authorization documents (letters of authorization) and their signing
completion.py    a COMPLETED order becomes an ActiveNumber with origin HOSTED
timers.py        hosted_order_timers_pass: 7-day expiries and the carrier steps
statuses.py      the status machine: every change is a conditional update plus an event
reads.py         the look-ahead shapes and reads of orders and documents
"""
