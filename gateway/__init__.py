"""The running service: app factory, settings, authentication, CLI and migrations."""
