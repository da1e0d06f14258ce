"""First-run setup: `cockpit init`, `cockpit auth` and the probes they share with doctor."""
