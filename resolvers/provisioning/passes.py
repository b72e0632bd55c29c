"""The provisioning domain's job passes: released numbers' restore windows close."""

from __future__ import annotations

from resolvers.jobs.environment import NamedPass
from resolvers.provisioning.restore_windows import expire_restore_windows

PASSES: tuple[NamedPass, ...] = (("restore_windows", expire_restore_windows),)
