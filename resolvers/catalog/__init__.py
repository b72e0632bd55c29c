"""The available-number catalog: search (``availableNumbers``), countries, prices.

``availability.available_for_sale`` is the one definition of "for sale" (purchase reuses it);
``contains`` is the pure parser of the ``contains`` language; ``text_search`` turns its
patterns into SQL that a trigram index serves.
"""
