"""The digest as a MIME message: text and HTML alternatives, safe single-line headers."""

from __future__ import annotations

import hashlib
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlparse

from digest.config import EmailSettings
from digest.text.textutil import one_line


def compose_digest_message(
    *,
    subject: str,
    html: str,
    text: str,
    email: EmailSettings,
    date: datetime,
    base_url: str,
    digest_date: str,
) -> EmailMessage:
    """A multipart/alternative message; the same input gives the same bytes."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["Subject"] = one_line(subject)[:200]
    msg["From"] = one_line(email.sender)
    msg["To"] = to_header(email.recipients)
    msg["Date"] = format_datetime(date)
    token = hashlib.sha256(f"{base_url}|{digest_date}".encode()).hexdigest()[:24]
    msg["Message-ID"] = f"<digest-{digest_date}-{token}@{message_host(base_url)}>"
    if email.unsubscribe:
        msg["List-Unsubscribe"] = f"<{one_line(email.unsubscribe)}>"
        if email.unsubscribe.startswith("https://"):
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    # a fixed boundary keeps the .eml byte-identical between builds
    msg.set_boundary(f"=_digest_{hashlib.sha256((html + text).encode()).hexdigest()[:32]}")
    return msg


def message_bytes(msg: EmailMessage) -> bytes:
    return msg.as_bytes(policy=policy.SMTP)


def to_header(recipients: tuple[str, ...]) -> str:
    """The To header of these recipients, each on one line (no header can be injected)."""
    return ", ".join(one_line(r) for r in recipients)


def message_host(base_url: str) -> str:
    """The host part of the digest's Message-IDs: where the digest is published."""
    return urlparse(base_url).hostname or "localhost"
