"""Korean particles that agree with the word before them: 3은, 2를, 0을, 512는, 10은, 6이, 1로, 3으로.

A Korean particle has two forms, one after a final consonant (받침) and one after a vowel: 은/는, 이/가,
을/를, 과/와, 으로/로, 이라/라, 이나/나, 이면/면, 이었/였 (for 으로/로 a final ㄹ counts as a vowel: 1로, 7로).
Which one is right depends on how the word before it is *read*:

- numbers are read in Sino-Korean, the way a lecturer reads them aloud: 0 영, 1 일, 2 이, 3 삼, 4 사,
  5 오, 6 육, 7 칠, 8 팔, 9 구; round numbers by their last unit: 10 십, 100 백, 1000 천, 10000 만,
  10⁸ 억, 10¹² 조 (so 20은, 300은, 60,000은); a decimal by its last digit (0.25는, 2.30은); the sign and
  thousands separators do not change the ending (−3은, 60,000은);
- units and symbols by their Korean name: % 퍼센트, %p 퍼센트포인트, × 곱하기/배, px 픽셀 (so 28px은),
  ° 도, s 초;
- single Latin letters and upper-case abbreviations by their letter names, as variables and acronyms are
  read in class: x 엑스 (x는), n 엔 (n은), H 에이치, P 피, L 엘, R 알 (XOR은, OR과, CNN은, MLP를);
- other Latin words from a small table of the ones the app shows (LeNet 르넷, PyTorch 파이토치, ...).

Where the reading is unknown (an arbitrary word a user typed), both forms are written: 은(는), 을(를).

In catalogue strings the particle is a format spec, so `t(key, lang, **values)` fills it in:
`{n:을}` -> "3을" / "2를"; `{x:.2f|는}` -> "0.25는" (a normal format spec before the `|`); `{x:~로}`
writes only the particle, for a particle after closing markup: `` `{path}`{path:~로} ``.
"""

from __future__ import annotations

import re
import string

# particle -> (form after a final consonant, form after a vowel). Either form may be written in a spec.
PAIRS: dict[str, tuple[str, str]] = {}
for _consonant, _vowel in [("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"), ("으로", "로"),
                           ("이라", "라"), ("이나", "나"), ("이면", "면"), ("이었", "였"), ("이랑", "랑")]:
    PAIRS[_consonant] = PAIRS[_vowel] = (_consonant, _vowel)

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # index of ㄹ among the 28 final consonants (0 = none)

# The final consonant index of each digit's Sino-Korean reading (0 = vowel, 8 = ㄹ).
_DIGIT_FINAL = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
# Round numbers end in the reading of their last unit: 십 (ㅂ), 백 (ㄱ), 천 (ㄴ), 만 (ㄴ), 억 (ㄱ), 조 (vowel).
_TRAILING_ZEROS_FINAL = {1: 17, 2: 1, 3: 4}
_MYRIAD_FINAL = [4, 1, 0]  # 만, 억, 조 for 4-7, 8-11, 12-15 trailing zeros

# Latin letters by their Korean names: only L 엘, M 엠, N 엔, R 알 end in a consonant.
_LETTER_FINAL = {"l": 8, "m": 16, "n": 4, "r": 8}

# Words the app puts before a particle, read the way a Korean lecturer says them.
READINGS = {
    "lenet": "르넷", "pytorch": "파이토치", "relu": "렐루", "sigmoid": "시그모이드", "tanh": "탄에이치",
    "softmax": "소프트맥스", "dropout": "드롭아웃", "mnist": "엠니스트", "fashion-mnist": "패션엠니스트",
    "cifar-10": "시파텐", "cifar10": "시파텐", "train": "트레인", "test": "테스트", "numpy": "넘파이",
    "step": "스텝", "leaky_relu": "리키렐루", "adam": "아담", "sgd": "에스지디", "cuda": "쿠다", "cpu": "씨피유",
    "data": "데이터", "gpu": "지피유",
}

# Units and symbols that can end a value, by the final consonant of their Korean name.
_SYMBOL_FINAL = {"%": 0, "×": 0, "°": 0, "px": 8, "%p": 0, "s": 0, "ms": 0, "mb": 0, "gb": 0, "kb": 0}

_SYMBOLS_ALONE = {"%", "%p", "×", "°"}  # read the same after anything; letters like s only after a number
_NUMBER = re.compile(r"[+\-−]?[0-9][0-9,]*(?:\.([0-9]+))?(?:[eE][+\-−]?([0-9]+))?$")


def _final_of_hangul(char: str) -> int:
    return (ord(char) - _HANGUL_FIRST) % 28


def _final_of_integer(digits: str) -> int:
    stripped = digits.rstrip("0")
    if not stripped:
        return _DIGIT_FINAL["0"]
    zeros = len(digits) - len(stripped)
    if zeros == 0:
        return _DIGIT_FINAL[stripped[-1]]
    if zeros in _TRAILING_ZEROS_FINAL:
        return _TRAILING_ZEROS_FINAL[zeros]
    return _MYRIAD_FINAL[min((zeros - 4) // 4, len(_MYRIAD_FINAL) - 1)]


def final_consonant(word) -> int | None:
    """How the reading of `word` ends: 0 a vowel, 8 ㄹ, another index a consonant; None when unknown."""
    text = str(word).strip().rstrip(")]}'\"`*… ").strip()
    if not text:
        return None
    last = text[-1]
    if _HANGUL_FIRST <= ord(last) <= _HANGUL_LAST:
        return _final_of_hangul(last)
    lowered = text.lower()
    for symbol in sorted(_SYMBOL_FINAL, key=len, reverse=True):
        # a unit after a number: 28px, 50%, 4×, 1.5s (a bare 's' or 'ms' word is read by its letters)
        if lowered.endswith(symbol) and (symbol in _SYMBOLS_ALONE or lowered[: -len(symbol)][-1:].isdigit()):
            return _SYMBOL_FINAL[symbol]
    number = _NUMBER.match(text.replace(" ", ""))
    if number:
        if number.group(2):  # 1e-4: "... 마이너스 사 승"; read by the exponent's last digit
            return _final_of_integer(number.group(2))
        if number.group(1):  # decimals are read digit by digit after the point
            return _DIGIT_FINAL[number.group(1)[-1]]
        return _final_of_integer(re.sub(r"[^0-9]", "", text))
    if lowered in READINGS:
        return _final_of_hangul(READINGS[lowered][-1])
    tail = re.search(r"[A-Za-z]+$", text)
    if tail:
        letters = tail.group(0)
        if letters.lower() in READINGS:
            return _final_of_hangul(READINGS[letters.lower()][-1])
        if len(letters) == 1 or letters.isupper():
            return _LETTER_FINAL.get(letters[-1].lower(), 0)
    digits = re.search(r"[0-9]+$", text)
    if digits:  # "conv1", "2-10-10-1", "4×4": the last number decides
        return _final_of_integer(digits.group(0))
    return None


def particle(word, which: str) -> str:
    """The form of particle `which` ("은", "를", "으로", ...) that agrees with `word`: particle(3, "는") == "은"."""
    consonant_form, vowel_form = PAIRS[which]
    final = final_consonant(word)
    if final is None:
        return f"{consonant_form}({vowel_form})" if consonant_form != "으로" else "(으)로"
    if final == 0 or (consonant_form == "으로" and final == _RIEUL):
        return vowel_form
    return consonant_form


def with_particle(word, which: str) -> str:
    return f"{word}{particle(word, which)}"


class ParticleFormatter(string.Formatter):
    """str.format plus particle specs: {n:을}, {x:.2f|는}, {x:~로} (the particle only)."""

    def format_field(self, value, format_spec: str):
        spec, which, only_particle = split_particle_spec(format_spec)
        if which is None:
            return super().format_field(value, format_spec)
        text = super().format_field(value, spec)
        return particle(text, which) if only_particle else text + particle(text, which)


def split_particle_spec(format_spec: str) -> tuple[str, str | None, bool]:
    """'.2f|는' -> ('.2f', '는', False); '을' -> ('', '을', False); '~로' -> ('', '로', True);
    ',' -> (',', None, False): a spec without a particle is an ordinary format spec."""
    spec, _, which = format_spec.rpartition("|") if "|" in format_spec else ("", "", format_spec)
    only_particle = which.startswith("~")
    which = which.removeprefix("~")
    if which not in PAIRS:
        return format_spec, None, False
    return spec, which, only_particle


FORMATTER = ParticleFormatter()
