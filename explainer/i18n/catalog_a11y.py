"""Accessibility: the sidebar's font-size control."""

STRINGS = {
    "a11y.font_size": {"ko": "글자 크기", "en": "Text size"},
    "a11y.font_size_help": {
        "ko": "페이지의 글자와 컨트롤을 키웁니다(뒷자리에서 보는 프로젝터, 저시력 학생). 그림 안의 글자는 그대로입니다.",
        "en": "Makes the page's text and controls larger (a projector seen from the back row, low vision). Text "
              "inside the charts keeps its size.",
    },
}
