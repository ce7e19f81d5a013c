"""The API's permission classes: the same single check as the pages (roles.has_permission)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from ndrc.web.accounts.roles import Permission, has_permission


def requires(permission: Permission) -> type[BasePermission]:
    class _Requires(BasePermission):
        message = "Vous n'avez pas accès à cette ressource."
        # Read by tests/web/test_permission_matrix.py, like the pages' ``view.required_permission``.
        required_permission = permission

        def has_permission(self, request: Any, view: Any) -> bool:
            return has_permission(request.user, permission)

    _Requires.__name__ = f"Requires_{permission.value}"
    return _Requires
