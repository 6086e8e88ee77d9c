"""The PyTorch code beside the fundamentals and dropout widgets speaks the page's language in its comments, and only
there."""

import ast
import io
import re
import tokenize

import pytest

from explainer.snippets import fundamentals as code
from explainer.topics import dropout
from explainer.topics.perceptron import GATE_TRUTH
from explainer.views import dropout_effect

HANGUL = re.compile("[가-힣]")
# Words of the English comments; code names in comments (one_hot, kaiming_uniform_, nn.Linear) stay.
ENGLISH_PROSE = re.compile(r"\b(the|of|as|and|with|true|false|unit|sample|natural|already|gradient|everywhere|"
                           r"example|logits|base|uses|class|indices|computes|match|chart|flat|"
                           r"mask|every|batch|kept|dropped|dropping|channels|training|testing|survived|lecture)\b")

SNIPPETS = {
    "activations": lambda lang: code.activations_code(-0.7, 0.1, lang=lang),
    "vanishing": lambda lang: code.vanishing_code("sigmoid", 4, "default", 777, 0.01, lang=lang),
    "perceptron": lambda lang: code.perceptron_code(1.0, 1.0, -1.5, "AND", 0.5, GATE_TRUTH["AND"], lang=lang),
    "xor_two_layer": lambda lang: code.xor_two_layer_code(lang=lang),
    "softmax": lambda lang: code.softmax_code([0.5, -1.0, 2.0], 1, lang=lang),
    "lecture_table": lambda lang: code.lecture_table_code([[0.6, 0.4], [0.4, 0.6], [0.3, 0.7]],
                                                          [[1, 0], [0, 1], [1, 0]], lang=lang),
    "dropout": lambda lang: dropout.pytorch_code(0.2, 3.0, 5, lang=lang),
    "dropout_masks": lambda lang: dropout.masks_code(0.25, 2, 8, lang=lang),
    "dropout2d": lambda lang: dropout.dropout2d_code(0.5, 7, lang=lang),
    "dropout_training": lambda lang: dropout_effect.training_code(0.2, 9, lang=lang),
}


def split_comments(source: str) -> tuple[list[str], list[str]]:
    """(the comments, every other token) of a Python source."""
    comments, rest = [], []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        (comments if token.type == tokenize.COMMENT else rest).append(token.string)
    return comments, rest


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_comments_follow_the_language_and_the_code_does_not(name):
    korean, english = SNIPPETS[name]("ko"), SNIPPETS[name]("en")
    ast.parse(korean)
    ast.parse(english)
    ko_comments, ko_code = split_comments(korean)
    en_comments, en_code = split_comments(english)
    assert ko_code == en_code  # the same program
    assert any(HANGUL.search(c) for c in ko_comments), ko_comments
    assert [c for c in ko_comments if ENGLISH_PROSE.search(c)] == []
    assert not any(HANGUL.search(c) for c in en_comments), en_comments


def test_english_is_still_the_default_for_callers_that_pass_no_language():
    assert not HANGUL.search(code.softmax_code([0.5, -1.0, 2.0], 1))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_dropout_comments_never_call_p_the_keep_probability(lang):
    """The lecture's p is the DROP probability, as PyTorch's; the paper's keep probability is 1 - p."""
    comments = split_comments(dropout.pytorch_code(0.2, 3.0, 5, lang=lang))[0]
    p_line = next(c for c in comments if "1 - p = 0.8" in c)
    assert ("끄는 확률" if lang == "ko" else "probability of dropping") in p_line
    assert not re.search(r"keep prob\w* = 0\.2|남기는 확률 = 0\.2", " ".join(comments))
