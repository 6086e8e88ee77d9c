"""App shell: titles, sidebar, navigation sections, home page, placeholders."""

STRINGS = {
    "app.title": {"ko": "신경망과 CNN 인터랙티브 해설", "en": "Neural networks and CNNs, interactively"},
    "app.subtitle": {
        "ko": "3일차 강의: 신경망과 CNN 모델 — 슬라이더를 움직여 무엇이 바뀌는지 보세요.",
        "en": "Day 3 lecture: neural networks and CNN models — move the sliders and see what changes.",
    },
    "sidebar.language": {"ko": "언어 / Language", "en": "언어 / Language"},
    "sidebar.device": {"ko": "계산 장치: {device}", "en": "Compute device: {device}"},
    "sidebar.seed": {"ko": "전역 난수 시드", "en": "Global random seed"},
    "sidebar.seed_help": {
        "ko": "가중치 초기화와 데이터 섞기에 쓰이는 기본 시드입니다. 같은 시드면 같은 결과가 나옵니다.",
        "en": "Default seed for weight initialisation and shuffling. The same seed gives the same result.",
    },
    "nav.intro": {"ko": "시작", "en": "Start"},
    "nav.neural": {"ko": "1부 · 신경망", "en": "Part 1 · Neural networks"},
    "nav.cnn": {"ko": "2부 · CNN", "en": "Part 2 · CNNs"},
    "nav.practice": {"ko": "3부 · 실습", "en": "Part 3 · Practice"},
    "page.home": {"ko": "홈", "en": "Home"},
    "page.activations": {"ko": "활성화 함수", "en": "Activation functions"},
    "page.perceptron": {"ko": "퍼셉트론과 결정 경계", "en": "Perceptron and decision boundary"},
    "page.xor": {"ko": "XOR과 다층 퍼셉트론", "en": "XOR and the multi-layer perceptron"},
    "page.softmax_loss": {"ko": "소프트맥스와 교차 엔트로피", "en": "Softmax and cross-entropy"},
    "page.convolution": {"ko": "합성곱·패딩·스트라이드", "en": "Convolution, padding, stride"},
    "page.pooling": {"ko": "풀링", "en": "Pooling"},
    "page.dropout": {"ko": "드롭아웃", "en": "Dropout"},
    "page.train_compare": {"ko": "학습하고 비교하기", "en": "Train and compare"},
    # Sidebar labels where the title does not fit the sidebar (about 28 Latin characters).
    "nav.page.perceptron": {"ko": "퍼셉트론과 결정 경계", "en": "Perceptron & boundary"},
    "nav.page.xor": {"ko": "XOR과 다층 퍼셉트론", "en": "XOR and the MLP"},
    "page.desc.home": {
        "ko": "강의 순서대로 정리된 페이지 목록과 각 페이지에서 할 수 있는 것.",
        "en": "The pages in the lecture's order, and what you can do on each.",
    },
    "page.desc.activations": {
        "ko": "시그모이드, tanh, ReLU, 계단 함수와 그 미분을 한 그래프에서 비교하고, 층이 깊어질 때 기울기가 사라지는 모습을 봅니다.",
        "en": "Sigmoid, tanh, ReLU and step with their derivatives on one plot, and how gradients vanish as layers stack up.",
    },
    "page.desc.perceptron": {
        "ko": "가중치와 편향을 움직여 AND, OR, NAND의 결정 경계를 만들고, 왜 XOR은 직선 하나로 나눌 수 없는지 봅니다.",
        "en": "Move the weights and bias to draw the AND, OR and NAND boundaries, and see why no single line separates XOR.",
    },
    "page.desc.xor": {
        "ko": "단층 퍼셉트론은 XOR을 못 배우고(손실 0.6931), 2-10-10-10-1 다층 퍼셉트론은 배웁니다. 실시간으로 학습하고 재생합니다.",
        "en": "A single layer cannot learn XOR (loss 0.6931); a 2-10-10-10-1 MLP can. Trained live and played back.",
    },
    "page.desc.softmax_loss": {
        "ko": "로짓을 움직여 소프트맥스 확률과 교차 엔트로피 손실, 기울기 p − y가 어떻게 변하는지 봅니다.",
        "en": "Move the logits and watch the softmax probabilities, the cross-entropy loss and its gradient p − y.",
    },
    "page.desc.convolution": {
        "ko": "출력 크기 (H+2P−FH)/S+1 계산기, 필터가 입력 위를 움직이는 애니메이션, 실제 이미지에 소벨 필터 적용, 채널.",
        "en": "The output-size calculator (H+2P−FH)/S+1, a filter sliding over its input, Sobel filters on real images, channels.",
    },
    "page.desc.pooling": {
        "ko": "최대·평균·최소 풀링을 나란히 비교하고 풀 크기와 스트라이드에 따른 출력 크기를 봅니다.",
        "en": "Max, average and min pooling side by side, with the output size for each pool size and stride.",
    },
    "page.desc.dropout": {
        "ko": "배치마다 새로 뽑히는 드롭아웃 마스크, 학습과 평가에서의 스케일링, 테스트 정확도에 미치는 효과.",
        "en": "Dropout masks resampled per batch, train vs eval scaling, and the effect on test accuracy.",
    },
    "page.desc.train_compare": {
        "ko": "MNIST, Fashion-MNIST, CIFAR-10에서 강의의 모델을 학습하고 결과를 비교하며, 학습된 CNN의 특징 맵을 봅니다.",
        "en": "Train the lecture's models on MNIST, Fashion-MNIST and CIFAR-10, compare runs, and look at a trained CNN's feature maps.",
    },
    "placeholder.coming": {
        "ko": "이 페이지는 준비 중입니다. 완성되면 다음을 보여 줍니다:",
        "en": "This page is being built. When it is ready it will show:",
    },
    "home.intro": {
        "ko": "이 앱은 강의 슬라이드를 직접 움직여 볼 수 있게 만든 것입니다. 실제 데이터로, 실제로 학습하고, 각 위젯 옆에 강의의 PyTorch 코드가 있습니다.",
        "en": "This app turns the lecture's slides into things you can move. Real data, real training, and the lecture's PyTorch code beside each widget.",
    },
    "home.pages": {"ko": "페이지 안내", "en": "The pages"},
    "home.open": {"ko": "열기", "en": "Open"},
    "common.pytorch_code": {"ko": "PyTorch 코드", "en": "PyTorch code"},
    "common.lecture_section": {"ko": "강의 해당 부분: {section}", "en": "Lecture section: {section}"},
}
