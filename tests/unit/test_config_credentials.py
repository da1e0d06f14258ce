"""Credentials: environment overrides for headless use, keyring backend advice, no leaks."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail

from cockpit.config.credentials import (
    CredentialError,
    EnvFirstCredentials,
    KeyringCredentials,
    MemoryCredentials,
    env_var_name,
    keyring_status,
    secret_name,
)


def test_documented_environment_names() -> None:
    assert env_var_name(secret_name("jira")) == "COCKPIT_JIRA_TOKEN"
    assert env_var_name(secret_name("caldav", "Home cal")) == "COCKPIT_CALDAV_PASSWORD_HOME_CAL"
    assert env_var_name(secret_name("ics", "team-feed")) == "COCKPIT_ICS_URL_TEAM_FEED"
    assert env_var_name("google:Work") == "COCKPIT_GOOGLE_REFRESH_TOKEN_WORK"
    assert env_var_name("microsoft:Office 365") == "COCKPIT_MICROSOFT_REFRESH_TOKEN_OFFICE_365"
    assert env_var_name("ics:Café") == "COCKPIT_ICS_URL_CAFE"


def test_the_environment_wins_over_the_keyring() -> None:
    store = MemoryCredentials({"jira": "from-keyring", "caldav:Home": "pw"})
    creds = EnvFirstCredentials(store, {"COCKPIT_JIRA_TOKEN": "from-env"})
    assert creds.get("jira") == "from-env" and creds.source("jira") == "$COCKPIT_JIRA_TOKEN"
    assert creds.get("caldav:Home") == "pw" and creds.source("caldav:Home") == "keyring"
    assert creds.get("ics:Feed") is None and creds.source("ics:Feed") is None


def test_a_rotated_token_is_seen_even_when_the_keyring_is_absent() -> None:
    class Broken(MemoryCredentials):
        def set(self, name: str, value: str) -> None:
            raise CredentialError("no keyring")

    env = {"COCKPIT_MICROSOFT_REFRESH_TOKEN_OFFICE": "old"}
    creds = EnvFirstCredentials(Broken(), env)
    creds.set("microsoft:Office", "rotated")
    assert creds.get("microsoft:Office") == "rotated"
    with pytest.raises(CredentialError):
        creds.set("jira", "x")  # nothing in the environment: the failure is the user's to see


@pytest.fixture
def fail_backend() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_no_backend_is_one_sentence_with_what_to_install(fail_backend: None) -> None:
    with pytest.raises(CredentialError) as caught:
        KeyringCredentials().set("jira", "tok-SECRET")
    message = str(caught.value)
    assert "$COCKPIT_JIRA_TOKEN" in message and "cockpit doctor" in message
    assert "tok-SECRET" not in message and "\n" not in message
    status = keyring_status()
    assert status.level == "fail" and "Secret Service" in status.message
    assert "gnome-keyring" in status.message and "COCKPIT_JIRA_TOKEN" in status.message


def test_plaintext_backend_is_a_warning_and_secret_service_is_ok() -> None:
    Plain = type("PlaintextKeyring", (), {"__module__": "keyrings.alt.file"})
    status = keyring_status(Plain())
    assert status.level == "warn" and "unencrypted" in status.message
    assert "keyrings.alt" in status.message

    from keyring.backends import SecretService

    class Chain:  # shaped like keyring's ChainerBackend: the viable backends, by priority
        __module__ = "keyring.backends.chainer"

        def __init__(self, *backends: object) -> None:
            self.backends = list(backends)

    secret_service = SecretService.Keyring.__new__(SecretService.Keyring)
    assert keyring_status(Chain(secret_service)).level == "ok"
    assert "SecretService" in keyring_status(secret_service).message
    assert keyring_status(Chain()).level == "fail"
    assert keyring_status(Chain(secret_service, Plain())).level == "warn"
