"""Accessibility: the sidebar's font-size control."""

STRINGS = {
    "a11y.font_size": {"ko": "글자 크기", "en": "Text size"},
    "a11y.font_size_help": {
        "ko": "페이지의 글자와 컨트롤을 키웁니다(뒷자리에서 보는 프로젝터, 저시력 학생). 그림 안의 글자는 그대로입니다.",
        "en": "Makes the page's text and controls larger (a projector seen from the back row, low vision). Text "
              "inside the charts keeps its size.",
    },
    # A chart's text summary (explainer.figures.summary): numbers from the figure's own data.
    "a11y.summary": {"ko": "그림 요약 — {title}: {body}", "en": "Chart summary — {title}: {body}"},
    "a11y.summary.line": {
        "ko": "{name}: {x0}에서 {first}, {x1}에서 {last} (최저 {low}, 최고 {high})",
        "en": "{name}: {first} at {x0} to {last} at {x1} (lowest {low}, highest {high})",
    },
    "a11y.summary.point": {"ko": "{name}: {x}에서 {y}", "en": "{name}: {y} at {x}"},
    "a11y.summary.bars": {"ko": "{name}: {pairs}", "en": "{name}: {pairs}"},
    "a11y.summary.many_bars": {"ko": "{name}: 막대 {count}개, {low}부터 {high}까지",
                               "en": "{name}: {count} bars from {low} to {high}"},
    "a11y.summary.grid": {"ko": "{name}: {rows}×{cols} 격자, 값 {low}부터 {high}까지",
                          "en": "{name}: a {rows}×{cols} grid of values from {low} to {high}"},
    "a11y.summary.in_panel": {"ko": "{panel}, {series}", "en": "{panel}, {series}"},  # a series in one of several panels
    "a11y.summary.more": {"ko": "그 밖의 계열 {count}개", "en": "and {count} more series"},
    "a11y.summary.none": {"ko": "없음", "en": "none"},  # an empty list in a summary ("cells no window reaches: none")
    "a11y.summary.empty": {"ko": "그려진 값 없음", "en": "no values drawn"},
}
