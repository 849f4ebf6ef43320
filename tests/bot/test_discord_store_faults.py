"""A store fault reaches the Discord user and the operator's log as the same one line."""

import logging

from index.errors import StoreUnreachable

from test_discord_commands import sent, world


async def test_a_store_fault_is_shown_and_logged_as_one_line(simcord_env, recording_engine, caplog):
    guild, channel, alice = world(simcord_env)
    line = "The Chroma server at 127.0.0.1:9 cannot be reached: start the server, or unset CHROMA_HOST."
    recording_engine.overrides["fault"] = StoreUnreachable(line)
    with caplog.at_level(logging.ERROR, logger="bot.client"):
        result = await alice.slash(channel, "ask", question="fault")
    assert line in sent(result)[0].content
    logged = [r for r in caplog.records if r.name == "bot.client"]
    assert [r.getMessage() for r in logged] == [line] and logged[0].exc_info is None
    assert len(simcord_env.errors) == 1  # the error handler saw it (and acknowledges it for simcord)
