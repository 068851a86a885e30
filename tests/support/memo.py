"""Reading a MeMo message back into python-serviceplatformen's own model (issue 16).

The library serializes its dataclasses itself (`models.xml_util.dataclass_to_xml`): a field
holding a dataclass is an element named after the class, in the class's namespace; any
other field is an element named after the field, in its parent's namespace; a tuple is one
element per item; times are "%Y-%m-%dT%H:%M:%SZ" (UTC). `parse_memo` walks the model's
fields the same way, so what comes back is a `Message` whose fields a test compares, and an
element the model does not know, or a missing required one, fails the test.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import UTC, date, datetime
from xml.etree import ElementTree

from python_serviceplatformen.models.message import NAME_SPACES, Message

MEMO = NAME_SPACES["memo"]


def parse_memo(xml: bytes) -> Message:
    root = ElementTree.fromstring(xml)
    assert root.tag == f"{{{MEMO}}}Message", root.tag
    assert root.attrib == {"memoVersion": "1.2"}
    return _build(Message, root)


def _build(cls: type, element: ElementTree.Element) -> typing.Any:
    hints = typing.get_type_hints(cls)
    children = list(element)
    used: set[int] = set()
    values = {}
    for field in dataclasses.fields(cls):
        target, many = _target(hints[field.name])
        if dataclasses.is_dataclass(target):
            tag = f"{{{target.__namespace__}}}{target.__name__}"
        else:
            tag = f"{{{cls.__namespace__}}}{field.name}"
        found = [child for child in children if child.tag == tag]
        used.update(id(child) for child in found)
        if not found:
            if _optional(hints[field.name]):
                values[field.name] = None  # left out because it was None
            continue
        made = [_build(target, child) if dataclasses.is_dataclass(target)
                else _scalar(target, child.text or "") for child in found]
        if many:
            values[field.name] = tuple(made)
        else:
            assert len(made) == 1, f"{cls.__name__}.{field.name} appears {len(made)} times"
            values[field.name] = made[0]
    unknown = [child.tag for child in children if id(child) not in used]
    assert not unknown, f"{cls.__name__} has elements the model does not know: {unknown}"
    return cls(**values)


def _optional(hint: typing.Any) -> bool:
    return (typing.get_origin(hint) in (typing.Union, types.UnionType)
            and type(None) in typing.get_args(hint))


def _target(hint: typing.Any) -> tuple[typing.Any, bool]:
    """The type a field holds, and whether it holds a tuple of them."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    if typing.get_origin(hint) is tuple:
        return typing.get_args(hint)[0], True
    return hint, False


def _scalar(target: typing.Any, text: str) -> typing.Any:
    if target is datetime:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    if target is date:
        return date.fromisoformat(text)
    if target is bool:
        assert text in ("true", "false"), text
        return text == "true"
    return text
