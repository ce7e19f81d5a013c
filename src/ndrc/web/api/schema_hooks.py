"""Post-processing of the OpenAPI schema: identifiers in paths are non-negative integers (the
URL converters match digits only), as the served schema must say."""

from __future__ import annotations

from typing import Any


def non_negative_path_ids(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "path" and schema.get("type") == "integer":
                    schema["minimum"] = 0
    return result


def token_refusals(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Every operation that reads a token (its ``security`` names the ``jeton`` scheme) may
    answer 401 (a token unknown, revoked or expired) and 429 (too many failed attempts for
    that account from this address: django-axes' lockout), with the API's error body."""
    schemas = result.get("components", {}).get("schemas", {})
    body = (
        {"$ref": "#/components/schemas/Error"}
        if "Error" in schemas
        else {
            "type": "object",
            "properties": {"detail": {"type": "string"}},
            "required": ["detail"],
        }
    )
    answers = {
        "401": "Jeton d'accès inconnu, révoqué ou expiré.",
        "429": "Trop de tentatives échouées pour ce compte depuis cette adresse : réessayer après "
        "le délai indiqué (en-tête Retry-After).",
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            if not any("jeton" in scheme for scheme in operation.get("security", [])):
                continue
            responses = operation.setdefault("responses", {})
            for code, description in answers.items():
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": body}}},
                )
    return result
