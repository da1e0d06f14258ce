"""Textual widgets of the cockpit (installed as cockpit.widgets)."""
