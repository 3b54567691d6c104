"""`digest send` (I/O): mail a day's digest through SMTP, once per recipient and day.

Transient failures (4xx replies, refused or dropped connections) are retried with
backoff; permanent ones (5xx) stop with the server's reply. The password only
ever comes from DIGEST_SMTP_PASSWORD.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import logging
import smtplib
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from digest.building.state import State
from digest.config import Settings, is_address
from digest.errors import DigestError
from digest.publishing.mail import message_host, to_header
from digest.publishing.output import digest_path, out_lock
from digest.text.textutil import counted, one_line

log = logging.getLogger(__name__)
RETRY_DELAYS = (1.0, 2.0, 4.0)
SEND_LOCK_WAIT_SECONDS = 120.0
LOOPBACK = ("localhost", "127.0.0.1", "::1")


class SendError(DigestError):
    """The message could not be delivered; the message says why. `fatal`: no other
    recipient can be reached either (no server, a wrong password), so stop at once."""

    def __init__(self, message: str, fatal: bool = False) -> None:
        super().__init__(message)
        self.fatal = fatal


@dataclass(frozen=True)
class SendResult:
    sent: tuple[str, ...]
    already_sent: tuple[str, ...]
    failed: tuple[tuple[str, str], ...] = ()  # (recipient, why)


def load_digest_message(eml: Path, to: tuple[str, ...]) -> EmailMessage:
    """The .eml a build wrote, addressed To `to`."""
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.SMTP)
    assert isinstance(message, EmailMessage)
    del message["To"]
    message["To"] = to_header(to)
    return message


def send_digest(
    settings: Settings,
    date: str,
    recipients: tuple[str, ...],
    force: bool = False,
    dry_run: bool = False,
) -> SendResult:
    """Send the digest of `date` to each recipient who has not had it yet.

    In the default "each" mode every recipient gets a message of their own, To them alone
    (nobody sees the other addresses), and each delivery is recorded as soon as the server
    accepts it: a failure for one recipient neither stops nor repeats the others. In "bcc"
    mode one message goes To the list address, the recipients in its envelope only."""
    for recipient in recipients:
        if not is_address(recipient):
            raise SendError(f"{recipient!r} is not an e-mail address (name@example.com)")
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
        if settings.email.recipients_mode == "bcc":
            list_address = settings.email.list_address or settings.email.sender
            batches = [((list_address,), pending)]
        else:
            batches = [((r,), (r,)) for r in pending]
        sent: list[str] = []
        failed: list[tuple[str, str]] = []
        for to, batch in batches:
            message = load_digest_message(eml, to)
            _identify(message, settings, date, to, resent=force and bool(set(batch) & done))
            if dry_run:
                _describe(message, settings, batch)
                continue
            try:
                accepted = _deliver(settings, message, batch)
            except SendError as exc:
                if exc.fatal:
                    raise
                failed += [(r, str(exc)) for r in batch]
                log.error("digest %s not sent to %s: %s", date, ", ".join(batch), exc)
                continue
            for recipient in accepted:
                state.record_sent(date, recipient, str(message["Message-ID"]))
            state.commit()  # each delivery on record at once: a later failure repeats none
            failed += [(r, "refused by the SMTP server") for r in batch if r not in accepted]
            sent += accepted
            log.info("digest %s sent to %s", date, ", ".join(accepted))
        if failed and not dry_run:
            names = ", ".join(r for r, _ in failed)
            done_part = f"sent to {', '.join(sent)}; " if sent else ""
            raise SendError(
                f"{done_part}not sent to {names} ({failed[0][1]}); run `digest send` again "
                "to retry them (who has it already gets it only once)"
            )
        return SendResult(tuple(sent), skipped, tuple(failed))


def _identify(
    message: EmailMessage, settings: Settings, date: str, to: tuple[str, ...], resent: bool
) -> None:
    """A Message-ID per message: each recipient's copy is its own message, and a copy sent
    again a new one (mail systems drop a Message-ID they have seen)."""
    host = message_host(settings.base_url)
    if resent:
        message.replace_header("Message-ID", make_msgid("digest-resent", domain=host))
    elif settings.email.recipients_mode == "each":
        token = hashlib.sha256(f"{settings.base_url}|{date}|{to[0]}".encode()).hexdigest()[:24]
        message.replace_header("Message-ID", f"<digest-{date}-{token}@{host}>")


def _describe(message: EmailMessage, settings: Settings, envelope: tuple[str, ...]) -> None:
    email_settings = settings.email
    print(
        f"would send through {email_settings.smtp_host or '(no smtp_host)'}:"
        f"{email_settings.smtp_port} ({email_settings.smtp_security})"
    )
    for header in ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe"):
        if message[header]:
            print(f"{header}: {message[header]}")
    print(f"envelope recipients: {', '.join(envelope)}")
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
            "digest.toml, or pass --smtp HOST:PORT",
            fatal=True,
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
                    f"the SMTP server refused the message: {exc.smtp_code} {one_line(reply)}",
                    fatal=isinstance(exc, smtplib.SMTPAuthenticationError),  # for all alike
                ) from None
            _retry_later(attempt, f"{exc.smtp_code} {one_line(reply)}", delay)
            continue
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            if delay is None:
                raise SendError(
                    f"cannot reach the SMTP server {config.smtp_host}:"
                    f"{config.smtp_port}: {exc}; check smtp_host and smtp_port",
                    fatal=True,
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
        _retry_later(attempt, f"{counted(len(pending), 'recipient')} deferred", delay)
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
                '"tls" for implicit TLS, or "none" to send unencrypted',
                fatal=True,
            )
        if config.smtp_user:
            if not secure and config.smtp_host not in LOOPBACK:
                raise SendError(
                    "refusing to send the SMTP password over an unencrypted "
                    'connection; use smtp_security = "starttls" or "tls"',
                    fatal=True,
                )
            if not config.smtp_password:
                raise SendError(
                    "smtp_user is set but DIGEST_SMTP_PASSWORD is not; export the "
                    "password in the environment",
                    fatal=True,
                )
            client.login(config.smtp_user, config.smtp_password)
        return client.send_message(message, from_addr=config.sender, to_addrs=list(recipients))
