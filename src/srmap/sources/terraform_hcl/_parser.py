"""Recursive-descent parser for the HCL expression subset; failures raise ExprSyntaxError."""

from __future__ import annotations

from srmap.sources.terraform_hcl._ast import (
    Binary,
    Call,
    Conditional,
    ForExpr,
    GetAttr,
    Index,
    Literal,
    Name,
    Node,
    ObjectExpr,
    Splat,
    Template,
    TupleExpr,
    Unary,
    Unsupported,
)
from srmap.sources.terraform_hcl._lexer import ExprSyntaxError, StringPart, Token, tokenize

__all__ = ["ExprSyntaxError", "parse_expression", "parse_template"]

# Binary operators from loosest to tightest binding, as in the HCL specification.
_PRECEDENCE: tuple[tuple[str, ...], ...] = (
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "/", "%"),
)
_KEYWORDS: dict[str, Literal] = {
    "true": Literal(True),
    "false": Literal(False),
    "null": Literal(None),
}
_MAX_DEPTH = 60


def parse_expression(source: str) -> Node:
    """Parse one complete expression."""
    parser = _Parser(tokenize(source))
    node = parser.expression()
    parser.expect_end()
    return node


def parse_template(parts: tuple[StringPart, ...]) -> Node:
    """Turn scanned string parts into a Template node (or Unsupported for directives)."""
    nodes: list[str | Node] = []
    for part in parts:
        if part.kind == "directive":
            return Unsupported("template directive")
        nodes.append(part.text if part.kind == "text" else parse_expression(part.text))
    return Template(tuple(nodes))


class _Parser:
    """Holds the token stream and a cursor."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self, offset: int = 0) -> Token:
        """The token at the cursor plus offset (the end token past the end)."""
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def advance(self) -> Token:
        """Consume and return the current token."""
        token = self.peek()
        self.pos += 1
        return token

    def at(self, text: str) -> bool:
        """True when the current token is the operator or keyword text."""
        token = self.peek()
        return token.kind in ("op", "ident") and token.text == text

    def expect(self, text: str) -> None:
        """Consume the given operator or fail."""
        if not self.at(text):
            raise ExprSyntaxError(f"expected {text!r}, found {self.peek().text!r}")
        self.pos += 1

    def expect_end(self) -> None:
        """Fail unless every token was consumed."""
        if self.peek().kind != "end":
            raise ExprSyntaxError(f"unexpected {self.peek().text!r}")

    def expression(self) -> Node:
        """expression := binary ('?' expression ':' expression)?"""
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise ExprSyntaxError("expression nested too deeply")
        cond = self.binary(0)
        if self.at("?"):
            self.advance()
            then = self.expression()
            self.expect(":")
            cond = Conditional(cond, then, self.expression())
        self.depth -= 1
        return cond

    def binary(self, level: int) -> Node:
        """Left-associative binary operators at precedence level and tighter."""
        if level == len(_PRECEDENCE):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek().kind == "op" and self.peek().text in _PRECEDENCE[level]:
            op = self.advance().text
            left = Binary(op, left, self.binary(level + 1))
        return left

    def unary(self) -> Node:
        """unary := ('!' | '-') unary | postfix"""
        if self.at("!") or self.at("-"):
            op = self.advance().text
            return Unary(op, self.unary())
        return self.postfix(self.primary())

    def postfix(self, node: Node) -> Node:
        """Attribute access, indexing and splats after a primary expression."""
        while True:
            if self.at("."):
                self.advance()
                node = self.after_dot(node)
            elif self.at("[") and self.peek(1).text == "*" and self.peek(2).text == "]":
                self.pos += 3
                node = Splat(node, self.splat_path())
            elif self.at("["):
                self.advance()
                key = self.expression()
                self.expect("]")
                node = Index(node, key)
            else:
                return node

    def after_dot(self, node: Node) -> Node:
        """``.name``, ``.0`` (legacy index) or ``.*`` (attribute splat)."""
        token = self.advance()
        if token.kind == "ident":
            return GetAttr(node, token.text)
        if token.kind == "num" and token.text.isdigit():
            return Index(node, Literal(int(token.text)))
        if token.text == "*":
            return Splat(node, self.splat_path())
        raise ExprSyntaxError(f"unexpected {token.text!r} after '.'")

    def splat_path(self) -> tuple[str, ...]:
        """The ``.a.b`` attribute names that follow a splat."""
        path: list[str] = []
        while self.at(".") and self.peek(1).kind == "ident":
            path.append(self.peek(1).text)
            self.pos += 2
        return tuple(path)

    def primary(self) -> Node:
        """Literals, names, calls, parentheses, tuples and objects."""
        token = self.advance()
        if token.kind == "num":
            number = float(token.text)
            is_int = number.is_integer() and abs(number) < 2**63
            return Literal(int(number) if is_int else number)
        if token.kind == "str":
            return parse_template(token.parts)
        if token.kind == "ident":
            if token.text in _KEYWORDS:
                return _KEYWORDS[token.text]
            if self.at("("):
                return self.call(token.text)
            return Name(token.text)
        if token.text == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if token.text == "[":
            return self.tuple_or_for()
        if token.text == "{":
            return self.object_or_for()
        raise ExprSyntaxError(f"unexpected {token.text!r}")

    def call(self, name: str) -> Call:
        """``name(arg, ...)`` with an optional trailing ``...``."""
        self.expect("(")
        args: list[Node] = []
        expand = False
        while not self.at(")"):
            args.append(self.expression())
            if self.at("..."):
                self.advance()
                expand = True
            if not self.at(")"):
                self.expect(",")
        self.advance()
        return Call(name.rsplit("::", maxsplit=1)[-1], tuple(args), expand)

    def tuple_or_for(self) -> Node:
        """After ``[``: a tuple constructor or a list for-expression."""
        if self.at("for"):
            return self.for_expr("]")
        items: list[Node] = []
        while not self.at("]"):
            items.append(self.expression())
            if not self.at("]"):
                self.expect(",")
        self.advance()
        return TupleExpr(tuple(items))

    def object_or_for(self) -> Node:
        """After ``{``: an object constructor or an object for-expression."""
        if self.at("for"):
            return self.for_expr("}")
        items: list[tuple[Node, Node]] = []
        while not self.at("}"):
            items.append(self.object_item())
            if self.at(","):
                self.advance()
        self.advance()
        return ObjectExpr(tuple(items))

    def object_item(self) -> tuple[Node, Node]:
        """``key = value`` or ``key: value``; a bare identifier key is a string."""
        token = self.peek()
        next_text = self.peek(1).text
        if token.kind == "ident" and next_text in ("=", ":") and token.text not in _KEYWORDS:
            self.advance()
            key: Node = Literal(token.text)
        else:
            key = self.expression()
        if not (self.at("=") or self.at(":")):
            raise ExprSyntaxError("expected '=' in object")
        self.advance()
        return key, self.expression()

    def for_expr(self, closer: str) -> ForExpr:
        """``for k, v in coll : value if cond`` up to the closing bracket."""
        self.expect("for")
        names = [self.identifier()]
        if self.at(","):
            self.advance()
            names.append(self.identifier())
        self.expect("in")
        collection = self.expression()
        self.expect(":")
        key: Node | None = None
        value = self.expression()
        if closer == "}":
            self.expect("=>")
            key, value = value, self.expression()
        grouped = self.at("...")
        if grouped:
            self.advance()
        cond = None
        if self.at("if"):
            self.advance()
            cond = self.expression()
        self.expect(closer)
        key_var = names[0] if len(names) == 2 else None
        return ForExpr(key_var, names[-1], collection, key, value, cond, grouped)

    def identifier(self) -> str:
        """Consume an identifier token."""
        token = self.advance()
        if token.kind != "ident":
            raise ExprSyntaxError(f"expected a name, found {token.text!r}")
        return token.text
