"""The guided lecture path (`path.`) and its predict-then-see questions (`predict.`)."""

STRINGS = {
    # --- the path -------------------------------------------------------------------------------------------------
    "path.heading": {"ko": "강의 따라가기 · {total}단계 중 {n}단계: {title}",
                     "en": "Lecture path · step {n} of {total}: {title}"},
    "path.move": {"ko": "움직여 볼 컨트롤: **{control}** (아래에 점선 테두리로 표시)",
                  "en": "Control to move: **{control}** (marked below with a dashed outline)"},
    "path.in_tab": {"ko": "(**{tab}** 탭)", "en": "(**{tab}** tab)"},
    "path.back": {"ko": "이전 단계", "en": "Back"},
    "path.next": {"ko": "다음 단계", "en": "Next"},
    "path.leave": {"ko": "따라가기 끝내기", "en": "Leave the path"},
    "path.last": {"ko": "강의의 마지막 단계입니다. 수고하셨습니다!", "en": "This is the lecture's last step. Well done!"},
    "path.off_page": {"ko": "이 단계는 **{page}** 페이지에서 봅니다.", "en": "This step is on the **{page}** page."},
    "path.go_back": {"ko": "이 단계의 페이지 열기", "en": "Open this step's page"},
    "path.predict_header": {"ko": "먼저 예측하고, 그다음 확인하기", "en": "Predict first, then see"},
    "path.home_header": {"ko": "강의 따라가기", "en": "Follow the lecture"},
    "path.home_intro": {
        "ko": "강의 순서대로 12단계를 차례로 엽니다: 뉴런 → 활성화 함수 → 퍼셉트론 → XOR → 소프트맥스와 교차 엔트로피 → "
              "MNIST MLP → 합성곱 → 패딩과 스트라이드 → 풀링 → 채널 → 드롭아웃 → 실습. 단계마다 볼 곳과 움직일 "
              "컨트롤을 알려 주고, 결과를 보기 전에 먼저 답을 예측해 보게 합니다. 주소에 단계가 남으므로 링크로 "
              "이어서 볼 수 있습니다.",
        "en": "Opens the lecture's 12 steps in its order: neuron → activations → perceptron → XOR → softmax and "
              "cross-entropy → MLP on MNIST → convolution → padding and stride → pooling → channels → dropout → "
              "practice. Each step says where to look and which control to move, and asks you to predict the result "
              "before you see it. The step stays in the address, so a link resumes the path."},
    "path.start": {"ko": "강의 따라가기 시작", "en": "Start the lecture path"},
    # --- the steps: title, and what to look at ------------------------------------------------------------------
    "path.step.neuron": {"ko": "뉴런: 가중합과 계단 함수", "en": "The neuron: weighted sum and step"},
    "path.step.neuron.look": {
        "ko": "AND 게이트의 가중치가 들어가 있습니다. 표에서 네 입력의 가중합 s와 출력 τ(s)를 보고, 그래프에서 결정 "
              "경계선이 점들을 어떻게 나누는지 보세요. w1을 움직이면 선이 기울어집니다.",
        "en": "The AND gate's weights are set. Read the weighted sum s and the output τ(s) of the four inputs in the "
              "table, and see how the decision line splits the points. Moving w1 tilts the line."},
    "path.step.activations": {"ko": "활성화 함수와 기울기", "en": "Activation functions and their slopes"},
    "path.step.activations.look": {
        "ko": "입력 x = {activations_x:g}에서 각 함수의 값과 기울기를 표에서 비교하세요. x를 움직이며 어느 함수의 기울기가 0이 되는지, "
              "시그모이드의 기울기가 어디에서 가장 큰지 찾아보세요. 아래에는 층을 거칠수록 기울기가 사라지는 모습이 있습니다.",
        "en": "Compare each function's value and slope at input x = {activations_x:g} in the table. Move x to find which slope "
              "becomes 0 and where the sigmoid's slope is largest. Below, the gradient vanishes layer by layer."},
    "path.step.perceptron": {"ko": "퍼셉트론 학습 규칙과 XOR", "en": "The perceptron rule and XOR"},
    "path.step.perceptron.look": {
        "ko": "목표가 XOR로 바뀌었습니다. '{button}' 버튼을 눌러 규칙을 되풀이해 적용해 보고, 선 하나로 네 점을 모두 맞힐 수 "
              "있는지 확인하세요. 학습률 η를 바꿔도 결과가 달라지는지 보세요.",
        "en": "The target is now XOR. Press '{button}' to apply the rule over and over, and see whether one line can "
              "get all four points right. Check whether a different learning rate η changes that."},
    "path.step.xor": {"ko": "XOR: 단층 vs 다층 퍼셉트론", "en": "XOR: single layer vs multi-layer perceptron"},
    "path.step.xor.look": {
        "ko": "강의의 설정(은닉층 {xor_hidden}개, 폭 {xor_width}, 시그모이드, 학습률 {xor_lr:g}, {xor_epochs:,} 에포크)으로 두 신경망을 학습합니다. 두 손실과 "
              "정확도를 비교하고, 결정 경계가 에포크마다 어떻게 바뀌는지 보세요.",
        "en": "Both nets train with the lecture's settings ({xor_hidden} hidden layers, width {xor_width}, sigmoid, learning rate {xor_lr:g}, "
              "{xor_epochs:,} epochs). Compare their losses and accuracies, and watch the decision boundary epoch by epoch."},
    "path.step.softmax": {"ko": "소프트맥스와 교차 엔트로피", "en": "Softmax and cross-entropy"},
    "path.step.softmax.look": {
        "ko": "강의의 로짓 ({softmax_z0}, {softmax_z1}, {softmax_z2})이 들어가 있습니다. 확률 막대와 손실 값을 보고, 정답 클래스의 로짓을 올리면 "
              "손실이 어떻게 변하는지 보세요.",
        "en": "The lecture's logits ({softmax_z0}, {softmax_z1}, {softmax_z2}) are set. Read the probability bars and the loss, and see how the "
              "loss changes when the true class's logit goes up."},
    "path.step.mlp_mnist": {"ko": "실습: MNIST의 MLP", "en": "Practice: an MLP on MNIST"},
    "path.step.mlp_mnist.look": {
        "ko": "MNIST와 강의의 MLP 실습이 골라져 있습니다. 모델 구조와 설정을 확인하고, 학습을 시작해 에포크별 손실과 "
              "정확도를 강의의 출력과 비교하세요.",
        "en": "MNIST and the lecture's MLP run are chosen. Check the model and its settings, start training, and "
              "compare the loss and accuracy per epoch with the lecture's printout."},
    "path.step.convolution": {"ko": "합성곱: 필터가 미끄러지는 방법", "en": "Convolution: how the filter slides"},
    "path.step.convolution.look": {
        "ko": "강의의 5×5 입력과 3×3 필터입니다. 필터 위치를 한 칸씩 옮기며 각 출력 칸이 어떤 곱의 합인지 보세요.",
        "en": "The lecture's 5×5 input and 3×3 filter. Move the filter one position at a time and see which products "
              "each output cell sums."},
    "path.step.padding_stride": {"ko": "패딩, 스트라이드, 출력 크기", "en": "Padding, stride and output size"},
    "path.step.padding_stride.look": {
        "ko": "출력 크기 계산기에 {conv_calc_h}×{conv_calc_w} 입력과 {conv_calc_fh}×{conv_calc_fw} 필터가 들어가 있습니다. 스트라이드 S와 패딩 P를 바꾸며 공식 "
              "(H + 2P − FH) / S + 1이 어떻게 바뀌는지 보세요.",
        "en": "The output-size calculator holds a {conv_calc_h}×{conv_calc_w} input and a {conv_calc_fh}×{conv_calc_fw} filter. Change the stride S and the padding P "
              "and follow the formula (H + 2P − FH) / S + 1."},
    "path.step.pooling": {"ko": "풀링", "en": "Pooling"},
    "path.step.pooling.look": {
        "ko": "{pool_size}×{pool_size} 풀링, 스트라이드 {pool_stride}입니다. 최대, 평균, 최소 풀링의 결과를 나란히 비교하고, 풀 크기를 바꿔 보세요.",
        "en": "{pool_size}×{pool_size} pooling with stride {pool_stride}. Compare max, average and min pooling side by side, and change the pool "
              "size."},
    "path.step.channels": {"ko": "채널과 필터 개수", "en": "Channels and the number of filters"},
    "path.step.channels.look": {
        "ko": "컬러 이미지의 세 채널이 각각 필터 조각과 곱해져 하나의 특징 맵으로 더해집니다. 출력 채널 수를 늘리면 "
              "필터와 파라미터가 몇 개 생기는지 보세요.",
        "en": "Each of a colour picture's three channels meets its own filter slice, and the sums make one feature "
              "map. Raise the number of output channels and see how many filters and parameters appear."},
    "path.step.dropout": {"ko": "드롭아웃", "en": "Dropout"},
    "path.step.dropout.look": {
        "ko": "드롭 확률 p = {dropout_p:g}입니다. 배치마다 어떤 유닛이 꺼지는지, 남은 유닛의 값이 학습 때 얼마나 커지는지 보세요.",
        "en": "Drop probability p = {dropout_p:g}. Watch which units are switched off in each batch, and how much the kept "
              "units are scaled up in training."},
    "path.step.practice": {"ko": "실습: CIFAR-10의 CNN", "en": "Practice: CNNs on CIFAR-10"},
    "path.step.practice.look": {
        "ko": "CIFAR-10과 강의의 LeNet 실습이 골라져 있습니다. 더 큰 CNN과 비교하고, 비교 탭에서 드롭아웃을 넣은 "
              "Fashion-MNIST 실습과 함께 강의의 정확도를 보세요.",
        "en": "CIFAR-10 and the lecture's LeNet run are chosen. Compare it with the bigger CNN, and in the compare tab "
              "look at the lecture's accuracies, the Fashion-MNIST runs with dropout among them."},
    # --- predict, then see ---------------------------------------------------------------------------------------
    "predict.check": {"ko": "답 확인", "en": "Check"},
    "predict.choose": {"ko": "답을 고른 뒤 '답 확인'을 누르세요.", "en": "Pick an answer, then press Check."},
    "predict.right": {"ko": "✓ 맞았습니다. 내 답: {yours} · 정답: {answer}",
                      "en": "✓ Right. Your answer: {yours} · the answer: {answer}"},
    "predict.wrong": {"ko": "✗ 다릅니다. 내 답: {yours} · 정답: {answer}",
                      "en": "✗ Not quite. Your answer: {yours} · the answer: {answer}"},
    "predict.slide": {"ko": "강의 슬라이드: {slide}", "en": "Lecture slide: {slide}"},
    "predict.class_answers": {"ko": "지금까지 반 전체의 답: {counts}", "en": "The class's answers so far: {counts}"},
    "predict.chart_title": {"ko": "반 전체의 답", "en": "The class's answers"},
    "predict.opt.sigmoid": {"ko": "시그모이드", "en": "Sigmoid"},
    "predict.opt.tanh": {"ko": "tanh", "en": "tanh"},
    "predict.opt.relu": {"ko": "ReLU", "en": "ReLU"},
    "predict.opt.leaky_relu": {"ko": "Leaky ReLU", "en": "Leaky ReLU"},
    "predict.opt.yes": {"ko": "예", "en": "Yes"},
    "predict.opt.no": {"ko": "아니요", "en": "No"},
    "predict.opt.max": {"ko": "최대 풀링", "en": "Max pooling"},
    "predict.opt.avg": {"ko": "평균 풀링", "en": "Average pooling"},
    "predict.opt.min": {"ko": "최소 풀링", "en": "Min pooling"},
    "predict.opt.up": {"ko": "오른다", "en": "It goes up"},
    "predict.opt.down": {"ko": "내려간다", "en": "It goes down"},
    "predict.and_rows.q": {
        "ko": "강의의 AND 가중치(w1 = {w1:g}, w2 = {w2:g}, b = {b:g})로 퍼셉트론은 네 입력 중 몇 개를 맞힐까요?",
        "en": "With the lecture's AND weights (w1 = {w1:g}, w2 = {w2:g}, b = {b:g}), how many of the four inputs does the "
              "perceptron get right?"},
    "predict.and_rows.why": {
        "ko": "가중합 s = {w1:g}·x1 + {w2:g}·x2 + ({b:g})는 (1, 1)에서만 0보다 큽니다. 계단 함수는 그 점에서만 1을 내므로 "
              "AND의 진리표와 네 줄 모두 같습니다.",
        "en": "The weighted sum s = {w1:g}·x1 + {w2:g}·x2 + ({b:g}) is above 0 only at (1, 1), so the step outputs 1 "
              "there alone: all four rows of AND's truth table."},
    "predict.zero_gradient.q": {"ko": "음수 입력에서 기울기가 항상 0인 활성화 함수는 무엇일까요?",
                                "en": "Which activation function has zero gradient for every negative input?"},
    "predict.zero_gradient.why": {
        "ko": "ReLU는 x < 0에서 0을 내므로 기울기도 0입니다. 시그모이드와 tanh는 작아도 0은 아니고, Leaky ReLU는 음수 "
              "쪽에 작은 기울기를 남겨 둡니다. 그래서 음수만 받는 ReLU 유닛은 더 이상 학습되지 않습니다.",
        "en": "ReLU outputs 0 for x < 0, so its gradient is 0 there. The sigmoid's and tanh's slopes get small but "
              "never reach 0, and Leaky ReLU keeps a small slope for negatives. A ReLU unit that only sees negative "
              "inputs stops learning."},
    "predict.sigmoid_slope.q": {"ko": "시그모이드 기울기 σ'(x)의 최댓값은 얼마일까요?",
                                "en": "What is the largest value of the sigmoid's slope σ'(x)?"},
    "predict.sigmoid_slope.why": {
        "ko": "σ'(x) = σ(x)(1 − σ(x))는 σ(x) = 0.5인 x = 0에서 가장 크고, 그 값은 0.5 × 0.5 = 0.25입니다.",
        "en": "σ'(x) = σ(x)(1 − σ(x)) is largest at x = 0, where σ(x) = 0.5: 0.5 × 0.5 = 0.25."},
    "predict.vanishing.q": {
        "ko": "시그모이드 층 {n}개를 거꾸로 지나면 기울기는 많아야 몇 배로 줄어들까요?",
        "en": "Back through {n} sigmoid layers, by at most what factor does the gradient shrink?"},
    "predict.vanishing.why": {
        "ko": "층마다 시그모이드의 기울기(많아야 0.25)가 곱해지므로 {n}층을 지나면 0.25^{n} = {bound}배 이하가 됩니다. "
              "이것이 기울기 소실이며, 깊은 신경망이 ReLU를 쓰는 이유입니다.",
        "en": "Each layer multiplies by the sigmoid's slope, at most 0.25, so after {n} layers the factor is at most "
              "0.25^{n} = {bound}. This is the vanishing gradient, and why deep nets use ReLU."},
    "predict.perceptron_xor.q": {"ko": "퍼셉트론 하나로 XOR의 네 점을 모두 맞힐 수 있을까요?",
                                 "en": "Can one perceptron get all four XOR points right?"},
    "predict.perceptron_xor.why": {
        "ko": "퍼셉트론의 결정 경계는 직선 하나인데, XOR의 (0, 1), (1, 0)과 (0, 0), (1, 1)은 직선 하나로 나눌 수 "
              "없습니다. 학습 규칙을 아무리 반복해도 수렴하지 않으며, 선 하나로는 네 점 중 세 개까지만 맞힙니다.",
        "en": "A perceptron's decision boundary is one line, and no line separates XOR's (0, 1), (1, 0) from "
              "(0, 0), (1, 1). The rule never converges, however long it runs: one line gets three of the four "
              "points at best."},
    "predict.xor_single_loss.q": {
        "ko": "10,001 에포크 뒤 단층 신경망의 XOR 손실(BCE)은 얼마쯤일까요?",
        "en": "After 10,001 epochs, what XOR loss (BCE) does the single layer reach?"},
    "predict.xor_single_loss.why": {
        "ko": "단층은 직선 하나로 나누므로 XOR을 풀 수 없고, 네 점 모두에 0.5를 내는 데서 멈춥니다. 그때의 손실은 "
              "ln 2 = {ln2}이며, 학습한 값은 {loss}입니다. 은닉층이 있는 MLP는 손실을 거의 0까지 내립니다.",
        "en": "One layer draws one line, so it cannot solve XOR and settles on 0.5 for all four points. Its loss is "
              "then ln 2 = {ln2}; the trained value is {loss}. The MLP with hidden layers drives its loss near 0."},
    "predict.softmax_top.q": {"ko": "강의의 로짓 ({logits})에서 첫 번째 클래스의 소프트맥스 확률은 얼마쯤일까요?",
                              "en": "For the lecture's logits ({logits}), what is the first class's softmax "
                                    "probability, roughly?"},
    "predict.softmax_top.why": {
        "ko": "softmax(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ. 로짓 ({logits})에서 e²/(e² + e¹ + e⁰·¹) = {p}입니다. 로짓의 차이가 "
              "지수로 커지므로 가장 큰 로짓이 확률의 대부분을 가져갑니다.",
        "en": "softmax(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ. For the logits ({logits}), e²/(e² + e¹ + e⁰·¹) = {p}. Differences of "
              "logits grow exponentially, so the largest logit takes most of the probability."},
    "predict.cross_entropy.q": {
        "ko": "정답 클래스에 확률 {p:을} 준 예측의 교차 엔트로피(자연로그, PyTorch의 값)는 얼마쯤일까요?",
        "en": "A prediction gives the true class probability {p}. What is its cross-entropy (natural log, "
              "PyTorch's value), roughly?"},
    "predict.cross_entropy.why": {
        "ko": "교차 엔트로피는 정답 클래스 확률의 −log입니다: −ln {p} = {ce}. 강의는 상용로그로 계산해 {ce10:을} "
              "보여 줍니다. 확률이 1에 가까울수록 손실은 0에 가까워집니다.",
        "en": "Cross-entropy is −log of the true class's probability: −ln {p} = {ce}. The lecture uses log base 10 "
              "and prints {ce10}. The closer the probability is to 1, the closer the loss is to 0."},
    "predict.mnist_mlp.q": {
        "ko": "MNIST에서 소프트맥스 층 하나는 약 {single}%입니다. 강의의 MLP는 몇 %까지 오를까요?",
        "en": "On MNIST a single softmax layer reaches about {single}%. Up to what accuracy (%) does the lecture's MLP go?"},
    "predict.mnist_mlp.why": {
        "ko": "강의에서 소프트맥스 층 하나는 {single}%, 은닉층을 넣은 MLP는 {mlp}%입니다. 은닉층이 픽셀의 조합을 "
              "특징으로 배우기 때문입니다. 학습을 돌려 같은 수준에 오르는지 확인하세요.",
        "en": "In the lecture one softmax layer reaches {single}% and the MLP with hidden layers {mlp}%: the hidden "
              "layers learn combinations of pixels as features. Train it and see whether you reach the same."},
    "predict.slide_convolution.q": {
        "ko": "강의 슬라이드의 4×4 입력과 3×3 필터에서 출력의 첫 칸은 얼마일까요?",
        "en": "With the slide's 4×4 input and 3×3 filter, what is the output's first cell?"},
    "predict.slide_convolution.why": {
        "ko": "필터를 왼쪽 위에 놓고 겹치는 아홉 칸을 곱해 더합니다: {sum}.",
        "en": "Put the filter on the top-left corner, multiply the nine overlapping cells and add: {sum}."},
    "predict.conv_stride.q": {
        "ko": "{size}×{size} 입력에 {kernel}×{kernel} 필터, 패딩 {padding}, 스트라이드 {stride:이면} 출력 한 변의 크기는 얼마일까요?",
        "en": "A {size}×{size} input, a {kernel}×{kernel} filter, padding {padding} and stride {stride}: how wide is the output?"},
    "predict.conv_stride.why": {
        "ko": "출력 크기 = (H + 2P − FH) / S + 1 = {formula}. 나눗셈이 나누어떨어지지 않으면 PyTorch는 내림합니다: "
              "마지막 열은 필터가 닿지 않습니다.",
        "en": "Output size = (H + 2P − FH) / S + 1 = {formula}. Where the division is not exact PyTorch rounds "
              "down: the filter never reaches the last column."},
    "predict.conv_padding.q": {
        "ko": "{size}×{size} 입력에 {kernel}×{kernel} 필터, 패딩 {padding}, 스트라이드 {stride:이면} 출력 한 변의 크기는 얼마일까요?",
        "en": "A {size}×{size} input, a {kernel}×{kernel} filter, padding {padding} and stride {stride}: how wide is the output?"},
    "predict.conv_padding.why": {
        "ko": "출력 크기 = (H + 2P − FH) / S + 1 = {formula}. 3×3 필터에 패딩 1을 두면 입력과 출력의 크기가 같습니다.",
        "en": "Output size = (H + 2P − FH) / S + 1 = {formula}. Padding 1 with a 3×3 filter keeps the output as "
              "large as the input."},
    "predict.pool_edge.q": {
        "ko": "어두운 그림 속 한 픽셀 두께의 밝은 선(값 1)에 2×2 풀링을 하면, 선의 밝기 1을 그대로 남기는 풀링은?",
        "en": "A one-pixel bright line (value 1) in a dark picture, pooled 2×2: which pooling keeps the line's "
              "full brightness 1?"},
    "predict.pool_edge.why": {
        "ko": "최대 풀링은 창에서 가장 큰 값을 남기므로 선의 1이 그대로 남습니다. 평균 풀링은 어두운 픽셀과 섞어 0.5로 "
              "흐리게 하고, 최소 풀링은 선을 지웁니다. 그래서 CNN은 특징이 있는지를 남기는 최대 풀링을 주로 씁니다.",
        "en": "Max pooling keeps the largest value in each window, so the line's 1 survives. Average pooling mixes it "
              "with dark pixels into 0.5, and min pooling erases it. That is why CNNs mostly use max pooling: it "
              "keeps whether a feature is there."},
    "predict.conv_parameters.q": {
        "ko": "nn.Conv2d({in_channels}, {out_channels}, kernel_size={kernel})의 파라미터(가중치와 편향)는 몇 개일까요?",
        "en": "How many parameters (weights and biases) does nn.Conv2d({in_channels}, {out_channels}, kernel_size={kernel}) have?"},
    "predict.conv_parameters.why": {
        "ko": "필터 하나는 입력 채널마다 {kernel}×{kernel} 조각을 가지므로 {kernel}×{kernel}×{in_channels}개의 가중치, "
              "필터 {out_channels}개면 {weights}개입니다. 필터마다 편향이 하나씩 더해져 모두 {total}개입니다.",
        "en": "Each filter has a {kernel}×{kernel} slice per input channel: {kernel}×{kernel}×{in_channels} weights, "
              "{weights} for {out_channels} filters. One bias per filter makes {total} in all."},
    "predict.dropout_scale.q": {
        "ko": "p = {p:g}인 PyTorch의 nn.Dropout은 학습 중 살아남은 유닛의 값을 몇 배 할까요?",
        "en": "With p = {p:g}, by what factor does PyTorch's nn.Dropout multiply a kept unit in training?"},
    "predict.dropout_scale.why": {
        "ko": "PyTorch는 역 드롭아웃을 씁니다: 살아남은 유닛을 1/(1 − p)배 해서 출력의 기댓값이 그대로 유지되므로, "
              "평가 때는 아무것도 바꾸지 않습니다. p = {p:이면} 2배입니다.",
        "en": "PyTorch uses inverted dropout: kept units are multiplied by 1/(1 − p), so the expected output stays "
              "the same and nothing changes at evaluation. With p = {p} that is 2."},
    "predict.dropout_accuracy.q": {
        "ko": "Fashion-MNIST MLP에 드롭아웃을 넣으면 강의의 테스트 정확도는 어떻게 될까요?",
        "en": "Adding dropout to the Fashion-MNIST MLP: what happens to the lecture's test accuracy?"},
    "predict.dropout_accuracy.why": {
        "ko": "강의에서 정확도는 {before}%에서 {after}%로 올랐습니다. 드롭아웃은 유닛들의 동조화를 막아 과적합을 줄입니다. "
              "다만 이 실습은 에포크 수와 데이터 증강도 함께 바꾸었으므로, 비교 탭에서 드롭아웃만 다른 두 실행을 "
              "비교해 보세요.",
        "en": "In the lecture the accuracy went from {before}% to {after}%. Dropout prevents co-adaptation of units "
              "and reduces overfitting. That run also changed the epochs and the augmentation, so compare two runs "
              "that differ only in dropout in the compare tab."},
    "predict.bigger_cnn.q": {
        "ko": "CIFAR-10에서 LeNet은 {lenet}%입니다. 강의의 더 큰 CNN(드롭아웃 포함)은 몇 %일까요?",
        "en": "LeNet reaches {lenet}% on CIFAR-10. What accuracy (%) does the lecture's bigger CNN (with dropout) reach?"},
    "predict.bigger_cnn.why": {
        "ko": "강의에서 LeNet은 {lenet}%, 더 큰 CNN은 {bigger}%입니다. 필터가 많을수록 더 많은 특징을 배우고, 드롭아웃이 "
              "과적합을 막아 줍니다.",
        "en": "In the lecture LeNet reaches {lenet}% and the bigger CNN {bigger}%: more filters learn more features, "
              "and dropout keeps it from overfitting."},
}
