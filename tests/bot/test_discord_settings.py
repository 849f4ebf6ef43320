"""Settings: parsed once from the environment, malformed values fail fast naming the variable."""

from __future__ import annotations

import dataclasses

import pytest

from bot.settings import Settings, SettingsError


def test_defaults_when_nothing_is_set():
    settings = Settings.from_env({})
    assert settings.token is None and settings.guild_id is None
    assert settings.allowed_channels == frozenset()
    assert (settings.cooldown_seconds, settings.threads, settings.mentions) == (5.0, True, True)
    assert settings.channel_allowed(123)
    assert settings.queue_limit == 500
    # The feedback database sits beside the index folder unless told otherwise.
    assert settings.feedback_path == settings.engine.store_dir.parent / "feedback.sqlite3"


def test_every_variable_is_read():
    settings = Settings.from_env(
        {
            "DISCORD_TOKEN": " abc.def ",
            "DISCORD_GUILD_ID": "123456789012345678",
            "DISCORD_ALLOWED_CHANNELS": "111, 222;333",
            "DISCORD_COOLDOWN_SECONDS": "2.5",
            "DISCORD_THREADS": "off",
            "DISCORD_MENTIONS": "No",
            "DISCORD_QUEUE_LIMIT": "50",
            "DISCORD_FEEDBACK_DB": "/srv/newsbot/votes.sqlite3",
        }
    )
    assert settings.queue_limit == 50
    assert str(settings.feedback_path) == "/srv/newsbot/votes.sqlite3"
    assert settings.token == "abc.def"
    assert settings.guild_id == 123456789012345678
    assert settings.allowed_channels == {111, 222, 333}
    assert settings.cooldown_seconds == 2.5 and not settings.threads and not settings.mentions
    assert settings.channel_allowed(222) and not settings.channel_allowed(444)
    assert settings.channel_allowed(999, parent_id=111)  # a thread under an allowed channel


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DISCORD_GUILD_ID", "my-server"),
        ("DISCORD_ALLOWED_CHANNELS", "111,general"),
        ("DISCORD_COOLDOWN_SECONDS", "soon"),
        ("DISCORD_COOLDOWN_SECONDS", "-1"),
        ("DISCORD_THREADS", "maybe"),
        ("DISCORD_MENTIONS", "2"),
        ("DISCORD_QUEUE_LIMIT", "0"),
        ("DISCORD_QUEUE_LIMIT", "many"),
    ],
)
def test_malformed_variables_fail_fast_naming_the_variable(name, value):
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({name: value})
    assert str(raised.value).startswith(name) and repr(value) in str(raised.value)


def test_settings_are_frozen_and_never_show_the_token():
    settings = Settings.from_env({"DISCORD_TOKEN": "very-secret-token"})
    assert "very-secret-token" not in repr(settings) and "very-secret-token" not in str(settings)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.token = "other"


def test_reads_the_process_environment_and_dotenv_of_the_working_directory(monkeypatch, tmp_path):
    import bot.settings as module

    monkeypatch.setattr(module, "_dotenv_loaded", False)
    (tmp_path / ".env").write_text("DISCORD_GUILD_ID=42\nDISCORD_THREADS=off\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_THREADS", "on")  # the real environment wins over .env
    monkeypatch.delenv("DISCORD_GUILD_ID", raising=False)
    settings = Settings.from_env()
    assert settings.guild_id == 42 and settings.threads is True
