"""A small JQL parser and evaluator: the subset the cockpit and its users send.

Supports `AND`/`OR`/`NOT`, parentheses, `=`, `!=`, `in`, `not in`, `is [not] EMPTY`,
`~`/`!~` (text contains: words, or a quoted phrase, ignoring case),
date comparisons (`>=`, `<=`, `>`, `<` on `updated`, `created`, `duedate`),
`ORDER BY` with `ASC`/`DESC`. Fields are looked up through a callback so that the
fake decides what `status`, `Flagged` or `cf[10021]` mean. Anything else raises
`JqlError`, which the fake answers with HTTP 400 like Jira does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cockpit.records import record

Values = Callable[[str], "list[str] | None"]
"""Given a lower-cased field name, the issue's values for it (None: unknown field)."""


class JqlError(ValueError):
    """The query is not valid JQL (or uses what the fake does not know)."""


_TOKEN = re.compile(
    r"""\s*(?:(?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<op>!=|!~|~|>=|<=|=|>|<|\(|\)|,)"""
    r"""|(?P<word>[A-Za-z0-9_.\-\[\]@:]+))"""
)


def tokenize(jql: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(jql):
        if jql[pos:].strip() == "":
            break
        match = _TOKEN.match(jql, pos)
        if match is None:
            raise JqlError(f"Error in the JQL Query: unexpected character at position {pos}.")
        pos = match.end()
        if match.group("str") is not None:
            raw = match.group("str")[1:-1]
            tokens.append(("str", re.sub(r"\\(.)", r"\1", raw)))
        elif match.group("op") is not None:
            tokens.append(("op", match.group("op")))
        else:
            tokens.append(("word", match.group("word")))
    return tokens


@record
class Clause:
    field: str
    op: str  # "=", "!=", "in", "not in", "is", "is not"
    values: tuple[str, ...]


@record
class BoolOp:
    op: str  # "and", "or", "not"
    parts: tuple[Node, ...]


Node = Clause | BoolOp


@record
class Query:
    where: Node | None
    order: tuple[tuple[str, bool], ...]
    """(lower-cased field, descending) pairs."""


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self, offset: int = 0) -> tuple[str, str] | None:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else None

    def word(self, offset: int = 0) -> str | None:
        token = self.peek(offset)
        return token[1].lower() if token and token[0] == "word" else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise JqlError("Error in the JQL Query: the query ended unexpectedly.")
        self.i += 1
        return token

    def query(self) -> Query:
        where = None
        if self.peek() is not None and not (self.word() == "order" and self.word(1) == "by"):
            where = self.or_expr()
        order: list[tuple[str, bool]] = []
        if self.word() == "order" and self.word(1) == "by":
            self.i += 2
            while True:
                name = self.take()[1].lower()
                desc = False
                if self.word() in ("asc", "desc"):
                    desc = self.take()[1].lower() == "desc"
                order.append((name, desc))
                if self.peek() == ("op", ","):
                    self.i += 1
                    continue
                break
        extra = self.peek()
        if extra is not None:
            raise JqlError(f"Error in the JQL Query: unexpected '{extra[1]}'.")
        return Query(where, tuple(order))

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.word() == "or":
            self.i += 1
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else BoolOp("or", tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.not_expr()]
        while self.word() == "and":
            self.i += 1
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))

    def not_expr(self) -> Node:
        if self.word() == "not":
            self.i += 1
            return BoolOp("not", (self.not_expr(),))
        if self.peek() == ("op", "("):
            self.i += 1
            node = self.or_expr()
            if self.take() != ("op", ")"):
                raise JqlError("Error in the JQL Query: expected ')'.")
            return node
        return self.clause()

    def clause(self) -> Clause:
        field = self.take()[1].lower()
        token = self.take()
        op = token[1].lower()
        if op == "not" and self.word() == "in":
            self.i += 1
            op = "not in"
        elif op == "is" and self.word() == "not":
            self.i += 1
            op = "is not"
        if op in ("in", "not in"):
            if self.take() != ("op", "("):
                raise JqlError("Error in the JQL Query: expected '(' after 'in'.")
            values = [self.take()[1]]
            while self.peek() == ("op", ","):
                self.i += 1
                values.append(self.take()[1])
            if self.take() != ("op", ")"):
                raise JqlError("Error in the JQL Query: expected ')'.")
            return Clause(field, op, tuple(values))
        if op not in ("=", "!=", "~", "!~", "is", "is not", *_COMPARE):
            raise JqlError(f"Error in the JQL Query: the operator '{token[1]}' is not supported.")
        return Clause(field, op, (self.take()[1],))


def parse(jql: str) -> Query:
    """Parse a query; raise JqlError with Jira's style of message."""
    return _Parser(tokenize(jql)).query()


_EMPTY = {"empty", "null"}
_COMPARE = (">=", "<=", ">", "<")


def _compare(have: list[str], op: str, value: str) -> bool:
    """Dates as text: "2025/03/01" and "2025-03-01 09:00" compare as Jira compares them."""
    wanted = value.replace("/", "-")
    tests = {
        ">=": lambda h: h >= wanted,
        "<=": lambda h: h[: len(wanted)] <= wanted,
        ">": lambda h: h[: len(wanted)] > wanted,
        "<": lambda h: h < wanted,
    }
    return any(tests[op](h.replace("/", "-")) for h in have)


def _contains(have: list[str], value: str) -> bool:
    """Jira's text search, roughly: a quoted phrase as a whole, else every word."""
    text = " ".join(have).casefold()
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] == '"':
        return value[1:-1].casefold() in text
    return all(word in text for word in value.casefold().split())


def matches(node: Node | None, values: Values) -> bool:
    """Does an issue (seen through `values`) satisfy the query's condition?"""
    if node is None:
        return True
    if isinstance(node, BoolOp):
        if node.op == "and":
            return all(matches(p, values) for p in node.parts)
        if node.op == "or":
            return any(matches(p, values) for p in node.parts)
        return not matches(node.parts[0], values)
    have = values(node.field)
    if have is None:
        raise JqlError(
            f"Field '{node.field}' does not exist or you do not have permission to view it."
        )
    if node.op in _COMPARE:
        return _compare(have, node.op, node.values[0])
    if node.op in ("~", "!~"):
        return _contains(have, node.values[0]) == (node.op == "~")
    have_l = {v.lower() for v in have}
    wanted = {v.lower() for v in node.values}
    if node.op in ("is", "is not"):
        if not wanted <= _EMPTY:
            raise JqlError("Error in the JQL Query: 'is' only takes EMPTY or NULL.")
        return (not have_l) == (node.op == "is")
    if wanted & _EMPTY and node.op in ("=", "!="):
        return (not have_l) == (node.op == "=")
    hit = bool(have_l & wanted)
    return hit if node.op in ("=", "in") else not hit


def clauses(node: Node | None) -> list[Clause]:
    """Every clause of a condition (to check values before evaluating)."""
    if node is None:
        return []
    if isinstance(node, Clause):
        return [node]
    return [c for part in node.parts for c in clauses(part)]
