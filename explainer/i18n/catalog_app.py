"""App shell: titles, sidebar, navigation sections, home page, placeholders."""

STRINGS = {
    "app.title": {"ko": "신경망과 CNN 인터랙티브 해설", "en": "Neural networks and CNNs, interactively"},
    # The browser tab: "<page> · <short app name>".
    "app.tab_title": {"ko": "{page} · 신경망과 CNN 해설", "en": "{page} · NN & CNN explainer"},
    "app.subtitle": {
        "ko": "3일차 강의: 신경망과 CNN 모델 — 슬라이더를 움직여 무엇이 바뀌는지 보세요.",
        "en": "Day 3 lecture: neural networks and CNN models — move the sliders and see what changes.",
    },
    "sidebar.language": {"ko": "언어 / Language", "en": "언어 / Language"},
    "sidebar.device": {"ko": "계산 장치: {device}", "en": "Compute device: {device}"},
    "sidebar.device_cpu": {"ko": "CPU (스레드 {threads}개)", "en": "CPU ({threads} threads)"},
    "sidebar.device_cpu_one": {"ko": "CPU (스레드 {threads}개)", "en": "CPU ({threads} thread)"},
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
    "home.map": {"ko": "강의 순서대로 보기", "en": "The lecture, slide by slide"},
    "home.map_help": {
        "ko": "강의의 각 부분을 다루는 페이지로 바로 갈 수 있습니다. 왼쪽 사이드바에도 같은 페이지가 있습니다.",
        "en": "Each part of the lecture with the pages that show it. The sidebar on the left lists the same pages.",
    },
    # The home page's map: the lecture's slides in order ({recipe name} = the accuracy the lecture printed).
    "lecture.step.neuron": {"ko": "뉴런", "en": "The neuron"},
    "lecture.step.neuron.text": {
        "ko": "입력에 가중치를 곱해 더하고 편향을 더한 값(가중합)을 활성화 함수에 넣습니다. 퍼셉트론 페이지에서 가중치와 편향을 직접 움직여 봅니다.",
        "en": "Inputs times weights, summed, plus a bias (the weighted sum), fed to an activation function. Move the weights and the bias yourself on the perceptron page.",
    },
    "lecture.step.activations": {"ko": "활성화 함수", "en": "Activation functions"},
    "lecture.step.activations.text": {
        "ko": "시그모이드, tanh, ReLU, 계단 함수와 그 미분을 한 그래프에서 비교합니다.",
        "en": "Sigmoid, tanh, ReLU and step with their derivatives on one plot.",
    },
    "lecture.step.perceptron": {"ko": "퍼셉트론과 결정 경계", "en": "The perceptron and its decision boundary"},
    "lecture.step.perceptron.text": {
        "ko": "AND, OR, NAND는 직선 하나로 나눌 수 있지만 XOR은 나눌 수 없습니다. 학습 규칙이 수렴하는 모습과 수렴하지 못하는 모습을 봅니다.",
        "en": "AND, OR and NAND are split by one line, XOR is not. Watch the learning rule converge, and fail to.",
    },
    "lecture.step.xor_mlp": {"ko": "다층 퍼셉트론으로 XOR 풀기", "en": "A multi-layer perceptron solves XOR"},
    "lecture.step.xor_mlp.text": {
        "ko": "단층 퍼셉트론은 손실 0.6931에서 멈추고, 은닉층을 쌓은 2-10-10-10-1 다층 퍼셉트론은 XOR을 풉니다. 은닉 뉴런 두 개(OR, NAND)와 AND로 만든 XOR도 있습니다.",
        "en": "A single layer stops at loss 0.6931; a 2-10-10-10-1 MLP with hidden layers solves XOR. Also XOR built by hand from OR, NAND and AND.",
    },
    "lecture.step.softmax": {"ko": "소프트맥스와 교차 엔트로피", "en": "Softmax and cross-entropy"},
    "lecture.step.softmax.text": {
        "ko": "로짓을 확률로 바꾸는 소프트맥스, 교차 엔트로피 손실과 그 기울기 p − y.",
        "en": "Softmax turns logits into probabilities; the cross-entropy loss and its gradient p − y.",
    },
    "lecture.step.mlp_practice": {"ko": "MNIST와 Fashion-MNIST 다층 퍼셉트론", "en": "MLPs on MNIST and Fashion-MNIST"},
    "lecture.step.mlp_practice.text": {
        "ko": "손글씨 숫자(MNIST, 강의 {mnist_mlp}%)와 옷 사진(Fashion-MNIST, 강의 {fashion_mlp}%)을 분류하는 다층 퍼셉트론을 실제 데이터로 학습합니다.",
        "en": "MLPs that classify handwritten digits (MNIST, lecture {mnist_mlp}%) and clothes (Fashion-MNIST, lecture {fashion_mlp}%), trained on the real data.",
    },
    "lecture.step.convolution": {"ko": "CNN: 합성곱과 소벨 필터", "en": "CNN: convolution and Sobel filters"},
    "lecture.step.convolution.text": {
        "ko": "필터가 입력 위를 움직이며 곱해 더하는 모습을 한 칸씩 보고, 소벨 필터로 실제 이미지의 경계를 찾습니다.",
        "en": "A filter sliding over its input, multiply-and-add one position at a time; Sobel filters find the edges of real images.",
    },
    "lecture.step.padding_stride": {"ko": "CNN: 패딩, 스트라이드, 출력 크기", "en": "CNN: padding, stride, output size"},
    "lecture.step.padding_stride.text": {
        "ko": "출력 크기 (H+2P−FH)/S+1 계산기: 나누어떨어지지 않을 때 PyTorch가 하는 일까지 봅니다.",
        "en": "The output-size calculator (H+2P−FH)/S+1, including what PyTorch does when it does not divide evenly.",
    },
    "lecture.step.vanishing": {"ko": "CNN: 기울기 소실과 ReLU", "en": "CNN: vanishing gradients and ReLU"},
    "lecture.step.vanishing.text": {
        "ko": "층을 깊게 쌓으면 시그모이드의 기울기가 사라지고 ReLU는 그렇지 않습니다. 층마다 기울기의 크기를 봅니다.",
        "en": "Stack layers and the sigmoid's gradients vanish while ReLU's do not: the gradient size layer by layer.",
    },
    "lecture.step.pooling": {"ko": "CNN: 풀링", "en": "CNN: pooling"},
    "lecture.step.pooling.text": {
        "ko": "최대·평균·최소 풀링을 나란히 비교하고 풀 크기와 스트라이드에 따른 출력 크기를 봅니다.",
        "en": "Max, average and min pooling side by side, and the output size for each pool size and stride.",
    },
    "lecture.step.channels": {"ko": "CNN: 채널", "en": "CNN: channels"},
    "lecture.step.channels.text": {
        "ko": "컬러 이미지의 채널마다 필터를 적용하고 결과를 더해 출력 맵 하나를 만드는 과정과, 강의 CNN의 층별 크기와 파라미터 수.",
        "en": "One filter per channel of a colour image, summed into one output map; the layer sizes and parameter counts of the lecture's CNNs.",
    },
    "lecture.step.dropout": {"ko": "드롭아웃", "en": "Dropout"},
    "lecture.step.dropout.text": {
        "ko": "배치마다 새로 뽑히는 마스크, 학습과 평가에서의 스케일링, 동조화 방지와 앙상블 효과.",
        "en": "Masks resampled per batch, train vs eval scaling, avoiding co-adaptation and the ensemble effect.",
    },
    "lecture.step.practice_mlp": {"ko": "실습: Fashion-MNIST 다층 퍼셉트론과 드롭아웃", "en": "Practice: the Fashion-MNIST MLP and dropout"},
    "lecture.step.practice_mlp.text": {
        "ko": "강의의 결과: 드롭아웃 없이 {fashion_mlp}%, 드롭아웃을 더해 {fashion_mlp_dropout}%. 같은 모델을 직접 학습해 비교합니다.",
        "en": "The lecture's results: {fashion_mlp}% without dropout, {fashion_mlp_dropout}% with it. Train the same models and compare.",
    },
    "lecture.step.practice_cnn": {"ko": "실습: MNIST와 CIFAR-10 CNN", "en": "Practice: CNNs on MNIST and CIFAR-10"},
    "lecture.step.practice_cnn.text": {
        "ko": "강의의 결과: MNIST CNN {mnist_cnn}%, CIFAR-10 LeNet {cifar_lenet}%, 더 큰 CNN {cifar_cnn}%. 학습된 CNN의 특징 맵도 봅니다.",
        "en": "The lecture's results: MNIST CNN {mnist_cnn}%, CIFAR-10 LeNet {cifar_lenet}%, a bigger CNN {cifar_cnn}%. And the feature maps of a trained CNN.",
    },
    # The lecture section each page explains (shown under its title), where the page's own catalogue has none.
    "lecture.section.xor": {
        "ko": "3일차 ▸ XOR 문제와 다층 퍼셉트론 (은닉층, 시그모이드, BCE 손실, 경사 하강법)",
        "en": "Day 3 ▸ The XOR problem and the multi-layer perceptron (hidden layers, sigmoid, BCE loss, gradient descent)",
    },
    "lecture.section.convolution": {
        "ko": "3일차 ▸ CNN: 합성곱, 소벨 필터, 패딩, 스트라이드, 출력 크기, 채널",
        "en": "Day 3 ▸ CNN: convolution, Sobel filters, padding, stride, output size, channels",
    },
    "lecture.section.pooling": {"ko": "3일차 ▸ CNN: 풀링", "en": "Day 3 ▸ CNN: pooling"},
    "lecture.section.dropout": {
        "ko": "3일차 ▸ 드롭아웃: 동조화 방지, 앙상블 효과, Fashion-MNIST 실습",
        "en": "Day 3 ▸ Dropout: avoiding co-adaptation, the ensemble effect, the Fashion-MNIST practice",
    },
    "lecture.section.train_compare": {
        "ko": "3일차 ▸ 실습: MNIST·Fashion-MNIST 다층 퍼셉트론, MNIST CNN, CIFAR-10 LeNet과 더 큰 CNN",
        "en": "Day 3 ▸ Practice: MNIST and Fashion-MNIST MLPs, the MNIST CNN, the CIFAR-10 LeNet and a bigger CNN",
    },
    "common.pytorch_code": {"ko": "PyTorch 코드", "en": "PyTorch code"},
    "common.lecture_section": {"ko": "강의 해당 부분: {section}", "en": "Lecture section: {section}"},
}
