"""LazyComponents: component styles resolved when drawn, and redone on every restyle."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widget import Widget

from cockpit.widgets.lazy_components import LazyComponents


class Swatch(LazyComponents, Widget, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"swatch--ink", "swatch--unused"}
    DEFAULT_CSS = """
    Swatch > .swatch--ink { color: rgb(10, 20, 30); }
    Swatch.-alarm > .swatch--ink { color: rgb(200, 0, 0); }
    Swatch:focus > .swatch--ink { color: $accent; }
    """

    def ink(self) -> Style:
        return self.get_component_rich_style("swatch--ink")


class Host(App[None]):
    AUTO_FOCUS = None

    def compose(self) -> ComposeResult:
        yield Swatch()


def _rgb(style: Style) -> tuple[int, int, int]:
    assert style.color is not None and style.color.triplet is not None
    return tuple(style.color.triplet)  # type: ignore[return-value]


async def test_components_are_resolved_when_asked_not_when_styled() -> None:
    async with Host().run_test() as pilot:
        swatch = pilot.app.query_one(Swatch)
        await pilot.pause()
        assert swatch._component_styles == {}  # mounted and styled: nothing resolved yet
        assert _rgb(swatch.ink()) == (10, 20, 30)
        assert set(swatch._component_styles) == {"swatch--ink"}  # the unused one never


async def test_a_class_on_the_widget_restyles_its_components() -> None:
    async with Host().run_test() as pilot:
        swatch = pilot.app.query_one(Swatch)
        assert _rgb(swatch.ink()) == (10, 20, 30)
        swatch.add_class("-alarm")  # changes only the component, not the widget itself
        await pilot.pause()
        assert _rgb(swatch.ink()) == (200, 0, 0)
        swatch.remove_class("-alarm")
        await pilot.pause()
        assert _rgb(swatch.ink()) == (10, 20, 30)


async def test_focus_and_a_theme_reach_the_components() -> None:
    async with Host().run_test() as pilot:
        app = pilot.app
        swatch = app.query_one(Swatch)
        app.set_focus(None)
        await pilot.pause()
        assert _rgb(swatch.ink()) == (10, 20, 30)
        swatch.focus()
        await pilot.pause()
        accent = Color.parse(app.theme_variables["accent"]).rgb
        assert _rgb(swatch.ink()) == accent
        app.theme = "nord" if app.theme != "nord" else "gruvbox"
        await pilot.pause()
        new_accent = Color.parse(app.theme_variables["accent"]).rgb
        assert new_accent != accent
        assert _rgb(swatch.ink()) == new_accent


async def test_an_undeclared_component_is_refused_as_textual_does() -> None:
    async with Host().run_test() as pilot:
        swatch = pilot.app.query_one(Swatch)
        try:
            swatch.get_component_styles("swatch--typo")
        except KeyError as error:
            assert "swatch--typo" in str(error)
        else:
            raise AssertionError("an undeclared component was resolved")
