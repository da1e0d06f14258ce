"""The `[keymap]` section: which binding ids exist, their default keys, where keys clash.

The app and widgets declare their keys as Textual `Binding(id=...)`s; this module
holds the same table as plain data, so the config can be checked without importing
Textual (tests/unit/test_keymap.py keeps the two equal). A key press goes to the focused
widget, then its pane, then the app: within one such path (a scope) two ids on one
key leave one of them dead. Screens and dialogs (note editor, help, journal...)
shadow the app's keys on purpose, so each is a scope of its own.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping

DEFAULT_KEYS: dict[str, dict[str, str]] = {
    "CockpitApp": {
        "focus_today": "1",
        "focus_calls": "2",
        "focus_blocked": "3",
        "focus_backlog": "4",
        "focus_5": "5",
        "focus_6": "6",
        "focus_7": "7",
        "focus_8": "8",
        "focus_9": "9",
        "refresh": "r",
        "switch_board": "b",
        "board_view": "V",
        "prev_day": "left_square_bracket",
        "next_day": "right_square_bracket",
        "today": "t",
        "filter": "slash",
        "journal": "N",
        "standup": "S",
        "update": "U",
        "show_declined": "D",
        "copy_dial_in": "d",
        "join_next": "O",
        "privacy": "P",
        "roadmap": "R",
        "help": "question_mark",
        "quit": "q",
    },
    "ItemPane": {
        "details": "enter",
        "open": "o",
        "note": "n",
        "clear_filter": "escape",
        "flag": "f",
        "transition": "m",
        "assign": "a",
        "unlink": "u",
    },
    "BlockedPane": {"chase_list": "c"},
    "BacklogPane": {
        "move_down": "J,shift+down",
        "move_up": "K,shift+up",
        "move_top": "T",
        "move_bottom": "B",
        "priority": "p",
    },
    "IssuePane": {"priority": "p"},
    "LineTable": {
        "cursor_up": "up",
        "cursor_down": "down",
        "cursor_page_up": "pageup",
        "cursor_page_down": "pagedown",
        "cursor_first": "home",
        "cursor_last": "end",
    },
    "NoteEditor": {"save_note": "ctrl+s", "save_as_story": "ctrl+t", "cancel_note": "escape"},
    "ConfirmDiscard": {"confirm_discard": "y", "keep_writing": "n,escape"},
    "DetailScreen": {
        "close_detail": "escape,q,enter",
        "detail_open": "o",
        "detail_note": "n",
        "detail_flag": "f",
        "detail_transition": "m",
        "detail_assign": "a",
        "detail_unlink": "u",
    },
    "HelpScreen": {"close_help": "escape,q,question_mark"},
    "JournalScreen": {
        "close_journal": "escape",
        "search_notes": "slash",
        "edit_note": "e",
        "delete_note": "d",
        "restore_note": "R",
        "deleted_notes": "D",
        "story_from_note": "s",
    },
    "StoryDialog": {"create_story": "ctrl+s", "cancel_story": "escape"},
    "DigestScreen": {
        "copy_digest": "ctrl+o",
        "export_digest": "ctrl+s",
        "close_digest": "escape",
    },
    "PriorityPicker": {"cancel_priority": "escape"},
    "PrepScreen": {"prep_copy_dial_in": "d"},
    "ChoicePicker": {"cancel_choice": "escape"},
    "TextPrompt": {"cancel_prompt": "escape"},
    "AssigneePicker": {"cancel_assign": "escape"},
    "RoadmapScreen": {"close_roadmap": "escape", "set_kr": "e", "open_roadmap_item": "o"},
    "IssueListScreen": {"close_issues": "escape", "open_issue": "o"},
    "NumberInput": {"cancel_kr": "escape"},
    "BoardViewScreen": {"close_board": "escape,q,V"},
}
"""Default keys by binding id, grouped by the class whose `BINDINGS` declare them."""

SCOPES: dict[str, tuple[str, ...]] = {
    "the Today and Customer calls panes": ("ItemPane", "LineTable", "CockpitApp"),
    "the Blocked pane": ("BlockedPane", "ItemPane", "LineTable", "CockpitApp"),
    "the Backlog pane": ("BacklogPane", "ItemPane", "LineTable", "CockpitApp"),
    "your own panes": ("IssuePane", "ItemPane", "LineTable", "CockpitApp"),
    "the note editor": ("NoteEditor",),
    "the discard question": ("ConfirmDiscard",),
    "the detail view": ("DetailScreen",),
    "the prep sheet": ("PrepScreen", "DetailScreen"),
    "the help screen": ("HelpScreen",),
    "the notes journal": ("JournalScreen",),
    "the stand-up and update drafts": ("DigestScreen",),
    "the priority picker": ("PriorityPicker",),
    "the transition, resolution and blocker pickers": ("ChoicePicker",),
    "the comment prompt": ("TextPrompt",),
    "the assignee picker": ("AssigneePicker",),
    "the story dialog": ("StoryDialog",),
    "the Roadmap screen": ("RoadmapScreen", "CockpitApp"),
    "the issues of a release or epic": ("IssueListScreen",),
    "a tracked number's new value": ("NumberInput",),
    "the board view": ("BoardViewScreen",),
}
"""Where keys compete: the classes on one key press's way, first come first served."""
PANE_SCOPES = (
    "the Today and Customer calls panes",
    "the Blocked pane",
    "the Backlog pane",
    "your own panes",
)

RESERVED: dict[str, str] = {
    "tab": "moving to the next pane",
    "shift+tab": "moving to the previous pane",
    "ctrl+p": "the command palette",
    "ctrl+q": "quitting",
    "ctrl+c": "copying",
}
"""Keys Textual answers itself (focus moves, priority keys): never free to rebind."""

BINDING_IDS: tuple[str, ...] = tuple(
    dict.fromkeys(binding for keys in DEFAULT_KEYS.values() for binding in keys)
)
"""Every id `[keymap]` accepts, in the order above."""

_KEY_NAME_REPLACEMENTS = {  # as Textual names these characters' keys
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def normalize_key(key: str) -> str:
    """A key as Textual names it: "?" is "question_mark", "/" is "slash"; others as given."""
    if len(key) != 1 or key.isalnum():
        return key
    try:
        name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return key
    return _KEY_NAME_REPLACEMENTS.get(name, name)


def split_keys(keys: str) -> list[str]:
    """ "J, shift+down" as ["J", "shift+down"], each key normalised."""
    return [normalize_key(key.strip()) for key in keys.split(",")]


def keymap_problems(keymap: Mapping[str, str]) -> list[tuple[str, str]]:
    """(dotted config key, what is wrong) for unknown ids and keys bound twice in a scope.

    `keymap` maps binding ids to comma-separated keys, applied over the defaults.
    """
    problems: list[tuple[str, str]] = []
    for binding in keymap:
        if binding not in BINDING_IDS:
            close = difflib.get_close_matches(binding, BINDING_IDS, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            expected = f"expected one of: {', '.join(BINDING_IDS)}"
            problems.append((f"keymap.{binding}", f"unknown binding id{hint}; {expected}"))
    for (key, ids), wheres in _clashes(keymap).items():
        names = ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"
        if key in RESERVED:
            problem = f"'{key}' is kept for {RESERVED[key]}; give {names} another key"
        else:
            both = "both " if len(ids) == 2 else ""
            panes = [w for w in wheres if w in PANE_SCOPES]
            others = [w for w in wheres if w not in PANE_SCOPES]
            # the pane scopes share most keys: "every pane" when the clash is in all of them
            where = "; ".join(["every pane", *others] if len(panes) == len(PANE_SCOPES) else wheres)
            problem = f"'{key}' is bound to {both}{names} (in {where})"
        problems.append(("keymap", problem))
    return problems


def _clashes(keymap: Mapping[str, str]) -> dict[tuple[str, tuple[str, ...]], list[str]]:
    """{(key, the ids on it): the scopes where they clash}, reserved keys included."""
    clashes: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for where, classes in SCOPES.items():
        owners: dict[str, list[str]] = {}
        for cls in classes:
            for binding, default in DEFAULT_KEYS[cls].items():
                for key in split_keys(keymap.get(binding, default)):
                    if binding not in owners.setdefault(key, []):
                        owners[key].append(binding)
        for key, ids in owners.items():
            if len(ids) > 1 or key in RESERVED:
                clashes.setdefault((key, tuple(sorted(ids))), []).append(where)
    return clashes
