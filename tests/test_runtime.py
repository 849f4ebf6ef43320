import subprocess
import sys


def test_malloc_arena_cap_applies_on_glibc():
    code = "from index.runtime import limit_malloc_arenas; print(limit_malloc_arenas())"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    expected = "True" if "glibc" in " ".join(__import__("platform").libc_ver()) else "False"
    assert result.stdout.strip() == expected
