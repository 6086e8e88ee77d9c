"""Fundamentals pages: activation functions, the perceptron, softmax and cross-entropy."""

STRINGS = {
    # --- lecture references ---------------------------------------------------------------------------
    "activations.lecture": {
        "ko": "3일차 ▸ 활성화 함수 (시그모이드·tanh·ReLU·계단 함수)와 기울기 소실",
        "en": "Day 3 ▸ Activation functions (sigmoid, tanh, ReLU, step) and vanishing gradients",
    },
    "perceptron.lecture": {
        "ko": "3일차 ▸ 퍼셉트론: 결정 경계, OR 예제, 학습 규칙, XOR 문제와 2층 퍼셉트론",
        "en": "Day 3 ▸ The perceptron: decision boundary, the OR example, learning rule, XOR and the two-layer perceptron",
    },
    "softmax.lecture": {
        "ko": "3일차 ▸ 소프트맥스와 교차 엔트로피 손실",
        "en": "Day 3 ▸ Softmax and the cross-entropy loss",
    },
    # --- activations: curves --------------------------------------------------------------------------
    "activations.name.sigmoid": {"ko": "시그모이드", "en": "Sigmoid"},
    "activations.name.tanh": {"ko": "tanh", "en": "tanh"},
    "activations.name.relu": {"ko": "ReLU", "en": "ReLU"},
    "activations.name.leaky_relu": {"ko": "Leaky ReLU", "en": "Leaky ReLU"},
    "activations.name.step": {"ko": "계단 함수", "en": "Step"},
    "activations.range.sigmoid": {"ko": "(0, 1)", "en": "(0, 1)"},
    "activations.range.tanh": {"ko": "(−1, 1)", "en": "(−1, 1)"},
    "activations.range.relu": {"ko": "[0, ∞)", "en": "[0, ∞)"},
    "activations.range.leaky_relu": {"ko": "(−∞, ∞)", "en": "(−∞, ∞)"},
    "activations.range.step": {"ko": "0 또는 1", "en": "0 or 1"},
    "activations.formula.sigmoid": {"ko": "1 / (1 + e^(−x))", "en": "1 / (1 + e^(−x))"},
    "activations.formula.tanh": {"ko": "(e^x − e^(−x)) / (e^x + e^(−x))", "en": "(e^x − e^(−x)) / (e^x + e^(−x))"},
    "activations.formula.relu": {"ko": "max(0, x)", "en": "max(0, x)"},
    "activations.formula.leaky_relu": {"ko": "max(αx, x)", "en": "max(αx, x)"},
    "activations.formula.step": {"ko": "x ≥ 0이면 1, 아니면 0", "en": "1 if x ≥ 0, else 0"},
    "activations.dformula.sigmoid": {"ko": "σ(x)(1 − σ(x))", "en": "σ(x)(1 − σ(x))"},
    "activations.dformula.tanh": {"ko": "1 − tanh²(x)", "en": "1 − tanh²(x)"},
    "activations.dformula.relu": {"ko": "x > 0이면 1, 아니면 0", "en": "1 if x > 0, else 0"},
    "activations.dformula.leaky_relu": {"ko": "x > 0이면 1, 아니면 α", "en": "1 if x > 0, else α"},
    "activations.dformula.step": {"ko": "0 (x = 0에서는 정의되지 않음)", "en": "0 (undefined at x = 0)"},
    "activations.col_formula": {"ko": "식 f(x)", "en": "Formula f(x)"},
    "activations.col_dformula": {"ko": "미분 공식 f′(x)", "en": "Derivative f′(x) formula"},
    "activations.curves_header": {"ko": "활성화 함수와 그 미분", "en": "Activation functions and their derivatives"},
    "activations.x_slider": {"ko": "입력 x", "en": "Input x"},
    "activations.x_help": {
        "ko": "그래프의 점선 위치입니다. 표에 이 x에서의 f(x)와 f′(x)가 나옵니다.",
        "en": "The dotted line on the plot. The table gives f(x) and f′(x) at this x.",
    },
    "activations.shown": {"ko": "그래프에 그릴 함수", "en": "Functions to plot"},
    "activations.slope": {"ko": "Leaky ReLU의 음수 쪽 기울기 α", "en": "Leaky ReLU negative slope α"},
    "activations.plot_title": {
        "ko": "실선: 함수 f(x) · 점선: 미분 f′(x)",
        "en": "Solid: the function f(x) · dashed: its derivative f′(x)",
    },
    "activations.plot_y": {"ko": "값", "en": "Value"},
    "activations.col_function": {"ko": "함수", "en": "Function"},
    "activations.col_fx": {"ko": "f(x)", "en": "f(x)"},
    "activations.col_dfx": {"ko": "미분 f′(x)", "en": "Derivative f′(x)"},
    "activations.col_range": {"ko": "출력 범위", "en": "Output range"},
    "activations.col_max_slope": {"ko": "최대 기울기", "en": "Largest slope"},
    "activations.at_x_caption": {
        "ko": "x = {x}에서의 값. x = 0에서 ReLU의 미분은 PyTorch autograd와 같이 0으로, 계단 함수의 미분은 어디서나 0으로 둡니다.",
        "en": "Values at x = {x}. At x = 0 ReLU's derivative is 0, as PyTorch's autograd has it; the step's derivative is 0 everywhere.",
    },
    "activations.saturation_now": {
        "ko": "지금 x = {x}: 시그모이드의 기울기 σ′(x) = {slope}, 최댓값 0.25의 {percent}%. |x|가 커질수록 0에 가까워집니다(포화).",
        "en": "Now x = {x}: the sigmoid's slope σ′(x) = {slope}, {percent}% of its maximum 0.25. The larger |x|, the closer it gets to 0 (saturation).",
    },
    "activations.points_header": {"ko": "강의의 요점", "en": "The lecture's points"},
    "activations.point_sigmoid": {
        "ko": "**시그모이드** σ(x) = 1 / (1 + e^(−x)): 출력이 0과 1 사이라 확률처럼 읽을 수 있습니다. 하지만 |x|가 크면 곡선이 평평해져 기울기가 0에 가까워지고(포화), 미분의 최댓값도 x = 0에서 0.25뿐입니다.",
        "en": "**Sigmoid** σ(x) = 1 / (1 + e^(−x)): outputs between 0 and 1, readable as a probability. But for large |x| the curve goes flat and the slope approaches 0 (saturation); even its largest slope, at x = 0, is only 0.25.",
    },
    "activations.point_tanh": {
        "ko": "**tanh**: 출력이 −1과 1 사이이고 0을 중심으로 대칭입니다. 미분의 최댓값은 1이지만 양 끝에서는 시그모이드처럼 포화합니다.",
        "en": "**tanh**: outputs between −1 and 1, centred on 0. Its largest slope is 1, but it saturates at both ends just like the sigmoid.",
    },
    "activations.point_relu": {
        "ko": "**ReLU** max(0, x): x > 0이면 기울기가 언제나 1이라 층을 여러 번 지나도 기울기가 줄지 않습니다. 지수 함수 없이 0과 비교만 하면 되므로 계산도 쌉니다. x < 0이면 기울기가 0이며, Leaky ReLU는 여기에 작은 기울기 α를 남깁니다.",
        "en": "**ReLU** max(0, x): for x > 0 the slope is always 1, so the gradient does not shrink layer after layer. It needs no exponential, only a comparison with 0, so it is cheap. For x < 0 the slope is 0; Leaky ReLU keeps a small slope α there.",
    },
    "activations.point_step": {
        "ko": "**계단 함수**: 퍼셉트론이 쓰던 함수입니다. 기울기가 어디서나 0(x = 0에서는 정의되지 않음)이라 역전파로 학습할 수 없습니다.",
        "en": "**Step**: the perceptron's function. Its slope is 0 everywhere (undefined at x = 0), so backpropagation cannot learn through it.",
    },
    "activations.point_cnn": {
        "ko": "**그래서 CNN은 ReLU를 씁니다**: 합성곱 층을 깊게 쌓아도 기울기가 살아서 입력 쪽 층까지 전달되고, 수많은 특징 맵 값마다 계산해도 빠르기 때문입니다.",
        "en": "**That is why CNNs use ReLU**: the gradient survives through many stacked convolution layers down to the first ones, and it stays cheap when applied to every value of many feature maps.",
    },
    # --- activations: vanishing gradients -------------------------------------------------------------
    "activations.vanish_header": {
        "ko": "기울기 소실: 층을 쌓으면 기울기는 어떻게 될까?",
        "en": "Vanishing gradients: what happens to the gradient as layers stack up?",
    },
    "activations.vanish_intro": {
        "ko": "폭 32인 완전연결 층 N개(각 층 뒤에 활성화 함수)와 10개 클래스 출력층으로 된 신경망에 무작위 입력 64개를 넣고, 교차 엔트로피 손실로 역전파를 한 번 합니다. 그래프는 각 층의 가중치가 받은 기울기의 크기 ‖∂L/∂W‖입니다(층 1 = 입력 쪽). 세 함수 모두 같은 시드(사이드바)의 같은 가중치와 입력에서 시작합니다.",
        "en": "A network of N fully-connected layers of width 32 (each followed by the activation) and a 10-class output layer gets 64 random inputs and one backward pass of the cross-entropy loss. The chart shows the size ‖∂L/∂W‖ of the gradient each layer's weights receive (layer 1 = input side). All three functions start from the same weights and inputs (the sidebar's seed).",
    },
    "activations.depth": {"ko": "층 수 N", "en": "Number of layers N"},
    "activations.vanish_activation": {"ko": "활성화 함수 (굵게 표시)", "en": "Activation (drawn bold)"},
    "activations.init": {"ko": "가중치 초기화", "en": "Weight initialisation"},
    "activations.init.default": {"ko": "PyTorch 기본값 (nn.Linear)", "en": "PyTorch default (nn.Linear)"},
    "activations.init.xavier": {"ko": "Xavier (Glorot) 균등 분포", "en": "Xavier (Glorot) uniform"},
    "activations.init.he": {"ko": "He (Kaiming) 정규 분포", "en": "He (Kaiming) normal"},
    "activations.init.normal": {"ko": "정규 분포 N(0, 1)", "en": "Normal N(0, 1)"},
    "activations.vanish_plot_title": {
        "ko": "층별 기울기 크기 (로그 눈금): 시그모이드 · tanh · ReLU",
        "en": "Gradient size per layer (log scale): sigmoid · tanh · ReLU",
    },
    "activations.vanish_x": {"ko": "층 (1 = 입력에 가장 가까운 층)", "en": "Layer (1 = closest to the input)"},
    "activations.vanish_y": {"ko": "기울기 크기 ‖∂L/∂W‖", "en": "Gradient size ‖∂L/∂W‖"},
    "activations.metric_first": {"ko": "층 1의 기울기", "en": "Gradient at layer 1"},
    "activations.metric_last": {"ko": "층 {n}의 기울기", "en": "Gradient at layer {n}"},
    "activations.metric_ratio": {"ko": "층 1 ÷ 층 {n}", "en": "Layer 1 ÷ layer {n}"},
    "activations.vanish_summary": {
        "ko": "{name}: 입력 쪽 층 1이 받은 기울기는 출력 쪽 층 {n}의 {ratio}배입니다. 역전파는 층을 하나 지날 때마다 f′(z)를 곱하는데, 이 신경망에서 층별 평균 |f′(z)|는 {low} ~ {high}입니다.",
        "en": "{name}: layer 1 (input side) receives {ratio} times the gradient of layer {n} (output side). Backpropagation multiplies by f′(z) at every layer, and here the mean |f′(z)| per layer is between {low} and {high}.",
    },
    "activations.vanish_bound": {
        "ko": "**한계와 측정값의 관계**: 0.25는 시그모이드 기울기의 **최댓값**이고, z = 0에서만 그 값이 됩니다(σ′(0) = 0.25). "
              "층 {n}에서 층 1까지 역전파는 f′(z)를 {factors}번 곱하므로, **기울기 f′들의 곱**은 최대 "
              "0.25^{factors} = {bound}입니다. 이 신경망에서 층별 평균 |f′(z)|의 곱은 {product}입니다. 그런데 위의 측정 "
              "비율({ratio})은 f′만의 곱이 아닙니다. 역전파는 층마다 가중치 Wᵀ도 곱하고, 가중치의 기울기에는 그 층의 입력도 "
              "곱해집니다. 여기서는 이 나머지가 약 {rest}배로 기울기를 {direction}. 한계는 f′들의 곱에 대한 것이지 측정 비율 "
              "전체에 대한 것이 아닙니다.",
        "en": "**How the bound and the measurement relate**: 0.25 is the sigmoid slope's **maximum**, reached only at "
              "z = 0 (σ′(0) = 0.25). From layer {n} back to layer 1 backpropagation multiplies by {factors} slopes "
              "f′(z), so **the product of the slopes** is at most 0.25^{factors} = {bound}; in this network the "
              "product of the layers' mean |f′(z)| is {product}. The measured ratio ({ratio}) is not that product "
              "alone: backpropagation also multiplies by the weights Wᵀ at every layer, and each weight gradient by "
              "its layer's input. Here that remainder, about ×{rest}, {direction} the gradient. The bound is on the "
              "product of slopes, not on the whole measured ratio.",
    },
    "activations.vanish_bound.enlarges": {"ko": "키웁니다", "en": "enlarges"},
    "activations.vanish_bound.shrinks": {"ko": "줄입니다", "en": "shrinks"},
    "activations.vanish_try": {
        "ko": "해 보기: 초기화를 바꿔 보세요. ReLU를 위해 만든 He 초기화에서는 ReLU의 기울기가 층 1까지 거의 줄지 않습니다. PyTorch 기본 초기화는 가중치가 더 작아서 ReLU도 층이 깊어지면 기울기가 줄어듭니다. 정규 분포 N(0, 1)로 초기화하면 반대로 기울기가 아주 커집니다(기울기 폭발). 시그모이드는 어떤 초기화를 써도 깊어질수록 기울기가 사라집니다.",
        "en": "Try other initialisations. With He initialisation, designed for ReLU, ReLU's gradient reaches layer 1 with little loss. PyTorch's default initialisation draws smaller weights, so even ReLU loses gradient as the stack deepens. N(0, 1) makes it huge instead (exploding gradients). The sigmoid's gradient vanishes with depth whatever the initialisation.",
    },
    "activations.step_versions": {
        "ko": "**강의 안의 두 계단 함수**: 이 페이지(활성화 함수 슬라이드)의 계단 함수는 0 또는 1을, 퍼셉트론 슬라이드의 "
              "τ(s)는 1 또는 −1을 냅니다. 같은 경계(x = 0)에서 바뀌는 같은 함수를 두 가지로 쓴 것입니다: "
              "±1 = 2·(0/1) − 1.",
        "en": "**Two step functions in the lecture**: on this page (the activation-function slide) the step gives 0 "
              "or 1; on the perceptron slide τ(s) gives 1 or −1. Both switch at the same point (x = 0): the same "
              "function written two ways, ±1 = 2·(0/1) − 1.",
    },
    "perceptron.step_versions": {
        "ko": "**강의 안의 두 계단 함수**: 퍼셉트론 슬라이드의 τ(s)는 1 또는 −1(참 = 1, 거짓 = −1)을, 활성화 함수 "
              "슬라이드의 계단 함수는 1 또는 0을 냅니다. ±1 = 2·(0/1) − 1이고 둘 다 s ≥ 0에서 바뀌므로 결정 경계와 분류는 "
              "같습니다. 다만 학습 규칙의 (t − y)가 ±1 표기에서는 0 또는 ±2, 0/1 표기에서는 0 또는 ±1이라, 한 번의 갱신 "
              "크기가 두 배 다릅니다. 이 페이지는 퍼셉트론 슬라이드처럼 ±1을 씁니다.",
        "en": "**Two step functions in the lecture**: on the perceptron slide τ(s) gives 1 or −1 (true = 1, false = −1); "
              "on the activation-function slide the step gives 1 or 0. Since ±1 = 2·(0/1) − 1 and both switch at "
              "s ≥ 0, the decision boundary and the classification are the same. Only the learning rule's (t − y) "
              "differs: 0 or ±2 with ±1, 0 or ±1 with 0/1, so one update is twice as large. This page uses ±1, like "
              "the perceptron slide.",
    },
    "activations.step_note": {
        "ko": "계단 함수는 이 실험에서 뺐습니다: 미분이 0이라 모든 층의 기울기가 정확히 0이 되어 로그 눈금에 그릴 수 없습니다.",
        "en": "The step function is left out here: its derivative is 0, so every layer's gradient is exactly 0 and cannot be drawn on a log scale.",
    },
    "activations.norms_table": {"ko": "층별 수치", "en": "Numbers per layer"},
    "activations.col_layer": {"ko": "층", "en": "Layer"},
    # --- perceptron ----------------------------------------------------------------------------------
    "perceptron.presets": {"ko": "프리셋 (진리표와 가중치)", "en": "Presets (truth table and weights)"},
    "perceptron.preset_help": {
        "ko": "{gate}의 진리표를 목표로 하고 가중치를 불러옵니다.",
        "en": "Targets the {gate} truth table and loads its weights.",
    },
    "perceptron.target_gate": {"ko": "목표 진리표: **{gate}**", "en": "Target truth table: **{gate}**"},
    "perceptron.w1": {"ko": "가중치 w1", "en": "Weight w1"},
    "perceptron.w2": {"ko": "가중치 w2", "en": "Weight w2"},
    "perceptron.b": {"ko": "편향 b", "en": "Bias b"},
    "perceptron.weights_help": {
        "ko": "학습 규칙 버튼을 누르면 이 슬라이더가 갱신된 값으로 움직입니다.",
        "en": "The learning-rule buttons move these sliders to the updated values.",
    },
    "perceptron.formula": {"ko": "s = {b} + {w1}·x1 + {w2}·x2", "en": "s = {b} + {w1}·x1 + {w2}·x2"},
    "perceptron.tau": {
        "ko": "τ(s) = 1 (s ≥ 0일 때), −1 (s < 0일 때) · 참 = 1, 거짓 = −1",
        "en": "τ(s) = 1 if s ≥ 0, −1 if s < 0 · true = 1, false = −1",
    },
    "perceptron.table_header": {"ko": "진리표의 네 점", "en": "The truth table's four points"},
    "perceptron.col_s": {"ko": "가중합 s", "en": "Weighted sum s"},
    "perceptron.col_tau": {"ko": "출력 τ(s)", "en": "Output τ(s)"},
    "perceptron.col_target": {"ko": "목표 t", "en": "Target t"},
    "perceptron.col_ok": {"ko": "맞음?", "en": "Correct?"},
    "perceptron.ok_yes": {"ko": "✓ 맞음", "en": "✓ yes"},
    "perceptron.ok_no": {"ko": "✗ 틀림", "en": "✗ no"},
    "perceptron.all_correct": {
        "ko": "네 점이 모두 올바른 쪽에 있습니다: 이 직선이 {gate:를} 구현합니다.",
        "en": "All four points are on the right side: this line implements {gate}.",
    },
    "perceptron.some_wrong": {
        "ko": "4개 중 {correct}개만 맞습니다. 검은 테두리의 점이 틀린 점입니다.",
        "en": "Only {correct} of 4 are right. Points ringed in black are wrong.",
    },
    "perceptron.xor_why": {
        "ko": "**XOR은 직선 하나로 나눌 수 없습니다.** (0,0)이 거짓이려면 b < 0, (1,0)과 (0,1)이 참이려면 w1 + b ≥ 0, w2 + b ≥ 0이어야 합니다. 두 식을 더하면 w1 + w2 + b ≥ −b > 0이 되어 (1,1)도 참이 되어 버립니다. 그래서 어떤 w1, w2, b도 네 점을 모두 맞히지 못하고, 최선은 4개 중 3개입니다. 해결책은 층을 하나 더 쌓는 것입니다(아래 2층 퍼셉트론).",
        "en": "**No single line separates XOR.** For (0,0) to be false we need b < 0; for (1,0) and (0,1) to be true, w1 + b ≥ 0 and w2 + b ≥ 0. Adding these gives w1 + w2 + b ≥ −b > 0, so (1,1) comes out true as well. No w1, w2, b gets all four points right; the best is 3 of 4. The way out is a second layer (the two-layer perceptron below).",
    },
    "perceptron.plot_title": {
        "ko": "{gate}: 파란 영역은 τ(s) = 1, 빨간 영역은 τ(s) = −1",
        "en": "{gate}: blue region τ(s) = 1, red region τ(s) = −1",
    },
    "perceptron.legend_true": {"ko": "참", "en": "True"},
    "perceptron.legend_false": {"ko": "거짓", "en": "False"},
    "perceptron.legend_line": {"ko": "결정 경계 s = 0", "en": "Decision boundary s = 0"},
    "perceptron.learn_header": {"ko": "퍼셉트론 학습 규칙", "en": "The perceptron learning rule"},
    "perceptron.learn_rule": {
        "ko": "틀린 점 하나에 대해 **w ← w + η(t − y)·x, b ← b + η(t − y)** (y = τ(s)). 맞은 점에서는 t − y = 0이라 아무것도 바뀌지 않고, 틀린 점에서는 t − y = ±2입니다. 버튼은 지금 슬라이더 값에서 시작해, 앞의 갱신 다음 점부터 차례로 찾은 첫 번째 틀린 점에 규칙을 한 번 적용합니다.",
        "en": "On one misclassified point, **w ← w + η(t − y)·x, b ← b + η(t − y)** (y = τ(s)). On a correct point t − y = 0 and nothing changes; on a wrong one t − y = ±2. The button starts from the sliders' current values and applies the rule once, to the first wrong point found going round the four from the one after the last update.",
    },
    "perceptron.eta": {"ko": "학습률 η", "en": "Learning rate η"},
    "perceptron.step_button": {"ko": "한 번 갱신", "en": "One update"},
    "perceptron.step_help": {
        "ko": "다음 틀린 점 하나에 학습 규칙을 한 번 적용하고 슬라이더를 갱신된 값으로 옮깁니다.",
        "en": "Applies the rule once, to the next wrong point, and moves the sliders to the updated values.",
    },
    "perceptron.zero_button": {"ko": "0으로 초기화", "en": "Reset to 0"},
    "perceptron.zero_help": {"ko": "w1 = w2 = b = 0으로 되돌리고 갱신 기록을 지웁니다.", "en": "Sets w1 = w2 = b = 0 and clears the update history."},
    "perceptron.train_button": {"ko": "끝까지 학습", "en": "Train to the end"},
    "perceptron.train_help": {
        "ko": "모든 점이 맞을 때까지 네 점을 차례로 돌며 갱신합니다. 최대 {epochs} 에포크(네 점을 한 바퀴 도는 것이 1 에포크)에서 멈춥니다.",
        "en": "Goes round the four points, updating on every mistake, until all are right; stops after at most {epochs} epochs (one epoch = one round of the four).",
    },
    "perceptron.step_point": {
        "ko": "**갱신 {number}** · 점 (x1, x2) = ({x1}, {x2}), 목표 t = {t}",
        "en": "**Update {number}** · point (x1, x2) = ({x1}, {x2}), target t = {t}",
    },
    "perceptron.step_sum": {
        "ko": "s = {b} + {w1}·{x1} + {w2}·{x2} = {s} → y = τ(s) = {y} ≠ t (틀림)",
        "en": "s = {b} + {w1}·{x1} + {w2}·{x2} = {s} → y = τ(s) = {y} ≠ t (wrong)",
    },
    "perceptron.step_factor": {
        "ko": "η(t − y) = {eta} × ({t} − {y}) = {factor}",
        "en": "η(t − y) = {eta} × ({t} − {y}) = {factor}",
    },
    "perceptron.step_weights": {
        "ko": "w1 ← {w1} + {factor}×{x1} = {new_w1} · w2 ← {w2} + {factor}×{x2} = {new_w2} · b ← {b} + {factor} = {new_b}",
        "en": "w1 ← {w1} + {factor}×{x1} = {new_w1} · w2 ← {w2} + {factor}×{x2} = {new_w2} · b ← {b} + {factor} = {new_b}",
    },
    "perceptron.no_step_yet": {
        "ko": "‘한 번 갱신’을 누르면 다음 틀린 점에 규칙을 적용하고 그 계산을 여기에 씁니다.",
        "en": "Press ‘One update’ to apply the rule to the next wrong point; the arithmetic appears here.",
    },
    "perceptron.converged_now": {
        "ko": "모든 점이 맞습니다. 더 갱신할 것이 없습니다: 학습이 끝났습니다.",
        "en": "Every point is right. There is nothing left to update: learning is done.",
    },
    "perceptron.train_converged": {
        "ko": "{epochs} 에포크, {updates}번 갱신 후 수렴: w1 = {w1}, w2 = {w2}, b = {b}",
        "en": "Converged after {epochs} epochs and {updates} updates: w1 = {w1}, w2 = {w2}, b = {b}",
    },
    "perceptron.train_failed": {
        "ko": "{epochs} 에포크({updates}번 갱신)가 지나도 수렴하지 않았습니다. XOR은 직선으로 나눌 수 없으므로 가중치는 같은 곳을 맴돌 뿐 몇 에포크를 돌려도 수렴하지 않습니다.",
        "en": "No convergence after {epochs} epochs ({updates} updates). XOR cannot be split by a line, so the weights just go round in circles: no number of epochs makes it converge.",
    },
    "perceptron.out_of_range": {
        "ko": "이 갱신은 가중치를 슬라이더 범위(±{limit}) 밖으로 보내므로 적용하지 않았습니다. η를 줄이거나 초기화하세요.",
        "en": "This update would move a weight outside the sliders' range (±{limit}), so it was not applied. Lower η or reset.",
    },
    "perceptron.history": {"ko": "갱신 기록 ({count}번)", "en": "Update history ({count})"},
    "perceptron.xor2_header": {"ko": "XOR = AND(OR, NAND): 2층 퍼셉트론", "en": "XOR = AND(OR, NAND): a two-layer perceptron"},
    "perceptron.xor2_intro": {
        "ko": "은닉층의 퍼셉트론 두 개가 OR과 NAND를 계산하고, 출력층의 퍼셉트론이 그 둘의 AND를 계산합니다. 한 층의 출력이 다음 층의 입력이 되도록 여기서는 참 = 1, 거짓 = 0으로 씁니다(계단 함수: s ≥ 0이면 1, 아니면 0). 두 직선 사이의 띠 안에 있는 점만 참이 되며, 직선 하나로는 불가능했던 XOR이 됩니다.",
        "en": "Two perceptrons in a hidden layer compute OR and NAND; an output perceptron computes the AND of the two. So that one layer's output can feed the next, true = 1 and false = 0 here (the step: 1 if s ≥ 0, else 0). Only points in the band between the two lines come out true: XOR, which no single line could do.",
    },
    "perceptron.xor2_plot_title": {
        "ko": "두 직선 사이의 띠 = XOR이 참인 영역",
        "en": "The band between the two lines = where XOR is true",
    },
    "perceptron.legend_or_line": {"ko": "OR: −0.5 + x1 + x2 = 0", "en": "OR: −0.5 + x1 + x2 = 0"},
    "perceptron.legend_nand_line": {"ko": "NAND: 1.5 − x1 − x2 = 0", "en": "NAND: 1.5 − x1 − x2 = 0"},
    "perceptron.col_s_or": {"ko": "s_OR", "en": "s_OR"},
    "perceptron.col_h_or": {"ko": "h1 = OR", "en": "h1 = OR"},
    "perceptron.col_s_nand": {"ko": "s_NAND", "en": "s_NAND"},
    "perceptron.col_h_nand": {"ko": "h2 = NAND", "en": "h2 = NAND"},
    "perceptron.col_s_and": {"ko": "s_AND", "en": "s_AND"},
    "perceptron.col_xor": {"ko": "출력 = XOR", "en": "Output = XOR"},
    "perceptron.xor2_weights": {
        "ko": "- 은닉 1 (OR): s_OR = {or_sum}, h1 = 계단(s_OR)\n- 은닉 2 (NAND): s_NAND = {nand_sum}, h2 = 계단(s_NAND)\n- 출력 (AND): s_AND = {and_sum}, 출력 = 계단(s_AND)\n\n초록 직선 위쪽에서 h1 = 1, 주황 직선 아래쪽에서 h2 = 1이고, AND는 둘 다 1일 때만 1이므로 두 직선 사이의 띠가 참이 됩니다.",
        "en": "- Hidden 1 (OR): s_OR = {or_sum}, h1 = step(s_OR)\n- Hidden 2 (NAND): s_NAND = {nand_sum}, h2 = step(s_NAND)\n- Output (AND): s_AND = {and_sum}, output = step(s_AND)\n\nh1 = 1 above the green line, h2 = 1 below the orange one, and AND is 1 only when both are, so the band between the lines is true.",
    },
    # --- softmax and cross-entropy -------------------------------------------------------------------
    "softmax.logits_header": {
        "ko": "로짓 → 소프트맥스 확률 → 교차 엔트로피",
        "en": "Logits → softmax probabilities → cross-entropy",
    },
    "softmax.logit": {"ko": "클래스 {index}의 로짓 z{index}", "en": "Logit z{index} of class {index}"},
    "softmax.target": {"ko": "정답 클래스", "en": "True class"},
    "softmax.class_label": {"ko": "클래스 {index}", "en": "Class {index}"},
    "softmax.true_class_word": {"ko": "정답", "en": "true"},
    "softmax.metric_prob": {"ko": "p(클래스 {index})", "en": "p(class {index})"},
    "softmax.metric_loss": {"ko": "손실 L (ln)", "en": "Loss L (ln)"},
    "softmax.loss_line": {
        "ko": "L = −ln p{target} = −ln {p} = **{loss}** (log₁₀로 계산하면 {loss10})",
        "en": "L = −ln p{target} = −ln {p} = **{loss}** (with log₁₀ it would be {loss10})",
    },
    "softmax.prob_plot_title": {"ko": "소프트맥스 확률", "en": "Softmax probabilities"},
    "softmax.prob_plot_note": {"ko": "파란 막대 = 정답 클래스", "en": "blue bar = true class"},
    "softmax.prob_axis": {"ko": "확률 p", "en": "Probability p"},
    "softmax.grad_plot_title": {"ko": "기울기 ∂L/∂z = p − y", "en": "Gradient ∂L/∂z = p − y"},
    "softmax.grad_axis": {"ko": "∂L/∂z", "en": "∂L/∂z"},
    "softmax.grad_explain": {
        "ko": "교차 엔트로피를 로짓으로 미분하면 단순히 **p − y**입니다. 정답 클래스는 p − 1 < 0이라 경사 하강법이 그 로짓을 올리고, 나머지는 p > 0이라 내립니다. 기울기의 합은 언제나 0입니다.",
        "en": "The derivative of the cross-entropy with respect to the logits is simply **p − y**. For the true class it is p − 1 < 0, so gradient descent raises that logit; the others have p > 0 and are lowered. The gradient always sums to 0.",
    },
    "softmax.col_class": {"ko": "클래스", "en": "Class"},
    "softmax.col_logit": {"ko": "로짓 z", "en": "Logit z"},
    "softmax.col_exp": {"ko": "e^z", "en": "e^z"},
    "softmax.col_prob": {"ko": "확률 p", "en": "Probability p"},
    "softmax.col_target": {"ko": "정답 y", "en": "Target y"},
    "softmax.col_grad": {"ko": "기울기 p − y", "en": "Gradient p − y"},
    "softmax.table_header": {"ko": "강의의 표: 샘플 3개의 교차 엔트로피", "en": "The lecture's table: cross-entropy of three samples"},
    "softmax.table_intro": {
        "ko": "정답이 원-핫이면 −Σ y·ln p에서 정답 클래스 항만 남아 손실은 −ln p(정답)입니다. 강의의 0.51, 0.51, 1.20과 평균 0.74가 자연로그로 계산됩니다.",
        "en": "With a one-hot target only the true class survives in −Σ y·ln p, so the loss is −ln p(true). The lecture's 0.51, 0.51, 1.20 and mean 0.74 come out with the natural log.",
    },
    "softmax.col_sample": {"ko": "샘플", "en": "Sample"},
    "softmax.col_pred": {"ko": "예측 확률 p", "en": "Predicted p"},
    "softmax.col_onehot": {"ko": "정답 y (원-핫)", "en": "Target y (one-hot)"},
    "softmax.col_ptrue": {"ko": "정답 클래스의 p", "en": "p of the true class"},
    "softmax.col_ce": {"ko": "교차 엔트로피 −ln p", "en": "Cross-entropy −ln p"},
    "softmax.table_mean": {
        "ko": "평균 손실 = ({values}) / 3 = **{mean}**",
        "en": "Mean loss = ({values}) / 3 = **{mean}**",
    },
    "softmax.metric_mean": {"ko": "평균 교차 엔트로피", "en": "Mean cross-entropy"},
    "softmax.log_header": {
        "ko": "로그의 밑: 첫 예제(0.154901)는 log₁₀, 표는 ln",
        "en": "The log's base: the first example (0.154901) uses log₁₀, the table uses ln",
    },
    "softmax.log_explain": {
        "ko": "강의의 첫 예제는 정답 클래스의 예측 확률이 0.7일 때 손실을 **−log₁₀(0.7) = {log10}…** (강의 표기 {lecture}){log10:~로} 계산합니다. 하지만 위의 표와 PyTorch의 F.cross_entropy는 자연로그를 씁니다: **−ln(0.7) = {ln}…**. 두 값의 비는 언제나 ln 10 ≈ {ratio:이라} 어느 밑을 써도 손실이 가장 작은 곳은 같지만, 숫자를 비교할 때는 밑을 맞춰야 합니다.",
        "en": "The lecture's first example, with predicted probability 0.7 for the true class, computes the loss as **−log₁₀(0.7) = {log10}…** (written {lecture} in the lecture). The table above and PyTorch's F.cross_entropy use the natural log instead: **−ln(0.7) = {ln}…**. The two always differ by the factor ln 10 ≈ {ratio}, so the minimum is in the same place, but numbers can only be compared in the same base.",
    },
    "softmax.metric_log10": {"ko": "−log₁₀(0.7): 강의의 첫 예제", "en": "−log₁₀(0.7): the lecture's first example"},
    "softmax.metric_ln": {"ko": "−ln(0.7): 표와 PyTorch의 방식", "en": "−ln(0.7): the table's and PyTorch's way"},
}
