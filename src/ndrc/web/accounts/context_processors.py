from django.http import HttpRequest

from ndrc.web.accounts.roles import Permission, has_permission


def permissions(request: HttpRequest) -> dict[str, dict[str, bool]]:
    """``ndrc_can.<permission>`` in every template, computed by the one permission check."""
    return {"ndrc_can": {p.value: has_permission(request.user, p) for p in Permission}}
