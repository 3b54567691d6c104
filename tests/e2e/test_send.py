"""`digest send` into a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.conftest import run_digest


class Inbox:
    """An aiosmtpd handler that keeps messages, or answers with the queued replies first."""

    def __init__(self, replies: list[str] | None = None, refuse: dict[str, str] | None = None):
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.replies = list(replies or [])
        self.refuse = dict(refuse or {})  # address -> RCPT reply

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        if self.replies:
            return self.replies.pop(0)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server(
    replies: list[str] | None = None, refuse: dict[str, str] | None = None
) -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(replies, refuse), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def out(built_sample: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(built_sample, copy)
    return copy


def send(out: Path, port: int, *extra: str):
    day = next((out / "digests").glob("*.eml")).stem
    return run_digest(
        "send",
        "--out",
        str(out),
        "--smtp",
        f"127.0.0.1:{port}",
        "--date",
        day,
        *extra,
        cwd=out.parent,
    )


def test_message_received_matches_the_digest_files(out: Path) -> None:
    with smtp_server() as (inbox, port):
        result = send(out, port, "--to", "reader@example.com")
    assert result.returncode == 0, result.stderr
    assert len(inbox.messages) == 1
    mail_from, recipients, raw = inbox.messages[0]
    assert recipients == ["reader@example.com"] and mail_from
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert "reader@example.com" in str(message["To"])
    for header in ("Subject", "From", "Date", "Message-ID"):
        assert message[header]
    day = next((out / "digests").glob("*.eml")).stem
    parts = {
        p.get_content_type(): p.get_content().replace("\r\n", "\n") for p in message.iter_parts()
    }
    assert parts["text/html"] == (out / "digests" / f"{day}.html").read_text(encoding="utf-8")
    assert parts["text/plain"] == (out / "digests" / f"{day}.txt").read_text(encoding="utf-8")
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))


def test_not_sent_twice_unless_forced(out: Path) -> None:
    with smtp_server() as (inbox, port):
        assert send(out, port, "--to", "a@example.com").returncode == 0
        again = send(out, port, "--to", "a@example.com")
        assert again.returncode == 0 and "already sent" in again.stderr
        assert len(inbox.messages) == 1
        assert send(out, port, "--to", "a@example.com", "--to", "b@example.com").returncode == 0
        assert inbox.messages[-1][1] == ["b@example.com"]
        assert send(out, port, "--to", "a@example.com", "--force").returncode == 0
        assert len(inbox.messages) == 3


def test_transient_failure_is_retried(out: Path) -> None:
    with smtp_server(["451 try again later"]) as (inbox, port):
        result = send(out, port, "--to", "a@example.com")
    assert result.returncode == 0, result.stderr
    assert "451" in result.stderr and "retrying" in result.stderr
    assert len(inbox.messages) == 1


def test_permanent_failure_stops_with_the_reply(out: Path) -> None:
    with smtp_server(["550 mailbox unavailable"] * 5) as (inbox, port):
        result = send(out, port, "--to", "a@example.com")
    assert result.returncode == 1
    assert "550 mailbox unavailable" in result.stderr and "Traceback" not in result.stderr
    assert inbox.messages == []


def test_dry_run_sends_nothing(out: Path) -> None:
    with smtp_server() as (inbox, port):
        result = send(out, port, "--to", "a@example.com", "--dry-run")
    assert result.returncode == 0 and "Subject:" in result.stdout
    assert inbox.messages == []


def test_missing_digest_is_a_clear_error(out: Path) -> None:
    result = run_digest(
        "send",
        "--out",
        str(out),
        "--smtp",
        "127.0.0.1:1",
        "--date",
        "1999-01-01",
        "--to",
        "a@example.com",
        cwd=out.parent,
    )
    assert result.returncode == 1 and "no digest for 1999-01-01" in result.stderr


def test_unsubscribe_headers(sample_seeds: Path, tmp_path: Path) -> None:
    (tmp_path / "digest.toml").write_text(
        '[email]\nunsubscribe = "https://example.org/unsubscribe?u=1"\n', encoding="utf-8"
    )
    assert (
        run_digest("build", "--seeds", str(sample_seeds), "--out", "out", cwd=tmp_path).returncode
        == 0
    )
    eml = next((tmp_path / "out" / "digests").glob("*.eml"))
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["List-Unsubscribe"] == "<https://example.org/unsubscribe?u=1>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_refused_recipient_is_not_recorded_as_sent(out: Path) -> None:
    refuse = {"gone@example.com": "550 no such user"}
    with smtp_server(refuse=refuse) as (inbox, port):
        result = send(out, port, "--to", "ok@example.com", "--to", "gone@example.com")
        assert result.returncode == 1  # not everyone has it: a cron job must notice
        assert "gone@example.com refused by the SMTP server: 550" in result.stderr
        assert "sent to ok@example.com; not sent to gone@example.com" in result.stderr
        assert [rcpts for _, rcpts, _ in inbox.messages] == [["ok@example.com"]]
        again = send(out, port, "--to", "ok@example.com", "--to", "gone@example.com")
        assert "already sent to ok@example.com" in again.stderr
        assert "gone@example.com refused" in again.stderr  # tried again: it never had it


def test_resent_copy_gets_a_new_message_id(out: Path) -> None:
    with smtp_server() as (inbox, port):
        send(out, port, "--to", "a@example.com")
        send(out, port, "--to", "a@example.com", "--force")
    ids = [email.message_from_bytes(raw)["Message-ID"] for _, _, raw in inbox.messages]
    assert len(ids) == 2 and ids[0] != ids[1]


@pytest.fixture
def tls_certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (openssl), which the sender is made to trust."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_starttls_then_login_with_the_password_from_the_environment(
    out: Path, tls_certificate: tuple[Path, Path]
) -> None:
    cert, key = tls_certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes, bool]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        logins.append((auth_data.login, auth_data.password, session.ssl is not None))
        return AuthResult(success=auth_data.password == b"s3cret", handled=False)

    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,  # the server refuses mail before STARTTLS
        authenticator=authenticator,
        auth_require_tls=True,
    )
    controller.start()
    try:
        (out.parent / "digest.toml").write_text(
            '[email]\nsmtp_user = "digest"\nsmtp_security = "starttls"\n', encoding="utf-8"
        )
        env = {"DIGEST_SMTP_PASSWORD": "s3cret", "SSL_CERT_FILE": str(cert)}
        day = next((out / "digests").glob("*.eml")).stem
        args = ["send", "--out", str(out), "--smtp", f"127.0.0.1:{port}", "--date", day]
        result = run_digest(*args, "--to", "a@example.com", cwd=out.parent, env=env)
        assert result.returncode == 0, result.stderr
        wrong = run_digest(
            *args, "--to", "b@example.com", cwd=out.parent,
            env={**env, "DIGEST_SMTP_PASSWORD": "wrong"},
        )  # fmt: skip
    finally:
        controller.stop()
    assert logins[0] == (b"digest", b"s3cret", True)  # logged in over TLS
    assert [rcpts for _, rcpts, _ in inbox.messages] == [["a@example.com"]]
    assert wrong.returncode != 0 and "535" in wrong.stderr


def test_each_recipient_gets_a_message_of_their_own_and_a_failure_repeats_no_one(
    out: Path,
) -> None:
    everyone = ["a@example.com", "b@example.com", "c@example.com"]
    addresses = [arg for r in everyone for arg in ("--to", r)]
    with smtp_server() as (inbox, port):
        result = send(out, port, *addresses)
    assert result.returncode == 0, result.stderr
    assert [rcpts for _, rcpts, _ in inbox.messages] == [[r] for r in everyone]
    tos = [str(email.message_from_bytes(raw)["To"]) for _, _, raw in inbox.messages]
    assert tos == everyone  # nobody sees the other addresses
    ids = {email.message_from_bytes(raw)["Message-ID"] for _, _, raw in inbox.messages}
    assert len(ids) == 3
    with smtp_server(refuse={"b@example.com": "451 busy, later"}) as (inbox, port):
        more = ["d@example.com", "b@example.com", "e@example.com"]
        result = send(out, port, *[arg for r in more for arg in ("--to", r)])
    # b was sent already (first server): d and e get theirs, b never again
    assert result.returncode == 0, result.stderr
    assert [rcpts for _, rcpts, _ in inbox.messages] == [["d@example.com"], ["e@example.com"]]


def test_a_recipient_deferred_every_time_does_not_stop_the_others(out: Path) -> None:
    refuse = {"slow@example.com": "451 try again later"}
    with smtp_server(refuse=refuse) as (inbox, port):
        result = send(out, port, "--to", "slow@example.com", "--to", "fast@example.com")
        assert result.returncode == 1
        assert "not sent to slow@example.com" in result.stderr
        assert [rcpts for _, rcpts, _ in inbox.messages] == [["fast@example.com"]]
        again = send(out, port, "--to", "slow@example.com", "--to", "fast@example.com")
    assert "already sent to fast@example.com" in again.stderr
    assert len(inbox.messages) == 1


def test_bcc_mode_sends_one_message_to_the_list_address(sample_seeds: Path, tmp_path: Path) -> None:
    (tmp_path / "digest.toml").write_text(
        '[email]\nrecipients = ["a@example.com", "b@example.com"]\n'
        'recipients_mode = "bcc"\nlist_address = "News <news@example.com>"\n'
        'subject_prefix = "[News]"\n',
        encoding="utf-8",
    )
    built = run_digest("build", "--seeds", str(sample_seeds), "--out", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    with smtp_server() as (inbox, port):
        day = next((tmp_path / "out" / "digests").glob("*.eml")).stem
        result = run_digest("send", "--smtp", f"127.0.0.1:{port}", "--date", day, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(inbox.messages) == 1
    _, rcpts, raw = inbox.messages[0]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert rcpts == ["a@example.com", "b@example.com"]
    assert str(message["To"]) == "News <news@example.com>" and message["Bcc"] is None
    assert str(message["Subject"]).startswith("[News] ")


@pytest.mark.parametrize(
    "line",
    [
        'recipients = ["not an address"]',
        'recipients = ["a@example.com, b@example.com"]',
        'sender = "digest"',
        'recipients_mode = "all"',
    ],
)
def test_a_wrong_address_is_an_error_when_the_configuration_is_loaded(
    tmp_path: Path, line: str
) -> None:
    (tmp_path / "digest.toml").write_text(f"[email]\n{line}\n", encoding="utf-8")
    result = run_digest("send", "--date", "2026-12-03", cwd=tmp_path)
    assert result.returncode == 2
    assert "email." in result.stderr and "expected" in result.stderr
