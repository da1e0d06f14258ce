"""Google's installed-app sign-in end to end: the test plays the browser on loopback."""

from __future__ import annotations

import asyncio
import base64
import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from support.fakes.google_calendar import AUTH_URL, FakeGoogle, google_event

from cockpit.config.credentials import MemoryCredentials
from cockpit.sources.errors import AuthError
from cockpit.sources.google import GoogleCalendarSource
from cockpit.sources.oauth import GoogleEndpoints, google_token_provider
from cockpit.sources.oauth_google import google_sign_in, pkce_pair


class Browser:
    """Stands in for the user's browser: shows the consent page, follows the redirect."""

    def __init__(
        self,
        fake: FakeGoogle,
        *,
        approve: bool = True,
        tamper_state: bool = False,
        preconnect: bool = False,
    ):
        self.fake = fake
        self.preconnect = preconnect
        self.approve = approve
        self.tamper_state = tamper_state
        self.opened: list[str] = []
        self.pages: list[httpx.Response] = []
        self._tasks: list[asyncio.Task[None]] = []

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        self._tasks.append(asyncio.get_running_loop().create_task(self._visit(url)))
        return True

    async def _visit(self, url: str) -> None:
        redirect = self.fake.authorize(url, approve=self.approve)
        if self.tamper_state:
            redirect = re.sub(r"state=[^&]+", "state=forged", redirect)
        idle = None
        if self.preconnect:  # like Chrome: a socket opened early and left silent
            port = urlsplit(redirect).port
            idle = await asyncio.open_connection("127.0.0.1", port)
        async with httpx.AsyncClient(trust_env=False) as client:
            icon = await client.get(redirect.split("?")[0] + "favicon.ico")
            assert icon.status_code == 404  # browsers ask for it; it is not the answer
            self.pages.append(await client.get(redirect))
        if idle is not None:
            idle[1].close()

    async def finished(self) -> None:
        await asyncio.gather(*self._tasks)


async def sign_in(
    fake: FakeGoogle, browser: Browser, printed: list[str], secret: str | None = None
) -> str:
    try:
        return await google_sign_in(
            fake.client(),
            fake.client_id,
            secret or fake.client_secret,
            open_browser=browser,
            endpoints=GoogleEndpoints(auth_url=AUTH_URL),
            print_fn=printed.append,
            timeout=10,
            name="Work",
        )
    finally:
        await browser.finished()


async def test_loopback_pkce_sign_in_then_the_calendar_reads_with_the_token() -> None:
    fake = FakeGoogle(
        refresh_tokens=set(),
        events=[
            google_event(
                "a",
                "Design review",
                datetime(2026, 11, 26, 14, tzinfo=ZoneInfo("UTC")),
                datetime(2026, 11, 26, 15, tzinfo=ZoneInfo("UTC")),
            )
        ],
    )
    browser, printed = Browser(fake), list[str]()
    refresh = await sign_in(fake, browser, printed)

    [url] = browser.opened
    assert url in printed[0]
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(AUTH_URL + "?")
    assert query["code_challenge_method"] == "S256"
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", query["code_challenge"])
    assert len(query["state"]) >= 20
    assert query["access_type"] == "offline" and query["prompt"] == "consent"
    assert query["scope"] == "https://www.googleapis.com/auth/calendar.readonly"
    redirect = urlsplit(query["redirect_uri"])
    assert redirect.scheme == "http" and redirect.hostname == "127.0.0.1" and redirect.port

    assert browser.pages[0].status_code == 200 and "Signed in" in browser.pages[0].text
    assert refresh in fake.refresh_tokens  # the fake checked code, redirect and verifier
    token_form = parse_qs(fake.requests[-1].content.decode())
    assert token_form["redirect_uri"] == [query["redirect_uri"]]
    assert refresh not in "\n".join(printed)

    store = MemoryCredentials({"google:Work": refresh})
    http = fake.client()
    tokens = google_token_provider(
        http, "Work", fake.client_id, store, client_secret=fake.client_secret
    )
    source = GoogleCalendarSource(http, "Work", "primary", ZoneInfo("Europe/Lisbon"), tokens)
    day = datetime(2026, 11, 26, tzinfo=ZoneInfo("Europe/Lisbon"))
    assert [m.title for m in await source.fetch(day, day + timedelta(days=1))] == ["Design review"]


async def test_forged_state_is_refused_and_no_code_is_exchanged() -> None:
    fake = FakeGoogle()
    browser = Browser(fake, tamper_state=True)
    with pytest.raises(AuthError, match=r"state mismatch.*cockpit auth Work"):
        await sign_in(fake, browser, [])
    assert browser.pages[0].status_code == 400
    assert not [r for r in fake.requests if r.url.host == "oauth2.googleapis.com"]


async def test_user_declining_consent_is_a_clear_error() -> None:
    fake = FakeGoogle()
    with pytest.raises(AuthError, match=r"not completed \(access_denied\)"):
        await sign_in(fake, Browser(fake, approve=False), [])


async def test_no_browser_answer_times_out_and_frees_the_port() -> None:
    fake = FakeGoogle()
    opened: list[str] = []
    with pytest.raises(AuthError, match="timed out"):
        await google_sign_in(
            fake.client(),
            fake.client_id,
            None,
            open_browser=opened.append,
            endpoints=GoogleEndpoints(auth_url=AUTH_URL),
            print_fn=lambda _: None,
            timeout=0.3,
        )
    redirect = parse_qs(urlsplit(opened[0]).query)["redirect_uri"][0]
    async with httpx.AsyncClient(trust_env=False) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(redirect + "?code=late&state=x")


async def test_a_refused_code_does_not_leak_code_or_verifier() -> None:
    fake = FakeGoogle()
    browser, printed = Browser(fake), list[str]()
    with pytest.raises(AuthError) as caught:
        await sign_in(fake, browser, printed, secret="a-wrong-secret")
    form = parse_qs(fake.requests[-1].content.decode())
    assert "invalid_client" in str(caught.value)
    for secret in (form["code"][0], form["code_verifier"][0]):
        assert secret not in str(caught.value) and secret not in "\n".join(printed)


def test_pkce_challenge_is_the_s256_of_the_verifier() -> None:
    import hashlib

    verifier, challenge = pkce_pair()
    assert 43 <= len(verifier) <= 128 and re.fullmatch(r"[A-Za-z0-9_-]+", verifier)
    digest = hashlib.sha256(verifier.encode()).digest()
    assert challenge == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert pkce_pair()[0] != verifier


async def test_an_idle_preconnect_socket_does_not_hold_up_the_sign_in() -> None:
    fake = FakeGoogle()
    browser = Browser(fake, preconnect=True)
    started = asyncio.get_running_loop().time()
    assert await sign_in(fake, browser, []) in fake.refresh_tokens
    assert asyncio.get_running_loop().time() - started < 3
