"""The embedded demo workspace: a fake Jira and a generated calendar, relative to today."""
