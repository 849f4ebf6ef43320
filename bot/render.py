"""Engine results as Discord messages: embeds, escaping, and splitting within Discord's limits.

Every function here is pure (no I/O) so the limits can be unit-tested without a connection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import discord
from discord.utils import escape_markdown, escape_mentions

from index.dates import byline
from index.types import Answer, ArticleInfo, Citation, Summary

# Discord's documented limits.
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELDS_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBEDS_PER_MESSAGE = 10
MESSAGE_EMBED_TOTAL = 6000

ANSWERED_COLOUR = discord.Colour.blurple()
UNANSWERED_COLOUR = discord.Colour.light_grey()

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?:\s*\[\d+\])*(?=\s|$)")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Reply:
    """One message to send. ``kwargs()`` always carries mentions that ping nobody."""

    content: str | None = None
    embeds: tuple[discord.Embed, ...] = ()

    def kwargs(self) -> dict:
        return {
            "content": self.content,
            "embeds": list(self.embeds),
            "allowed_mentions": discord.AllowedMentions.none(),
        }


# --------------------------------------------------------------------------- escaping and splitting


def clean(text: str) -> str:
    """Article or user text made inert: no markdown surprises, no mentions."""
    return escape_mentions(escape_markdown(text))


def clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    cut = cut if cut > limit // 2 else limit - 1
    # Never leave a dangling escape backslash that would swallow the ellipsis.
    head = text[:cut].rstrip()
    if head.endswith("\\") and not head.endswith("\\\\"):
        head = head[:-1]
    return head + "…"


def _sentences(text: str) -> list[str]:
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _hard_split(text: str, limit: int) -> list[str]:
    out = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit - 1 if text[limit - 1] == "\\" else limit
        out.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        out.append(text)
    return out


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, cut at paragraph, then sentence, then word boundaries."""
    pieces: list[str] = []
    for paragraph in _PARAGRAPH.split(text.strip()):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if len(paragraph) <= limit:
            pieces.append(paragraph)
            continue
        sentences: list[str] = []
        for sentence in _sentences(paragraph):
            sentences.extend([sentence] if len(sentence) <= limit else _hard_split(sentence, limit))
        # Sentences of one paragraph stay joined by a space: only the cut itself becomes a break.
        pieces.extend(pack(sentences, limit, sep=" "))
    return pieces


def pack(blocks: Iterable[str], limit: int, sep: str = "\n\n") -> list[str]:
    """Greedily joins whole blocks into chunks of at most ``limit``; a block is never cut here."""
    chunks: list[str] = []
    current = ""
    for block in blocks:
        if len(block) > limit:
            raise ValueError(f"block of {len(block)} characters exceeds {limit}")
        candidate = f"{current}{sep}{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = block
    if current:
        chunks.append(current)
    return chunks


def split_content(text: str, limit: int = CONTENT_LIMIT) -> list[str]:
    """Plain message content split for Discord's 2,000-character limit."""
    return pack(split_text(text, limit), limit) or [""]


# --------------------------------------------------------------------------- building blocks


def _quote_lines(text: str) -> str:
    return "\n".join("> " + (clean(line) if line.strip() else "") for line in text.strip().splitlines())


def _source_header(c: Citation) -> str:
    parts = [f"**[{c.n}]** {clean(c.title)}"]
    dated = byline(c.source, c.published)  # issue 11: "Site · 28 Aug 2025"
    if dated:
        parts.append(clean(dated))
    if c.section:
        parts.append(f"*{clean(c.section)}*")
    if c.url:
        # Angle brackets stop Discord unfurling a preview for every source.
        parts.append(f"[link](<{c.url}>)")
    return " · ".join(parts)


def source_blocks(citation: Citation, limit: int = DESCRIPTION_LIMIT) -> list[str]:
    """One block per citation: header plus the whole quote. Only a quote longer than an entire
    embed is cut, at sentence boundaries, with each part still quoted."""
    header = _source_header(citation)
    block = f"{header}\n{_quote_lines(citation.quote)}"
    if len(block) <= limit:
        return [block]
    room = limit - len(header) - 1
    # Escaping and "> " prefixes lengthen text: size the raw parts with margin.
    parts = [_quote_lines(p) for p in split_text(citation.quote, room // 3)]
    blocks = pack(parts, room, sep="\n")
    blocks[0] = f"{header}\n{blocks[0]}"
    return blocks


def _paragraph_blocks(text: str, limit: int = DESCRIPTION_LIMIT) -> list[str]:
    # Escaping first means the pieces are measured as sent; escapes contain no spaces or sentence
    # ends, so a cut cannot separate a backslash from the character it protects.
    return split_text(clean(text), limit)


def _embeds(
    title: str,
    blocks: Sequence[str],
    *,
    colour: discord.Colour,
    url: str | None = None,
    footer: str | None = None,
) -> list[Reply]:
    """One embed per message keeps every message far below the 6,000-character total."""
    title = clip(title, TITLE_LIMIT)
    chunks = pack(blocks, DESCRIPTION_LIMIT) or [""]
    replies = []
    for i, chunk in enumerate(chunks, 1):
        embed = discord.Embed(
            title=title if i == 1 else clip(f"{title} (continued)", TITLE_LIMIT),
            description=chunk or None,
            colour=colour,
            url=url,
        )
        parts = [footer] if footer else []
        if len(chunks) > 1:
            parts.append(f"part {i} of {len(chunks)}")
        if parts:
            embed.set_footer(text=clip(" · ".join(parts), FOOTER_LIMIT))
        replies.append(Reply(embeds=(embed,)))
    return replies


# --------------------------------------------------------------------------- results


def _restates(answer: Answer) -> bool:
    """True when the answer text only repeats the first quote (the extractive engine's "“quote” [1]")."""
    return bool(answer.citations) and answer.citations[0].quote.strip() in answer.answer


def lead_blocks(citation: Citation, limit: int = DESCRIPTION_LIMIT) -> list[str]:
    """The first source, quote first (it is the answer's evidence), then where it comes from."""
    block = f"{_quote_lines(citation.quote)}\n— {_source_header(citation)}"
    return [block] if len(block) <= limit else source_blocks(citation, limit)


def render_answer(answer: Answer) -> list[Reply]:
    """Answer first. Quotes: the short answer in bold (when the engine found one), then the quote it
    comes from, once, with its article, section and link, then the other sources. A written answer:
    its text, then every source. A refusal is one line, plus the closest passages only when the
    engine offers them as close."""
    title = clean(answer.question.strip()) or "Answer"
    if answer.answered and not _restates(answer):
        blocks = _paragraph_blocks(answer.answer)
        if answer.citations:
            blocks.append("**Sources**")
            for citation in answer.citations:
                blocks.extend(source_blocks(citation))
        return _embeds(title, blocks, colour=ANSWERED_COLOUR, footer="Quotes are verbatim from the articles.")
    if answer.answered:
        blocks = []
        if answer.short_answer is not None and answer.short_answer.text.strip():
            blocks.append(f"**{clean(answer.short_answer.text.strip())}**")
        if answer.citations:
            blocks.extend(lead_blocks(answer.citations[0]))
            if len(answer.citations) > 1:
                blocks.append("**Also in the articles**")
                for citation in answer.citations[1:]:
                    blocks.extend(source_blocks(citation))
        return _embeds(title, blocks, colour=ANSWERED_COLOUR, footer="Quotes are verbatim from the articles.")
    blocks = _paragraph_blocks(answer.answer or "The articles do not contain the answer.")
    if answer.related:
        blocks.append("**Closest passages (not an answer)**")
        for citation in answer.related:
            blocks.extend(source_blocks(citation))
    return _embeds(title, blocks, colour=UNANSWERED_COLOUR, footer="Not in the articles.")


def render_summary(summary: Summary) -> list[Reply]:
    blocks = _paragraph_blocks(summary.summary)
    if summary.citations:
        blocks.append("**Sources**")
        for citation in summary.citations:
            blocks.extend(source_blocks(citation))
    return _embeds(
        f"Summary: {clean(summary.title)}",
        blocks,
        colour=ANSWERED_COLOUR,
        url=summary.url,
        footer="Every sentence is quoted from the article.",
    )


def _when(indexed_at: str) -> str:
    """An absolute date and time (shown in the reader's time zone): articles indexed at different
    times read differently at a glance, where "3 hours ago" would blur them together."""
    try:
        moment = datetime.fromisoformat(indexed_at)
    except (TypeError, ValueError):
        return clean(str(indexed_at))
    return discord.utils.format_dt(moment, "f")


SOURCES_PER_PAGE = 10


def source_pages(count: int) -> int:
    return max(1, -(-count // SOURCES_PER_PAGE))


def render_sources(articles: Sequence[ArticleInfo], page: int = 0) -> Reply:
    """One page of the indexed articles (10 per page), each with its own indexed time."""
    if not articles:
        return _embeds("Indexed articles", ["No articles are indexed yet."], colour=UNANSWERED_COLOUR)[0]
    pages = source_pages(len(articles))
    page = min(max(page, 0), pages - 1)
    ordered = sorted(articles, key=lambda a: (a.title.lower(), a.article))
    lines = []
    for info in ordered[page * SOURCES_PER_PAGE : (page + 1) * SOURCES_PER_PAGE]:
        name = (
            f"[{clean(clip(info.title, 200))}](<{info.url}>)"
            if info.url
            else f"**{clean(clip(info.title, 200))}**"
        )
        published = byline(info.source, info.published)  # issue 11: "Site · 28 Aug 2025"
        lines.append(
            f"{name}\n"
            + (f"{clean(published)} · " if published else "")
            + f"`{info.article}` · {info.chunks} chunks · indexed {_when(info.indexed_at)}"
        )
    footer = f"page {page + 1} of {pages}" if pages > 1 else None
    return _embeds(
        f"Indexed articles ({len(articles)})", ["\n".join(lines)], colour=ANSWERED_COLOUR, footer=footer
    )[0]


HELP_TEXT = (
    "I answer questions about the indexed news articles with **verbatim, cited quotes**, "
    "and say so plainly when the articles do not contain the answer.\n\n"
    "**/ask** `question`: ask a question; the answer cites numbered sources.\n"
    "**/summary** `article`: a short summary of one article, every sentence quoted from it.\n"
    "**/sources**: the indexed articles.\n"
    "**/ask** `question` `private:true`: only you see the answer.\n"
    "**/reindex**: rebuild the index from the article files (Manage Server only).\n"
    "**/stats**: answers, refusals and 👍/👎 of the last 7 days (Manage Server only).\n"
    "**/add** `url`: add a news article from the web (Manage Server only).\n"
    "**/help**: this message.\n\n"
    "Press 👍 or 👎 under an answer to say whether it helped: the vote is stored with the question and "
    "the answer, and with a salted hash instead of your user id.\n\n"
    "You can also mention me with a question. I answer in a reply{thread}; "
    "reply to my answer{in_thread} to ask a follow-up without mentioning me."
)


def render_help(*, mentions: bool, threads: bool) -> list[Reply]:
    text = HELP_TEXT.format(
        thread=" and start a thread" if threads else "",
        in_thread=" or write in that thread" if threads else "",
    )
    if not mentions:
        text = text.split("\n\nYou can also")[0]
    return _embeds("How to use me", [text], colour=ANSWERED_COLOUR)


def render_stats(stats) -> list[Reply]:
    """/stats: the last 7 days of this server, from the feedback database."""
    lines = [
        f"**Answers:** {stats.answers:,} (of which refused: {stats.refusals:,})",
        f"**Votes:** 👍 {stats.up:,} · 👎 {stats.down:,}",
    ]
    if stats.worst:
        lines.append("\n**Worst-rated questions**")
        lines += [f"👎 {down} · 👍 {up} — {clean(clip(q, 200))}" for q, up, down in stats.worst]
    else:
        lines.append("\nNo question has a 👎 yet.")
    return _embeds("Last 7 days", ["\n".join(lines)], colour=ANSWERED_COLOUR)


def render_error(text: str) -> str:
    return clip(escape_mentions(text), CONTENT_LIMIT)


def progress_line(stage: str, done: int, total: int) -> str:
    if total > 0:
        return f"Rebuilding the index… {stage}: {done}/{total} ({100 * done // total}%)"
    return f"Rebuilding the index… {stage}"


# --------------------------------------------------------------------------- limit checks


def limit_problems(reply: Reply) -> list[str]:
    """Every Discord limit this message would break (empty when it can be sent)."""
    problems = []
    if reply.content is not None and len(reply.content) > CONTENT_LIMIT:
        problems.append(f"content {len(reply.content)} > {CONTENT_LIMIT}")
    if len(reply.embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(reply.embeds)} embeds > {EMBEDS_PER_MESSAGE}")
    total = 0
    for embed in reply.embeds:
        total += len(embed)
        if embed.title and len(embed.title) > TITLE_LIMIT:
            problems.append(f"title {len(embed.title)} > {TITLE_LIMIT}")
        if embed.description and len(embed.description) > DESCRIPTION_LIMIT:
            problems.append(f"description {len(embed.description)} > {DESCRIPTION_LIMIT}")
        if len(embed.fields) > FIELDS_LIMIT:
            problems.append(f"{len(embed.fields)} fields > {FIELDS_LIMIT}")
        for f in embed.fields:
            if len(f.name or "") > FIELD_NAME_LIMIT or len(f.value or "") > FIELD_VALUE_LIMIT:
                problems.append(f"field {f.name!r} too long")
        if embed.footer.text and len(embed.footer.text) > FOOTER_LIMIT:
            problems.append("footer too long")
    if total > MESSAGE_EMBED_TOTAL:
        problems.append(f"embeds total {total} > {MESSAGE_EMBED_TOTAL}")
    return problems
