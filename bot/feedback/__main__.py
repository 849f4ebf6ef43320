"""``python -m bot.feedback export|import``: the feedback database as JSON lines, and back."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.feedback import FeedbackStore


def default_path() -> Path:
    from bot.settings import Settings

    return Settings.from_env().feedback_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.feedback", description="Answer feedback data.")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write every answer and its votes as JSON lines")
    export.add_argument(
        "--db", type=Path, help="the database (default: DISCORD_FEEDBACK_DB or next to the index)"
    )
    export.add_argument("--out", type=Path, help="output file (default: standard output)")
    load = commands.add_parser("import", help="read JSON lines written by export into a database")
    load.add_argument("file", type=Path)
    load.add_argument("--db", type=Path)
    args = parser.parse_args(argv)
    path = args.db or default_path()
    if args.command == "export" and not path.is_file():
        print(f"No feedback database at {path}.", file=sys.stderr)
        return 2
    store = FeedbackStore(path)
    try:
        if args.command == "export":
            out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
            try:
                count = 0
                for record in store.export():
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    count += 1
            finally:
                if args.out:
                    out.close()
            print(f"{count} answers exported from {path}", file=sys.stderr)
        else:
            try:
                lines = args.file.read_text(encoding="utf-8").splitlines()
                records = [json.loads(line) for line in lines if line.strip()]
            except (OSError, ValueError) as error:
                print(f"Cannot read {args.file}: {error}", file=sys.stderr)
                return 2
            print(f"{store.load(records)} answers imported into {path}", file=sys.stderr)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
