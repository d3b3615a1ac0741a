"""The semantic signal beside the lexical index (issue 11): a paraphrase that shares few
words with its article still finds it; an operator can name the model, or switch it off."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import wordllama
from pydantic import ValidationError

from bot.settings import Settings
from knowledge.base import KnowledgeBase, default_directory
from knowledge.semantic import WORDLLAMA_DIMENSIONS, embedder_from

# Written for this test, in no labelled set, sharing almost no word with their articles:
# KB-1005 speaks of "deactivated members" and "seats", KB-1011 of a "reset e-mail".
PARAPHRASES = [
    ("former employees still cost us money", "KB-1005"),
    ("we never got the message to choose a new secret", "KB-1011"),
]


@pytest.fixture(scope="module")
def shipped() -> Path:
    return default_directory()


def first_three(kb: KnowledgeBase, text: str) -> list[str]:
    return [match.article.id for match in kb.search(text, limit=3)]


@pytest.mark.parametrize(("text", "article"), PARAPHRASES)
def test_meaning_brings_the_paraphrased_article_into_the_first_three(
    shipped: Path, text: str, article: str
) -> None:
    words_only = KnowledgeBase.load(shipped, reload_interval=float("inf"), embedder="off")
    with_meaning = KnowledgeBase.load(shipped, reload_interval=float("inf"))
    assert article not in first_three(words_only, text)
    assert article in first_three(with_meaning, text)


def test_gibberish_gets_no_semantic_guess(shipped: Path) -> None:
    kb = KnowledgeBase.load(shipped, reload_interval=float("inf"))
    assert kb.search("zzzz qqqq xkcdw", limit=3) == []


def test_a_model_named_by_path_is_the_one_loaded() -> None:
    """The operator's path form (a stronger model would come the same way) loads the model
    found there: the shipped weights give the shipped vectors."""
    named = embedder_from(f"wordllama:{Path(wordllama.__file__).parent}")
    default = embedder_from("wordllama")
    assert named is not None and default is not None
    texts = ["invoice download fails", "Rechnung lässt sich nicht herunterladen"]
    assert np.allclose(named.embed(texts), default.embed(texts))
    norms = np.linalg.norm(named.embed(texts), axis=1)
    assert np.allclose(norms, 1.0, atol=1e-5)


def test_off_means_lexical_only() -> None:
    assert embedder_from("off") is None


@pytest.mark.parametrize("spec", ["bert", "model2vec", "sentence-transformers:", "off:x"])
def test_an_unknown_model_names_the_accepted_forms(spec: str) -> None:
    with pytest.raises(ValueError, match="wordllama, wordllama:DIR, model2vec:PATH"):
        embedder_from(spec)


def test_the_setting_refuses_an_unknown_model_before_loading_anything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUPPORTBOT_EMBEDDER", "bert")
    with pytest.raises(ValidationError, match="use wordllama, wordllama:DIR"):
        Settings()
    shipped = f"wordllama:{Path(wordllama.__file__).parent}"
    monkeypatch.setenv("SUPPORTBOT_EMBEDDER", shipped)
    assert Settings().embedder == shipped  # loaded once the articles are indexed


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        # Neither package is installed with supportbot: an operator adds the one they name.
        ("sentence-transformers:/models/minilm", "needs the sentence-transformers package"),
        ("model2vec:/models/potion", "needs the model2vec package"),
        ("wordllama:/no/such/model", "/no/such/model/weights/l2_supercat_256.safetensors and"),
    ],
)
def test_the_setting_refuses_a_model_that_is_not_there(
    monkeypatch: pytest.MonkeyPatch, spec: str, problem: str
) -> None:
    """Found only once the articles were indexed, in the background, a missing model left
    every suggestion empty behind a logged traceback; now the start stops, naming it."""
    monkeypatch.setenv("SUPPORTBOT_EMBEDDER", spec)
    with pytest.raises(ValidationError, match=problem):
        Settings()


def test_the_shipped_model_gives_wordllamas_own_vectors() -> None:
    """The weights are read and pooled here, not by wordllama's loader (12 MB of imports):
    the vectors must stay the ones wordllama computes from them."""
    folder = Path(wordllama.__file__).parent
    theirs = wordllama.WordLlama.load(
        cache_dir=folder, disable_download=True, trunc_dim=WORDLLAMA_DIMENSIONS
    )
    ours = embedder_from("wordllama")
    assert ours is not None
    texts = [
        "invoice download fails",
        "Rechnung lässt sich nicht herunterladen",
        "the sso redirect loops forever, ERR_TOO_MANY_REDIRECTS",
        *(f"a longer text number {n} " * n for n in range(1, 80, 7)),  # batches pad unevenly
    ]
    assert np.allclose(ours.embed(texts), theirs.embed(texts, norm=True), atol=1e-6)
