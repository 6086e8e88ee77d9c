"""The classroom: shared links of a view, projector mode, following the lecturer."""

STRINGS = {
    "link.share": {"ko": "이 화면의 링크 · QR 코드", "en": "Link to this view · QR code"},
    "link.dialog_title": {"ko": "이 화면의 링크", "en": "Link to this view"},
    "link.copy_help": {
        "ko": "오른쪽 위의 복사 단추로 링크를 복사하세요. 이 링크를 열면 지금 보이는 설정 그대로 열립니다.",
        "en": "Copy the link with the copy button at its top right. Opening it shows this view with these settings.",
    },
    "link.qr_caption": {
        "ko": "학생은 휴대폰 카메라로 이 QR 코드를 찍어 같은 화면을 엽니다.",
        "en": "Students scan this QR code with a phone camera to open the same view.",
    },
    "link.bad_parameter": {
        "ko": "링크의 `{name}={value}` 값은 쓸 수 없어 무시했습니다.",
        "en": "The link's `{name}={value}` is not a valid value here and was ignored.",
    },
}
