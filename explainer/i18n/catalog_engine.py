"""Training engine: notices a job or a stored run carries (shown on the training pages)."""

STRINGS = {
    "engine.notice.oom": {
        "ko": "GPU 메모리가 부족해서 CPU에서 다시 학습했습니다.",
        "en": "the GPU ran out of memory; training on the CPU instead",
    },
    "engine.notice.stored_unusable": {
        "ko": "저장된 결과를 쓸 수 없어서({problem}) 다시 학습합니다.",
        "en": "the stored result was unusable ({problem}); training again",
    },
    "engine.notice.not_saved": {
        "ko": "학습 결과를 저장하지 못했습니다({error}). 이 앱을 다시 시작하면 결과가 사라집니다.",
        "en": "the result could not be saved ({error}); it is lost when the app restarts",
    },
    "engine.notice.graph_failed": {
        "ko": "CUDA 그래프 캡처에 실패해서({error}) 일반(eager) 방식으로 학습했습니다. 결과는 같고 조금 느릴 뿐입니다.",
        "en": "CUDA graph capture failed ({error}); trained eagerly (same results, only slower)",
    },
}
