"""YAML as stod writes it: values that read back as the same text, prose as literal blocks."""

from __future__ import annotations

import json
import re

import yaml

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#,\[\]{}\n]*")


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(value) -> str:
    """A document: block style, small mappings inline, multi-line text as `|` blocks."""
    return yaml.dump(
        value,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=100,
    )


def scalar(value) -> str:
    """One value for an inline mapping (`{a: …, b: …}`), quoted only when it must be."""
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def inline(mapping: dict) -> str:
    """`{a: 1, b: text}` with the keys in the given order and empty values left out."""
    parts = [f"{k}: {scalar(v)}" for k, v in mapping.items() if v is not None and v != ""]
    return "{" + ", ".join(parts) + "}"


def flow_list(items: list) -> str:
    return "[" + ", ".join(scalar(i) for i in items) + "]"
