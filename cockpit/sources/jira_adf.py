"""Atlassian Document Format (Jira Cloud v3 rich text) to and from plain text.

`text_to_adf` makes a document of paragraphs (blank lines split paragraphs, single
newlines become hard breaks); `adf_to_text` flattens any document back to text,
so a comment posted as ADF reads back as the text that was posted.
"""

from __future__ import annotations

from typing import Any

_BLOCKS = {
    "paragraph",
    "heading",
    "blockquote",
    "codeBlock",
    "bulletList",
    "orderedList",
    "listItem",
    "panel",
    "rule",
    "table",
    "tableRow",
    "mediaSingle",
    "expand",
}


def text_to_adf(text: str) -> dict[str, Any]:
    """A version-1 ADF document holding `text` as paragraphs."""
    paragraphs: list[dict[str, Any]] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        content: list[dict[str, Any]] = []
        for i, line in enumerate(chunk.split("\n")):
            if i:
                content.append({"type": "hardBreak"})
            if line:
                content.append({"type": "text", "text": line})
        paragraph: dict[str, Any] = {"type": "paragraph"}
        if content:
            paragraph["content"] = content
        paragraphs.append(paragraph)
    return {"type": "doc", "version": 1, "content": paragraphs}


def adf_to_text(node: Any) -> str:
    """Plain text of an ADF document (or a plain string, returned as is)."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node
    blocks: list[str] = []
    _collect(node, blocks)
    return "\n\n".join(b for b in blocks).strip("\n")


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _inline(node: Any) -> str:
    if not isinstance(node, dict):
        return ""
    kind = node.get("type")
    attrs = _obj(node.get("attrs"))
    if kind == "text":
        text = node.get("text")
        return text if isinstance(text, str) else ""
    if kind == "hardBreak":
        return "\n"
    if kind == "mention":
        return str(attrs.get("text") or "@" + str(attrs.get("id", "")))
    if kind == "emoji":
        return str(attrs.get("text") or attrs.get("shortName") or "")
    if kind in ("inlineCard", "blockCard"):
        return str(attrs.get("url") or "")
    if kind in ("date",):
        return str(attrs.get("timestamp") or "")
    if kind == "status":
        return str(attrs.get("text") or "")
    content = node.get("content")
    return "".join(_inline(c) for c in content) if isinstance(content, list) else ""


def _collect(node: Any, blocks: list[str]) -> None:
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    content = node.get("content")
    children = content if isinstance(content, list) else []
    if kind == "doc" or (kind in _BLOCKS and any(_is_block(c) for c in children)):
        for child in children:
            if _is_block(child):
                _collect(child, blocks)
            else:
                blocks.append(_inline(child))
        return
    if kind == "rule":
        blocks.append("---")
        return
    blocks.append(_inline(node))


def _is_block(node: Any) -> bool:
    return isinstance(node, dict) and node.get("type") in _BLOCKS
