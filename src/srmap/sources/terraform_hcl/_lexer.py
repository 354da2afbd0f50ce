"""Tokenizer for HCL expressions as python-hcl2 serializes them (``var.x == "a" ? 1 : 2``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ExprSyntaxError", "StringPart", "Token", "tokenize"]


class ExprSyntaxError(ValueError):
    """The expression text is outside the subset this tokenizer or parser understands."""


@dataclass(frozen=True, slots=True)
class StringPart:
    """One piece of a quoted string: literal text, an ``${...}`` source, or a directive."""

    kind: str  # "text", "interp" or "directive"
    text: str


@dataclass(frozen=True, slots=True)
class Token:
    """A lexical token; ``parts`` is set for quoted strings only."""

    kind: str  # "num", "str", "ident", "op", "end"
    text: str
    parts: tuple[StringPart, ...] = ()


_NUMBER = re.compile(r"\d+(\.\d+)?([eE][+-]?\d+)?")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_OPERATORS = (
    "...",
    "==",
    "!=",
    "<=",
    ">=",
    "&&",
    "||",
    "=>",
    "<",
    ">",
    "!",
    "+",
    "-",
    "*",
    "/",
    "%",
    "?",
    ":",
    ".",
    ",",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "=",
)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_SPACE = " \t\r\n"


def tokenize(source: str) -> list[Token]:
    """Split expression source into tokens, ending with an ``end`` token."""
    tokens: list[Token] = []
    pos = 0
    while True:
        pos = _skip_space_and_comments(source, pos)
        if pos >= len(source):
            tokens.append(Token("end", ""))
            return tokens
        token, pos = _next_token(source, pos)
        tokens.append(token)


def _skip_space_and_comments(source: str, pos: int) -> int:
    """Advance past whitespace and ``#``, ``//`` and ``/* */`` comments."""
    while pos < len(source):
        if source[pos] in _SPACE:
            pos += 1
        elif source.startswith(("#", "//"), pos):
            end = source.find("\n", pos)
            pos = len(source) if end < 0 else end
        elif source.startswith("/*", pos):
            end = source.find("*/", pos + 2)
            if end < 0:
                raise ExprSyntaxError("unterminated comment")
            pos = end + 2
        else:
            break
    return pos


def _next_token(source: str, pos: int) -> tuple[Token, int]:
    """Read the token starting at pos."""
    char = source[pos]
    if char == '"':
        parts, end = scan_string(source, pos + 1)
        return Token("str", source[pos:end], parts), end
    if char.isdigit():
        match = _NUMBER.match(source, pos)
        assert match is not None  # a digit always starts a number
        return Token("num", match.group()), match.end()
    match = _IDENT.match(source, pos)
    if match:
        return Token("ident", match.group()), match.end()
    for operator in _OPERATORS:
        if source.startswith(operator, pos):
            return Token("op", operator), pos + len(operator)
    raise ExprSyntaxError(f"unexpected character {char!r}")


def scan_string(source: str, pos: int) -> tuple[tuple[StringPart, ...], int]:
    """Scan a quoted template body from pos to just past its closing quote."""
    parts: list[StringPart] = []
    text: list[str] = []
    while pos < len(source):
        char = source[pos]
        if char == '"':
            return _with_text(parts, text), pos + 1
        if source.startswith(("$${", "%%{"), pos):
            text.append(source[pos + 1 : pos + 3])
            pos += 3
        elif source.startswith(("${", "%{"), pos):
            end = _matching_brace(source, pos + 2)
            parts = list(_with_text(parts, text))
            text = []
            kind = "interp" if char == "$" else "directive"
            parts.append(StringPart(kind, source[pos + 2 : end].strip(" \t\r\n~")))
            pos = end + 1
        elif char == "\\":
            decoded, pos = _escape(source, pos + 1)
            text.append(decoded)
        else:
            text.append(char)
            pos += 1
    raise ExprSyntaxError("unterminated string")


def _with_text(parts: list[StringPart], text: list[str]) -> tuple[StringPart, ...]:
    """Parts plus the pending literal text, if any."""
    if text:
        return (*parts, StringPart("text", "".join(text)))
    return tuple(parts)


def _escape(source: str, pos: int) -> tuple[str, int]:
    """Decode the escape whose marker is at pos; unknown escapes are kept verbatim."""
    if pos >= len(source):
        raise ExprSyntaxError("dangling backslash")
    marker = source[pos]
    if marker in _ESCAPES:
        return _ESCAPES[marker], pos + 1
    width = {"u": 4, "U": 8}.get(marker)
    digits = source[pos + 1 : pos + 1 + width] if width else ""
    if width and re.fullmatch(r"[0-9a-fA-F]+", digits) and len(digits) == width:
        codepoint = int(digits, 16)
        if codepoint <= 0x10FFFF and not 0xD800 <= codepoint < 0xE000:
            return chr(codepoint), pos + 1 + width
    return "\\" + marker, pos + 1


def _matching_brace(source: str, pos: int) -> int:
    """Index of the ``}`` closing an interpolation whose body starts at pos."""
    depth = 0
    while pos < len(source):
        char = source[pos]
        if char == '"':
            _, pos = scan_string(source, pos + 1)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return pos
            depth -= 1
        pos += 1
    raise ExprSyntaxError("unterminated interpolation")
