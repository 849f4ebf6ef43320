import pytest

from index.config import EngineConfig
from index.errors import EngineError


@pytest.mark.parametrize("value", ["0", "-5", "21", "three", "2.5"])
def test_top_k_outside_1_to_20_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("NEWSBOT_TOP_K", value)
    with pytest.raises(EngineError, match=r"NEWSBOT_TOP_K must be a whole number from 1 to 20"):
        EngineConfig.from_env()


def test_settings_in_range_are_read(monkeypatch):
    monkeypatch.setenv("NEWSBOT_TOP_K", "20")
    monkeypatch.setenv("NEWSBOT_MAX_ARTICLE_BYTES", "1000")
    config = EngineConfig.from_env()
    assert (config.top_k, config.max_article_bytes) == (20, 1000)
    assert EngineConfig.from_env(top_k=1).top_k == 1


@pytest.mark.parametrize("name,value", [("NEWSBOT_MAX_ARTICLE_BYTES", "0"), ("CHROMA_PORT", "70000")])
def test_other_numbers_are_checked_too(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(EngineError, match=name):
        EngineConfig.from_env()
