"""latest.json → latest.md (tables) and latest.png (answers, refusal sweep, scaling)."""

from __future__ import annotations

from pathlib import Path

TARGETS = {
    "answer@1": ">= 0.80 and ahead of every baseline",
    "answer@3": ">= 0.92",
    "median_quote_chars": "<= 300",
}


def _f(value, digits=3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def markdown(result: dict) -> str:
    lines = [f"# Benchmark results ({result['split']} half{', quick' if result['quick'] else ''})", ""]
    lines.append(f"Run {result['started']} in {result['seconds']:.0f} s. {result.get('note', '')}".strip())
    answers = result.get("answers")
    if answers:
        lines += ["", f"## Answers: SQuAD v1.1 dev, {answers['articles']} articles, {answers['sentences']:,} "
                  f"sentences, {answers['questions']:,} questions{answers.get('sample_note', '')}", "",
                  "| system | answer@1 | answer@3 | article hit@1 | median quote chars | refused |",
                  "|---|---|---|---|---|---|"]
        for name, label in (("engine", "**engine**"), ("bm25", "BM25 (sentences)"),
                            ("dense", "dense MiniLM (sentences)"), ("rrf", "RRF(BM25, dense)"),
                            ("llama_default", "llama-index default (top-2 chunks)")):
            row = answers["systems"].get(name)
            if not row:
                continue
            chars = _f(row["median_quote_chars"], 0)
            if name == "llama_default":
                chars += f" (chunks: median {_f(row['median_chunk_chars'], 0)})"
            lines.append(f"| {label} | {_f(row['answer@1'])} | {_f(row['answer@3'])} | {_f(row['article@1'])} | "
                         f"{chars} | {_f(row.get('refused'))} |")
        lines.append("")
        lines.append("answer@k: a gold answer is inside one of the first k quotes (case-folded). The engine is "
                     "scored on its top hits whether or not it refuses; `refused` is its refusal rate on these "
                     "answerable questions. llama-index retrieves 2 chunks, so its answer@3 is over 2 chunks.")
    refusal = result.get("refusal")
    if refusal:
        off = refusal["off_topic"]
        lines += ["", "## Refusals", "",
                  "| check | figure | target |", "|---|---|---|",
                  f"| off-topic questions refused ({off['refuse_questions']:,} q, store without their "
                  f"{off['absent_articles']} articles) | {_f(off['refused'])} | >= 0.95 |",
                  f"| in-store questions answered ({off['answer_questions']:,} q, {off['store_articles']} "
                  f"articles) | {_f(off['answered'])} | >= 0.95 |"]
        v2 = refusal.get("squad2")
        if v2:
            ship = v2["shipped"]
            lines.append(f"| SQuAD v2.0: answerable answered ({v2['answerable']:,} q) | {_f(ship['answered'])} | "
                         "(trade-off, see plot) |")
            lines.append(f"| SQuAD v2.0: is_impossible refused ({v2['impossible']:,} q) | {_f(ship['refused'])} | "
                         "(trade-off, see plot) |")
        for check in refusal.get("seed_checks", []):
            want = "answered" if check["expected_answered"] else "refused"
            got = "answered" if check["answered"] else "refused"
            lines.append(f"| seed: “{check['question']}” | {got} {('“' + check['quote'][:60] + '…”') if check['quote'] else ''} "
                         f"| {want}{' ✓' if check['ok'] else ' ✗'} |")
        p = refusal["shipped_params"]
        lines.append("")
        lines.append(f"Operating point shipped: answered when dense >= {p['strong_dense']}, or dense >= "
                     f"{p['min_dense']}, coverage >= {p['min_coverage']} and dense + {p['evidence_coverage_weight']} "
                     f"x coverage >= {p['min_evidence']}.")
    summaries = result.get("summaries")
    if summaries:
        lines += ["", "## Summaries (3 sentences, ROUGE F1, stemmed)", "",
                  "| data | system | R-1 | R-2 | R-Lsum |", "|---|---|---|---|---|"]
        for dataset, label in (("frank-cnndm", "FRANK CNN/DM"), ("summeval", "SummEval (11 refs, mean)")):
            for name in ("engine", "lead3", "centrality"):
                row = summaries.get(dataset, {}).get(name)
                if row:
                    lines.append(f"| {label} ({row['articles']}) | {name} | {_f(row['rouge1'])} | "
                                 f"{_f(row['rouge2'])} | {_f(row['rougeLsum'])} |")
        bad = summaries["bad_sentences"]
        lines.append("")
        lines.append("Sentences that are only a heading, a byline or a photo caption: " + ", ".join(
            f"{name} {bad[name]['count']}" for name in bad) + ".")
    speed = result.get("speed")
    if speed:
        lat, build = speed["latency"], speed["build"]
        serve = speed["serve"]
        lines += ["", "## Speed", "", "| measure | figure | target |", "|---|---|---|",
                  f"| ask latency p50 / p95 / p99 ({lat['n']:,} questions, batch) | {lat['p50_ms']:.1f} / "
                  f"{lat['p95_ms']:.1f} / {lat['p99_ms']:.1f} ms | p50 <= 10, p95 <= 25 ms |",
                  f"| median parts | " + ", ".join(f"{k} {v:.2f}" for k, v in lat["median_parts_ms"].items())
                  + " ms | |",
                  *([f"| same, onnxruntime with 1 intra-op thread (side by side) | "
                     f"{speed['latency_one_thread']['p50_ms']:.1f} / {speed['latency_one_thread']['p95_ms']:.1f} / "
                     f"{speed['latency_one_thread']['p99_ms']:.1f} ms (embed median "
                     f"{speed['latency_one_thread']['median_parts_ms'].get('embed', float('nan')):.2f} ms) | |"]
                    if speed.get("latency_one_thread") else []),
                  f"| build throughput ({build['sentences']:,} sentences) | {build['build_sentences_per_s']:.0f} "
                  f"sentences/s vs bare model {build['raw_model_sentences_per_s']:.0f}/s = "
                  f"{build['ratio']:.2f}x | >= 0.85x |",
                  f"| no-change rebuild ({build['sentences']:,}-sentence sample) | {build['no_change_rebuild_s']:.2f} s "
                  "| <= 2 s |",
                  *([f"| no-change rebuild of the SQuAD store ({speed['store_rebuild']['sentences']:,} sentences) | "
                     f"{speed['store_rebuild']['seconds']:.2f} s | <= 2 s |"] if speed.get("store_rebuild") else []),
                  f"| cold start to first answer (fresh process) | {serve['cold_start_s']:.2f} s (imports "
                  f"{serve['import_s']:.2f}, open {serve['open_s']:.2f}, first answer {serve['first_answer_s']:.2f}) | |",
                  f"| peak RSS while serving ({serve['sentences']:,} sentences) | {serve['peak_rss_mb']:.0f} MB | "
                  "<= 400 MB |"]
        scale = speed.get("scaling")
        if scale:
            lines += ["", "| corpus | sentences | open s | p50 ms | p95 ms | peak RSS MB |", "|---|---|---|---|---|---|"]
            for row in scale:
                if "error" in row:
                    lines.append(f"| {row['factor']}x | {row['sentences']:,} | fails to open: {row['error'][:90]} "
                                 "| – | – | – |")
                    continue
                lines.append(f"| {row['factor']}x | {row['sentences']:,} | {row['open_s']:.2f} | {row['p50_ms']:.1f} | "
                             f"{row['p95_ms']:.1f} | {row['peak_rss_mb']:.0f} |")
            if speed.get("growth"):
                lines += ["", speed["growth"]]
    return "\n".join(lines) + "\n"


def plot(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(16, 4.6))
    answers = result.get("answers")
    ax = axes[0]
    if answers:
        names = [n for n in ("engine", "rrf", "bm25", "dense", "llama_default") if n in answers["systems"]]
        x = range(len(names))
        ax.bar([i - 0.2 for i in x], [answers["systems"][n]["answer@1"] for n in names], 0.4, label="answer@1")
        ax.bar([i + 0.2 for i in x], [answers["systems"][n]["answer@3"] for n in names], 0.4, label="answer@3")
        ax.set_xticks(list(x), names)
        ax.axhline(0.80, color="C0", ls=":", lw=1)
        ax.axhline(0.92, color="C1", ls=":", lw=1)
        ax.set_ylim(0, 1)
        ax.set_title("SQuAD v1.1 answers (held-out)" if result["split"] == "heldout" else "SQuAD v1.1 answers")
        ax.legend(loc="lower right")
    ax = axes[1]
    refusal = result.get("refusal")
    if refusal:
        for key, label, marker in (("squad2", "SQuAD v2.0 impossible", "o"), ("off_topic", "off-topic", "s")):
            block = refusal.get(key)
            if not block:
                continue
            for knob, style in (("min_evidence", "-"), ("min_coverage", "-."), ("min_dense", "--"),
                                ("strong_dense", ":")):
                pts = [(r["refused"], r["answered"]) for r in block["sweep"] if r["knob"] == knob]
                if pts:
                    ax.plot(*zip(*pts), style, marker=marker, ms=3, label=f"{label}: {knob}")
            ship = block["shipped"]
            ax.plot(ship["refused"], ship["answered"], "k*", ms=14)
        ax.set_xlabel("refused rate (should refuse)")
        ax.set_ylabel("answered rate (answerable)")
        ax.set_title("Refusal threshold sweep (★ = shipped)")
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.02)
        ax.legend(fontsize=7, loc="lower left")
    ax = axes[2]
    speed = result.get("speed") or {}
    scale = [r for r in (speed.get("scaling") or []) if "error" not in r]
    if scale:
        sizes = [r["sentences"] for r in scale]
        ax.plot(sizes, [r["p50_ms"] for r in scale], "o-", label="p50 ms")
        ax.plot(sizes, [r["p95_ms"] for r in scale], "s-", label="p95 ms")
        ax.set_xscale("log")
        ax.set_xlabel("sentences indexed")
        ax.set_ylabel("ask latency (ms)")
        twin = ax.twinx()
        twin.plot(sizes, [r["peak_rss_mb"] for r in scale], "^-", color="C3", label="peak RSS MB")
        twin.set_ylabel("peak RSS (MB)")
        ax.legend(loc="upper left")
        twin.legend(loc="lower right")
        ax.set_title("Scaling (1x, 4x, 16x corpus)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
