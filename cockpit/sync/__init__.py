"""Sources to store and back: the workspace, its wiring from config, the outbox sender."""
