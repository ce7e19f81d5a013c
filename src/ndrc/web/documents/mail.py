"""Telling a person by e-mail that a document was issued or results published (Django's
e-mail: the console in ``make run``, SMTP from the environment in production). Each message
is recorded (``MailRecord``), sent or not; a person without an address is recorded as such,
for the exam office to reach otherwise. A failed sending never fails the work that asked
for it."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from ndrc.web.audit.services import bulk_insert
from ndrc.web.documents.models import IssuedDocument, MailRecord

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One e-mail to send: to ``address`` (empty: none known), its subject and text, why
    (``topic``: « document », « results »…), about whom, and the document it announces
    (attached when ``attach``)."""

    address: str
    subject: str
    body: str
    topic: str
    session_id: int | None = None
    academy_id: int | None = None
    candidate_id: int | None = None
    recipient_id: int | None = None
    document: IssuedDocument | None = None
    attach: bool = False


def notices_send(notices: Sequence[Notice]) -> list[MailRecord]:
    """Send these e-mails over one connection and record each (bulk): « envoyé », « échec de
    l'envoi » with the error, or « sans adresse électronique »."""
    records: list[MailRecord] = []
    connection = None
    try:
        for notice in notices:
            state, error = MailRecord.SENT, ""
            if not notice.address.strip():
                state = MailRecord.NO_ADDRESS
            else:
                if connection is None:
                    connection = get_connection(fail_silently=False)
                    connection.open()
                message = EmailMessage(
                    subject=f"{settings.EMAIL_SUBJECT_PREFIX}{notice.subject}",
                    body=notice.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[notice.address],
                    connection=connection,
                )
                if notice.attach and notice.document is not None:
                    message.attach(
                        notice.document.filename,
                        bytes(notice.document.content),
                        notice.document.mimetype,
                    )
                try:
                    message.send()
                except Exception as failure:  # recorded: never fails the work that sent it
                    logger.warning("mail to %s not sent: %s", notice.address, failure)
                    state, error = MailRecord.FAILED, str(failure)[:255]
            records.append(_record(notice, state, error))
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:  # pragma: no cover - closing a broken connection
                logger.warning("mail connection not closed", exc_info=True)
    bulk_insert(records)
    return records


def notice_send(notice: Notice) -> MailRecord:
    """Send one e-mail and record it (``notices_send``)."""
    return notices_send([notice])[0]


def _record(notice: Notice, state: str, error: str) -> MailRecord:
    return MailRecord(
        at=timezone.now(),
        state=state,
        address=notice.address.strip(),
        subject=notice.subject[:255],
        body=notice.body,
        topic=notice.topic,
        session_id=notice.session_id,
        academy_id=notice.academy_id,
        candidate_id=notice.candidate_id,
        recipient_id=notice.recipient_id,
        document=notice.document,
        error=error,
    )


def mail_text(*lines: Any) -> str:
    """An e-mail's text: its lines, then the site's signature."""
    return "\n".join([*(str(line) for line in lines), "", "—", "Service des examens"])
