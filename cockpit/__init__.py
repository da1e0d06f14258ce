"""PM Cockpit: a terminal cockpit for a product manager's day."""

__version__ = "0.1.0"
