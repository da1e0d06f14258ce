"""LazyComponents: component classes styled when first drawn, not on every restyle.

Textual styles each of a widget's `COMPONENT_CLASSES` (a virtual node through the
whole stylesheet) every time it styles the widget, drawn or not: a pane with a
dozen row styles pays for all twelve at mount, on focus and on every class change,
~90 on the way to the cockpit's first frame. A widget with this mixin keeps
`COMPONENT_CLASSES` (what its CSS may style) but resolves a component the first
time `get_component_styles` asks for it, the way Textual does for one, and forgets
them all whenever Textual restyles the widget, so theme, focus and class changes
show exactly as before.

The hook is `_get_component_classes`, which Textual's stylesheet calls on the node
each time it applies to it. Were a Textual release to stop calling it, the widget
would still draw correctly (every component resolved once and kept); only a restyle
would no longer reach the components, which tests/unit/test_lazy_components.py
catches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.dom import DOMNode

if TYPE_CHECKING:
    from textual.css.styles import RenderStyles
    from textual.widget import Widget

    _Mixin = Widget
else:  # a plain mixin: Textual's CSS follows each widget's first base, not this
    _Mixin = object


class LazyComponents(_Mixin):
    """Resolve component styles on demand; any restyle of the widget drops them.

    List it before the widget's Textual base: `class Pane(LazyComponents, Widget)`.
    """

    _declared: ClassVar[frozenset[str]] = frozenset()
    """Every component class declared on the class and its bases."""

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)  # type: ignore[arg-type]
        cls._declared = frozenset().union(
            *(base.__dict__.get("COMPONENT_CLASSES", ()) for base in cls.__mro__)
        )

    def _get_component_classes(self) -> frozenset[str]:  # type: ignore[override]
        """Textual's stylesheet asks this as it (re)styles the widget: none to style
        now, and the ones resolved so far are out of date."""
        if self._component_styles:
            self._component_styles.clear()
            self.notify_style_update()  # drops the Rich styles made from them
            self.refresh()
        return frozenset()

    def get_component_styles(self, *names: str) -> RenderStyles:
        for name in names:
            if name not in self._component_styles and name in self._declared:
                virtual = DOMNode(classes=name)  # as Textual's stylesheet resolves one
                virtual._attach(self)
                self.app.stylesheet.apply(virtual)
                self._component_styles[name] = virtual.styles
        return super().get_component_styles(*names)
