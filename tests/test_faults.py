"""Store faults from the command line, against real Chroma: one line on stderr, exit 2, the way out named,
and the index answering again once the fault is gone."""

import contextlib
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support import SEED_ARTICLE, free_port, start_chroma, write_article

TIMEOUT = 180
QUESTION = "How many drones were launched?"


def run(env, *args, stdin=None, preexec_fn=None):
    return subprocess.run([sys.executable, "-m", "index", *args], input=stdin, capture_output=True, text=True,
                          timeout=TIMEOUT, env={**os.environ, **env}, preexec_fn=preexec_fn)


def one_line_exit_2(result, *words):
    assert result.returncode == 2, (result.returncode, result.stderr[-3000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "panicked" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def answers(env) -> bool:
    result = run(env, "ask", QUESTION)
    return result.returncode == 0 and "574" in result.stdout


@pytest.fixture
def built(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED_ARTICLE, seeds)
    env = {"NEWSBOT_SEEDS": str(seeds), "NEWSBOT_STORE": str(tmp_path / "store")}
    result = run(env, "build")
    assert result.returncode == 0, result.stderr
    return env, tmp_path / "store"


def store_folders(store: Path) -> set[str]:
    return {p.name for p in store.iterdir() if p.is_dir()}


@pytest.mark.parametrize("offsets", [(4096,), (8192, 50_000), (0,)], ids=["page2", "pages", "header"])
def test_random_bytes_in_the_database_say_repair_and_repair_recovers(built, offsets):
    env, store = built
    generator = random.Random(9)
    with open(store / "chroma.sqlite3", "r+b") as handle:
        for offset in offsets:
            handle.seek(offset)
            handle.write(bytes(generator.randrange(256) for _ in range(512)))
    line = one_line_exit_2(run(env, "ask", QUESTION), "damaged", "build --repair")
    assert one_line_exit_2(run(env, "build"), "damaged") == line
    repaired = run(env, "build", "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "44 embedded" in repaired.stdout
    assert answers(env)
    assert sorted(p.name for p in store.parent.iterdir() if p.name.startswith("store")) == ["store"]


def test_a_truncated_database_says_repair(built):
    env, store = built
    os.truncate(store / "chroma.sqlite3", 100_000)
    one_line_exit_2(run(env, "ask", QUESTION), "damaged", "--repair")
    one_line_exit_2(run(env, "summary"), "damaged")
    assert run(env, "build", "--repair").returncode == 0
    assert answers(env)


@contextlib.contextmanager
def read_only(store: Path):
    """The store made read-only for this process: by permissions for a normal user; as root (which writes
    through permissions) by a read-only bind mount when mounting is permitted."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [store, *store.rglob("*")]}
        for path in modes:
            path.chmod(modes[path] & ~0o222)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    mount = subprocess.run(["mount", "--bind", str(store), str(store)], capture_output=True)
    if mount.returncode != 0:
        pytest.skip("running as root, which writes through file permissions, and a read-only bind mount "
                    "is not permitted here")
    try:
        if subprocess.run(["mount", "-o", "remount,bind,ro", str(store)], capture_output=True).returncode:
            pytest.skip("running as root, which writes through file permissions, and remounting read-only "
                        "is not permitted here")
        yield
    finally:
        subprocess.run(["umount", str(store)], capture_output=True)


def test_a_read_only_store_is_one_line_and_answers_once_writable(built):
    env, store = built
    write_article(Path(env["NEWSBOT_SEEDS"]), "zoo.txt", "Zoo", ["The zoo welcomed twin pandas on Sunday."])
    with read_only(store):
        one_line_exit_2(run(env, "build"), "read-only", "writable")
        one_line_exit_2(run(env, "ask", QUESTION), "read-only")
    assert answers(env)
    assert run(env, "build").returncode == 0


def cap_file_size(limit: int):
    """For a child process: writes past ``limit`` bytes in any file fail with the OS's EFBIG."""

    def cap():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of the process dying
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return cap


def test_a_full_disk_stops_the_build_before_writing_and_keeps_the_old_index(built, tmp_path):
    env, store = built
    seeds = Path(env["NEWSBOT_SEEDS"])
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    for n in range(8):  # 352 new rows: more than a 2 MB disk holds
        (seeds / f"copy{n}.txt").write_text(text.replace("drones", f"drones{n}"), encoding="utf-8")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs is not permitted here (the write-failure test below still runs)")
    try:
        shutil.copytree(store, disk / "store")
        small = {**env, "NEWSBOT_STORE": str(disk / "store")}
        one_line_exit_2(run(small, "build"), "disk", "free some space")
        assert answers(small)
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_a_write_failing_mid_build_is_one_line_and_the_next_build_cleans_up(built):
    """The OS fails the build's writes part-way (a file-size cap: the same error path as a disk filling
    up during the build, which the space check cannot foresee)."""
    from test_store import assert_only_the_live_index

    from index.config import EngineConfig

    env, store = built
    seeds = Path(env["NEWSBOT_SEEDS"])
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    for n in range(8):
        (seeds / f"copy{n}.txt").write_text(text.replace("drones", f"drones{n}"), encoding="utf-8")
    limit = (store / "chroma.sqlite3").stat().st_size + 256 * 1024
    one_line_exit_2(run(env, "build", preexec_fn=cap_file_size(limit)), "disk")
    assert answers(env)
    rebuilt = run(env, "build")
    assert rebuilt.returncode == 0 and "9 articles" in rebuilt.stdout, rebuilt.stderr
    assert_only_the_live_index(EngineConfig(seeds_dir=seeds, store_dir=store))


def stop(process: subprocess.Popen) -> None:
    process.kill()
    process.wait(10)


@pytest.mark.server
def test_a_killed_server_is_one_line_and_answers_once_restarted(tmp_path, model):
    from index.build import build_index
    from index.config import EngineConfig
    from index.engine import Engine
    from index.errors import StoreUnreachable
    from index.ranking import Settings

    port = free_port()
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED_ARTICLE, seeds)
    env = {"NEWSBOT_SEEDS": str(seeds), "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(port)}
    config = EngineConfig(seeds_dir=seeds, chroma_host="127.0.0.1", chroma_port=port)
    server = start_chroma(tmp_path / "server", port)
    try:
        build_index(config, model=model)
        # Above exact_search_rows the engine queries the server at ask time, after it was opened.
        engine = Engine.open(config, model=model, settings=Settings(exact_search_rows=0))
        stop(server)
        line = one_line_exit_2(run(env, "ask", QUESTION), "cannot be reached", "unset CHROMA_HOST")
        one_line_exit_2(run(env, "build"), "cannot be reached")
        with pytest.raises(StoreUnreachable) as raised:
            engine.ask(QUESTION)
        assert str(raised.value) in line
        server = start_chroma(tmp_path / "server", port)
        assert answers(env)
    finally:
        stop(server)


def test_a_closed_pipe_ends_quietly(built):
    env, _ = built
    process = subprocess.Popen([sys.executable, "-m", "index", "ask", "-"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **env})
    process.stdin.write((QUESTION + "\n").encode())
    process.stdin.flush()
    first = process.stdout.readline()
    assert b"574" in first
    process.stdout.close()  # as `| head -1` does after its line
    try:
        process.stdin.write(((QUESTION + "\n") * 200).encode())
        process.stdin.close()
    except BrokenPipeError:
        pass
    assert process.wait(TIMEOUT) == 0
    assert process.stderr.read() == b""
