from digest.building.identity import article_id, base_slug


def test_id_depends_on_path_only() -> None:
    assert article_id("a.txt") == article_id("a.txt")
    assert article_id("a.txt") != article_id("b.txt")
    assert article_id("a.txt").startswith("urn:uuid:")


def test_slugs_are_short_ascii_and_distinct() -> None:
    assert base_slug("000_6b2e10c6dedfae58.txt") == "000_6b2e10c6dedfae58"
    odd = base_slug("name with spaces ünïcödé 東京.txt")
    assert odd.isascii() and " " not in odd
    long = base_slug("very-long-" + "x" * 240 + ".txt")
    assert len(long) <= 70
    assert base_slug("Report.txt") != base_slug("report.txt")
    assert base_slug("-rf --help.txt").startswith("rf-help")
