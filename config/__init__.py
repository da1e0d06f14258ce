"""Configuration: schema, loading, credentials (installed as cockpit.config)."""
