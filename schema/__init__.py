"""The GraphQL surface: Strawberry types, inputs, enums, errors and the schema object.

Read types are backed by plain dicts built by the look-ahead reads in ``resolvers``: each dict
holds exactly the selected fields under their Python names, and the schema's default resolver
reads them by key. The schema layer never talks to the database itself.
"""
