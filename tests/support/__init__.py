"""What the tests share that is not a test: helpers, loopback servers, fakes.

Import these by name (`from support.demo_app import demo_app`); `tests/` is on the
import path through `pythonpath` in pyproject.toml. Fixtures are not imported: the
modules that define shared fixtures are pytest plugins, listed in `tests/conftest.py`.
"""
