"""The demo-data seeder: a realistic catalog plus demo accounts that own part of it."""

from gateway.seed.credentials import DemoCredentials
from gateway.seed.demo import database_is_empty, seed_demo

__all__ = ["DemoCredentials", "database_is_empty", "seed_demo"]
