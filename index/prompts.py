"""Every prompt the project sends to a language model, in one place so wording changes are reviewable.

The written answer is checked sentence by sentence (index/grounding.py), so the prompt asks for exactly
the shape the check can verify: short sentences, each ending in markers [n] for the quotes it rests on,
numbers and names copied as the quotes write them; or one fixed refusal sentence.
"""

from __future__ import annotations

from index.types import Citation

# The one sentence the model must answer with when the quotes do not answer the question. The composer
# treats it (and close variants) as the model declining, never as an answer.
REFUSAL = "The quotes do not answer this."

SYSTEM = f"""You answer questions about news articles, using only the numbered quotes you are given.

Rules:
- Write a short answer: one to three sentences, plain text, no lists, no headings, no preamble.
- End every sentence with the number of each quote that supports it, in square brackets, like [1] or [1][2].
- Use only facts stated in the quotes you cite. Copy numbers, dates and names exactly as those quotes write
  them. Add nothing from your own knowledge and do not guess.
- If the quotes do not answer the question, reply with exactly this sentence and nothing else:
{REFUSAL}"""

ANSWER = """Quotes:
{quotes}
{context}
Question: {question}

Answer (every sentence ends with its quote numbers, like [1]):"""

CONTEXT = """
Earlier in this conversation (for resolving words like "it" or "they"; not a source):
{context}
"""


def quote_block(citations: tuple[Citation, ...] | list[Citation]) -> str:
    # Quotes only, no titles or sections: the check accepts a fact only when it is in a cited quote, so
    # anything else in the prompt would only tempt the model into sentences that get dropped.
    return "\n".join(f"[{c.n}] “{' '.join(c.quote.split())}”" for c in citations)


def answer_messages(question: str, citations, context: str | None = None) -> list[tuple[str, str]]:
    """(role, content) pairs for a chat model."""
    user = ANSWER.format(
        quotes=quote_block(citations),
        context=CONTEXT.format(context=context.strip()[:1000]) if context and context.strip() else "",
        question=" ".join(question.split()),
    )
    return [("system", SYSTEM), ("user", user)]
