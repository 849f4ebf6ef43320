"""`index/` is the library: it never imports discord (the bot imports it, not the other way round)."""

import ast
import subprocess
import sys
from pathlib import Path

INDEX = Path(__file__).resolve().parents[1] / "index"


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_index_module_imports_discord_or_bot():
    offenders = {p.name for p in INDEX.rglob("*.py") if imported_modules(p) & {"discord", "bot"}}
    assert not offenders


def test_loading_the_whole_engine_pulls_in_no_discord():
    code = (
        "import sys, pkgutil, importlib, index\n"
        "for m in pkgutil.walk_packages(index.__path__, 'index.'):\n"
        "    if m.name != 'index.__main__': importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'discord' or n.startswith(('discord.', 'bot')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
