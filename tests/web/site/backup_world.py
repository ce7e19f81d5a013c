"""A session with a closed jury (frozen results), built in its own process against a
throw-away database for tests/web/site/test_backup.py
(``python -m tests.web.site.backup_world``)."""

from __future__ import annotations

import json

import django


def main() -> None:
    django.setup()
    from ndrc.web.accounts.models import User
    from ndrc.web.deliberations.closing import deliberation_close
    from ndrc.web.deliberations.models import Jury
    from tests.web.jobs.crash_world import world

    ids = world()
    count = deliberation_close(
        jury=Jury.objects.get(pk=ids["jury"]), actor=User.objects.get(pk=ids["president"])
    )
    print(json.dumps({**ids, "frozen": count}), flush=True)


if __name__ == "__main__":
    main()
