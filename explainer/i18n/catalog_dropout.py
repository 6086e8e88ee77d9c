"""Dropout page: masks, scaling conventions, effect on accuracy, Dropout2d."""

STRINGS = {
    # --- terminology and controls ---
    "dropout.terms.title": {"ko": "p의 두 가지 의미 — 꼭 구분하세요", "en": "Two meanings of p — keep them apart"},
    "dropout.terms.body": {
        "ko": (
            "- **강의**: p는 \"생략되는 Node의 비율\", 즉 뉴런을 **끌(드롭할)** 확률입니다. 강의 코드의 "
            "`nn.Dropout(p=0.2)`도 뉴런의 20%를 끕니다.\n"
            "- **PyTorch `nn.Dropout(p)`**: p는 강의와 같은 드롭 확률입니다. 학습 때 살아남은 뉴런을 **1/(1−p)배** 키우고"
            "(역 드롭아웃, inverted dropout), **평가(`model.eval()`) 때는 아무것도 하지 않습니다**.\n"
            "- **원 논문(Srivastava 외, 2014)**: 같은 글자 p를 뉴런을 **남길(유지할)** 확률로 씁니다. 학습 때는 남은 뉴런을 "
            "그대로 두고, 테스트 때 가중치에 유지 확률 p를 곱합니다.\n\n"
            "이 페이지의 슬라이더 p는 강의와 PyTorch의 p(드롭 확률)이고, 유지 확률은 1−p = **{keep}** 입니다."
        ),
        "en": (
            "- **Lecture**: p is \"the ratio of nodes dropped\" (생략되는 Node의 비율), the probability of **dropping** a "
            "unit. The lecture's code `nn.Dropout(p=0.2)` switches 20% of the units off.\n"
            "- **PyTorch `nn.Dropout(p)`**: p is the same drop probability. Training scales the surviving units "
            "by **1/(1−p)** (inverted dropout); **evaluation (`model.eval()`) does nothing**.\n"
            "- **The original paper (Srivastava et al., 2014)**: the same letter p is the probability of **keeping** a "
            "unit. Training leaves the kept units as they are; at test time the weights are multiplied by the keep "
            "probability p.\n\n"
            "The slider p on this page is the lecture's and PyTorch's p (drop probability); the keep probability is "
            "1−p = **{keep}**."
        ),
    },
    "dropout.terms.slip": {
        "ko": (
            "**슬라이드의 작은 실수 하나**: 슬라이드에는 테스트 때 가중치에 \"드롭아웃 확률\"을 곱한다고 적혀 있습니다. "
            "강의의 p(드롭 확률)로 쓰면 곱할 값은 p가 아니라 **1−p**(유지 확률, 지금 {keep})입니다. 테스트 때는 모든 "
            "뉴런이 켜져 있으므로, 출력이 학습 때의 기댓값 (1−p)·a와 같아지려면 1−p를 곱해야 하기 때문입니다. 원 논문에서는 "
            "p가 유지 확률이라 \"p를 곱한다\"가 맞는데, 두 정의가 섞이면서 생긴 혼동입니다. PyTorch는 이 보정을 학습 때 "
            "1/(1−p)배로 미리 해 두므로 테스트 때는 곱할 것이 없습니다."
        ),
        "en": (
            "**One small slip on the slide**: it says the weights are multiplied by \"the dropout probability\" at test "
            "time. With the lecture's own p (the drop probability) the factor is not p but **1−p** (the keep "
            "probability, now {keep}): at test time every unit is on, so the output matches the training expectation "
            "(1−p)·a only when multiplied by 1−p. In the original paper p is the keep probability, so \"multiply by "
            "p\" is right there; the slip comes from mixing the two definitions. PyTorch makes this correction while "
            "training (by 1/(1−p)), so nothing has to be multiplied at test time."
        ),
    },
    "dropout.p": {"ko": "드롭 확률 p (강의·PyTorch의 p)", "en": "Drop probability p (the lecture's and PyTorch's p)"},
    "dropout.p_help": {
        "ko": "각 뉴런이 이번 배치에서 꺼질 확률입니다(강의의 \"생략되는 Node의 비율\"). 원 논문의 p(유지 확률)는 1−p입니다.",
        "en": "The probability that a unit is switched off in this batch (the lecture's \"ratio of nodes dropped\"). "
              "The original paper's p (keep probability) is 1−p.",
    },
    "dropout.drop_input": {"ko": "입력층도 드롭", "en": "Drop input units too"},
    "dropout.drop_input_help": {
        "ko": "기본값은 강의 코드처럼 은닉층 뒤에만 드롭아웃을 둡니다. 출력층은 절대 드롭하지 않습니다. 논문은 입력 픽셀도 (더 높은 유지 확률 0.8로) 드롭했습니다.",
        "en": "By default dropout sits only after the hidden layers, as in the lecture's code. The output layer is never dropped. The paper also dropped input pixels (with a higher keep probability, 0.8).",
    },
    # --- section 1: masks ---
    "dropout.masks.header": {"ko": "1. 배치마다 새로 뽑히는 마스크", "en": "1. A new mask for every batch"},
    "dropout.masks.intro": {
        "ko": "학습 중에는 미니배치마다 마스크를 새로 뽑습니다. 꺼진 뉴런(회색, ×)과 그 뉴런에 연결된 가중치는 이번 배치의 순전파와 역전파에 참여하지 않습니다. 그래서 배치마다 서로 다른 '얇아진 신경망(thinned network)'을 학습하는 셈입니다.",
        "en": "During training a new mask is drawn for every mini-batch. Dropped units (grey, ×) and every weight attached to them take no part in this batch's forward and backward pass, so each batch trains a different 'thinned network'.",
    },
    "dropout.step": {"ko": "다음 배치", "en": "Next batch"},
    "dropout.reset": {"ko": "처음으로", "en": "Back to batch 1"},
    "dropout.play": {"ko": "재생 (1초마다 다음 배치)", "en": "Play (next batch every second)"},
    "dropout.batch_label": {"ko": "배치 {step}", "en": "Batch {step}"},
    "dropout.standard_title": {"ko": "(a) 표준 신경망", "en": "(a) Standard neural net"},
    "dropout.thinned_title": {"ko": "(b) 드롭아웃을 적용한 신경망 — 배치 {step}", "en": "(b) After applying dropout — batch {step}"},
    "dropout.kept_metric": {"ko": "남은 뉴런 (드롭 대상 층)", "en": "Units kept (droppable layers)"},
    "dropout.kept_value": {"ko": "{kept} / {total}", "en": "{kept} / {total}"},
    "dropout.kept_caption": {
        "ko": "배치 {step}: 드롭 대상 뉴런 {total}개 중 {kept}개가 남았습니다. 기댓값은 (1−p)·n = {keep}×{total} = {expected}개입니다. 배치마다 개수가 달라지지만 평균은 기댓값에 가까워집니다.",
        "en": "Batch {step}: {kept} of the {total} droppable units are kept. The expected number is (1−p)·n = {keep}×{total} = {expected}. The count changes from batch to batch; its average approaches the expectation.",
    },
    "dropout.mean_metric": {"ko": "배치 {first}–{step}의 평균", "en": "Average over batches {first}–{step}"},
    "dropout.mean_metric_one": {"ko": "배치 {step}의 평균", "en": "Average over batch {step}"},
    "dropout.mean_delta": {"ko": "기댓값 {expected} 대비", "en": "vs the expected {expected}"},
    "dropout.mean_help": {
        "ko": "지금까지 뽑은 배치들에서 남은 뉴런 수의 평균입니다(막대: 배치별 개수). 배치가 늘수록 기댓값 (1−p)·n에 가까워집니다.",
        "en": "The mean number of kept units over the batches drawn so far (bars: the count per batch). It approaches the expectation (1−p)·n as batches accumulate.",
    },
    "dropout.mask.header": {"ko": "마스크 행렬 (1 = 남김, 0 = 드롭)", "en": "Mask matrix (1 = kept, 0 = dropped)"},
    "dropout.mask.layer": {"ko": "층", "en": "Layer"},
    "dropout.mask.caption": {
        "ko": "행은 층, 열은 뉴런 번호입니다. 입력층과 출력층은 드롭하지 않으므로 항상 1입니다(입력층 드롭을 켜면 입력층도 바뀝니다).",
        "en": "Rows are layers, columns are unit numbers. The input and output layers are not dropped, so they stay 1 (unless input dropout is switched on).",
    },
    "dropout.layer.input": {"ko": "입력층 ({n})", "en": "Input ({n})"},
    "dropout.layer.hidden": {"ko": "은닉층 {index} ({n})", "en": "Hidden {index} ({n})"},
    "dropout.layer.output": {"ko": "출력층 ({n})", "en": "Output ({n})"},
    "dropout.node.kept": {"ko": "남김", "en": "kept"},
    "dropout.node.dropped": {"ko": "드롭", "en": "dropped"},
    "dropout.summary.layer": {"ko": "{name}: {size}개 중 {kept}개 남음", "en": "{name}: {kept} of {size} kept"},
    "dropout.batch.title": {
        "ko": "은닉층 1의 마스크: 한 배치 안의 예제 8개", "en": "Hidden layer 1's masks across one batch of 8 examples",
    },
    "dropout.batch.example": {"ko": "예제 {index}", "en": "Example {index}"},
    "dropout.batch.unit": {"ko": "뉴런", "en": "unit"},
    "dropout.batch.caption": {
        "ko": "엄밀히 말하면 `nn.Dropout`은 배치 안의 예제마다(텐서의 원소마다) 따로 마스크를 뽑습니다. 위 그림은 그중 한 예제의 신경망이고, 이 표는 같은 배치의 8개 예제가 각각 받은 마스크입니다 (실제 `nn.Dropout` 출력).",
        "en": "Strictly, `nn.Dropout` draws a separate mask for every example in the batch (every element of the tensor). The network above is one example's; this table shows the masks the 8 examples of the same batch received (real `nn.Dropout` output).",
    },
    # --- section 2: scaling ---
    "dropout.scaling.header": {"ko": "2. 학습과 평가에서의 스케일링", "en": "2. Scaling in training and in evaluation"},
    "dropout.scaling.intro": {
        "ko": "학습 때 일부 뉴런을 끄면 다음 층이 받는 신호의 평균이 (1−p)배로 줄어듭니다. 테스트 때는 모든 뉴런을 쓰므로, 학습 때와 같은 크기의 신호가 되도록 어딘가에서 맞춰 줘야 합니다. 방법은 두 가지입니다.",
        "en": "Switching units off in training shrinks the average signal the next layer receives to (1−p) of its size. At test time every unit is used, so the scale has to be matched somewhere. There are two ways.",
    },
    "dropout.activation": {"ko": "활성값 a", "en": "Activation a"},
    "dropout.activation_help": {
        "ko": "한 뉴런의 출력(드롭아웃 직전 값)입니다.", "en": "One unit's output (the value just before dropout).",
    },
    "dropout.scaling.inverted": {
        "ko": "**PyTorch (역 드롭아웃)**: 학습 때 남은 뉴런 a → a/(1−p), 꺼진 뉴런 → 0. 기댓값 (1−p)·a/(1−p) = **a**. 평가 때는 항등 함수이므로 **a** 그대로. 테스트 코드를 바꿀 필요가 없습니다.",
        "en": "**PyTorch (inverted dropout)**: in training a kept unit gives a/(1−p), a dropped one 0. Expectation (1−p)·a/(1−p) = **a**. Evaluation is the identity, so it gives **a**. Test-time code needs no change.",
    },
    "dropout.scaling.classic": {
        "ko": "**원 논문(Srivastava 외, 2014)과 슬라이드**: 학습 때 남은 뉴런 a → a 그대로, 꺼진 뉴런 → 0. 기댓값 (1−p)·a. 테스트 때 가중치에 유지 확률(논문의 p, 여기서는 1−p)을 곱하므로 출력은 **(1−p)·a**. 학습 때의 기댓값과 같습니다.",
        "en": "**The original paper (Srivastava et al., 2014) and the slide**: in training a kept unit stays a, a dropped one gives 0. Expectation (1−p)·a. At test time the weights are multiplied by the keep probability (the paper's p, 1−p here), so the output is **(1−p)·a**, the same as the training expectation.",
    },
    "dropout.scaling.table.case": {"ko": "경우", "en": "Case"},
    "dropout.scaling.table.inverted": {"ko": "PyTorch: nn.Dropout({p})", "en": "PyTorch: nn.Dropout({p})"},
    "dropout.scaling.table.classic": {"ko": "원 논문: 유지 확률 {keep}", "en": "Paper: keep probability {keep}"},
    "dropout.scaling.row.kept": {"ko": "학습 — 남은 뉴런 (확률 {keep})", "en": "Training — kept unit (probability {keep})"},
    "dropout.scaling.row.dropped": {"ko": "학습 — 꺼진 뉴런 (확률 {p})", "en": "Training — dropped unit (probability {p})"},
    "dropout.scaling.row.mean": {"ko": "학습 — 기댓값", "en": "Training — expected value"},
    "dropout.scaling.row.test": {"ko": "평가/테스트 출력", "en": "Evaluation / test output"},
    "dropout.scaling.row.sampled": {
        "ko": "학습 — 실제 {samples:,}번 뽑은 평균", "en": "Training — mean of {samples:,} real draws",
    },
    "dropout.scaling.check": {
        "ko": "두 방법 모두 **평가 출력 = 학습 때의 기댓값**입니다. PyTorch: 학습 기댓값 {inv_mean} = 평가 출력 {inv_eval}. 원 논문: 학습 기댓값 {cls_mean} = 테스트 출력 {cls_test}. 다른 점은 기준이 되는 크기뿐입니다(PyTorch는 a, 원 논문은 (1−p)·a). 다음 층의 가중치는 어느 쪽이든 자신이 본 크기에 맞춰 학습되므로, 두 방법은 그 가중치의 배율만 다른 같은 신경망입니다. 실제 `nn.Dropout`을 {samples:,}번 실행했더니 남은 비율은 {fraction}(기댓값 {keep}){fraction:~이었}습니다.",
        "en": "Both keep **evaluation output = training expectation**. PyTorch: training expectation {inv_mean} = evaluation output {inv_eval}. Paper: training expectation {cls_mean} = test output {cls_test}. They differ only in the reference scale (PyTorch keeps a, the paper (1−p)·a); the next layer's weights learn whichever scale they see, so the two are the same network up to a rescaling of those weights. Running the real `nn.Dropout` {samples:,} times kept a fraction {fraction} of the units (expected {keep}).",
    },
    "dropout.vector.header": {"ko": "벡터 하나로 보기 (실제 nn.Dropout 마스크)", "en": "One vector through it (a real nn.Dropout mask)"},
    "dropout.vector.quantity": {"ko": "값", "en": "Quantity"},
    "dropout.vector.row.x": {"ko": "입력 x", "en": "input x"},
    "dropout.vector.row.mask": {"ko": "마스크 (1 = 남김)", "en": "mask (1 = kept)"},
    "dropout.vector.row.inverted_train": {"ko": "PyTorch 학습: x·mask/(1−p)", "en": "PyTorch train: x·mask/(1−p)"},
    "dropout.vector.row.inverted_eval": {"ko": "PyTorch 평가: x", "en": "PyTorch eval: x"},
    "dropout.vector.row.classic_train": {"ko": "원 논문 학습: x·mask", "en": "Paper train: x·mask"},
    "dropout.vector.row.classic_test": {"ko": "원 논문 테스트: x·(1−p)", "en": "Paper test: x·(1−p)"},
    "dropout.vector.caption": {
        "ko": "마스크는 `torch.manual_seed({seed})` 뒤 `nn.Dropout({p})`을 학습 모드로 실행해 얻은 것입니다. 합계: PyTorch 학습 {inv_sum} (평가 {eval_sum}), 원 논문 학습 {cls_sum} (테스트 {test_sum}).",
        "en": "The mask comes from running `nn.Dropout({p})` in training mode after `torch.manual_seed({seed})`. Sums: PyTorch train {inv_sum} (eval {eval_sum}), paper train {cls_sum} (test {test_sum}).",
    },
    # --- section 3: effect ---
    "dropout.effect.header": {"ko": "3. 테스트 정확도에 미치는 효과", "en": "3. The effect on test accuracy"},
    "dropout.effect.lecture": {
        "ko": "강의 실습: Fashion-MNIST MLP(784-256-128-10)의 테스트 정확도",
        "en": "The lecture's practice: test accuracy of the Fashion-MNIST MLP (784-256-128-10)",
    },
    "dropout.effect.without": {"ko": "드롭아웃 없이", "en": "Without dropout"},
    "dropout.effect.with": {"ko": "드롭아웃 적용 (p={p})", "en": "With dropout (p={p})"},
    "dropout.effect.lecture_differs": {
        "ko": "주의: 강의의 드롭아웃 실습은 드롭아웃만 바꾼 것이 아닙니다. {changes}도 함께 바뀌었으므로 +{gain}%p가 모두 드롭아웃 덕분은 아닙니다. 아래의 짧은 실험은 드롭아웃 외의 모든 설정을 같게 둡니다.",
        "en": "Note: the lecture's dropout run changed more than dropout: {changes} changed too, so not all of the +{gain} points are dropout's. The short runs below keep every setting but dropout the same.",
    },
    "dropout.effect.change.epochs": {"ko": "에포크 수({before} → {after})", "en": "the number of epochs ({before} → {after})"},
    "dropout.effect.change.normalize": {"ko": "입력 정규화(Normalize)", "en": "input normalisation (Normalize)"},
    "dropout.effect.change.hflip": {"ko": "좌우 뒤집기 데이터 증강(RandomHorizontalFlip)", "en": "horizontal-flip augmentation (RandomHorizontalFlip)"},
    "dropout.effect.train_acc_note": {
        "ko": "학습 정확도는 강의의 학습 루프처럼 에포크 동안 드롭아웃을 켠 상태(model.train())로 센 값입니다. p가 클수록 학습 곡선이 낮은 이유 중 하나입니다. 테스트 정확도는 드롭아웃을 끈 상태(model.eval())입니다.",
        "en": "Training accuracy is counted during the epoch with dropout on (model.train()), as the lecture's loop does; that is one reason the training curve sits lower for larger p. Test accuracy is measured with dropout off (model.eval()).",
    },
    "dropout.effect.no_data": {
        "ko": "Fashion-MNIST가 없어서 지금은 학습할 수 없습니다. 저장된 결과가 있으면 그것만 보여 줍니다.",
        "en": "Fashion-MNIST is not available, so nothing can be trained right now. Stored results, if any, are still shown.",
    },
    "dropout.effect.why": {
        "ko": (
            "**왜 좋아질까? (강의의 설명)**\n"
            "- **투표 효과(앙상블)**: 배치마다 다른 얇은 신경망을 학습하므로, 테스트 때 전체 신경망은 수많은 얇은 신경망의 "
            "예측을 평균 내는(투표하는) 것과 비슷합니다. 여러 모델의 다수결은 하나의 모델보다 덜 틀립니다.\n"
            "- **동조화(co-adaptation) 방지**: 어떤 뉴런이든 언제 꺼질지 모르므로, 특정 뉴런들이 서로의 실수를 메워 주며 "
            "함께만 동작하는 관계를 만들 수 없습니다. 각 뉴런이 혼자서도 쓸모 있는 특징을 배우게 되어 과적합이 줄어듭니다.\n"
            "- 그래서 학습 정확도는 조금 낮아지거나 늦게 오르지만, **학습과 테스트 정확도의 차이(과적합)가 줄어듭니다**."
        ),
        "en": (
            "**Why does it help? (the lecture's explanations)**\n"
            "- **Voting effect (ensemble)**: every batch trains a different thinned network, so at test time the full network "
            "behaves like an average — a vote — of very many thinned networks. A majority of models errs less than one model.\n"
            "- **Avoiding co-adaptation**: any unit may vanish at any time, so units cannot rely on particular partners to "
            "fix their mistakes. Each unit has to learn features useful on their own, which reduces overfitting.\n"
            "- So training accuracy rises a little lower or later, but **the gap between training and test accuracy "
            "(overfitting) shrinks**."
        ),
    },
    "dropout.effect.short_runs": {
        "ko": "직접 확인하기: 같은 MLP를 p = {ps:로} 짧게 학습합니다 (학습 이미지 {subset:,}장, {epochs} 에포크, {optimizer}, 배치 {batch}). CPU에서 모두 합쳐 약 1분 걸리도록 줄였으므로 정확도는 강의의 전체 학습(위 숫자)보다 낮습니다. 과적합이 잘 보이도록 학습 데이터를 줄였습니다.",
        "en": "See for yourself: the same MLP trained briefly with p = {ps} ({subset:,} training images, {epochs} epochs, {optimizer}, batch {batch}). It is cut down to about a minute on a CPU in total, so accuracies are below the lecture's full runs (above); the smaller training set makes overfitting easier to see.",
    },
    "dropout.effect.train_button": {"ko": "빠진 {missing}개 학습하기", "en": "Train the {missing} missing run(s)"},
    "dropout.effect.cancel": {"ko": "학습 취소", "en": "Cancel training"},
    "dropout.effect.status.stored": {"ko": "p = {p}: 학습 완료 — 테스트 정확도 {acc}", "en": "p = {p}: trained — test accuracy {acc}"},
    "dropout.effect.no_data_details": {"ko": "데이터를 찾은 곳과 준비하는 방법", "en": "Where the data was looked for, and how to provide it"},
    "dropout.effect.status.running": {
        "ko": "p = {p}: 학습 중 — 에포크 {epoch}/{epochs}, 테스트 정확도 {acc}", "en": "p = {p}: training — epoch {epoch}/{epochs}, test accuracy {acc}",
    },
    "dropout.effect.status.queued": {"ko": "p = {p}: 대기 중", "en": "p = {p}: queued"},
    "dropout.effect.status.failed": {"ko": "p = {p}: 실패 — {error}", "en": "p = {p}: failed — {error}"},
    "dropout.effect.status.cancelled": {"ko": "p = {p}: 취소됨", "en": "p = {p}: cancelled"},
    "dropout.effect.status.missing": {"ko": "p = {p}: 아직 학습하지 않음", "en": "p = {p}: not trained yet"},
    "dropout.effect.autostarted": {
        "ko": "이 서버에서 처음 열린 페이지라 세 가지 짧은 학습을 자동으로 시작했습니다. 모두가 같은 결과를 함께 씁니다.",
        "en": "This is the page's first visit on this server, so the three short runs started on their own; everyone shares their results.",
    },
    "dropout.effect.first_epoch": {
        "ko": "학습 중입니다. 첫 에포크가 끝나면 곡선이 나타나고 에포크마다 자라납니다.",
        "en": "Training. The curves appear after the first epoch and grow epoch by epoch.",
    },
    "dropout.effect.none_yet": {
        "ko": "아직 결과가 없습니다. 버튼을 누르면 백그라운드에서 학습하며, 곡선이 에포크마다 자라납니다. 다른 페이지에 다녀와도 학습은 계속됩니다.",
        "en": "No results yet. The button trains in the background and the curves grow epoch by epoch. Training continues if you visit another page.",
    },
    "dropout.effect.gap": {
        "ko": "마지막 에포크의 학습−테스트 정확도 차이(과적합): {gaps}",
        "en": "Train − test accuracy gap at the last epoch (overfitting): {gaps}",
    },
    "dropout.effect.engine_missing": {
        "ko": "학습 엔진을 불러오지 못했습니다: {error}", "en": "The training engine could not be loaded: {error}",
    },
    "dropout.curves.title": {"ko": "드롭아웃 p별 학습·테스트 정확도", "en": "Train and test accuracy for each dropout p"},
    "dropout.curves.train": {"ko": "학습 (p={p})", "en": "train (p={p})"},
    "dropout.curves.test": {"ko": "테스트 (p={p})", "en": "test (p={p})"},
    "dropout.curves.epoch": {"ko": "에포크", "en": "Epoch"},
    "dropout.curves.accuracy": {"ko": "정확도", "en": "Accuracy"},
    "dropout.curves.lecture_without": {"ko": "강의, 드롭아웃 없음", "en": "lecture, no dropout"},
    "dropout.curves.lecture_with": {"ko": "강의, 드롭아웃", "en": "lecture, dropout"},
    # --- section 4: Dropout2d ---
    "dropout.maps.header": {"ko": "4. Dropout2d: 특징 맵을 채널째로 끄기", "en": "4. Dropout2d: switching off whole feature maps"},
    "dropout.maps.intro": {
        "ko": "합성곱 층의 특징 맵에서는 이웃한 픽셀끼리 값이 비슷해서, 픽셀을 하나씩 꺼도(nn.Dropout) 주변 픽셀이 같은 정보를 전해 버립니다. 그래서 `nn.Dropout2d(p)`는 **채널(특징 맵) 전체**를 확률 p로 끄고, 남은 채널을 1/(1−p)배 키웁니다. 강의의 MNIST CNN도 두 번째 합성곱 뒤에 `nn.Dropout2d`(conv2_drop)를 씁니다.",
        "en": "Neighbouring pixels of a feature map are strongly correlated, so switching off single pixels (nn.Dropout) hardly removes information: the neighbours carry it. `nn.Dropout2d(p)` therefore switches off **whole channels (feature maps)** with probability p and scales the surviving ones by 1/(1−p). The lecture's MNIST CNN uses `nn.Dropout2d` (conv2_drop) after its second convolution.",
    },
    "dropout.maps.source.synthetic": {
        "ko": "입력: 합성 이미지 (고리, 막대, 대각선)", "en": "Input: a synthetic image (ring, bar, diagonal)",
    },
    "dropout.maps.source.dataset": {
        "ko": "입력: Fashion-MNIST 테스트 이미지 #{index} ({label})", "en": "Input: Fashion-MNIST test image #{index} ({label})",
    },
    "dropout.maps.caption": {
        "ko": "고정된 3×3 필터 8개(Conv2d(1, 8, 3, padding=1))의 출력에 실제 `nn.Dropout2d({p})`를 학습 모드로 적용했습니다 ({step}번째 뽑기). 꺼진 채널: {off}개 / {channels}개, 남은 채널은 ×{scale}. 색 범위는 열마다 같으므로 남은 맵이 더 진해진 것이 보입니다. 맨 아래 줄은 비교용 `nn.Dropout({p})`: 픽셀이 흩어져 꺼질 뿐 모양은 그대로 보입니다.",
        "en": "Eight fixed 3×3 filters (Conv2d(1, 8, 3, padding=1)) followed by the real `nn.Dropout2d({p})` in training mode (draw {step}). Channels off: {off} of {channels}; the survivors are ×{scale}. Each column shares one colour range, so the boosted maps look stronger. The bottom row is plain `nn.Dropout({p})` for comparison: scattered pixels vanish but the shapes remain.",
    },
    "dropout.maps.redraw": {"ko": "다시 뽑기 (새 채널 마스크)", "en": "Draw again (new channel mask)"},
    "dropout.maps.row.before": {"ko": "드롭아웃 전", "en": "before"},
    "dropout.maps.row.dropout2d": {"ko": "Dropout2d({p})", "en": "Dropout2d({p})"},
    "dropout.maps.row.dropout": {"ko": "Dropout({p})", "en": "Dropout({p})"},
    "dropout.maps.off": {"ko": "꺼짐", "en": "OFF"},
    "dropout.summary.maps": {
        "ko": "줄: {rows}; 채널 {count}개: {names}; Dropout2d가 끈 채널: {off}",
        "en": "rows: {rows}; {count} channels: {names}; switched off by Dropout2d: {off}",
    },
    "dropout.kernel.identity": {"ko": "항등", "en": "identity"},
    "dropout.kernel.blur": {"ko": "흐림", "en": "blur"},
    "dropout.kernel.sobel_x": {"ko": "소벨 x", "en": "Sobel x"},
    "dropout.kernel.sobel_y": {"ko": "소벨 y", "en": "Sobel y"},
    "dropout.kernel.diagonal": {"ko": "대각선 ↘", "en": "diagonal ↘"},
    "dropout.kernel.anti_diagonal": {"ko": "대각선 ↙", "en": "diagonal ↙"},
    "dropout.kernel.laplacian": {"ko": "라플라시안", "en": "Laplacian"},
    "dropout.kernel.sharpen": {"ko": "선명하게", "en": "sharpen"},
    # Comments of the dropout pages' PyTorch code (explainer/topics/dropout.py, explainer/views/dropout_effect.py); the program
    # is the same in both languages. p is the probability of DROPPING a unit, in PyTorch as in the lecture.
    "code.dropout.p_is_drop": {"ko": "PyTorch의 p는 끄는 확률 (남기는 확률 = 1 - p = {keep})",
                               "en": "PyTorch's p is the probability of dropping (keep = 1 - p = {keep})"},
    "code.dropout.train_mode": {"ko": "학습 모드: 호출할 때마다(배치마다, 샘플마다) 새 마스크",
                                "en": "training: a fresh mask every call (every batch, every example)"},
    "code.dropout.kept_scaled": {"ko": "남은 뉴런 -> {activation} / (1 - {p}) = {scaled}, 꺼진 뉴런 -> 0",
                                 "en": "kept -> {activation} / (1 - {p}) = {scaled}, dropped -> 0"},
    "code.dropout.eval_mode": {"ko": "평가 모드: 아무것도 끄거나 스케일하지 않음",
                               "en": "evaluation: identity, nothing is dropped or scaled"},
    "code.dropout.eval_output": {"ko": "모든 값이 {activation}", "en": "{activation} everywhere"},
    "code.dropout.lecture_mlp": {"ko": "강의의 Fashion-MNIST MLP: 은닉층마다 뒤에 드롭아웃",
                                 "en": "The lecture's Fashion-MNIST MLP with dropout after each hidden layer"},
    "code.dropout.before_training": {"ko": "학습 루프 전: 드롭아웃 켜기", "en": "before the training loop: dropout on"},
    "code.dropout.before_testing": {"ko": "테스트 전: 드롭아웃 끄기 (잊지 마세요!)",
                                    "en": "before testing: dropout off (do not forget!)"},
    "code.dropout.dropout2d_channels": {"ko": "Dropout2d는 특징 맵(채널) 전체를 끕니다 (강의의 MNIST CNN처럼)",
                                        "en": "Dropout2d switches off whole feature maps (channels), "
                                              "as in the lecture's MNIST CNN"},
    "code.dropout.zero_rows": {"ko": "0인 행 = 꺼진 채널", "en": "zero rows = channels switched off"},
    "code.dropout.p_unit": {"ko": "p = 뉴런을 끌 확률", "en": "p = probability of dropping a unit"},
    "code.dropout.one_example": {"ko": "샘플 하나의 은닉층 (뉴런 {units}개)",
                                 "en": "one example's hidden layer ({units} units)"},
    "code.dropout.mask_per_call": {"ko": "호출마다, 즉 배치마다 새 마스크", "en": "a new mask every call, i.e. every batch"},
    "code.dropout.fixed_conv": {"ko": "(8, 1, 3, 3): 가중치를 고정한 Conv2d(1, 8, 3, padding=1) 하나",
                                "en": "(8, 1, 3, 3): one Conv2d(1, 8, 3, padding=1) with fixed weights"},
    "code.dropout.or_fashion": {"ko": "또는 Fashion-MNIST 이미지", "en": "or a Fashion-MNIST image"},
    "code.dropout.eight_maps": {"ko": "(1, 8, 28, 28): 특징 맵 8개", "en": "(1, 8, 28, 28): 8 feature maps"},
    "code.dropout.survivors": {"ko": "살아남은 채널", "en": "which channels survived"},
    "code.dropout.survivors_scaled": {"ko": "남은 채널 c마다 out[:, c] == maps[:, c] / (1 - p)",
                                      "en": "out[:, c] == maps[:, c] / (1 - p) for kept c"},
    "code.dropout.short_run": {"ko": "짧은 실행에서만", "en": "short run only"},
    "code.dropout.lecture_sgd": {"ko": "강의: SGD(lr=0.01)", "en": "the lecture: SGD(lr=0.01)"},
    "code.dropout.train_on": {"ko": "드롭아웃 켜짐: 배치마다 새 마스크", "en": "dropout ON: a new mask every batch"},
    "code.dropout.test_off": {"ko": "테스트에서는 드롭아웃 꺼짐", "en": "dropout OFF for testing"},
}
