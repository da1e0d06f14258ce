"""Integration: secrets round-trip through a real Secret Service (gnome-keyring over D-Bus).

The keyring calls run in a subprocess with the private bus's environment, so this
test never touches the user's keyring or leaks D-Bus settings into other tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.secret_service import missing_binaries, secret_service_env

pytestmark = [
    pytest.mark.skipif(
        bool(missing_binaries()) or sys.platform != "linux",
        reason=f"needs a Secret Service: apt-get install gnome-keyring dbus-daemon dbus-x11 "
        f"libsecret-tools (missing: {', '.join(missing_binaries()) or 'none'})",
    ),
]

SCRIPT = r"""
import json, keyring
from cockpit.config.credentials import KeyringCredentials, keyring_status
from cockpit.config.secrets import default_store
status = keyring_status()
creds = KeyringCredentials()
creds.set("caldav:Home cal", "pa$$word with spaces")
seen = creds.get("caldav:Home cal")
via_default = default_store().get("caldav:Home cal")
creds.delete("caldav:Home cal")
creds.delete("caldav:Home cal")  # forgetting twice is fine
print(json.dumps({
    "backend": status.backend, "level": status.level, "seen": seen,
    "via_default": via_default, "after_delete": creds.get("caldav:Home cal"),
}))
"""


def test_store_read_and_delete_through_gnome_keyring(tmp_path: Path) -> None:
    with secret_service_env(tmp_path) as env:
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.SecretService.Keyring"
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        found = json.loads(result.stdout)
        assert found["level"] == "ok" and "SecretService" in found["backend"]
        assert found["seen"] == found["via_default"] == "pa$$word with spaces"
        assert found["after_delete"] is None

        # the secret really went to the daemon: libsecret's own client sees it under our service
        subprocess.run(
            [sys.executable, "-c", "from cockpit.config.credentials import KeyringCredentials;"
             "KeyringCredentials().set('jira', 'tok-123')"],
            env=env, check=True, timeout=60,
        )  # fmt: skip
        lookup = subprocess.run(
            ["secret-tool", "lookup", "service", "pm-cockpit", "username", "jira"],
            env=env, capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert lookup.stdout.strip() == "tok-123"
