"""latest.json → latest.md (tables) and latest.png (news_qa, SQuAD answers, refusal sweep, scaling)."""

from __future__ import annotations

from pathlib import Path


def targets(result: dict) -> list[dict]:
    """Issue 7's targets with this run's figures: one row per measure, with whether it is met."""
    rows = []

    def add(measure, target, figures, met):
        rows.append({"measure": measure, "target": target, "figure": " / ".join(_f(f) for f in figures),
                     "met": bool(met)})

    block = result.get("news_qa")
    if block:
        engine, label = block["systems"]["engine"], f"news_qa ({block['data']})"
        para, follow = engine.get("paraphrase"), engine.get("follow_up")
        if para:
            add(f"{label} paraphrase answer@1 / @3 / answered", ">= 0.80 / >= 0.92 / >= 0.92",
                (para["answer@1"], para["answer@3"], para["answered"]),
                para["answer@1"] >= 0.80 and para["answer@3"] >= 0.92 and para["answered"] >= 0.92)
        if follow:
            add(f"{label} follow-ups answer@1 (previous turn as context)", ">= 0.70", (follow["answer@1"],),
                follow["answer@1"] >= 0.70)
        if "near_miss" in engine and "off_topic" in engine:
            near, off = engine["near_miss"]["refused"], engine["off_topic"]["refused"]
            add(f"{label} near misses refused / off-topic refused", ">= 0.80 / >= 0.95", (near, off),
                near >= 0.80 and off >= 0.95)
        asked = [engine[k] for k in ("paraphrase", "follow_up") if k in engine]
        if asked and "short_f1" in asked[0]:
            f1 = sum(r["short_f1"] * r["n"] for r in asked) / sum(r["n"] for r in asked)
            add(f"{label} short-answer token F1 vs `answer` (paraphrases and follow-ups)", ">= 0.70", (f1,),
                f1 >= 0.70)
    answers = result.get("answers")
    if answers:
        short = answers.get("short_answers")
        if short:
            add(f"SQuAD v1.1 {result['split']} short answer EM / F1", ">= 0.45 / >= 0.60",
                (short["em"], short["f1"]), short["em"] >= 0.45 and short["f1"] >= 0.60)
        engine = answers["systems"]["engine"]
        add(f"SQuAD v1.1 {result['split']} answer@1 / @3", ">= 0.88 / >= 0.95 (never below 0.85)",
            (engine["answer@1"], engine["answer@3"]), engine["answer@1"] >= 0.88 and engine["answer@3"] >= 0.95)
    v2 = (result.get("refusal") or {}).get("squad2")
    if v2 and v2.get("at_answered_090"):
        at = v2["at_answered_090"]
        add("SQuAD v2.0: impossible refused, at answerable answered >= 0.90 (passage probability alone)",
            ">= 0.50", (at["refused"],), at["refused"] >= 0.50)

    speed = result.get("speed")
    if speed:
        lat = speed["latency"]
        add(f"ask latency p50 / p95 ms ({speed['serve']['sentences']:,}-sentence SQuAD store)", "<= 50 / <= 120",
            (f"{lat['p50_ms']:.1f}", f"{lat['p95_ms']:.1f}"), lat["p50_ms"] <= 50 and lat["p95_ms"] <= 120)
        add("serving peak RSS MB", "<= 500", (round(speed["serve"]["peak_rss_mb"]),),
            speed["serve"]["peak_rss_mb"] <= 500)
    return rows


def _f(value, digits=3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def markdown(result: dict) -> str:
    lines = [f"# Benchmark results ({result['split']} half{', quick' if result['quick'] else ''})", ""]
    lines.append(f"Run {result['started']} in {result['seconds']:.0f} s. {result.get('note', '')}".strip())
    if result.get("engine_commit"):
        lines.append(f"Engine measured: commit {result['engine_commit']}.")
    goals = targets(result)
    if goals:
        lines += ["", "## Targets (issue 7)", "", "| measure | target | figure | met |", "|---|---|---|---|"]
        lines += [f"| {g['measure']} | {g['target']} | {g['figure']} | {'yes' if g['met'] else 'no'} |" for g in goals]
    lines += _news_qa(result.get("news_qa"))
    answers = result.get("answers")
    if answers:
        lines += ["", f"## Answers: SQuAD v1.1 dev, {answers['articles']} articles, {answers['sentences']:,} "
                  f"sentences, {answers['questions']:,} questions{answers.get('sample_note', '')}", "",
                  "| system | answer@1 | answer@3 | article hit@1 | median quote chars | refused |",
                  "|---|---|---|---|---|---|"]
        for name, label in (("engine", "**engine**"), ("v01", "v0.1 engine (fa95d6a)"), ("bm25", "BM25 (sentences)"),
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
        lines.append("| target (engine) | >= 0.88 (never below 0.85) | >= 0.95 | | | |")
        lines.append("")
        lines.append("answer@k: a gold answer is inside one of the first k quotes (case-folded). The engine is "
                     "scored on its top hits whether or not it refuses; `refused` is its refusal rate on these "
                     "answerable questions. llama-index retrieves 2 chunks, so its answer@3 is over 2 chunks.")
        short = answers.get("short_answers")
        if short:
            v01 = answers["systems"].get("v01", {})
            lines += ["", f"### Short answers: SQuAD v1.1, {short['questions']:,} questions (SQuAD normalisation, "
                      "best over the gold answers)", "",
                      "| system / prediction | EM | F1 | target |", "|---|---|---|---|",
                      f"| **engine**: short answer, else quote 1 (all questions; a refusal scores 0) | "
                      f"{_f(short['em'])} | {_f(short['f1'])} | EM >= 0.45, F1 >= 0.60 |",
                      f"| engine: where it gives a short answer (coverage {_f(short['coverage'])}) | "
                      f"{_f(short['em_where_given'])} | {_f(short['f1_where_given'])} | |",
                      f"| engine: quote 1 alone | {_f(short['quote_em'])} | {_f(short['quote_f1'])} | |"]
            if "quote_f1" in v01:
                lines.append(f"| v0.1 engine: quote 1 (its only answer) | {_f(v01['quote_em'])} | "
                             f"{_f(v01['quote_f1'])} | |")
            lines += ["", f"The engine answered {_f(short['answered'])} of these questions; "
                      f"{short['ms_per_question']:.1f} ms per question through `Engine.ask`."]
    refusal = result.get("refusal")
    if refusal:
        off = refusal["off_topic"]
        lines += ["", "## Refusals", "",
                  "| check | figure | target |", "|---|---|---|",
                  f"| off-topic questions refused ({off['refuse_questions']:,} q, store without their "
                  f"{off['absent_articles']} articles) | {_f(off['refused'])} | >= 0.95 |",
                  f"| in-store questions answered ({off['answer_questions']:,} q, {off['store_articles']} "
                  f"articles) | {_f(off['answered'])} | >= 0.95 |"]
        if off.get("v01"):
            lines.append(f"| v0.1 engine, same questions: off-topic refused / in-store answered | "
                         f"{_f(off['v01']['refused'])} / {_f(off['v01']['answered'])} | |")
        v2 = refusal.get("squad2")
        if v2:
            ship = v2["shipped"]
            lines.append(f"| SQuAD v2.0: answerable answered ({v2['answerable']:,} q) | {_f(ship['answered'])} | "
                         "(trade-off, see plot) |")
            lines.append(f"| SQuAD v2.0: is_impossible refused ({v2['impossible']:,} q) | {_f(ship['refused'])} | "
                         "(trade-off, see plot) |")
            at = v2.get("at_answered_090")
            if at and at["answer_at"] is not None:
                lines.append(f"| SQuAD v2.0: is_impossible refused at answerable answered >= 0.90 (threshold "
                             f"{at['answer_at']:.3f}, answered {_f(at['answered'])}) | {_f(at['refused'])} | >= 0.50 |")
            asked = v2.get("as_asked")
            if asked:
                ship, at = asked["shipped"], asked["at_answered_090"]
                lines.append(f"| SQuAD v2.0 as asked (Engine.ask, with its span and focus checks): answerable "
                             f"answered / is_impossible refused | {_f(ship['answered'])} / {_f(ship['refused'])} | |")
                if at["answer_at"] is not None and at["answer_at"] > 0:
                    lines.append(f"| SQuAD v2.0 as asked: is_impossible refused at answerable answered >= 0.90 "
                                 f"(threshold {at['answer_at']:.3f}, answered {_f(at['answered'])}) | "
                                 f"{_f(at['refused'])} | >= 0.50 |")
            old = v2.get("v01")
            if old:
                lines.append(f"| v0.1 engine, same questions: is_impossible refused at its shipped rule (answerable "
                             f"answered {_f(old['shipped']['answered'])}) | {_f(old['shipped']['refused'])} | |")
                o = old["at_answered_090"]
                lines.append(f"| v0.1 engine: is_impossible refused at answerable answered >= 0.90 (min_evidence "
                             f"{o['answer_at']:.3f}, answered {_f(o['answered'])}) | {_f(o['refused'])} | |")
        for check in refusal.get("seed_checks", []):
            want = "answered" if check["expected_answered"] else "refused"
            got = "answered" if check["answered"] else "refused"
            lines.append(f"| seed: “{check['question']}” | {got} {('“' + check['quote'][:60] + '…”') if check['quote'] else ''} "
                         f"| {want}{' ✓' if check['ok'] else ' ✗'} |")
        p = refusal["shipped_params"]
        lines.append("")
        lines.append(f"Operating point shipped: answered when the best passage's probability >= "
                     f"{p['answer_at']} (index.ranking.ANSWER_AT).")
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
                  f"{lat['p95_ms']:.1f} / {lat['p99_ms']:.1f} ms | p50 <= 50, p95 <= 120 ms |",
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
                  f"{serve['import_s']:.2f}, open {serve['open_s']:.2f}, warm {serve.get('warm_s', 0.0):.2f}, "
                  f"first answer {serve['first_answer_s']:.2f}) | |",
                  f"| peak RSS while serving ({serve['sentences']:,} sentences) | {serve['peak_rss_mb']:.0f} MB | "
                  "<= 500 MB |"]
        scale = speed.get("scaling")
        if scale:
            lines += ["", "| corpus | sentences | open s | warm s | p50 ms | p95 ms | peak RSS MB |",
                      "|---|---|---|---|---|---|---|"]
            for row in scale:
                if "error" in row:
                    lines.append(f"| {row['factor']}x | {row['sentences']:,} | fails to open: {row['error'][:90]} "
                                 "| – | – | – | – |")
                    continue
                lines.append(f"| {row['factor']}x | {row['sentences']:,} | {row['open_s']:.2f} | "
                             f"{row.get('warm_s', 0.0):.2f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
                             f"{row['peak_rss_mb']:.0f} |")
            if speed.get("growth"):
                lines += ["", speed["growth"]]
    return "\n".join(lines) + "\n"


NEWS_SYSTEMS = (("engine", "**engine**"), ("v01", "v0.1 engine (fa95d6a)"), ("bm25", "BM25 (sentences)"),
                ("dense", "dense MiniLM (sentences)"), ("llama_default", "llama-index default (top-2 chunks)"))


def _news_qa(block: dict | None) -> list[str]:
    if not block:
        return []
    systems = block["systems"]
    engine = systems["engine"]
    n = {k: engine[k]["n"] for k in ("paraphrase", "follow_up", "near_miss", "off_topic") if k in engine}
    lines = ["", f"## news_qa ({block['data']}: {block['articles']} articles, {block['questions']} questions)", ""]
    if block["data"] == "tuning":
        lines += ["The tuning set: the engine's scorer was fitted on these very questions, so these figures "
                  "flatter it. Held-out figures come from `--news-qa PATH` on other material of the same kind.", ""]
    lines += ["| system | paraphrase answer@1 / @3 / answered | follow-up answer@1 / @3 / answered | "
              "near misses refused | off-topic refused | short-answer F1 / EM (paraphrase) |",
              "|---|---|---|---|---|---|"]

    def asked(row):
        if not row:
            return "–"
        parts = [_f(row["answer@1"]), _f(row["answer@3"])]
        if "answered" in row:
            parts.append(_f(row["answered"]))
        return " / ".join(parts)

    for name, label in NEWS_SYSTEMS:
        row = systems.get(name)
        if not row:
            continue
        if row.get("median_chunk_chars"):
            label += f" (chunks: median {row['median_chunk_chars']:,.0f} chars)"
        para = row.get("paraphrase", {})
        short = f"{_f(para['short_f1'])} / {_f(para['short_em'])}" if "short_f1" in para else "–"
        lines.append(f"| {label} | {asked(row.get('paraphrase'))} | {asked(row.get('follow_up'))} | "
                     f"{_f(row.get('near_miss', {}).get('refused'))} | {_f(row.get('off_topic', {}).get('refused'))} "
                     f"| {short} |")
    lines.append(f"| target | >= 0.80 / >= 0.92 / >= 0.92 | answer@1 >= 0.70 | >= 0.80 | >= 0.95 | F1 >= 0.70 |")
    para = engine.get("paraphrase", {})
    follow = engine.get("follow_up", {})
    lines += ["", f"Questions per kind: {', '.join(f'{k} {v}' for k, v in n.items())}. answer@k: the system "
              "answered and one of its first k quotes is from the question's article and holds an `expect` "
              "string. Follow-ups are asked with the previous turn as context (\"question\\nanswer\", as the "
              "bot keeps it) by the engine and v0.1; the rankers (BM25, dense, llama-index) keep no turn, answer "
              "everything and are asked each question alone. Short answer: `Answer.short_answer`, else quote 1; "
              "a refusal scores 0."]
    if "short_coverage" in para:
        lines.append(f"Engine short answers given: paraphrase {_f(para['short_coverage'])} (F1 "
                     f"{_f(para['short_f1_where_given'])} where given), follow-up "
                     f"{_f(follow.get('short_coverage'))}; follow-up short-answer F1 {_f(follow.get('short_f1'))}.")
    variants = block.get("variants")
    if variants:
        lines.append(f"Each paraphrase asked alone again otherwise: with one typo in its longest word (its "
                     f"middle letter dropped / swapped with the next) answer@1 "
                     f"{_f(variants['drop']['answer@1'])} / {_f(variants['swap']['answer@1'])}; wrapped "
                     f"(\"hey, can you tell me …? thanks\") "
                     f"{_f(variants['wrapped']['answer@1'])}. Of the {variants['right_as_asked']} right as "
                     f"asked, {variants['drop']['lost']} / {variants['swap']['lost']} / "
                     f"{variants['wrapped']['lost']} lost that way.")
        after = variants.get("after_other")
        if after:
            lines.append(f"Each paraphrase asked after a turn about another article (that article's first "
                         f"paraphrase and the engine's answer, as the bot keeps them): answer@1 "
                         f"{_f(after['answer@1'])}, {after['lost']} of the {variants['right_as_asked']} "
                         f"lost.")
    return lines


def plot(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 4, figsize=(21, 4.6))
    block = result.get("news_qa")
    ax = axes[0]
    if block:
        names = [n for n, _ in NEWS_SYSTEMS if n in block["systems"]]
        x = range(len(names))
        rows = [block["systems"][n] for n in names]
        ax.bar([i - 0.27 for i in x], [r["paraphrase"]["answer@1"] for r in rows], 0.27, label="paraphrase answer@1")
        ax.bar(list(x), [r["paraphrase"]["answer@3"] for r in rows], 0.27, label="paraphrase answer@3")
        ax.bar([i + 0.27 for i in x], [r["follow_up"]["answer@1"] if "follow_up" in r else 0 for r in rows], 0.27,
               label="follow-up answer@1")
        ax.set_xticks(list(x), names)
        ax.axhline(0.80, color="C0", ls=":", lw=1)
        ax.set_ylim(0, 1)
        ax.set_title(f"news_qa ({block['data']})")
        ax.legend(loc="upper right", fontsize=7)
    answers = result.get("answers")
    ax = axes[1]
    if answers:
        names = [n for n in ("engine", "v01", "rrf", "bm25", "dense", "llama_default") if n in answers["systems"]]
        x = range(len(names))
        ax.bar([i - 0.2 for i in x], [answers["systems"][n]["answer@1"] for n in names], 0.4, label="answer@1")
        ax.bar([i + 0.2 for i in x], [answers["systems"][n]["answer@3"] for n in names], 0.4, label="answer@3")
        ax.set_xticks(list(x), names, rotation=20)
        ax.axhline(0.88, color="C0", ls=":", lw=1)  # issue 7's targets
        ax.axhline(0.95, color="C1", ls=":", lw=1)
        ax.set_ylim(0, 1)
        ax.set_title("SQuAD v1.1 answers (held-out)" if result["split"] == "heldout" else "SQuAD v1.1 answers")
        ax.legend(loc="lower right")
    ax = axes[2]
    refusal = result.get("refusal")
    if refusal:
        for key, label, marker in (("squad2", "SQuAD v2.0 impossible", "o"), ("off_topic", "off-topic", "s")):
            block = refusal.get(key)
            if not block:
                continue
            pts = [(r["refused"], r["answered"]) for r in block["sweep"] if r["knob"] == "answer_at"]
            if pts:
                ax.plot(*zip(*pts), "-", marker=marker, ms=3, label=f"{label}: answer_at")
            ship = block["shipped"]
            ax.plot(ship["refused"], ship["answered"], "k*", ms=14)
            at = block.get("at_answered_090")
            if at and at["answer_at"] is not None:
                ax.plot(at["refused"], at["answered"], "kx", ms=10)
        ax.set_xlabel("refused rate (should refuse)")
        ax.set_ylabel("answered rate (answerable)")
        ax.set_title("Refusal threshold sweep (★ = shipped, × = answerable answered 0.90)")
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.02)
        ax.legend(fontsize=7, loc="lower left")
    ax = axes[3]
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
        ax.set_title("Scaling (" + ", ".join(f"{r['factor']}x" for r in scale) + " corpus)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
