"""A griffe extension for the API pages: give ``@attrs.frozen`` classes their ``__init__``.

griffe reads the source statically and knows dataclasses, not attrs, so without this the
reference would show ``Profile()`` with no fields. The signature is rebuilt from the annotated
class attributes in order: ``attrs.field(default=...)`` and ``attrs.Factory(...)`` give defaults,
a bare ``attrs.field(...)`` is required. Used only by ``mkdocs.yml``; not part of acupress.
"""

from __future__ import annotations

from typing import Any

import griffe

_DECORATORS = {"attrs.frozen", "attrs.define", "attrs.mutable", "attr.s", "attr.attrs"}
_NO_DEFAULT = object()


def _is_attrs(cls: griffe.Class) -> bool:
    for decorator in cls.decorators:
        value = decorator.value
        if isinstance(value, griffe.ExprCall):
            value = value.function
        path = value.canonical_path if isinstance(value, griffe.Expr) else str(value)
        if path in _DECORATORS:
            return True
    return False


def _default(attribute: griffe.Attribute) -> Any:
    value = attribute.value
    if value is None:
        return _NO_DEFAULT
    if isinstance(value, griffe.ExprCall) and value.function.canonical_path == "attrs.field":
        for argument in value.arguments:
            if isinstance(argument, griffe.ExprKeyword) and argument.name == "default":
                return argument.value
            if isinstance(argument, griffe.ExprKeyword) and argument.name == "factory":
                factory = argument.value
                return griffe.ExprCall(factory, []) if isinstance(factory, griffe.Expr) else factory
        return _NO_DEFAULT
    return value


class AttrsInit(griffe.Extension):
    """Add an ``__init__`` built from the fields to every attrs class that lacks one."""

    def on_class_members(self, *, cls: griffe.Class, **_kwargs: Any) -> None:
        if "__init__" in cls.members or not _is_attrs(cls):
            return
        parameters = [
            griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword),
        ]
        for member in cls.members.values():
            if member.is_alias or not member.is_attribute:
                continue
            attribute: griffe.Attribute = member  # type: ignore[assignment]
            if attribute.annotation is None or "property" in attribute.labels:
                continue
            default = _default(attribute)
            parameters.append(
                griffe.Parameter(
                    attribute.name,
                    annotation=attribute.annotation,
                    kind=griffe.ParameterKind.positional_or_keyword,
                    default=None if default is _NO_DEFAULT else default,
                )
            )
        cls.set_member(
            "__init__",
            griffe.Function(
                "__init__",
                lineno=0,
                endlineno=0,
                parent=cls,
                parameters=griffe.Parameters(*parameters),
                returns="None",
            ),
        )
