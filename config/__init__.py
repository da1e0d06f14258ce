"""Configuration: schema, loading, credentials (installed as cockpit.config)."""

REFRESH_MINUTES = 5
"""Minutes between background refreshes when config.toml does not say (here, not in
the schema, so the app has it without loading the schema)."""
