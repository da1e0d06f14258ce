"""A note posted as a Data Center comment says what the PM typed: wiki markup is escaped.

Data Center reads comment bodies as wiki markup (Atlassian's Text Formatting
Notation): `[~name]` notifies that person, `*text*` is bold. The client sends an
escaped body to the fake Jira in its Data Center mode, reads it back as the text
typed, and the outbox still finds a comment it posted before by that text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.jira_rig import rig

from cockpit.sources.jira_wiki import wiki_escape, wiki_unescape
from cockpit.store.db import Store
from cockpit.sync.sender import OutboxSender

NOTE = (
    "Ask [~dana] about *Globex* SSO -- see {code} and !logo.png!\n"
    "h1. not a heading\n# not a list\n"
    "C:\\temp\\ and \\\\ stay; ??no cite?? (y) :) a_b+c^d~e|f &amp;"
)
EXPECTED = (
    "Ask \\[\\~dana\\] about \\*Globex\\* SSO \\-\\- see \\{code\\} and \\!logo.png\\!\n"
    "h1\\. not a heading\n\\# not a list\n"
    "C:&#92;temp&#92; and &#92;&#92; stay; \\??no cite\\?? \\(y) \\:) "
    "a\\_b\\+c\\^d\\~e\\|f \\&amp;"
)
MARKUP = re.compile(r"(?<!\\)[*_+\-^~|\[\]{}!&]")
"""A special character with no backslash before it: wiki markup Jira would act on."""


async def test_a_datacenter_comment_escapes_wiki_markup() -> None:
    r = rig(flavor="datacenter")
    comment_id = await r.client.add_comment("PAY-7", NOTE)
    (post,) = r.fake.requests_to("/rest/api/2/issue/PAY-7/comment", "POST")
    body = post.json["body"]
    assert body == EXPECTED
    assert "[~" not in body and not MARKUP.search(body.replace("&#92;", ""))
    listed = await r.client.comments("PAY-7")
    assert [(c.id, c.body) for c in listed] == [(comment_id, NOTE)]


async def test_cloud_comments_stay_adf_with_the_text_as_typed() -> None:
    r = rig(flavor="cloud")
    await r.client.add_comment("PAY-7", "Ask [~dana] about *Globex*")
    body = r.fake.requests_to("/comment", "POST")[0].json["body"]
    assert body["content"][0]["content"][0]["text"] == "Ask [~dana] about *Globex*"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Plain text, nothing to escape.",
        "PAY-12 blocks PAY-7; due 2026-11-30",
        "see https://jira.acme.com/browse/PAY-7?focusedId=1_2 and mailto:a_b@acme.com",
        "\\*\\",
        "&#92; typed as such",
        "bq. quote\n  h3. heading\n#tag",
        "{noformat}\n[~admin]\n{noformat}",
        "(/) (x) (on) (*r) ;P :D",
    ],
)
def test_escape_then_unescape_gives_the_text_back(text: str) -> None:
    escaped = wiki_escape(text)
    assert wiki_unescape(escaped) == text
    words = re.sub(r"(?:https?|mailto):\S+", "", escaped).replace("&#92;", "")
    assert not MARKUP.search(words)


def test_web_addresses_are_left_as_typed_so_they_still_link() -> None:
    url = "https://jira.acme.com/browse/PAY-7?focusedId=1_2"
    assert wiki_escape(f"see {url} now") == f"see {url} now"


async def test_the_outbox_finds_its_escaped_comment_and_does_not_post_it_twice(
    tmp_path: Path,
) -> None:
    r = rig(flavor="datacenter")
    store = Store.open(tmp_path)
    try:
        job_id = store.enqueue_comment("PAY-7", NOTE)
        sent_at = r.fake.clock()
        store.mark_sending(job_id, sent_at)  # the POST went out, its answer was lost
        posted = await r.client.add_comment("PAY-7", NOTE)
        sender = OutboxSender(store, r.client, clock=lambda: datetime.now(UTC))
        report = await sender.drain()
        assert [job.id for job in report.sent] == [job_id]
        assert store.jobs("done")[0].remote_id == posted
        assert len(r.fake.requests_to("/comment", "POST")) == 1
    finally:
        store.close()
