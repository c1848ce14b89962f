"""PyYAML's parse errors in Swedish: where the parser stumbled and what the user most likely
wrote (a tab in the indentation, a colon inside a text, a quote never closed)."""

from __future__ import annotations

import yaml

_TAB = "tabbtecken i indraget; använd mellanslag för indrag, inte tabb"
_YAML_HINTS = [
    ("tab character", _TAB),
    (
        "mapping values are not allowed",
        "ett kolon följt av mellanslag (': ') inne i en text; sätt texten inom citattecken",
    ),
    (
        "could not find expected ':'",
        "en rad saknar ':' efter nyckeln, eller en text fortsätter på nästa rad utan citattecken",
    ),
    (
        "did not find expected key",
        "indraget stämmer inte: raden står inte i linje med nycklarna ovanför",
    ),
    (
        "did not find expected '-' indicator",
        "indraget stämmer inte: raden står inte i linje med listans '-'",
    ),
    ("block sequence entries are not allowed", "ett '-' står på fel ställe eller med fel indrag"),
    ("did not find expected ',' or ']'", "en lista inom [ ] stängs inte med ]"),
    ("did not find expected ',' or '}'", "en mappning inom { } stängs inte med }"),
    ("found unexpected end of stream", "ett citattecken stängs aldrig"),
    (
        "found unknown escape character",
        "okänt tecken efter \\ i text inom dubbla citattecken; använd enkla citattecken",
    ),
    ("did not find expected node content", "ett värde saknas eller har fel indrag"),
    ("found undefined alias", "ankare och alias (*namn) används inte i stod"),
    ("did not find expected alphabetic or numeric character", "ankare och alias används inte"),
    ("found duplicate anchor", "ankare och alias används inte i stod"),
    ("expected a single document", "filen innehåller mer än ett YAML-dokument (---)"),
    ("did not find expected <document start>", "oväntat innehåll efter dokumentets slut"),
]


def explain_yaml_error(error: yaml.YAMLError, text: str) -> tuple[int, int, str]:
    """Line, column and a Swedish explanation of what the parser stumbled on."""
    if isinstance(error, yaml.reader.ReaderError):
        before = text[: error.position]
        line = before.count("\n") + 1
        col = error.position - (before.rfind("\n") + 1) + 1
        char = error.character if isinstance(error.character, int) else ord(str(error.character))
        return line, col, f"YAML-fel: otillåtet styrtecken U+{char:04X} i texten; ta bort det"
    problem = str(getattr(error, "problem", None) or error)
    mark = getattr(error, "problem_mark", None)
    if "could not find expected ':'" in problem and getattr(error, "context_mark", None):
        mark = error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "cannot start any token" in problem and mark is not None:
        char = text[mark.index] if mark.index < len(text) else ""
        if char == "\t":
            return line, col, f"YAML-fel: {_TAB}"
        return (
            line,
            col,
            (f"YAML-fel: ett värde kan inte börja med '{char}'; sätt texten inom citattecken"),
        )
    for needle, message in _YAML_HINTS:
        if needle in problem:
            return line, col, f"YAML-fel: {message}"
    return (
        line,
        col,
        (f"YAML-fel: filen går inte att läsa ({problem}); kontrollera indrag och citattecken"),
    )
