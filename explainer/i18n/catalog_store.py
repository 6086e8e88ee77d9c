"""Why a stored run cannot be used (explainer.training.store): the {problem} of the engine's notices.

Each is a short phrase that stands inside the notice's parentheses: "저장된 학습 결과를 쓸 수 없어서(…) 치워
두었습니다." File names and error texts are values, so no particle follows them.
"""

STRINGS = {
    "store.problem.no_weights": {"ko": "가중치가 저장되지 않음", "en": "no weights"},
    "store.problem.weights_changed": {
        "ko": "검사한 뒤에 가중치 파일이 바뀜", "en": "weights.safetensors changed after it was checked",
    },
    "store.problem.other_model_names": {
        "ko": "{model} 모델의 가중치가 아님 — 없는 항목: {missing}, 남는 항목: {extra}",
        "en": "the weights are not those of {model} (missing {missing}, unexpected {extra})",
    },
    "store.problem.other_model_shape": {
        "ko": "{model} 모델의 가중치가 아님 — {name}: {shape} {dtype}, 필요한 것: {expected_shape} {expected_dtype}",
        "en": "the weights are not those of {model} ({name}: {shape} {dtype}, expected {expected_shape} "
              "{expected_dtype})",
    },
    "store.problem.foreign_manifest": {
        "ko": "목록 파일이 이 결과의 것이 아님", "en": "the manifest does not describe this entry",
    },
    "store.problem.no_manifest": {
        "ko": "목록 파일이 없음 — 저장하다가 중단된 것 같음", "en": "incomplete: no manifest (interrupted while writing?)",
    },
    "store.problem.bad_manifest": {"ko": "목록 파일을 읽을 수 없음: {error}", "en": "unreadable manifest ({error})"},
    "store.problem.file_missing": {"ko": "없는 파일: {name}", "en": "{name} is missing"},
    "store.problem.checksum": {
        "ko": "체크섬이 맞지 않는 파일(잘렸거나 수정됨): {name}",
        "en": "{name} does not match its checksum (truncated or modified)",
    },
    "store.problem.unreadable": {"ko": "내용을 읽을 수 없음: {error}", "en": "unreadable content ({error})"},
    "store.problem.unloadable": {"ko": "모델에 불러올 수 없음: {error}", "en": "{error}"},
}
