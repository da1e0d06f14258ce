"""TLS verification for every outgoing client: always on, with an optional private CA."""

from __future__ import annotations

import ssl
from pathlib import Path


def verify_for(ca_bundle: str | Path | None) -> ssl.SSLContext | bool:
    """httpx's `verify=`: the system's CAs, or those of `ca_bundle` (a PEM file) for a
    server behind a corporate or private CA. Never False: verification stays on."""
    if not ca_bundle:
        return True
    return ssl.create_default_context(cafile=str(ca_bundle))
