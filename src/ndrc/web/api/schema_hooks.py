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
