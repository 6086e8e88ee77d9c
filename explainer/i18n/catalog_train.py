"""Strings of the train-and-compare page (set-up, live training, comparison, feature maps)."""

STRINGS = {
    # tabs and set-up
    "train.tab.train": {"ko": "설정하고 학습하기", "en": "Set up & train"},
    "train.tab.compare": {"ko": "결과 비교", "en": "Compare"},
    "train.tab.maps": {"ko": "특징 맵", "en": "Feature maps"},
    "train.setup.intro": {
        "ko": "강의의 실습을 그대로 돌려 봅니다. 데이터셋과 모델을 고르고 **학습 시작**을 누르면 학습은 "
              "백그라운드에서 진행되고, 손실과 정확도 곡선이 실시간으로 그려집니다. 학습 중에도 다른 탭과 "
              "페이지를 자유롭게 쓸 수 있으며, 이미 학습한 설정은 저장된 결과가 바로 나타납니다.",
        "en": "Run the lecture's practice live. Pick a dataset and a model and press **Start training**: training "
              "runs in the background while the loss and accuracy curves grow. The other tabs and pages stay "
              "usable meanwhile, and a configuration trained before shows its stored result at once.",
    },
    "train.dataset": {"ko": "데이터셋", "en": "Dataset"},
    "train.mode": {"ko": "설정 방법", "en": "Set-up"},
    "train.mode.preset": {"ko": "강의 그대로", "en": "As in the lecture"},
    "train.mode.custom": {"ko": "직접 설정", "en": "Custom"},
    "train.preset": {"ko": "강의의 실습", "en": "Lecture run"},
    "train.preset.mnist_mlp": {"ko": "MNIST MLP (784-100-100-10, SGD)", "en": "MNIST MLP (784-100-100-10, SGD)"},
    "train.preset.fashion_mlp": {"ko": "Fashion-MNIST MLP (784-256-128-10)", "en": "Fashion-MNIST MLP (784-256-128-10)"},
    "train.preset.fashion_mlp_dropout": {"ko": "Fashion-MNIST MLP + 드롭아웃 0.2 + 좌우 반전",
                                         "en": "Fashion-MNIST MLP + dropout 0.2 + horizontal flip"},
    "train.preset.mnist_cnn": {"ko": "MNIST CNN (합성곱 2층 + Dropout2d)", "en": "MNIST CNN (2 conv layers + Dropout2d)"},
    "train.preset.cifar_lenet": {"ko": "CIFAR-10 LeNet", "en": "CIFAR-10 LeNet"},
    "train.preset.cifar_cnn": {"ko": "CIFAR-10 더 큰 CNN (32-64-128 + 드롭아웃)",
                               "en": "CIFAR-10 bigger CNN (32-64-128 + dropout)"},
    "train.preset.summary": {
        "ko": "**{model}** · {params} · {epochs} 에포크 — 강의에서 얻은 테스트 정확도: **{acc}%**",
        "en": "**{model}** · {params} · {epochs} epochs — test accuracy in the lecture: **{acc}%**",
    },
    "train.epochs": {"ko": "에포크 수", "en": "Epochs"},
    "train.epochs_help": {
        "ko": "강의는 {epochs} 에포크를 학습했습니다. CPU에서 오래 걸리면 줄여 보세요(강의 정확도와는 달라집니다).",
        "en": "The lecture trained {epochs} epochs. Reduce it when the CPU is slow (the accuracy will then differ "
              "from the lecture's).",
    },
    "train.subset": {"ko": "학습 이미지 수 (0 = 전체)", "en": "Training images (0 = all)"},
    "train.subset_help": {
        "ko": "0이 아니면 학습 데이터에서 시드로 고른 이만큼의 이미지로만 학습합니다. 테스트는 항상 전체로 합니다.",
        "en": "When not 0, trains on this many training images drawn with the seed. The test split is always "
              "used in full.",
    },
    "train.model": {"ko": "모델", "en": "Model"},
    "train.model.mnist_mlp": {"ko": "MNIST MLP", "en": "MNIST MLP"},
    "train.model.fashion_mlp": {"ko": "Fashion MLP", "en": "Fashion MLP"},
    "train.model.mnist_cnn": {"ko": "MNIST CNN", "en": "MNIST CNN"},
    "train.model.cifar_lenet": {"ko": "CIFAR LeNet", "en": "CIFAR LeNet"},
    "train.model.cifar_cnn": {"ko": "CIFAR CNN", "en": "CIFAR CNN"},
    "train.model.xor_single": {"ko": "XOR 단층", "en": "XOR single layer"},
    "train.model.xor_mlp": {"ko": "XOR MLP", "en": "XOR MLP"},
    "train.hidden": {"ko": "은닉층 크기", "en": "Hidden layer sizes"},
    "train.hidden_help": {
        "ko": "쉼표로 구분한 은닉층 뉴런 수, 예: 256,128 (강의의 Fashion MLP). 층 수도 바꿀 수 있습니다.",
        "en": "Neurons per hidden layer, separated by commas, e.g. 256,128 (the lecture's Fashion MLP). "
              "The number of layers may change too.",
    },
    "train.dropout": {"ko": "드롭아웃 확률 p", "en": "Dropout probability p"},
    "train.dropout_help": {"ko": "학습 중 뉴런을 끌 확률입니다. 0이면 드롭아웃이 없습니다.",
                           "en": "Probability of switching a neuron off during training; 0 means no dropout."},
    "train.hflip": {"ko": "좌우 반전 데이터 증강", "en": "Horizontal-flip augmentation"},
    "train.hflip_help": {"ko": "학습 이미지를 절반의 확률로 좌우로 뒤집습니다 (RandomHorizontalFlip).",
                         "en": "Flips each training image left-right with probability 0.5 (RandomHorizontalFlip)."},
    "train.optimizer": {"ko": "옵티마이저", "en": "Optimiser"},
    "train.opt.sgd": {"ko": "SGD", "en": "SGD"},
    "train.opt.sgd_momentum": {"ko": "SGD + 모멘텀", "en": "SGD + momentum"},
    "train.opt.adam": {"ko": "Adam", "en": "Adam"},
    "train.lr": {"ko": "학습률", "en": "Learning rate"},
    "train.momentum": {"ko": "모멘텀", "en": "Momentum"},
    "train.batch": {"ko": "배치 크기", "en": "Batch size"},
    "train.seed": {"ko": "시드", "en": "Seed"},
    "train.param.batch": {"ko": "배치 {size}", "en": "batch {size}"},
    "train.param.hidden": {"ko": "은닉층 {sizes}", "en": "hidden {sizes}"},
    "train.param.dropout": {"ko": "드롭아웃 {p}", "en": "dropout {p}"},
    "train.param.normalize": {"ko": "정규화", "en": "normalised"},
    "train.param.hflip": {"ko": "좌우 반전", "en": "h-flip"},
    "train.param.subset": {"ko": "학습 이미지 {count}장", "en": "{count} training images"},
    "train.param.seed": {"ko": "시드 {seed}", "en": "seed {seed}"},
    "train.err.hidden_empty": {"ko": "은닉층 크기를 하나 이상 입력하세요 (예: 256,128).",
                               "en": "Enter at least one hidden layer size (e.g. 256,128)."},
    "train.err.hidden_number": {"ko": "'{part}'{part:~은} 양의 정수가 아닙니다. 쉼표로 구분한 정수를 입력하세요 (예: 256,128).",
                                "en": "'{part}' is not a positive whole number. Enter whole numbers separated by "
                                      "commas (e.g. 256,128)."},
    "train.err.hidden_range": {"ko": "'{part}': 은닉층 크기는 1부터 {limit}까지입니다.",
                               "en": "'{part}': a hidden layer has 1 to {limit} neurons."},
    "train.err.hidden_layers": {"ko": "은닉층이 {count}개입니다. 최대 {limit}개까지 쓸 수 있습니다.",
                                "en": "{count} hidden layers; at most {limit} are allowed."},
    "train.err.hidden_one": {"ko": "이 모델은 은닉층 크기를 하나만 받습니다.", "en": "This model takes one hidden size."},
    "train.err.model_dataset": {"ko": "모델 {model:은} 데이터셋 {dataset}에 맞지 않습니다.",
                                "en": "Model {model} does not fit dataset {dataset}."},
    "train.err.optimizer": {"ko": "알 수 없는 옵티마이저: {optimizer}", "en": "Unknown optimiser: {optimizer}"},
    "train.err.recipe": {"ko": "이 설정으로는 학습할 수 없습니다: {why}", "en": "Cannot train with these settings: {why}"},
    "train.samples": {"ko": "{dataset}의 샘플 (클래스마다 하나)", "en": "Samples of {dataset} (one per class)"},
    "train.estimate": {
        "ko": "예상 학습 시간: 약 {time} ({device}, 학습 이미지 {images:,}장 × {epochs} 에포크).",
        "en": "Estimated training time: about {time} ({device}, {images:,} training images × {epochs} epochs).",
    },
    "train.estimate_slow": {
        "ko": "수업 중에는 에포크 수나 학습 이미지 수를 줄이면 금방 끝납니다. 정확도는 강의와 달라질 수 있습니다.",
        "en": "In class, fewer epochs or a training subset finish quickly; the accuracy may then differ from "
              "the lecture's.",
    },
    "train.start": {"ko": "학습 시작", "en": "Start training"},
    "train.not_trained": {
        "ko": "이 설정은 아직 학습한 적이 없습니다. **학습 시작**을 누르세요.",
        "en": "This configuration has not been trained yet. Press **Start training**.",
    },
    "train.queued": {"ko": "대기 중: 앞선 학습이 끝나면 시작합니다 (대기 순서 {position}).",
                     "en": "Queued: starts when the runs before it finish (position {position})."},
    "train.starting": {"ko": "데이터를 준비하고 있습니다…", "en": "Preparing the data…"},
    "train.progress": {
        "ko": "에포크 {epoch}/{epochs} · 스텝 {step}/{steps} · {percent}%",
        "en": "Epoch {epoch}/{epochs} · step {step}/{steps} · {percent}%",
    },
    "train.elapsed": {"ko": "경과 시간", "en": "Elapsed"},
    "train.eta": {"ko": "남은 시간 (예상)", "en": "Time left (estimate)"},
    "train.running_loss": {"ko": "학습 손실 (이번 에포크)", "en": "Train loss (this epoch)"},
    "train.last_test_acc": {"ko": "최근 테스트 정확도", "en": "Latest test accuracy"},
    "train.cancel": {"ko": "학습 취소", "en": "Cancel training"},
    "train.this_run": {"ko": "이번 학습", "en": "This run"},
    "train.done": {
        "ko": "학습 완료: 테스트 정확도 **{acc}%** ({time}, {device}).",
        "en": "Training finished: test accuracy **{acc}%** ({time}, {device}).",
    },
    "train.vs_lecture": {"ko": "우리 결과 {ours}% · 강의 결과 {lecture}%",
                         "en": "Ours {ours}% · the lecture's {lecture}%"},
    "train.failed": {"ko": "학습이 실패했습니다: {error}", "en": "Training failed: {error}"},
    "train.cancelled": {"ko": "학습을 취소했습니다. 다시 시작할 수 있습니다.",
                        "en": "Training was cancelled. You can start it again."},
    "train.duration.h": {"ko": "{h}시간 {m}분", "en": "{h} h {m} min"},
    "train.duration.m": {"ko": "{m}분 {s}초", "en": "{m} min {s} s"},
    "train.duration.s": {"ko": "{s}초", "en": "{s} s"},
    # runs and kinds
    "train.kind.custom": {"ko": "직접 설정", "en": "custom"},
    "train.kind.lecture": {"ko": "강의 그대로 ({name})", "en": "as in the lecture ({name})"},
    "train.kind.changed": {"ko": "강의 설정 변경 ({name}: {changes})", "en": "lecture run changed ({name}: {changes})"},
    "train.kind.changed_short": {"ko": "강의 설정 변경 ({name})", "en": "lecture run changed ({name})"},
    "train.run_label": {"ko": "{model} · {tag} · {epochs} 에포크 · {acc}% · {hash}",
                        "en": "{model} · {tag} · {epochs} ep · {acc}% · {hash}"},
    "train.col.dataset": {"ko": "데이터셋", "en": "Dataset"},
    "train.col.model": {"ko": "모델", "en": "Model"},
    "train.col.kind": {"ko": "종류", "en": "Kind"},
    "train.col.parameters": {"ko": "하이퍼파라미터", "en": "Parameters"},
    "train.col.epochs": {"ko": "에포크", "en": "Epochs"},
    "train.col.time": {"ko": "시간 (초)", "en": "Time (s)"},
    "train.col.test_acc": {"ko": "테스트 정확도 (%)", "en": "Test accuracy (%)"},
    "train.col.lecture_acc": {"ko": "강의 정확도 (%)", "en": "Lecture accuracy (%)"},
    # compare
    "train.compare.empty": {
        "ko": "저장된 학습 결과가 아직 없습니다. 첫 번째 탭에서 학습을 시작하세요.",
        "en": "No stored runs yet. Start a training run in the first tab.",
    },
    "train.compare.table": {"ko": "저장된 모든 학습", "en": "Every stored run"},
    "train.compare.table_caption": {
        "ko": "강의 그대로 학습한 경우 강의에서 얻은 정확도를 옆에 보여 줍니다. 같은 설정은 한 번만 학습하고 저장합니다.",
        "en": "Runs as in the lecture show the lecture's accuracy beside ours. Each configuration is trained and "
              "stored once.",
    },
    "train.compare.curves": {"ko": "학습 곡선 겹쳐 보기", "en": "Overlay learning curves"},
    "train.compare.pick": {"ko": "겹쳐 볼 학습", "en": "Runs to overlay"},
    "train.compare.details": {"ko": "한 학습 자세히 보기", "en": "One run in detail"},
    "train.compare.run": {"ko": "학습 선택", "en": "Run"},
    "train.compare.run_caption": {"ko": "{kind} · {params} · {identity}", "en": "{kind} · {params} · {identity}"},
    "train.compare.run_identity": {"ko": "{device}에서 학습 · 설정 해시 {hash}", "en": "trained on {device} · config hash {hash}"},
    "train.compare.confusion_read": {
        "ko": "혼동 행렬의 행은 실제 클래스, 열은 예측한 클래스입니다. 대각선 밖의 칸이 틀린 예측입니다. 가장 많이 헷갈린 경우:",
        "en": "Rows of the confusion matrix are the true classes, columns the predicted ones; cells off the "
              "diagonal are mistakes. The most frequent mix-ups:",
    },
    "train.compare.mistake": {"ko": "- 실제 **{truth}** → 예측 **{predicted}**: {count}장",
                              "en": "- true **{truth}** → predicted **{predicted}**: {count} images"},
    "train.compare.csv": {"ko": "학습 기록 CSV 내려받기", "en": "Download the history as CSV"},
    "train.compare.gallery": {"ko": "테스트 이미지의 예측 (틀린 것부터)", "en": "Predictions on test images (mistakes first)"},
    "train.compare.gallery_caption": {
        "ko": "테스트 이미지 {total}장 중 {wrong}장을 틀렸습니다. 빨간색 ✗는 틀린 예측, 초록색 ✓는 맞은 예측입니다.",
        "en": "{wrong} of {total} test images are misclassified. Red ✗: wrong prediction, green ✓: right.",
    },
    "train.compare.tile": {"ko": ":{colour}[{mark} 예측 {predicted}]  \n실제 {truth} · {conf}%",
                           "en": ":{colour}[{mark} pred. {predicted}]  \ntrue {truth} · {conf}%"},
    "train.hist.epoch": {"ko": "에포크", "en": "Epoch"},
    "train.hist.train_loss": {"ko": "학습 손실", "en": "Train loss"},
    "train.hist.train_acc": {"ko": "학습 정확도 (%)", "en": "Train acc. (%)"},
    "train.hist.test_loss": {"ko": "테스트 손실", "en": "Test loss"},
    "train.hist.test_acc": {"ko": "테스트 정확도 (%)", "en": "Test acc. (%)"},
    "train.hist.elapsed_s": {"ko": "경과 (초)", "en": "Elapsed (s)"},
    # figures
    "train.fig.loss": {"ko": "손실", "en": "Loss"},
    "train.fig.accuracy": {"ko": "정확도", "en": "Accuracy"},
    "train.fig.accuracy_pct": {"ko": "정확도 (%)", "en": "Accuracy (%)"},
    "train.fig.epoch": {"ko": "에포크", "en": "Epoch"},
    "train.fig.train": {"ko": "학습", "en": "train"},
    "train.fig.test": {"ko": "테스트", "en": "test"},
    "train.fig.running": {"ko": "진행 중 (학습, 에포크 내 평균)", "en": "in progress (train, epoch so far)"},
    "train.fig.per_class": {"ko": "클래스별 테스트 정확도", "en": "Test accuracy per class"},
    "train.fig.confusion": {"ko": "혼동 행렬 (행 기준 %)", "en": "Confusion matrix (% of each row)"},
    "train.fig.confusion_hover": {"ko": "실제 %{y} → 예측 %{x}: %{text}장 (%{z:.1f}%)",
                                  "en": "true %{y} → predicted %{x}: %{text} images (%{z:.1f}%)"},
    "train.fig.predicted": {"ko": "예측한 클래스", "en": "Predicted class"},
    "train.fig.true": {"ko": "실제 클래스", "en": "True class"},
    "train.fig.probabilities": {"ko": "소프트맥스 확률", "en": "Softmax probabilities"},
    "train.fig.probability_pct": {"ko": "확률 (%)", "en": "Probability (%)"},
    # feature maps
    "train.maps.intro": {
        "ko": "학습한 CNN 안을 들여다봅니다. 이미지 하나를 넣으면 합성곱 층마다 ReLU를 거친 특징 맵과 풀링 뒤의 "
              "특징 맵, 첫 번째 층의 필터, 그리고 소프트맥스로 구한 예측 확률을 보여 줍니다.",
        "en": "Look inside a trained CNN. For one image you see every conv layer's feature maps after ReLU and "
              "after pooling, the first layer's filters, and the prediction with its softmax probabilities.",
    },
    "train.maps.none": {
        "ko": "학습한 CNN이 아직 없습니다. 첫 번째 탭에서 MNIST CNN이나 CIFAR-10 LeNet을 학습하세요 "
              "(1 에포크만 학습해도 특징 맵을 볼 수 있습니다).",
        "en": "No trained CNN yet. Train the MNIST CNN or the CIFAR-10 LeNet in the first tab (one epoch is "
              "enough to see feature maps).",
    },
    "train.maps.run": {"ko": "학습한 CNN", "en": "Trained CNN"},
    "train.maps.source": {"ko": "입력 이미지", "en": "Input image"},
    "train.maps.src.test": {"ko": "테스트 이미지", "en": "Test image"},
    "train.maps.src.upload": {"ko": "이미지 올리기", "en": "Upload"},
    "train.maps.src.draw": {"ko": "숫자 그리기", "en": "Draw a digit"},
    "train.maps.src.sample": {"ko": "내장 예시", "en": "Built-in sample"},
    "train.maps.index": {"ko": "테스트 이미지 번호", "en": "Test image number"},
    "train.maps.upload": {"ko": "PNG 또는 JPEG 이미지", "en": "PNG or JPEG image"},
    "train.maps.upload_help": {
        "ko": "합성곱 페이지와 같은 검사를 거칩니다 (5 MB, 4096 픽셀 이하). 모델의 입력 크기에 맞게 바꿉니다.",
        "en": "Checked as on the convolution page (at most 5 MB and 4096 pixels a side), then resized to the "
              "model's input.",
    },
    "train.maps.upload_wait": {"ko": "이미지를 올리면 특징 맵이 나타납니다.",
                               "en": "Upload an image to see its feature maps."},
    "train.maps.draw_help": {
        "ko": "검은 칸에 숫자를 크게 그리세요. MNIST처럼 잘라서 20×20에 맞추고, 28×28 가운데(질량 중심)에 놓습니다.",
        "en": "Draw a digit large on the black square. Like MNIST it is cropped, fitted into 20×20 and centred "
              "by mass in 28×28.",
    },
    "train.maps.no_canvas": {
        "ko": "그림판 구성 요소(streamlit-drawable-canvas)를 불러오지 못했습니다. 이미지 올리기나 내장 예시를 쓰세요.",
        "en": "The drawing component (streamlit-drawable-canvas) could not be loaded; use an upload or the built-in "
              "sample instead.",
    },
    "train.maps.draw_wait": {"ko": "숫자를 그리면 예측과 특징 맵이 나타납니다.",
                             "en": "Draw a digit to see the prediction and the feature maps."},
    "train.maps.sample_caption": {"ko": "코드로 그린 내장 예시 이미지입니다 (데이터가 없어도 됩니다).",
                                  "en": "A built-in picture drawn in code (needs no dataset)."},
    "train.maps.input": {"ko": "모델에 들어가는 입력 ({shape})", "en": "What the model sees ({shape})"},
    "train.maps.prediction": {"ko": "예측", "en": "Prediction"},
    "train.maps.confidence": {"ko": "소프트맥스 확률 {percent}%", "en": "softmax probability {percent}%"},
    "train.maps.truth": {"ko": "정답: {truth}", "en": "True label: {truth}"},
    "train.maps.per_map": {"ko": "맵마다 밝기 맞추기", "en": "Scale each map on its own"},
    "train.maps.per_map_help": {
        "ko": "켜면 맵마다 가장 작은 값이 검정, 가장 큰 값이 흰색입니다. 끄면 한 층의 모든 맵이 같은 눈금을 써서 "
              "세기를 비교할 수 있습니다.",
        "en": "On: each map runs from black (its smallest value) to white (its largest). Off: all maps of a stage "
              "share one scale, so their strengths compare.",
    },
    "train.maps.layer": {"ko": "합성곱 층 {layer}", "en": "Conv layer {layer}"},
    "train.maps.relu": {"ko": "ReLU 뒤: 채널 {channels}개, 각 {height}×{width}",
                        "en": "After ReLU: {channels} channels of {height}×{width}"},
    "train.maps.pool": {"ko": "풀링 뒤: 채널 {channels}개, 각 {height}×{width}",
                        "en": "After pooling: {channels} channels of {height}×{width}"},
    "train.maps.filters": {"ko": "첫 번째 합성곱 층의 필터", "en": "Filters of the first conv layer"},
    "train.maps.filters_caption": {
        "ko": "필터 {count}개, 입력 채널 {channels}개, 크기 {size}×{size}. 밝을수록 큰 가중치입니다 "
              "(필터마다 따로 눈금을 맞춤).",
        "en": "{count} filters over {channels} input channel(s), {size}×{size} each; brighter means a larger "
              "weight (each filter scaled on its own).",
    },
    "train.summary": {"ko": "**학습할 설정**: {model}, {epochs} 에포크 · {params}",
                      "en": "**What will train**: {model}, {epochs} epoch(s) · {params}"},
    "train.check": {"ko": "설정 적용", "en": "Apply settings"},
    "train.refused": {"ko": "서버가 이 학습을 지금 받을 수 없습니다.",
                      "en": "The server cannot take this run now."},
    "train.refused_help": {
        "ko": "에포크 수를 줄이거나, 학습 이미지 수(부분 집합)를 줄이거나, 미리 학습된 강의 설정을 골라 보세요.",
        "en": "Try fewer epochs, a training subset, or a lecture preset that is already trained.",
    },
    "train.watching": {"ko": "다른 사용자가 시작한 학습입니다. 진행 상황만 볼 수 있고, 취소는 시작한 사람만 할 수 "
                             "있습니다.",
                       "en": "Someone else started this run: you can follow it; only they can cancel it."},
    "train.compare_hint": {"ko": "이 결과는 '결과 비교' 탭에도 들어 있습니다 (탭을 열면 새 결과가 곡선과 자세히 보기에 더해짐).",
                           "en": "This run is also in the 'Compare' tab (opening the tab adds new runs to its curves "
                                 "and details)."},
    "train.momentum_help": {"ko": "'SGD + 모멘텀'을 고를 때만 쓰입니다.",
                            "en": "Used only with 'SGD + momentum'."},
    "train.dataset.xor": {"ko": "XOR (점 4개)", "en": "XOR (4 points)"},
    "train.tag.lecture": {"ko": "강의 설정", "en": "lecture"},
    "train.tag.changed": {"ko": "강의 설정 변경", "en": "lecture, changed"},
    "train.compare.no_image_runs": {"ko": "클래스별 정확도, 혼동 행렬, 예측 갤러리는 이미지 데이터셋으로 학습한 "
                                          "결과에만 있습니다 (XOR 결과는 위의 곡선에서 볼 수 있습니다).",
                                    "en": "Per-class accuracy, confusion and the prediction gallery exist only "
                                          "for runs on an image dataset (the XOR runs are in the curves above)."},
    # --- the lecture beside ours -----------------------------------------------------------------------------
    "train.lecture.title": {"ko": "강의 결과와 나란히", "en": "The lecture beside ours"},
    "train.lecture.cost_log": {
        "ko": "강의 슬라이드 'MNIST MLP 실습'의 cost 출력과 이 실행의 학습 손실입니다. 이 앱에는 강의 출력의 첫 줄과 "
              "마지막 줄만 있습니다.",
        "en": "The cost log on the lecture's 'MNIST MLP practice' slide beside this run's training loss. The app "
              "has only the first and the last line of the lecture's log.",
    },
    "train.lecture.mnist_step": {
        "ko": "강의 슬라이드 'MNIST MLP 실습': 소프트맥스 한 층의 {single}%에서 MLP의 {mlp}%로 올라갑니다. 이 실행: "
              "**{ours}%**.",
        "en": "The lecture's 'MNIST MLP practice' slide: from {single}% with one softmax layer to {mlp}% with the "
              "MLP. This run: **{ours}%**.",
    },
    "train.lecture.per_class": {
        "ko": "강의 슬라이드 'CIFAR-10 LeNet 실습'의 클래스별 정확도와 이 실행의 값입니다. 이 앱에는 강의의 열 줄 중 "
              "plane과 truck 두 줄만 있습니다.",
        "en": "Per-class accuracy on the lecture's 'CIFAR-10 LeNet practice' slide beside this run's. The app has "
              "two of the lecture's ten lines: plane and truck.",
    },
    "train.lecture.demo": {
        "ko": "강의 슬라이드 'CIFAR-10 LeNet 실습'은 테스트 이미지 첫 4장으로 예측을 보여 줍니다. 같은 4장에 대한 이 "
              "모델의 예측입니다.",
        "en": "The lecture's 'CIFAR-10 LeNet practice' slide shows predictions for the first four test images; "
              "this model's predictions for the same four:",
    },
    "train.lecture.demo_no_order": {
        "ko": "강의 슬라이드 'CIFAR-10 LeNet 실습'은 테스트 이미지 첫 4장으로 예측을 보여 줍니다. 이 서버의 CIFAR-10은 "
              "클래스별 폴더로 저장되어 원래 테스트 순서가 없으므로 같은 4장을 고를 수 없습니다.",
        "en": "The lecture's 'CIFAR-10 LeNet practice' slide shows predictions for the first four test images. "
              "This server's CIFAR-10 is stored as class folders, without the original test order, so the same "
              "four images cannot be picked.",
    },
    "train.lecture.demo.truth": {"ko": "정답 (GroundTruth)", "en": "GroundTruth"},
    "train.lecture.demo.predicted": {"ko": "예측 (Predicted)", "en": "Predicted"},
    "train.lecture.accuracy": {"ko": "강의 결과 {lecture}% · 이 실행 {ours}%.",
                               "en": "Lecture {lecture}% · this run {ours}%."},
    "train.lecture.why": {"ko": "차이가 나는 이유: {reasons}", "en": "Why they differ: {reasons}"},
    "train.lecture.why.fewer_epochs": {"ko": "강의는 {lecture} 에포크, 이 실행은 {ours} 에포크를 학습했습니다.",
                                       "en": "the lecture trained {lecture} epochs, this run {ours};"},
    "train.lecture.why.subset": {"ko": "학습 이미지 중 {count}장만 썼습니다.",
                                 "en": "it used only {count} of the training images;"},
    "train.lecture.why.small_train": {
        "ko": "이 서버의 학습 데이터는 {count}장입니다 (강의는 60,000장).",
        "en": "this server's training set holds {count} images (the lecture's: 60,000);",
    },
    "train.lecture.why.device": {
        "ko": "CPU와 GPU는 연산 순서가 달라 같은 시드로도 결과가 조금씩 다릅니다.",
        "en": "CPU and GPU add numbers in different orders, so the same seed gives slightly different results.",
    },
    "train.lecture.col.epoch": {"ko": "에포크", "en": "Epoch"},
    "train.lecture.col.lecture_cost": {"ko": "강의 cost", "en": "lecture cost"},
    "train.lecture.col.our_loss": {"ko": "이 실행의 학습 손실", "en": "this run's train loss"},
    "train.lecture.col.class": {"ko": "클래스", "en": "class"},
    "train.lecture.col.lecture_acc": {"ko": "강의 (%)", "en": "lecture (%)"},
    "train.lecture.col.our_acc": {"ko": "이 실행 (%)", "en": "this run (%)"},
    "train.lecture.col.lecture": {"ko": "강의", "en": "lecture"},
    "train.lecture.col.ours": {"ko": "이 모델", "en": "this model"},
    "train.lecture.slips_title": {"ko": "강의 자료에서 바로잡을 점", "en": "Small slips in the lecture material"},
    "train.lecture.slip.fashion_cnn_loads_mnist": {
        "ko": "'Fashion-MNIST CNN' 슬라이드의 코드는 `datasets.MNIST`를 불러옵니다. 그 슬라이드의 99.09%는 MNIST 결과입니다. "
              "Fashion-MNIST로 학습하려면 `datasets.FashionMNIST`를 써야 합니다.",
        "en": "The 'Fashion-MNIST CNN' slides load `datasets.MNIST` in their code: their 99.09% is an MNIST result. "
              "A Fashion-MNIST CNN needs `datasets.FashionMNIST`.",
    },
    "train.lecture.slip.last_epoch": {
        "ko": "86.93%와 88.98%는 출력된 로그의 마지막 에포크 정확도가 아닙니다. 이 페이지는 마지막 에포크의 테스트 "
              "정확도를 결과로 보여 줍니다. 가장 좋은 에포크를 고르려면 테스트 데이터가 아닌 검증 데이터로 골라야 합니다.",
        "en": "86.93% and 88.98% are not the accuracies of the last epochs in the printed logs. This page reports "
              "the last epoch's test accuracy; picking the best epoch needs a validation set, not the test set.",
    },
    "train.lecture.slip.mnist_stats": {
        "ko": "드롭아웃 실습은 Fashion-MNIST를 MNIST의 평균과 표준편차 (0.1307, 0.3081)로 정규화합니다. Fashion-MNIST의 "
              "값은 약 0.2860과 0.3530입니다. 학습은 되지만 입력의 평균이 0에 맞춰지지 않습니다.",
        "en": "The dropout practice normalises Fashion-MNIST with MNIST's mean and std (0.1307, 0.3081); "
              "Fashion-MNIST's own are about 0.2860 and 0.3530. It still trains, but the inputs are not centred.",
    },
    "train.lecture.slip.unnormalised_test": {
        "ko": "MNIST MLP는 0–1로 나눈 픽셀로 학습하고 0–255 그대로의 픽셀로 테스트합니다. 테스트도 학습과 같이 255로 "
              "나눠야 합니다.",
        "en": "The MNIST MLP trains on pixels scaled to 0–1 but is tested on raw 0–255 pixels; test with the "
              "same scaling as training (divide by 255).",
    },
    "train.lecture.slip.listing": {
        "ko": "코드 목록의 작은 실수: `Conv2d(3, 6, 5)` 옆의 주석 `#input = 3, output = 8`은 출력 채널 6이 맞습니다. "
              "`forward`가 `__init__` 안으로 들여쓰여 있는데, `__init__`과 같은 깊이의 메서드여야 합니다. "
              "`total_pred += 1`이 `if` 안에 있으면 맞힌 것만 세어 모든 클래스가 100%가 되므로 `if` 밖에 있어야 합니다.",
        "en": "Listing slips: the comment `#input = 3, output = 8` beside `Conv2d(3, 6, 5)` should say output 6; "
              "`forward` is indented inside `__init__` but must be a method at the level of `__init__`; "
              "`total_pred += 1` inside the `if` counts only correct predictions (every class would show 100%), "
              "so it belongs outside the `if`.",
    },
}
