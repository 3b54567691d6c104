"""`digest send` (I/O): mail a day's digest through SMTP, once per recipient and day.

Transient failures (4xx replies, refused or dropped connections) are retried with
backoff; permanent ones (5xx) stop with the server's reply. The password only
ever comes from DIGEST_SMTP_PASSWORD.
"""

from __future__ import annotations

import email
import email.policy
import logging
import smtplib
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from digest.building.state import State
from digest.config import Settings
from digest.errors import DigestError
from digest.publishing.mail import message_host, to_header
from digest.publishing.output import digest_path, out_lock
from digest.text.textutil import one_line

log = logging.getLogger(__name__)
RETRY_DELAYS = (1.0, 2.0, 4.0)
SEND_LOCK_WAIT_SECONDS = 120.0
LOOPBACK = ("localhost", "127.0.0.1", "::1")


class SendError(DigestError):
    """The message could not be delivered; the message says why."""


@dataclass(frozen=True)
class SendResult:
    sent: tuple[str, ...]
    already_sent: tuple[str, ...]


def load_digest_message(eml: Path, recipients: tuple[str, ...]) -> EmailMessage:
    """The .eml a build wrote, addressed to `recipients`."""
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.SMTP)
    assert isinstance(message, EmailMessage)
    del message["To"]
    message["To"] = to_header(recipients)
    return message


def send_digest(
    settings: Settings,
    date: str,
    recipients: tuple[str, ...],
    force: bool = False,
    dry_run: bool = False,
) -> SendResult:
    """Send the digest of `date` to each recipient who has not had it yet."""
    eml = settings.out_dir / digest_path(date, ".eml")
    if not eml.is_file():
        raise SendError(
            f"no digest for {date} in {settings.out_dir} ({eml} is missing); run "
            "`digest build` first or pick another --date"
        )
    with out_lock(settings.out_dir, SEND_LOCK_WAIT_SECONDS), State(settings.state_file) as state:
        done = state.sent_to(date)
        pending = tuple(r for r in recipients if force or r not in done)
        skipped = tuple(r for r in recipients if r not in pending)
        for recipient in skipped:
            log.info(
                "digest %s was already sent to %s; use --force to send it again", date, recipient
            )
        if not pending:
            return SendResult((), skipped)
        message = load_digest_message(eml, pending)
        if force and set(pending) & done:
            # a copy sent again is a new message: mail systems drop a Message-ID seen before
            host = message_host(settings.base_url)
            message.replace_header("Message-ID", make_msgid("digest-resent", domain=host))
        if dry_run:
            _describe(message, settings)
            return SendResult((), skipped)
        sent = _deliver(settings, message, pending)
        for recipient in sent:
            state.record_sent(date, recipient, str(message["Message-ID"]))
        state.commit()
        log.info("digest %s sent to %s", date, ", ".join(sent))
        return SendResult(sent, skipped)


def _describe(message: EmailMessage, settings: Settings) -> None:
    email_settings = settings.email
    print(
        f"would send through {email_settings.smtp_host or '(no smtp_host)'}:"
        f"{email_settings.smtp_port} ({email_settings.smtp_security})"
    )
    for header in ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe"):
        if message[header]:
            print(f"{header}: {message[header]}")
    sizes = [f"{p.get_content_type()} {len(p.get_content())} chars" for p in message.iter_parts()]
    print("parts: " + ", ".join(sizes))


def _deliver(
    settings: Settings, message: EmailMessage, recipients: tuple[str, ...]
) -> tuple[str, ...]:
    """Send to every recipient, retrying transient failures; return the ones accepted."""
    config = settings.email
    if not config.smtp_host:
        raise SendError(
            "no SMTP server configured: set smtp_host in the [email] table of "
            "digest.toml, or pass --smtp HOST:PORT"
        )
    accepted: list[str] = []
    pending = list(recipients)
    for attempt, delay in enumerate((*RETRY_DELAYS, None), start=1):
        try:
            refused = _send_once(settings, message, tuple(pending))
        except smtplib.SMTPRecipientsRefused as exc:
            refused = exc.recipients
        except smtplib.SMTPResponseException as exc:
            reply = _text(exc.smtp_error)
            if exc.smtp_code >= 500 or delay is None:
                raise SendError(
                    f"the SMTP server refused the message: {exc.smtp_code} {one_line(reply)}"
                ) from None
            _retry_later(attempt, f"{exc.smtp_code} {one_line(reply)}", delay)
            continue
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            if delay is None:
                raise SendError(
                    f"cannot reach the SMTP server {config.smtp_host}:"
                    f"{config.smtp_port}: {exc}; check smtp_host and smtp_port"
                ) from None
            _retry_later(attempt, str(exc) or type(exc).__name__, delay)
            continue
        accepted += [r for r in pending if r not in refused]
        permanent = {r: c for r, c in refused.items() if c[0] >= 500}
        for recipient, (code, answer) in permanent.items():
            log.error(
                "%s refused by the SMTP server: %s %s", recipient, code, one_line(_text(answer))
            )
        pending = [r for r in refused if r not in permanent]
        if not pending:
            break
        if delay is None:
            raise SendError(
                f"the SMTP server kept refusing {', '.join(pending)} for now; send again later"
            )
        _retry_later(attempt, f"{len(pending)} recipients deferred", delay)
    if not accepted:
        raise SendError("no recipient accepted the digest (see the replies above)")
    return tuple(accepted)


def _retry_later(attempt: int, problem: str, delay: float) -> None:
    log.warning("sending failed (attempt %d: %s); retrying in %.0f s", attempt, problem, delay)
    time.sleep(delay)


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _send_once(
    settings: Settings, message: EmailMessage, recipients: tuple[str, ...]
) -> dict[str, tuple[int, bytes]]:
    """One SMTP session; returns the recipients the server refused, with its replies."""
    config = settings.email
    context = ssl.create_default_context()
    if config.smtp_security == "tls":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            config.smtp_host, config.smtp_port, timeout=30, context=context
        )
    else:
        client = smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=30)
    with client:
        client.ehlo()
        secure = config.smtp_security == "tls"
        if config.smtp_security in ("starttls", "auto") and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
            secure = True
        elif config.smtp_security == "starttls" and config.smtp_host not in LOOPBACK:
            raise SendError(
                f"{config.smtp_host} does not offer STARTTLS; set smtp_security = "
                '"tls" for implicit TLS, or "none" to send unencrypted'
            )
        if config.smtp_user:
            if not secure and config.smtp_host not in LOOPBACK:
                raise SendError(
                    "refusing to send the SMTP password over an unencrypted "
                    'connection; use smtp_security = "starttls" or "tls"'
                )
            if not config.smtp_password:
                raise SendError(
                    "smtp_user is set but DIGEST_SMTP_PASSWORD is not; export the "
                    "password in the environment"
                )
            client.login(config.smtp_user, config.smtp_password)
        return client.send_message(message, from_addr=config.sender, to_addrs=list(recipients))
