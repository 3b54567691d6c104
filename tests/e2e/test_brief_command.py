"""`digest brief`: the terminal brief, --json, and the --jsonl evaluation interface."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO, run_digest

SAMPLE = REPO / "seeds" / "000_6b2e10c6dedfae58.txt"


def test_terminal_brief(tmp_path: Path) -> None:
    result = run_digest("brief", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("Putin Says Civilian Casualties")
    assert "Topline:" in result.stdout and "Key facts:" in result.stdout
    for noise in ("Getty Images", "Follow me", "Read More", "Reklāma"):
        assert noise not in result.stdout


def test_json_for_several_files(tmp_path: Path) -> None:
    files = sorted(str(p) for p in (REPO / "seeds").glob("*.txt"))
    result = run_digest("brief", "--json", *files, cwd=tmp_path)
    data = json.loads(result.stdout)
    assert [d["file"] for d in data] == files
    assert all(3 <= len(d["key_facts"]) <= 5 and d["topline"] for d in data)


def test_jsonl_in_order_with_errors_per_line(tmp_path: Path) -> None:
    text = (
        "The council approved the budget on Tuesday. The vote was seven to two. "
        "Critics said fares should be frozen. Officials said night buses will run. "
        "The plan starts in May."
    )
    lines = [
        json.dumps({"id": "a", "text": text, "title": "Budget approved", "extra": 1}),
        "{not json",
        json.dumps({"id": 7, "text": 42}),
        json.dumps({"id": "b", "text": "One sentence only."}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_digest("brief", "--jsonl", str(source), "--sentences", "2", cwd=tmp_path)
    assert result.returncode == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "line-2", 7, "b"]
    assert len(out[0]["sentences"]) == 2
    assert all(s in text for s in out[0]["sentences"])
    assert text.index(out[0]["sentences"][0]) < text.index(out[0]["sentences"][1])
    assert "error" in out[1] and "error" in out[2]
    assert out[3]["sentences"] == ["One sentence only."]
    assert out[0]["brief"]["topline"] in text


def test_sample_topline_is_what_putin_said(tmp_path: Path) -> None:
    result = run_digest("brief", "--json", str(SAMPLE), cwd=tmp_path)
    topline = json.loads(result.stdout)["topline"]
    assert "Putin" in topline and "civilian casualties" in topline and "unacceptable" in topline


def test_jsonl_line_that_is_not_utf8_gets_an_error_line(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_bytes(b'{"id": 1, "text": "One fact here. Another fact there."}\n\xff\xfe\n')
    result = run_digest("brief", "--jsonl", str(source), cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["id"] == 1 and "sentences" in out[0]
    assert out[1]["id"] == "line-2" and "error" in out[1]


def test_bad_timezone_is_a_usage_error(tmp_path: Path) -> None:
    result = run_digest("brief", "--timezone", "Mars/Base", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 2 and "IANA" in result.stderr and "Traceback" not in result.stderr


def test_explain_gives_score_parts_position_and_redundancy(tmp_path: Path) -> None:
    result = run_digest("brief", "--explain", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    explained = json.loads(result.stdout)[0]
    brief = json.loads(run_digest("brief", "--json", str(SAMPLE), cwd=tmp_path).stdout)
    assert [s["sentence"] for s in explained["sentences"]] == [
        brief["topline"],
        *brief["key_facts"],
    ]
    first = explained["sentences"][0]
    assert first["rank"] >= 1 and first["score_parts"] and "redundant_with" in first
    assert abs(first["score"]) > 0


def test_jsonl_in_parallel_is_the_same_as_one_by_one(tmp_path: Path) -> None:
    # enough lines for worker processes; bad and blank lines among them
    from digest.commands.brief import PARALLEL_MIN_LINES, jsonl_briefs

    articles = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    lines = []
    for k in range(2 * PARALLEL_MIN_LINES + 5):
        if k % 17 == 3:
            lines.append("{broken" if k % 2 else "")
        else:
            text = articles[k % len(articles)][k:]  # each a little different
            lines.append(json.dumps({"id": f"n{k}", "text": text, "title": f"T{k}"}))
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_digest("brief", "--jsonl", str(source), cwd=tmp_path)
    assert result.returncode == 0
    one_by_one = b"".join(jsonl_briefs(lines, 3, workers=1)).decode("utf-8")
    assert result.stdout == one_by_one
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert len(ids) == sum(1 for line in lines if line.strip())
    assert ids[:3] == ["n0", "n1", "n2"] and ids[3] == "line-4"


def test_jsonl_lone_surrogate_is_answered_not_a_crash(tmp_path: Path) -> None:
    line = '{"id": "a\\ud800b", "text": "Fact one is here. Fact \\udc00 two is there."}'
    source = tmp_path / "surrogate.jsonl"
    source.write_text(line + "\n", encoding="utf-8")
    result = run_digest("brief", "--jsonl", str(source), cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    answer = json.loads(result.stdout)
    assert answer["id"] == "a\ud800b" and len(answer["sentences"]) == 2


def test_jsonl_many_sentences_asked_for_are_given(tmp_path: Path) -> None:
    paragraphs = [
        f"Fact number {k} concerns the harbour ferry timetable. Officials said item {k} holds."
        for k in range(33)
    ]
    record = {"id": "long", "title": "Ferries", "text": "\n\n".join(paragraphs)}
    source = tmp_path / "long.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run_digest("brief", "--jsonl", str(source), "--sentences", "50", cwd=tmp_path)
    assert len(json.loads(result.stdout)["sentences"]) == 50


def test_a_dash_reads_the_article_from_standard_input(tmp_path: Path) -> None:
    import subprocess
    import sys

    article = (
        "Bridge opens\n\nThe new bridge opened on Tuesday after five years of work. "
        "It cost 4 million euros, the city said.\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "digest", "brief", "--json", "-"],
        input=article.encode(),
        capture_output=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    brief = json.loads(result.stdout)
    assert brief["title"] == "Bridge opens"
    assert brief["topline"].startswith("The new bridge opened on Tuesday")
    assert b"No such file" not in result.stderr
