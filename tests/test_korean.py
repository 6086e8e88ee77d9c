"""Korean particles agree with the value before them (3은, 2를, 0을, 512는), and one word names one concept."""

import re

import pytest

from explainer.i18n import CATALOGUE, t
from explainer.i18n.korean import FORMATTER, particle, split_particle_spec, with_particle

# Sino-Korean reading of each digit: 영 일 이 삼 사 오 육 칠 팔 구 (이, 사, 오, 구 end in a vowel).
DIGIT_TOPIC = {0: "은", 1: "은", 2: "는", 3: "은", 4: "는", 5: "는", 6: "은", 7: "은", 8: "은", 9: "는"}


@pytest.mark.parametrize("digit", range(10))
def test_digits_read_in_sino_korean(digit):
    topic = DIGIT_TOPIC[digit]
    vowel = topic == "는"
    assert particle(digit, "은") == topic
    assert particle(digit, "는") == topic  # either form may be written
    assert particle(digit, "을") == ("를" if vowel else "을")
    assert particle(digit, "이") == ("가" if vowel else "이")
    assert particle(digit, "과") == ("와" if vowel else "과")
    # 으로/로: a final ㄹ (일, 칠, 팔) takes 로 like a vowel
    assert particle(digit, "으로") == ("으로" if digit in (0, 3, 6) else "로")


@pytest.mark.parametrize("number, topic, towards", [
    (10, "은", "으로"), (20, "은", "으로"), (100, "은", "으로"), (300, "은", "으로"), (1000, "은", "으로"),
    (10000, "은", "으로"), (60000, "은", "으로"), (100_000_000, "은", "으로"), (10**12, "는", "로"),
    (12, "는", "로"), (512, "는", "로"), (11, "은", "로"), (101, "은", "로"), (1010, "은", "으로"),
    ("60,000", "은", "으로"), ("10,001", "은", "로"),
])
def test_round_numbers_end_in_their_unit(number, topic, towards):
    """십 백 천 만 억 end in a consonant, 조 in a vowel; otherwise the last digit decides."""
    assert particle(number, "은") == topic
    assert particle(number, "로") == towards


@pytest.mark.parametrize("number, topic", [
    ("0.25", "는"), ("0.5", "는"), ("2.30", "은"), ("0.6931", "은"), ("86.93", "은"), ("0.1", "은"),
    (0.25, "는"), (1.5, "는"), ("1e-4", "는"), ("1e-3", "은"),
])
def test_decimals_read_by_their_last_digit(number, topic):
    assert particle(number, "은") == topic


@pytest.mark.parametrize("number, topic", [(-3, "은"), ("-2", "는"), ("−6", "은"), ("−0.5", "는"), ("+1", "은")])
def test_sign_does_not_change_the_ending(number, topic):
    assert particle(number, "는") == topic


@pytest.mark.parametrize("word, object_particle, towards", [
    ("28px", "을", "로"),     # 픽셀: ㄹ
    ("50%", "를", "로"),      # 퍼센트
    ("+2.05%p", "를", "로"),  # 퍼센트포인트
    ("4×", "를", "로"),       # 곱하기 / 배
    ("5.4x", "를", "로"),     # 엑스
    ("x", "를", "로"), ("n", "을", "으로"), ("H", "를", "로"), ("P", "를", "로"), ("L", "을", "로"),
    ("XOR", "을", "로"), ("OR", "을", "로"), ("AND", "를", "로"), ("NAND", "를", "로"), ("CNN", "을", "으로"),
    ("MLP", "를", "로"), ("ReLU", "를", "로"), ("LeNet", "을", "으로"), ("PyTorch", "를", "로"),
    ("4×4", "를", "로"), ("2-10-10-10-1", "을", "로"), ("(1, 28, 28)", "을", "로"), ("conv1", "을", "로"),
    ("학습 데이터", "를", "로"), ("물", "을", "로"), ("집", "을", "으로"), ("`nn.Dropout`", "을", "으로"),
])
def test_units_letters_and_words(word, object_particle, towards):
    assert particle(word, "를") == object_particle
    assert particle(word, "으로") == towards


def test_unknown_reading_writes_both_forms():
    assert particle("abc", "은") == "은(는)"
    assert particle("", "를") == "을(를)"
    assert particle("§", "로") == "(으)로"


@pytest.mark.parametrize("typed", ["x²", "١٢", "3²", "½", "Ⅻ", "😀", "  ", "١.٥"])
def test_whatever_a_user_types_gets_a_particle(typed):
    """Typed text goes into error messages ('{part}'은(는) ...): digits that are not 0-9 must not crash it."""
    assert particle(typed, "은") in ("은", "는", "은(는)")


def test_with_particle():
    assert with_particle(4, "은") == "4는"
    assert with_particle(3, "는") == "3은"


def test_spec_mechanism():
    assert split_particle_spec("을") == ("", "을", False)
    assert split_particle_spec(".2f|는") == (".2f", "는", False)
    assert split_particle_spec("~로") == ("", "로", True)
    assert split_particle_spec(",") == (",", None, False)
    assert split_particle_spec(".3g") == (".3g", None, False)
    assert FORMATTER.format("{n:을} {x:.2f|는} `{p}`{p:~로} {s:,}", n=3, x=0.25, p="/srv/data", s=60000) \
        == "3을 0.25는 `/srv/data`로 60,000"
    assert FORMATTER.format("{n:,|은}", n=60000) == "60,000은"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_t_fills_particles_and_leaves_english_alone(lang):
    text = t("conv.calc.non_integer", lang, axis="H", numerator=4, stride=3, exact="2.33", out=2, unused=1)
    if lang == "ko":
        assert "4 ÷ 3은" in text and "2를 내고" in text
    else:
        assert "4" in text and "3" in text and "은" not in text


@pytest.mark.parametrize("values, expected", [
    (dict(numerator=5, stride=2, exact="3.5", out=3, unused=1), ("5 ÷ 2는", "3을 내고")),
    (dict(numerator=3, stride=2, exact="2.5", out=2, unused=1), ("3 ÷ 2는", "2를 내고")),
    (dict(numerator=7, stride=4, exact="2.75", out=2, unused=3), ("7 ÷ 4는", "2를 내고")),
    (dict(numerator=10, stride=6, exact="2.67", out=2, unused=4), ("10 ÷ 6은", "2를 내고")),
    (dict(numerator=7, stride=10, exact="1.7", out=1, unused=7), ("7 ÷ 10은", "1을 내고")),
])
def test_the_page_texts_that_used_to_be_wrong(values, expected):
    text = t("conv.calc.non_integer", "ko", axis="H", **values)
    for fragment in expected:
        assert fragment in text, text


def test_bias_and_flatten_particles():
    assert "편향 0을 더하면" in t("conv.ch.step2", "ko", c=3, bias=0)
    assert "편향 2를 더하면" in t("conv.ch.step2", "ko", c=3, bias=2)
    assert "크기 512는" in t("conv.net.note", "ko", model="CNN", flat=512)
    assert "크기 400은" in t("conv.net.note", "ko", model="LeNet", flat=400)


PARTICLES = "은|는|을|를|이|가|과|와|으로|로|이라|라|이나|나|이었|였|이면|면"


def test_no_placeholder_is_followed_by_a_fixed_particle():
    """A value before a particle must go through the particle spec ({n:을}); '3는' and '512은' came from here."""
    fixed = re.compile(r"\{[^{}]*\}(?:" + PARTICLES + r")(?![가-힣])|\{[^{}]*\}(?:은\(는\)|을\(를\)|이\(가\))")
    offenders = [f"{key}: {m.group(0)}" for key, texts in CATALOGUE.items() for m in fixed.finditer(texts["ko"])]
    assert offenders == []


def test_no_placeholder_is_followed_by_a_fixed_word_particle():
    """Particles that begin a longer word are checked too: {x}이라, {x}이었습니다, {x}으로."""
    fixed = re.compile(r"\{[^{}:]*\}(?:으로|이라|이었|였)")
    offenders = [f"{key}: {m.group(0)}" for key, texts in CATALOGUE.items() for m in fixed.finditer(texts["ko"])]
    assert offenders == []


def test_fixed_numbers_in_the_catalogue_agree_with_their_particle():
    """Numbers written into Korean texts (3은, 2를, 0으로 ...) are checked with the same rule."""
    written = re.compile(r"(?<![\w.{])([0-9][0-9,.]*)(은|는|을|를|과|와|으로|로)(?=[\s,.:;)!?*]|$)")
    wrong = []
    for key, texts in CATALOGUE.items():
        for m in written.finditer(texts["ko"]):
            number, attached = m.groups()
            if number.endswith(".") or particle(number, attached) != attached:
                wrong.append(f"{key}: {m.group(0)}")
    assert wrong == []


# One Korean word per concept, as the lecture writes it; the variants a translator might reach for are banned.
TERMS = {
    "에포크 (epoch)": ["에폭", "에포치", "이포크", "이폭"],
    "동조화 (co-adaptation)": ["공적응", "공동 적응", "공동적응", "상호 적응", "상호적응", "동시 적응", "동시적응",
                             "공동 순응"],
    "합성곱 (convolution)": ["컨볼루션", "콘볼루션", "컨벌루션", "콘벌루션", "합성 곱", "회선 신경망", "회선곱"],
}


@pytest.mark.parametrize("term", sorted(TERMS))
def test_one_korean_word_per_concept(term):
    used = [f"{key}: {variant}" for key, texts in CATALOGUE.items()
            for variant in TERMS[term] if variant in texts["ko"]]
    assert used == [], f"write {term}"


def test_the_preferred_terms_are_in_use():
    """The banned-variant test would pass on an empty catalogue; the preferred words must actually appear."""
    korean = "\n".join(texts["ko"] for texts in CATALOGUE.values())
    for word in ("에포크", "동조화", "합성곱"):
        assert word in korean, word


def test_no_space_between_a_value_and_its_particle():
    """'1 이라고' reads as two words: a particle is written right after what it follows (1이라고, 3은)."""
    spaced = re.compile(r"(?:[0-9]|\})\s(?:은|는|을|를|이라고|이라|과|와|으로|로)(?=[\s,.])")
    assert [f"{key}: {m.group(0)}" for key, texts in CATALOGUE.items() for m in spaced.finditer(texts["ko"])] == []
