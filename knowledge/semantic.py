"""Sentence similarity beside the lexical index: paraphrases share meaning, not words.

The default model is wordllama's static token embeddings, shipped inside its wheel and run on
numpy (no network, no PyTorch). An operator may name a stronger model instead
(`SUPPORTBOT_EMBEDDER`, see `embedder_from`): a model2vec or sentence-transformers model from
a local path, installed as an optional extra.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]

#: Matryoshka-trained: the first 128 of wordllama's 256 dimensions keep most of the meaning
#: at half the memory and half the time of a full scan (bench/knowledge.py).
WORDLLAMA_DIMENSIONS = 128
#: Articles the semantic scan adds to the lexical candidates of a query.
NEAREST = 20
DEFAULT = "wordllama"
OFF = "off"
_KINDS = (OFF, DEFAULT, "model2vec", "sentence-transformers")


class Embedder(Protocol):
    """Texts to unit vectors: a dot product of two is their cosine."""

    name: str

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit row per text."""
        ...


class _WordLlama:
    def __init__(self, cache_dir: Path | None) -> None:
        wordllama = importlib.import_module("wordllama")
        # The wheel holds the weights and tokenizer; pointing the loader at the package
        # folder keeps it off the network (PLATFORM_NOTES 'wordllama').
        folder = cache_dir or Path(inspect.getfile(wordllama)).parent
        self._model = wordllama.WordLlama.load(
            cache_dir=folder, disable_download=True, trunc_dim=WORDLLAMA_DIMENSIONS
        )
        # Llama's tokenizer has no pre-tokenizer, so its BPE cache keeps every whole text it
        # has seen: 10,000 articles held 56 MB (issue 11). Each text is tokenised once anyway.
        self._model.tokenizer.model._resize_cache(0)
        # The weights ship as float16 and wordllama widens them to float32: kept as shipped,
        # they take half the memory (8 MB) and give the same vectors, because its pooling
        # multiplies the rows by a float32 mask and sums in float32.
        self._model.embedding = self._model.embedding.astype(np.float16)
        self.name = f"wordllama:{folder}"

    def embed(self, texts: Sequence[str]) -> Vectors:
        return _unit(self._model.embed(list(texts), norm=True))


class _SentenceModel:
    """A model2vec StaticModel or a sentence-transformers model from a local path."""

    def __init__(self, kind: str, path: str) -> None:
        if kind == "model2vec":
            self._model: Any = importlib.import_module("model2vec").StaticModel.from_pretrained(
                path
            )
        else:
            module = importlib.import_module("sentence_transformers")
            self._model = module.SentenceTransformer(path, device="cpu")
        self.name = f"{kind}:{path}"

    def embed(self, texts: Sequence[str]) -> Vectors:
        return _unit(self._model.encode(list(texts)))


def _unit(rows: Any) -> Vectors:
    vectors = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Vectors = vectors / np.maximum(norms, 1e-9)
    return unit


def checked(spec: str) -> str:
    """The spec, if it has one of the accepted forms (nothing is loaded); ValueError names
    them otherwise."""
    kind, _, where = spec.partition(":")
    if (kind in (OFF, DEFAULT) and not where) or (kind != OFF and kind in _KINDS and where):
        return spec
    raise ValueError(
        f"unknown embedder {spec!r}: use wordllama, wordllama:DIR, model2vec:PATH, "
        "sentence-transformers:PATH or off"
    )


@functools.cache
def embedder_from(spec: str) -> Embedder | None:
    """The embedder a setting names: `wordllama` (the shipped model), `wordllama:DIR`,
    `model2vec:PATH`, `sentence-transformers:PATH`, or `off` (lexical ranking only).
    Loaded once per process; ValueError names the accepted forms."""
    kind, _, where = checked(spec).partition(":")
    if kind == OFF:
        return None
    if kind == DEFAULT:
        return _WordLlama(Path(where) if where else None)
    return _SentenceModel(kind, where)


class SemanticIndex:
    """Unit vectors of every indexed article, kept in runs of one topic: a user has chosen
    a topic before the bot suggests, so a query scans that run, not the whole matrix."""

    def __init__(self, embedder: Embedder, texts: Sequence[str], topics: Sequence[str]) -> None:
        self.embedder = embedder
        order = sorted(range(len(texts)), key=lambda number: topics[number])
        self.vectors = (
            embedder.embed([texts[n] for n in order]) if texts else np.zeros((0, 1), np.float32)
        )
        self._numbers = np.array(order, dtype=np.int64)  # row -> article number
        self._rows = np.argsort(self._numbers)  # article number -> row
        self._runs: dict[str, tuple[int, int]] = {}
        for row, number in enumerate(order):
            start, _ = self._runs.get(topics[number], (row, row))
            self._runs[topics[number]] = (start, row + 1)

    def query(self, text: str) -> Vectors:
        """The query's unit vector."""
        vector: Vectors = self.embedder.embed([text])[0]
        return vector

    def nearest(self, vector: Vectors, topic: str | None, count: int = NEAREST) -> list[int]:
        """Article numbers of the `count` highest cosines in a topic (any topic: None),
        best first."""
        start, end = self._runs.get(topic, (0, 0)) if topic else (0, len(self.vectors))
        cosines = self.vectors[start:end] @ vector
        if len(cosines) > count:
            # The largest at the end: partitioning the negated cosines copied 50k of them.
            top = np.argpartition(cosines, -count)[-count:]
            rows = top[np.argsort(-cosines[top])]
        else:
            rows = np.argsort(-cosines)
        return [int(n) for n in self._numbers[rows + start]]

    def cosine(self, vector: Vectors, number: int) -> float:
        """Cosine of the query with one article, 0 when they point apart."""
        return max(0.0, float(self.vectors[self._rows[number]] @ vector))
