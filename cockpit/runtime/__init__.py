"""Process-wide helpers: the collector pause, the GIL switch interval, crash reports."""
