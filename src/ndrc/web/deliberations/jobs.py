"""Closing a deliberation as a background job (a large jury takes seconds): the work function
run by ndrc.web.jobs, with its progress and a link back to the jury."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.web.deliberations import services
from ndrc.web.deliberations.models import Jury
from ndrc.web.jobs.services import JobError, Progress


def deliberation_close_work(
    *, params: dict[str, Any], actor: Any, progress: Progress
) -> dict[str, Any]:
    jury = Jury.objects.get(pk=params["jury"])
    url = reverse("jury_detail", args=[jury.pk])
    try:
        count = services.deliberation_close(
            jury=jury, actor=actor, progress=progress, seen=params.get("seen")
        )
    except services.DeliberationBlocked as blocked:
        raise JobError(
            "Délibération impossible à clore : il manque encore des éléments.",
            details=blocked.problems,
            url=url,
            link_label="Retour au jury",
        ) from None
    except ValidationError as error:
        raise JobError(" ".join(error.messages), url=url, link_label="Retour au jury") from None
    progress(3, 3, "Délibération close.")
    return {
        "message": f"Délibération close : {count} résultat(s) arrêté(s).",
        "url": url,
        "link_label": "Retour au jury",
        "count": count,
    }
