"""Twilio's REST API (2010-04-01) for numbers and accounts, beside ``/graphql``.

The same use-cases and reads as the GraphQL schema, under Twilio's URLs, parameters, JSON and
errors, so that scripts written for Twilio's API or its SDKs work by changing the base URL.
``routes()`` lists them; ``gateway.app`` mounts them.
"""

from gateway.rest.routes import routes

__all__ = ["routes"]
