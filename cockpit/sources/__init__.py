"""Sources: one module per external API; async, on httpx; they return cockpit.models."""
