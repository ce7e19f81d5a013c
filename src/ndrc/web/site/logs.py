"""What the logs need, imported by the settings (so: no model, no settings read at import).

- the request id of the request being answered (a context variable set by
  ``RequestIdMiddleware``), added to every log record by ``RequestIdFilter``;
- ``SharedRotatingFileHandler``: the errors file, rotated by size, written by several
  processes (gunicorn's workers) at once;
- ``ErrorMailHandler``: the errors by e-mail to them, as the file has them;
- ``parse_admins``: the administrators who receive the errors by e-mail (``NDRC_ADMINS``).
"""

from __future__ import annotations

import logging
import os
import re
from contextvars import ContextVar
from email.utils import getaddresses
from logging.handlers import RotatingFileHandler

from django.core.exceptions import ImproperlyConfigured
from django.utils.log import AdminEmailHandler

NO_REQUEST = "-"
request_id: ContextVar[str] = ContextVar("ndrc_request_id", default=NO_REQUEST)

# What a request id from the load balancer may look like: a token (a UUID, hexadecimal, the
# usual proxies' ids), never spaces, line breaks or markup that would forge a log line.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{7,127}")
EMAIL = re.compile(r"[^@\s<>,]+@[^@\s<>,]+\.[^@\s<>,]+")


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id``: the id of the request being answered, ``-`` outside one
    (commands, the background worker)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class SharedRotatingFileHandler(RotatingFileHandler):
    """A size-rotated file that several processes write: before writing, a process whose file
    was rotated by another (the name now leads to a new file) reopens the name, so that no
    process keeps writing to the old file nor rotates the new one again."""

    def shouldRollover(self, record: logging.LogRecord) -> int:
        if self.stream is not None and self._rotated_elsewhere():
            self.stream.close()
            self.stream = self._open()
        return super().shouldRollover(record)

    def _rotated_elsewhere(self) -> bool:
        try:
            current = os.stat(self.baseFilename)
        except FileNotFoundError:
            return True
        opened = os.fstat(self.stream.fileno())
        return (current.st_dev, current.st_ino) != (opened.st_dev, opened.st_ino)


class ErrorMailHandler(AdminEmailHandler):
    """An error mailed to the administrators (``ADMINS``) as the errors file writes it: the
    line with the request id, then the traceback. Unlike Django's report, the mail carries
    neither the request's parameters nor the settings: no candidate's data leaves the server
    by e-mail; the request id leads to the server's logs."""

    def emit(self, record: logging.LogRecord) -> None:
        request_id = getattr(record, "request_id", NO_REQUEST)
        subject = self.format_subject(f"{record.levelname} [{request_id}] {record.getMessage()}")
        self.send_mail(subject, self.format(record), fail_silently=True)


def parse_admins(value: str) -> list[tuple[str, str]]:
    """``"Nom <adresse>, autre@exemple.fr"`` → ``[("Nom", "adresse"), ("", "autre@…")]``."""
    admins = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        parsed = getaddresses([part])
        if len(parsed) != 1 or not EMAIL.fullmatch(parsed[0][1]):
            raise ImproperlyConfigured(
                f"NDRC_ADMINS : « {part} » n'est pas une adresse électronique lisible. "
                "Écrivez les administrateurs ainsi : Nom <adresse@exemple.fr>, "
                "autre@exemple.fr"
            )
        admins.append(parsed[0])
    return admins
