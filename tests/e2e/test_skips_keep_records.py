"""A file skipped after it was published keeps what was published; bad dates and bad
files never stop a build (one warning line naming the file); every command reports an
unexpected error in one line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.cli import cli
from tests.conftest import REPO, run_digest

EPOCH1, EPOCH2, EPOCH3 = "1796299200", "1796385600", "1796472000"  # 3, 4, 5 December


def build(root: Path, epoch: str, *extra: str):
    result = run_digest(
        *("build", "--seeds", "seeds", "--out", "out", "--timezone", "UTC", *extra),
        cwd=root,
        env={"SOURCE_DATE_EPOCH": epoch},
    )
    assert result.returncode in (0, 4), result.stderr
    return result


def published(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "WARNING" in line]


def test_truncated_then_restored_file_changes_nothing(tmp_path: Path) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    build(tmp_path, EPOCH1)
    before = published(tmp_path / "out")
    article = next((tmp_path / "seeds").glob("*.txt"))
    text = article.read_bytes()
    article.write_bytes(b"")  # an editor saving it, or a truncated copy
    truncated = build(tmp_path, EPOCH2)
    assert [article.name in line for line in warnings(truncated.stderr)] == [True]
    assert published(tmp_path / "out") == before
    assert "removed" not in truncated.stderr
    article.write_bytes(text)
    restored = build(tmp_path, EPOCH3)
    assert warnings(restored.stderr) == []
    assert ": new;" not in restored.stderr and "published with" not in restored.stderr
    assert published(tmp_path / "out") == before


@pytest.mark.parametrize(
    "date",
    ["2026-02-30", "2026-12-01T10:00:00+25:00", "1850-06-01", "'2026-13-45'", "0000-00-00"],
)
def test_a_bad_date_is_one_warning_and_the_build_goes_on(tmp_path: Path, date: str) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    bad = tmp_path / "seeds" / "bad-date.md"
    bad.write_text(
        f"---\ntitle: Council meets\ndate: {date}\n---\n\n"
        "The city council met on Tuesday. It approved a budget of 4 million euros.\n",
        encoding="utf-8",
    )
    result = build(tmp_path, EPOCH1, "--strict")
    assert result.returncode == 0  # a worked-around date is not a skipped file
    lines = warnings(result.stderr)
    assert len(lines) == 1 and "bad-date.md" in lines[0] and "next date source" in lines[0]
    page = (tmp_path / "out" / "briefs" / "bad-date.html").read_text(encoding="utf-8")
    assert "Council meets" in page
    assert "2026-12-03" in page  # the first-seen day: the next date source
    # said again whenever the file is read, though its summary is reused
    os.utime(bad, (1_800_000_000, 1_800_000_000))
    again = build(tmp_path, EPOCH2)
    assert warnings(again.stderr) == lines and "0 summarized" in again.stderr
    assert warnings(build(tmp_path, EPOCH3).stderr) == []  # not read: nothing to say


def test_strict_exits_4_and_says_which_file(tmp_path: Path) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    (tmp_path / "seeds" / "blank.txt").write_text("   \n\n", encoding="utf-8")
    result = build(tmp_path, EPOCH1, "--strict")
    assert result.returncode == 4
    assert [("blank.txt" in line) for line in warnings(result.stderr)] == [True]
    assert len(list((tmp_path / "out" / "briefs").glob("*.html"))) == 2


@pytest.mark.parametrize(
    "args, target",
    [
        (["build", "--seeds", "{seeds}", "--out", "{out}"], "digest.building.pipeline.build"),
        (["brief", "{seeds}/a.txt"], "digest.commands.brief.brief_file"),
        (["send", "--out", "{out}", "--dry-run"], "digest.commands.send.send_digest"),
        (["serve", "--out", "{out}", "--port", "0"], "digest.commands.serve.make_server"),
        (["watch", "--seeds", "{seeds}", "--out", "{out}"], "digest.commands.watch.run_watch"),
        (["read", "{seeds}/a.txt"], "digest.commands.read.read_file_json"),
    ],
)
def test_an_unexpected_error_is_one_line_that_says_how_to_see_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], target: str
) -> None:
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    seeds.mkdir()
    out.mkdir()
    (seeds / "a.txt").write_text("A sentence here.\n", encoding="utf-8")

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("something nobody foresaw")

    module, name = target.rsplit(".", 1)
    monkeypatch.setattr(f"{module}.{name}", broken)
    filled = [a.format(seeds=seeds, out=out) for a in args]
    result = CliRunner().invoke(cli, filled)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "internal error: RuntimeError: something nobody foresaw" in lines[0]
    assert "-vv" in lines[0] and "Traceback" not in result.output
