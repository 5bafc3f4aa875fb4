"""Sentence embeddings with numpy alone, from the static model shipped in `search/model/`.

The model holds one vector per word piece of all-MiniLM-L6-v2's vocabulary, distilled once with model2vec
(`tools/distill_search_model.py`; origin and licence in `search/model/SOURCE.md`). A sentence's vector is the
mean of its word pieces' vectors (unknown pieces dropped, at most `MAX_PIECES`), scaled to unit length, so a dot
product is a cosine. Tokenising is the `tokenizers` package's (Rust, no torch); nothing here downloads anything.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

MAX_PIECES = 512  # the teacher's window; a longer text is read up to here, as model2vec does


def model_path() -> Path:
    """The folder of the shipped model."""
    return Path(str(resources.files("rightsdesk.search").joinpath("model")))


@dataclass(frozen=True, eq=False)
class StaticEmbedder:
    """A static embedding model: a tokenizer and a matrix of word-piece vectors (float16 on disk)."""

    name: str  # names the model and its version; stored beside every vector made with it
    tokenizer: Any
    vectors: np.ndarray  # (vocabulary, dim) float32
    unknown: int | None

    @property
    def dim(self) -> int:
        """The length of a vector."""
        return int(self.vectors.shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (float32, one row per text); a text with no known word piece gets a zero row."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self.tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)
        pieces = [e.ids[:MAX_PIECES] for e in encodings]
        indptr = np.zeros(len(pieces) + 1, dtype=np.int64)
        np.cumsum([len(p) for p in pieces], out=indptr[1:])
        flat = np.fromiter(chain.from_iterable(pieces), dtype=np.int64, count=int(indptr[-1]))
        weights = np.ones(flat.size, dtype=np.float32)
        if self.unknown is not None:
            weights[flat == self.unknown] = 0.0
        # texts x pieces counts, times the piece vectors: each text's sum (scaled to unit length below, which
        # makes it the mean scaled to unit length)
        counts = csr_matrix((weights, flat, indptr), shape=(len(pieces), self.vectors.shape[0]))
        out = np.asarray(counts @ self.vectors, dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def embed_one(self, text: str) -> np.ndarray:
        """The unit vector of one text."""
        return np.asarray(self.embed([text])[0], dtype=np.float32)


def load_embedder(path: Path | None = None) -> StaticEmbedder:
    """The model in `path` (default: the shipped one), loaded once per process."""
    return _load(str(path or model_path()))


@lru_cache(maxsize=4)
def _load(folder: str) -> StaticEmbedder:
    from tokenizers import Tokenizer

    root = Path(folder)
    config = json.loads((root / "config.json").read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    vectors = np.load(root / "embeddings.npy").astype(np.float32)
    return StaticEmbedder(name=str(config["name"]), tokenizer=tokenizer, vectors=vectors,
                          unknown=tokenizer.token_to_id(str(config.get("unknown_token", "[UNK]"))))
