"""The command line: the `cockpit` entry point, the headless views, notes, doctor and setup."""
