"""Training engine: notices a job or a stored run carries, and why a run was not started (training pages)."""

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
    "engine.notice.diverged": {
        "ko": "{epoch}번째 에포크에서 손실이 NaN 또는 무한대가 되어 학습을 멈췄습니다(발산). 학습률을 낮춰 다시 해 보세요.",
        "en": "the loss became NaN or infinite in epoch {epoch}, so training stopped (diverged); "
              "try again with a smaller learning rate",
    },
    "engine.notice.run_unusable": {
        "ko": "저장된 학습 결과를 쓸 수 없어서({problem}) 치워 두었습니다. 같은 설정으로 다시 학습하면 새로 만들어집니다.",
        "en": "the stored run could not be used ({problem}) and was set aside; "
              "train the same settings again to rebuild it",
    },
    "engine.notice.run_missing": {
        "ko": "이 학습 결과는 더 이상 저장되어 있지 않습니다. 같은 설정으로 다시 학습하면 새로 만들어집니다.",
        "en": "this run is no longer stored; train the same settings again to rebuild it",
    },
    "engine.state.diverged": {"ko": "발산", "en": "diverged"},
    "engine.refused.too_many": {
        "ko": "이미 학습 {count}개가 대기 중이거나 진행 중입니다(한 사람당 최대 {limit}개). "
              "하나가 끝나거나 하나를 멈춘 뒤에 시작하세요.",
        "en": "you already have {count} runs queued or running (at most {limit} per person); "
              "start this one when one of them has finished, or stop one",
    },
    "engine.refused.too_long": {
        "ko": "이 학습은 여기({device})에서 약 {minutes}분 걸릴 것으로 예상되어, 이 서버에서 학습 한 번에 허용되는 "
              "{limit}분을 넘습니다. 에포크 수를 줄이거나, 학습 데이터 일부만 쓰거나, 강사가 미리 학습해 둔 프리셋을 고르세요.",
        "en": "this run would take about {minutes} min here ({device}), more than the {limit} min one run may take "
              "on this server; use fewer epochs or a subset of the training data, or choose a preset the lecturer "
              "trained beforehand",
    },
    # --- runs on a Ray cluster (explainer/training/ray_executor.py) ---
    "engine.ray.worker_lost": {
        "ko": "학습하던 Ray 워커가 중간에 멈췄습니다(워커 프로세스나 노드가 종료됨). 결과는 저장되지 않았습니다. "
              "다시 시작하면 처음부터 학습합니다.",
        "en": "the Ray worker training this run stopped before it finished (its process or node ended); nothing "
              "was stored. Start it again to train it from the beginning",
    },
    "engine.ray.failed": {
        "ko": "Ray 워커에서 학습이 실패했습니다: {error}",
        "en": "training failed on the Ray worker: {error}",
    },
    "engine.ray.not_stored": {
        "ko": "Ray 워커가 학습을 마쳤지만 결과 저장소에서 결과를 찾을 수 없습니다. 모든 노드가 같은 "
              "EXPLAINER_CACHE_DIR(공유 폴더)를 쓰는지 확인하세요.",
        "en": "the Ray worker finished the run but its result is not in the result store; check that every node "
              "uses the same EXPLAINER_CACHE_DIR (a shared folder)",
    },
}
