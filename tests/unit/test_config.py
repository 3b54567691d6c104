from pathlib import Path

import pytest

from digest.config import load_settings
from digest.errors import ConfigError


def test_defaults_then_file_then_overrides(tmp_path: Path) -> None:
    config = tmp_path / "digest.toml"
    config.write_text(
        'site_title = "Morning"\ntimezone = "Europe/Riga"\nbase_url = "https://x.org/news"\n'
        '[email]\nrecipients = ["a@b.c"]\n',
        encoding="utf-8",
    )
    settings = load_settings(config, {"timezone": "America/New_York", "out_dir": None}, environ={})
    assert settings.site_title == "Morning"
    assert settings.timezone == "America/New_York"
    assert settings.base_url == "https://x.org/news/"
    assert settings.email.recipients == ("a@b.c",)
    assert settings.out_dir == Path("out")


def test_all_errors_reported_together(tmp_path: Path) -> None:
    config = tmp_path / "digest.toml"
    config.write_text(
        'timezone = "Mars/Base"\nkey_facts = 9\nbase_url = "ftp://x"\nbogus = 1\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as error:
        load_settings(config, environ={})
    message = str(error.value)
    for key in ("timezone", "key_facts", "base_url", "bogus"):
        assert key in message


def test_password_only_from_environment(tmp_path: Path) -> None:
    config = tmp_path / "digest.toml"
    config.write_text('[email]\npassword = "secret"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="DIGEST_SMTP_PASSWORD"):
        load_settings(config, environ={})
    settings = load_settings(None, environ={"DIGEST_SMTP_PASSWORD": "s3"})
    assert settings.email.smtp_password == "s3" and "s3" not in repr(settings)


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_config_file_that_is_not_utf8(tmp_path: Path) -> None:
    config = tmp_path / "digest.toml"
    config.write_bytes(b'site_title = "\xff"\n')
    with pytest.raises(ConfigError, match="cannot be read"):
        load_settings(config, environ={})


def test_outlets_by_folder_the_deepest_wins(tmp_path: Path) -> None:
    config = tmp_path / "digest.toml"
    config.write_text(
        '[outlets]\n"" = "Our Desk"\n"wires" = "Wires"\n"wires/ap/" = "AP"\n', encoding="utf-8"
    )
    settings = load_settings(config, environ={})
    assert settings.outlet_for("top.txt") == "Our Desk"
    assert settings.outlet_for("wires/x.txt") == "Wires"
    assert settings.outlet_for("wires/ap/2026/x.txt") == "AP"
    assert settings.outlet_for("wiresless/x.txt") == "Our Desk"  # a folder, not a prefix


def test_feed_and_image_settings_are_checked(tmp_path: Path) -> None:
    config = tmp_path / "digest.toml"
    config.write_text(
        'feed_icon = "javascript:alert(1)"\nlead_images = "yes"\n[outlets]\nwires = 3\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as error:
        load_settings(config, environ={})
    for key in ("feed_icon", "lead_images", "outlets"):
        assert key in str(error.value)
