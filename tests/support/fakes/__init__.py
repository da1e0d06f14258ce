"""Fakes of external services that follow their documented request/response shapes.

Each fake is a stateful handler for `httpx.MockTransport`: tests (and later the demo)
build a client with `fake.client()` and hand it to the real source code.
"""
