"""The local SQLite store: cache of last fetched data, notes, outbox."""
