"""Run Django management commands for the NDRC site (used by ``ndrc web …``)."""

from __future__ import annotations

import os
from collections.abc import Sequence


def run(argv: Sequence[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ndrc web", *argv])
