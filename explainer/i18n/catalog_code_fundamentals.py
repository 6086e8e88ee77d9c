"""Comments in the PyTorch code of the fundamentals pages (activations, perceptron, softmax): code.fund.*"""

STRINGS = {
    "code.fund.step_no_grad": {"ko": "기울기 없음: 어디서나 평평합니다", "en": "no gradient: flat everywhere"},
    "code.fund.default_init": {
        "ko": "nn.Linear가 이미 kaiming_uniform_(a=sqrt(5))과 균등 분포 편향으로 초기화했습니다",
        "en": "nn.Linear already did kaiming_uniform_(a=sqrt(5)) and a uniform bias",
    },
    "code.fund.float64": {
        "ko": "페이지와 같은 정밀도로 계산해 숫자가 그래프와 맞도록",
        "en": "as the page computes, so the numbers match the chart",
    },
    "code.fund.targets": {"ko": "{gate}: 참 = 1, 거짓 = -1", "en": "{gate}: true = 1, false = -1"},
    "code.fund.step_01": {"ko": "참 = 1, 거짓 = 0", "en": "true = 1, false = 0"},
    "code.fund.hidden_units": {"ko": "은닉 뉴런 1 = OR, 은닉 뉴런 2 = NAND", "en": "unit 1 = OR, unit 2 = NAND"},
    "code.fund.output_and": {"ko": "두 은닉 뉴런의 AND", "en": "AND of the two hidden units"},
    "code.fund.logits": {"ko": "샘플 하나의 로짓", "en": "logits of one sample"},
    "code.fund.natural_log": {"ko": "자연로그", "en": "natural log"},
    "code.fund.class_indices": {"ko": "원-핫 정답을 클래스 번호로", "en": "the one-hot targets as class indices"},
    "code.fund.true_class": {"ko": "정답 클래스", "en": "true class"},
    "code.fund.base10": {"ko": "강의의 첫 예제, 밑이 10인 로그", "en": "the lecture's first example, base 10"},
    "code.fund.natural": {
        "ko": "같은 계산을 PyTorch처럼 자연로그로",
        "en": "the same with the natural log, as PyTorch uses",
    },
}
