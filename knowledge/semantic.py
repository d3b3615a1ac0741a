"""Sentence similarity beside the lexical index: paraphrases share meaning, not words.

The default model is wordllama's static token embeddings, shipped inside its wheel and run on
numpy (no network, no PyTorch). An operator may name a stronger model instead
(`SUPPORTBOT_EMBEDDER`, see `embedder_from`): a model2vec or sentence-transformers model from
a local path, installed as an optional extra.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]

#: Matryoshka-trained: the first 128 of wordllama's 256 dimensions keep most of the meaning
#: at half the memory and half the time of a full scan (bench/knowledge.py).
WORDLLAMA_DIMENSIONS = 128
#: The l2_supercat model's files inside the wordllama wheel (or a folder laid out alike).
WORDLLAMA_WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
WORDLLAMA_TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
WORDLLAMA_BATCH = 64  # texts tokenised and pooled at once, as wordllama does
#: Articles the semantic scan adds to the lexical candidates of a query.
NEAREST = 20
DEFAULT = "wordllama"
OFF = "off"
_KINDS = (OFF, DEFAULT, "model2vec", "sentence-transformers")
_PACKAGES = {"model2vec": "model2vec", "sentence-transformers": "sentence_transformers"}


class Embedder(Protocol):
    """Texts to unit vectors: a dot product of two is their cosine."""

    name: str

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit row per text."""
        ...


class _WordLlama:
    """wordllama's static token vectors (the l2_supercat model its wheel ships), pooled as
    wordllama pools them: the mean of a text's token vectors. Read here, not by wordllama's
    loader, which imports requests and pydantic for downloads we never make (12 MB) and
    widens the whole 256-dimension matrix to float32 before cutting it to 128."""

    def __init__(self, folder: Path | None) -> None:
        folder = folder or _wordllama_wheel()
        weights_file, tokenizer_file = _wordllama_files(folder)
        tokenizers = importlib.import_module("tokenizers")
        self._tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer_file))
        self._tokenizer.enable_padding()
        self._tokenizer.no_truncation()
        # Llama's tokenizer has no pre-tokenizer, so its BPE cache keeps every whole text it
        # has seen: 10,000 articles held 56 MB (issue 11). Each text is tokenised once anyway.
        self._tokenizer.model._resize_cache(0)
        safetensors = importlib.import_module("safetensors")
        with safetensors.safe_open(str(weights_file), framework="np") as weights:
            # Kept as float16, as shipped: half the memory of float32 (8 MB), the same
            # vectors, since the pooling sums in float32.
            self._matrix: npt.NDArray[np.float16] = np.ascontiguousarray(
                weights.get_tensor("embedding.weight")[:, :WORDLLAMA_DIMENSIONS]
            )
        self.name = f"wordllama:{folder}"

    def embed(self, texts: Sequence[str]) -> Vectors:
        pooled = np.empty((len(texts), self._matrix.shape[1]), dtype=np.float32)
        # In batches: a batch is padded to its longest text (10k articles at once: gigabytes).
        for start in range(0, len(texts), WORDLLAMA_BATCH):
            encoded = self._tokenizer.encode_batch(
                list(texts[start : start + WORDLLAMA_BATCH]), add_special_tokens=False
            )
            ids = np.array([e.ids for e in encoded], dtype=np.int32)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
            np.clip(ids, 0, len(self._matrix) - 1, out=ids)
            summed = np.sum(self._matrix[ids] * mask[..., np.newaxis], axis=1, dtype=np.float32)
            pooled[start : start + len(encoded)] = summed / np.maximum(
                mask.sum(axis=1, keepdims=True), 1.0
            )
        return _unit(pooled)


def _wordllama_files(folder: Path) -> tuple[Path, Path]:
    """The l2_supercat model's weights and tokenizer in a wordllama folder."""
    return folder / WORDLLAMA_WEIGHTS, folder / WORDLLAMA_TOKENIZER


def _wordllama_wheel() -> Path:
    """The installed wordllama package's folder, found without running its __init__."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("wordllama is not installed", name="wordllama")
    return Path(spec.origin).parent


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
    """The spec, if it has one of the accepted forms and what it names is there: the package
    installed, the path present (nothing is loaded; a model that is missing was found only
    once the articles were indexed, in the background, and suggestions stayed empty).
    ValueError says what is wrong otherwise."""
    kind, _, where = spec.partition(":")
    if not ((kind in (OFF, DEFAULT) and not where) or (kind != OFF and kind in _KINDS and where)):
        raise ValueError(
            f"unknown embedder {spec!r}: use wordllama, wordllama:DIR, model2vec:PATH, "
            "sentence-transformers:PATH or off"
        )
    package = _PACKAGES.get(kind)
    if package is not None and importlib.util.find_spec(package) is None:
        raise ValueError(f"{spec!r} needs the {kind} package, which is not installed")
    missing = [str(path) for path in _files(kind, where) if not path.exists()]
    if missing:
        raise ValueError(f"{spec!r}: {' and '.join(missing)} not found")
    return spec


def _files(kind: str, where: str) -> tuple[Path, ...]:
    """What a spec's model is read from: the shipped model's two files in a wordllama
    folder, the path itself for the others; nothing for the shipped model or none."""
    if not where:
        return ()
    return _wordllama_files(Path(where)) if kind == DEFAULT else (Path(where),)


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
