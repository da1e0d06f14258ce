"""A stateful fake Jira (Cloud and Data Center) following Atlassian's OpenAPI contract."""
