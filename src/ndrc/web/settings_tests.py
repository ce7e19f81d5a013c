"""The tests' settings (pyproject.toml, [tool.pytest.ini_options]): the development settings,
asked for explicitly since ``NDRC_DEBUG`` is off unless set. A test that needs production sets
``NDRC_DEBUG=0`` itself (in the environment of a subprocess)."""

import os

os.environ.setdefault("NDRC_DEBUG", "1")

from ndrc.web.settings import *  # noqa: F403
