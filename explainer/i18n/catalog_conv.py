"""Convolution and pooling pages, and image-upload messages."""

_CALC_CODE = """import torch
from torch import nn

conv = nn.Conv2d(1, 1, kernel_size=({fh}, {fw}), stride={s}, padding={p}, dilation={d})
x = torch.zeros(1, 1, {h}, {w})  # {batch_comment}
print(conv(x).shape)  # {shape}
"""

_ANIM_CODE = """import torch
import torch.nn.functional as F

x = {grid}  # {input_comment}
k = {kernel}  # {kernel_comment}
out = F.conv2d(x[None, None], k[None, None], stride={s}, padding={p})  # (1, 1, OH, OW)
print(out[0, 0])
# {out}
"""

_IMAGES_CODE = """import torch
import torch.nn.functional as F

k = {kernel}
x = image.reshape(1, 1, {h}, {w})  # {grey_comment}
out = F.conv2d(x, k[None, None], stride={s}, padding={p})  # (1, 1, {oh}, {ow})
activated = F.relu(out)  # {relu_comment}
"""

_CHANNELS_CODE = """import torch
from torch import nn

conv = nn.Conv2d({c}, {c_out}, kernel_size=3)
print(sum(p.numel() for p in conv.parameters()))  # (3*3*{c} + 1)*{c_out} = {params}

# {fill_comment}
base = {kernel}
with torch.no_grad():
    conv.weight[0] = torch.stack([w * base for w in ({weights},)])
    conv.bias[0] = {bias}
out = conv(image.reshape(1, {c}, {h}, {w}))[0, 0]  # {sum_comment}
"""

_POOL_CODE = """import torch
import torch.nn.functional as F

x = {grid}[None]  # (1, H, W)
print(F.max_pool2d(x, kernel_size={k}, stride={s}, padding={p}))  # {max}
print(F.avg_pool2d(x, kernel_size={k}, stride={s}, padding={p}))  # {avg}
print(-F.max_pool2d(-x, kernel_size={k}, stride={s}, padding={p}))  # {min_comment}: {min}
"""

_POOL_REAL_CODE = """import torch
import torch.nn.functional as F

k = {kernel}
x = image.reshape(1, 1, {h}, {w})
feature = F.relu(F.conv2d(x, k[None, None], stride={s}, padding={p}))  # (1, 1, {fh}, {fw})
max_map = F.max_pool2d(feature, {k}, stride={ps}, padding={pp})  # (1, 1, {oh}, {ow})
avg_map = F.avg_pool2d(feature, {k}, stride={ps}, padding={pp})
min_map = -F.max_pool2d(-feature, {k}, stride={ps}, padding={pp})
"""


def _code(template: str, ko: dict, en: dict) -> dict:
    """The same code in both languages; only the comments are translated (kept as {placeholders})."""
    def fill(comments: dict) -> str:
        text = template
        for name, comment in comments.items():
            text = text.replace("{" + name + "}", comment)
        return text

    return {"ko": fill(ko), "en": fill(en)}


STRINGS = {
    # --- tabs and shared controls ----------------------------------------------------------------------------
    "conv.tab.calculator": {"ko": "출력 크기 계산기", "en": "Output-size calculator"},
    "conv.tab.animation": {"ko": "필터 움직임과 계산", "en": "Filter animation"},
    "conv.tab.images": {"ko": "실제 이미지에 필터 적용", "en": "Filters on real images"},
    "conv.tab.channels": {"ko": "채널", "en": "Channels"},
    "conv.tab.network": {"ko": "전체 네트워크", "en": "Whole network"},
    "conv.padding": {"ko": "패딩 P", "en": "Padding P"},
    "conv.stride": {"ko": "스트라이드 S", "en": "Stride S"},
    "conv.kernel.preset": {"ko": "필터 고르기", "en": "Choose a filter"},
    "conv.kernel.lecture": {"ko": "강의 예제 (X 모양)", "en": "Lecture example (X shape)"},
    "conv.kernel.sobel_x": {"ko": "소벨-X (세로 경계)", "en": "Sobel-X (vertical edges)"},
    "conv.kernel.sobel_y": {"ko": "소벨-Y (가로 경계)", "en": "Sobel-Y (horizontal edges)"},
    "conv.kernel.blur": {"ko": "흐리기 (평균)", "en": "Blur (average)"},
    "conv.kernel.sharpen": {"ko": "선명하게", "en": "Sharpen"},
    "conv.kernel.identity": {"ko": "항등 (그대로)", "en": "Identity (unchanged)"},
    "conv.kernel.custom": {"ko": "직접 입력", "en": "Custom"},
    "conv.kernel.lecture.about": {
        "ko": "강의 슬라이드의 3×3 필터입니다. 대각선과 가운데가 1인 X 모양 패턴과 겹치는 곳에서 값이 커집니다.",
        "en": "The lecture slide's 3×3 filter. It responds most where the input matches its X pattern (corners and centre).",
    },
    "conv.kernel.sobel_x.about": {
        "ko": "왼쪽과 오른쪽 밝기 차이를 잽니다. 어두운→밝은 세로 경계는 양수(밝은 노랑), 밝은→어두운 경계는 음수(어두운 파랑)입니다.",
        "en": "Measures the brightness difference between right and left: dark→bright vertical edges are positive (light yellow), bright→dark negative (dark blue).",
    },
    "conv.kernel.sobel_y.about": {
        "ko": "아래와 위의 밝기 차이를 잽니다. 강의 슬라이드와 같은 부호의 표준 소벨-Y [[−1, −2, −1], [0, 0, 0], "
              "[1, 2, 1]]이므로, 위가 어둡고 아래가 밝은 가로 경계는 양수(밝은 노랑), 반대는 음수(어두운 파랑)입니다.",
        "en": "Measures the brightness difference between bottom and top. It is the standard Sobel-Y with the lecture "
              "slide's sign, [[−1, −2, −1], [0, 0, 0], [1, 2, 1]]: a horizontal edge dark above and bright below is "
              "positive (light yellow), the opposite negative (dark blue).",
    },
    "conv.kernel.blur.about": {
        "ko": "9칸의 평균(모두 1/9)입니다. 잡음과 세부가 부드럽게 뭉개집니다.",
        "en": "The mean of the 9 cells (all 1/9): noise and fine detail are smoothed away.",
    },
    "conv.kernel.sharpen.about": {
        "ko": "가운데를 5배 하고 이웃 4칸을 뺍니다. 주변과 다른 곳이 더 두드러집니다.",
        "en": "Five times the centre minus its four neighbours: whatever differs from its surroundings stands out.",
    },
    "conv.kernel.identity.about": {
        "ko": "가운데만 1인 필터입니다. 출력이 입력과 같습니다(패딩·스트라이드 효과만 남음).",
        "en": "Only the centre is 1: the output equals the input (only padding and stride change anything).",
    },
    "conv.kernel.custom.about": {
        "ko": "표의 숫자를 직접 고쳐 보세요. 마지막으로 고른 필터에서 시작합니다.",
        "en": "Edit the numbers in the table. It starts from the filter chosen last.",
    },
    # --- 1. calculator ---------------------------------------------------------------------------------------
    "conv.calc.intro": {
        "ko": "입력 크기 H×W, 필터 크기 FH×FW, 패딩 P, 스트라이드 S를 넣으면 강의의 공식에 숫자를 채워 출력 크기를 계산합니다.",
        "en": "Enter the input size H×W, filter size FH×FW, padding P and stride S: the lecture's formula is filled in with your numbers.",
    },
    "conv.calc.presets": {"ko": "강의 예제:", "en": "The lecture's examples:"},
    "conv.preset.7x7_s1": {"ko": "7×7, 3×3, S=1", "en": "7×7, 3×3, S=1"},
    "conv.preset.7x7_s2": {"ko": "7×7, 3×3, S=2", "en": "7×7, 3×3, S=2"},
    "conv.preset.7x7_s3": {"ko": "7×7, 3×3, S=3", "en": "7×7, 3×3, S=3"},
    "conv.preset.4x4_p1": {"ko": "4×4, P=1, 3×3", "en": "4×4, P=1, 3×3"},
    "conv.preset.mnist_conv1": {"ko": "MNIST conv1 (28, 5×5)", "en": "MNIST conv1 (28, 5×5)"},
    "conv.preset.cifar_conv1": {"ko": "CIFAR conv1 (32, 5×5)", "en": "CIFAR conv1 (32, 5×5)"},
    "conv.calc.h": {"ko": "입력 높이 H", "en": "Input height H"},
    "conv.calc.w": {"ko": "입력 너비 W", "en": "Input width W"},
    "conv.calc.fh": {"ko": "필터 높이 FH", "en": "Filter height FH"},
    "conv.calc.fw": {"ko": "필터 너비 FW", "en": "Filter width FW"},
    "conv.calc.p": {"ko": "패딩 P", "en": "Padding P"},
    "conv.calc.s": {"ko": "스트라이드 S", "en": "Stride S"},
    "conv.calc.d": {"ko": "팽창 D", "en": "Dilation D"},
    "conv.calc.h.help": {"ko": "입력 특징 맵의 세로 칸 수입니다.", "en": "Rows of the input feature map."},
    "conv.calc.w.help": {"ko": "입력 특징 맵의 가로 칸 수입니다.", "en": "Columns of the input feature map."},
    "conv.calc.fh.help": {"ko": "필터(커널)의 세로 크기입니다.", "en": "Height of the filter (kernel)."},
    "conv.calc.fw.help": {"ko": "필터(커널)의 가로 크기입니다.", "en": "Width of the filter (kernel)."},
    "conv.calc.p.help": {
        "ko": "입력 둘레에 덧붙이는 0의 줄 수입니다(위·아래·왼쪽·오른쪽 각각).",
        "en": "Rings of zeros added around the input (on every side).",
    },
    "conv.calc.s.help": {
        "ko": "필터가 한 번에 움직이는 칸 수입니다. 0은 일부러 허용해 두었습니다 — 왜 안 되는지 보세요.",
        "en": "How many cells the filter moves each step. 0 is allowed on purpose — see why it cannot work.",
    },
    "conv.calc.d.help": {
        "ko": "필터 칸 사이의 간격입니다(강의에는 없는 PyTorch 옵션). 1이면 보통의 필터이고, D>1이면 필터가 D·(FH−1)+1 칸을 덮습니다.",
        "en": "Spacing between filter cells (a PyTorch option beyond the lecture). 1 is an ordinary filter; with D>1 it spans D·(FH−1)+1 cells.",
    },
    "conv.calc.oh": {"ko": "출력 높이 OH", "en": "Output height OH"},
    "conv.calc.ow": {"ko": "출력 너비 OW", "en": "Output width OW"},
    "conv.calc.output_shape": {"ko": "출력 크기", "en": "Output size"},
    "conv.calc.non_integer": {
        "ko": "{axis} 방향: {numerator} ÷ {stride:는} 나누어떨어지지 않습니다(공식대로면 {exact}). 필터가 입력에 딱 맞게 놓이지 않는다는 뜻입니다. PyTorch는 나눗셈을 내림하여 {out:을} 내고, 끝의 {unused}칸(패딩 포함)은 어느 창에도 들어가지 않아 버려집니다.",
        "en": "{axis} axis: {numerator} ÷ {stride} is not a whole number (the formula gives {exact}), so the filter does not tile the input exactly. PyTorch floors the division and gives {out}; the last {unused} cell(s) (padding included) fall in no window and are dropped.",
    },
    "conv.calc.strip": {
        "ko": "{axis} 방향으로 필터가 놓이는 자리 (회색 = 패딩, 빗금 친 빨강 = 어느 창에도 안 들어가는 칸)",
        "en": "Where the filter lands along {axis} (grey = padding, hatched red = cells no window reaches)",
    },
    "conv.calc.strip.cells": {"ko": "입력 칸", "en": "input cells"},
    "conv.calc.strip.window": {"ko": "창", "en": "window"},
    "conv.calc.strip.dropped": {"ko": "버려짐", "en": "dropped"},
    "conv.calc.strip.summary": {
        "ko": "칸 {cells}개(양쪽 패딩 {padding}칸씩), 창 {count}개: {windows}; 어느 창에도 안 들어가는 칸: {dropped}",
        "en": "{cells} cells ({padding} of padding on each side), {count} windows: {windows}; cells no window reaches: "
              "{dropped}",
    },
    "conv.calc.slide_wrong": {
        "ko": "강의 슬라이드는 이 경우를 (7−3)/3+1 = 2.33 ∴ 1이라고 적었지만 1은 틀린 값입니다. 올바른 설명은 ‘나누어떨어지지 않으므로 스트라이드 3은 7×7 입력에 맞지 않는다’이고, 그래도 실행하면 PyTorch는 ⌊4/3⌋+1 = 2를 출력합니다(필터는 0열과 3열에 놓이고 마지막 열 6은 버려짐).",
        "en": "The lecture slide writes this case as (7−3)/3+1 = 2.33 ∴ 1, but 1 is wrong. The correct reading is ‘not a whole number, so stride 3 does not fit a 7×7 input’; if you run it anyway PyTorch outputs ⌊4/3⌋+1 = 2 (the filter sits at columns 0 and 3, and column 6 is dropped).",
    },
    "conv.calc.same_padding": {
        "ko": "패딩 1, 3×3 필터, 스트라이드 1이면 출력이 입력과 같은 4×4로 유지됩니다. 스트라이드 1에서 P = (FH−1)/2로 두면 크기가 그대로입니다(‘same’ 패딩).",
        "en": "Padding 1 with a 3×3 filter and stride 1 keeps the output at the input's 4×4. With stride 1, P = (FH−1)/2 always keeps the size (‘same’ padding).",
    },
    "conv.code.calculator": _code(_CALC_CODE, {"batch_comment": "(배치, 채널, H, W)"},
                                  {"batch_comment": "(batch, channels, H, W)"}),
    "conv.err.stride_zero": {
        "ko": "스트라이드가 0이면 필터가 전혀 움직이지 않고 공식의 분모가 0이 되어 출력 크기를 정할 수 없습니다. 스트라이드는 1 이상이어야 합니다(PyTorch도 오류를 냅니다).",
        "en": "With stride 0 the filter never moves and the formula divides by zero, so there is no output size. The stride must be at least 1 (PyTorch raises an error too).",
    },
    "conv.err.kernel_too_large": {
        "ko": "필터({span}칸)가 패딩을 더한 입력({padded}칸)보다 커서 한 번도 올려놓을 수 없습니다. 출력이 없으므로 PyTorch는 오류를 냅니다. 필터를 줄이거나 패딩을 늘려 보세요.",
        "en": "The filter ({span} cells) is larger than the padded input ({padded} cells), so it fits nowhere. There is no output and PyTorch raises an error. Use a smaller filter or more padding.",
    },
    "conv.err.not_integer": {"ko": "{name} 값은 정수여야 합니다.", "en": "{name} must be a whole number."},
    "conv.err.other": {"ko": "이 조합은 계산할 수 없습니다: {why}", "en": "This combination cannot be computed: {why}"},
    "conv.err.min_size": {
        "ko": "입력 크기는 1 이상이어야 합니다(지금 {value}).", "en": "The input size must be at least 1 (now {value}).",
    },
    "conv.err.min_kernel": {
        "ko": "필터 크기는 1 이상이어야 합니다(지금 {value}).", "en": "The filter size must be at least 1 (now {value}).",
    },
    "conv.err.min_stride": {
        "ko": "스트라이드는 1 이상이어야 합니다(지금 {value}).", "en": "The stride must be at least 1 (now {value}).",
    },
    "conv.err.min_dilation": {
        "ko": "팽창 D는 1 이상이어야 합니다(지금 {value}). D=1이 보통의 필터입니다.",
        "en": "Dilation D must be at least 1 (now {value}); D=1 is an ordinary filter.",
    },
    "conv.err.min_padding": {
        "ko": "패딩은 0 이상이어야 합니다(지금 {value}).", "en": "Padding must be 0 or more (now {value}).",
    },
    # --- 2. animation -----------------------------------------------------------------------------------------
    "conv.anim.intro": {
        "ko": "필터가 입력 위를 한 칸씩(스트라이드만큼) 움직이며, 겹친 칸끼리 곱해서 모두 더한 값이 특징 맵의 한 칸이 됩니다. 표의 숫자는 직접 고칠 수 있습니다.",
        "en": "The filter slides over the input (by the stride); the products of overlapping cells, summed, make one cell of the feature map. The numbers in the tables are editable.",
    },
    "conv.anim.input": {"ko": "입력", "en": "Input"},
    "conv.anim.kernel": {"ko": "필터(커널)", "en": "Filter (kernel)"},
    "conv.anim.reset": {"ko": "강의 예제로 되돌리기", "en": "Back to the lecture example"},
    "conv.anim.grid_size": {"ko": "입력 크기 (N×N)", "en": "Input size (N×N)"},
    "conv.anim.grid_size.help": {
        "ko": "키우면 새 칸은 0으로 채워지고, 줄이면 왼쪽 위 부분만 남습니다.",
        "en": "Growing adds cells filled with 0; shrinking keeps the top-left part.",
    },
    "conv.anim.random": {"ko": "무작위 0/1 입력", "en": "Random 0/1 input"},
    "conv.anim.size": {
        "ko": "입력 {h}×{w}, 필터 {k}×{k}, 패딩 {p}, 스트라이드 {s} → 특징 맵 {oh}×{ow}",
        "en": "Input {h}×{w}, filter {k}×{k}, padding {p}, stride {s} → feature map {oh}×{ow}",
    },
    "conv.anim.play": {"ko": "자동 재생", "en": "Play"},
    "conv.anim.play.help": {
        "ko": "필터가 한 칸씩 자동으로 움직이고 마지막 위치에서 멈춥니다. 마지막 위치에서 누르면 처음부터 다시 재생합니다.",
        "en": "Moves the filter one window at a time and stops at the last one; pressed at the last one, it starts "
              "again from the first.",
    },
    "conv.anim.single_step": {
        "ko": "출력이 1×1이라 필터가 놓일 자리는 하나뿐입니다. 그 한 번의 계산이 아래에 있습니다.",
        "en": "The output is 1×1, so the filter has a single position; its one calculation is shown below.",
    },
    "conv.anim.step": {"ko": "필터 위치 (출력 칸 번호)", "en": "Filter position (output cell number)"},
    "conv.anim.step.help": {
        "ko": "왼쪽 위부터 한 줄씩, 모두 {n}개의 위치가 있습니다.",
        "en": "Row by row from the top left; {n} positions in all.",
    },
    "conv.anim.padded_input": {"ko": "입력 + 패딩 {p} (회색)", "en": "Input + padding {p} (grey)"},
    "conv.anim.feature_map": {"ko": "특징 맵 (출력)", "en": "Feature map (output)"},
    "conv.anim.cell": {
        "ko": "**출력 [{row}, {col}]** ({total}칸 중 {n}번째): 빨간 창 안의 입력 × 필터를 칸마다 곱해 더합니다.",
        "en": "**Output [{row}, {col}]** (cell {n} of {total}): each input in the red window times its filter weight, summed.",
    },
    "conv.code.animation": _code(_ANIM_CODE, {"input_comment": "입력", "kernel_comment": "필터(커널)"},
                                 {"input_comment": "input", "kernel_comment": "filter (kernel)"}),
    # --- 3. real images -----------------------------------------------------------------------------------
    "conv.img.intro": {
        "ko": "같은 계산을 실제 이미지 전체에 적용합니다. 소벨 필터는 경계를, 흐리기 필터는 평균을 찾아냅니다. 음수 결과는 ReLU를 지나면 0이 됩니다.",
        "en": "The same arithmetic over a whole real image. Sobel filters find edges, the blur filter averages. Negative results become 0 after ReLU.",
    },
    "conv.img.source": {"ko": "이미지", "en": "Image"},
    "conv.img.src.digit": {"ko": "내장 그림: 손글씨 7 (28×28)", "en": "Built-in: a handwritten 7 (28×28)"},
    "conv.img.src.shapes": {"ko": "내장 그림: 도형 (64×64)", "en": "Built-in: shapes (64×64)"},
    "conv.img.src.checkerboard": {"ko": "내장 그림: 체스판 (32×32)", "en": "Built-in: checkerboard (32×32)"},
    "conv.img.src.colour_scene": {"ko": "내장 그림: 컬러 풍경 (32×32)", "en": "Built-in: colour scene (32×32)"},
    "conv.img.src.mnist": {"ko": "MNIST 테스트 이미지", "en": "MNIST test image"},
    "conv.img.src.fashion_mnist": {"ko": "Fashion-MNIST 테스트 이미지", "en": "Fashion-MNIST test image"},
    "conv.img.src.cifar10": {"ko": "CIFAR-10 테스트 이미지", "en": "CIFAR-10 test image"},
    "conv.img.src.upload": {"ko": "내 이미지 올리기 (PNG/JPEG)", "en": "Upload my image (PNG/JPEG)"},
    "conv.img.index": {"ko": "이미지 번호", "en": "Image number"},
    "conv.img.index.help": {
        "ko": "테스트 세트의 몇 번째 이미지인지 고릅니다(0부터). 클래스가 번갈아 나오도록 섞은 순서라 0–9번은 서로 다른 "
              "10개 클래스입니다.",
        "en": "Which test-set image (counting from 0), in an order where the classes take turns: images 0–9 are "
              "ten different classes.",
    },
    "conv.img.upload": {"ko": "PNG 또는 JPEG 파일", "en": "PNG or JPEG file"},
    "conv.img.upload.help": {
        "ko": "5 MB, 4096×4096 픽셀까지 받습니다. 큰 이미지는 한 변 160픽셀로 줄여서 계산합니다.",
        "en": "Up to 5 MB and 4096×4096 pixels. Larger pictures are shrunk to 160 pixels on the long side before filtering.",
    },
    # --- the lecture's slides beside the page (numbers from explainer.lecture.slides) ---------------------------
    "conv.slide.example": {
        "ko": "**강의 슬라이드(합성곱 연산)의 예**: 4×4 입력 {input}에 3×3 필터({kernel})를 적용하면 첫 칸은 "
              "{first}이고, 전체 출력은 {output}입니다.",
        "en": "**The lecture's convolution slide**: the 4×4 input {input} with the 3×3 filter {kernel} gives "
              "{first} in the first cell, and the whole output {output}.",
    },
    "conv.slide.example.load": {"ko": "슬라이드의 4×4 예제 불러오기", "en": "Load the slide's 4×4 example"},
    "conv.slide.coverage": {
        "ko": "**강의 슬라이드(패딩)**: 7×7 입력에 3×3 필터를 패딩 없이 놓으면, 각 열이 필터 창에 들어가는 횟수는 "
              "왼쪽부터 {plain}입니다. 가장자리 칸은 가운데 칸보다 적게 쓰입니다. 패딩 1을 두면 횟수가 {padded:로} 바뀌어 가장자리도 "
              "계산에 더 많이 참여하고, 출력 크기도 7×7로 유지됩니다.",
        "en": "**The lecture's padding slide**: a 3×3 filter on a 7×7 input without padding covers the columns, from "
              "the left, {plain} times: the edge cells are used less than the middle ones. With padding 1 this "
              "becomes {padded}: the edges take part more, and the output stays 7×7.",
    },
    "conv.slide.fc_scale": {
        "ko": "**강의 슬라이드(완전 연결층의 한계)**: 28×28 흑백 이미지는 입력이 {small:,}개지만, 1024×768 이미지는 "
              "{large:,}개입니다. 첫 은닉층이 강의 MLP처럼 뉴런 {hidden}개라면 그 층의 파라미터만 {small_w:,}개에서 "
              "{large_w:,}개로 늘어납니다. 합성곱 층은 이미지 크기와 상관없이 필터의 가중치(3×3 필터 하나에 9개와 "
              "편향 1개)만 배웁니다.",
        "en": "**The lecture's slide on the limits of fully-connected layers**: a 28×28 grey image has {small:,} "
              "inputs, a 1024×768 image {large:,}. With a first hidden layer of {hidden} units, as in the lecture's "
              "MLP, that layer alone grows from {small_w:,} to {large_w:,} parameters. A convolutional layer learns "
              "only its filters' weights (9 and a bias for one 3×3 filter), whatever the image size.",
    },
    "conv.img.upload_shown": {
        "ko": "보이는 그림: **{name}**. 위 상자에 빨간색으로 표시된 파일은 브라우저가 거부한 것입니다(PNG/JPEG가 "
              "아니거나 5 MB 초과). 그 파일은 쓰이지 않으니 ×로 지우고 다른 파일을 고르세요.",
        "en": "Picture shown: **{name}**. A file marked in red in the box above was refused by the browser (not "
              "PNG/JPEG, or over 5 MB) and is not used: remove it with its × and choose another file.",
    },
    "conv.img.loading": {"ko": "이미지를 불러오는 중…", "en": "Loading the image…"},
    "conv.img.fallback": {
        "ko": "대신 내장 그림(손글씨 7)을 보여 줍니다.", "en": "Showing the built-in picture (a handwritten 7) instead.",
    },
    "conv.img.panel.input": {"ko": "입력 (흑백 {h}×{w})", "en": "Input (grey {h}×{w})"},
    "conv.img.panel.kernel": {"ko": "필터", "en": "Filter"},
    "conv.img.panel.raw": {"ko": "합성곱 결과 ({h}×{w})", "en": "Convolution output ({h}×{w})"},
    "conv.img.panel.relu": {"ko": "ReLU(결과)", "en": "ReLU(output)"},
    "conv.img.min_max": {"ko": "결과의 최솟값 … 최댓값", "en": "Output min … max"},
    "conv.img.zeroed": {"ko": "ReLU가 0으로 만든 칸", "en": "Cells ReLU sets to 0"},
    "conv.img.output_shape": {"ko": "특징 맵 크기", "en": "Feature map size"},
    "conv.img.colours": {
        "ko": "색: 합성곱 결과는 밝을수록 큰 값입니다(노랑 = 양수, 회색 = 0, 어두운 파랑 = 음수). ReLU 뒤에는 양수만 밝게 남습니다.",
        "en": "Colours: in the convolution output the lighter, the larger (yellow = positive, grey = 0, dark blue = negative). After ReLU only the positive part stays bright.",
    },
    "conv.img.label": {"ko": "정답 레이블: {label}", "en": "Label: {label}"},
    "conv.code.images": _code(_IMAGES_CODE, {"grey_comment": "흑백 이미지, 0~1 실수", "relu_comment": "음수는 0으로"},
                              {"grey_comment": "grey image, floats in 0..1", "relu_comment": "negatives become 0"}),
    # --- 4. channels ----------------------------------------------------------------------------------------
    "conv.ch.intro": {
        "ko": "흑백 이미지는 채널이 1개라 필터도 1×k×k입니다. 컬러 이미지는 R, G, B 3채널이므로 필터 하나가 3×k×k — 채널마다 한 조각씩 — 이고, 세 결과를 더한 뒤 편향을 더해 **출력 맵 하나**가 됩니다.",
        "en": "A grey image has 1 channel, so a filter is 1×k×k. A colour image has 3 channels (R, G, B), so one filter is 3×k×k — one slice per channel — and the three results are summed, plus the bias, into **one output map**.",
    },
    "conv.ch.image": {"ko": "입력 이미지", "en": "Input image"},
    "conv.ch.img.digit": {"ko": "흑백 (1채널)", "en": "Grey (1 channel)"},
    "conv.ch.img.colour_scene": {"ko": "컬러 (3채널: R, G, B)", "en": "Colour (3 channels: R, G, B)"},
    "conv.ch.img.cifar10": {
        "ko": "CIFAR-10 테스트 이미지 (3채널, 번호는 ‘실제 이미지’ 탭과 같음)",
        "en": "CIFAR-10 test image (3 channels, number as in the ‘real images’ tab)",
    },
    "conv.ch.fallback": {"ko": "대신 내장 컬러 풍경을 씁니다.", "en": "Using the built-in colour scene instead."},
    "conv.ch.grey": {"ko": "흑백", "en": "grey"},
    "conv.ch.weight": {"ko": "{c} 채널 조각의 배율", "en": "Scale of the {c} slice"},
    "conv.ch.bias": {"ko": "편향 b", "en": "Bias b"},
    "conv.ch.c_out": {"ko": "출력 채널 수 (필터 개수)", "en": "Output channels (number of filters)"},
    "conv.ch.c_out.help": {
        "ko": "필터 하나가 출력 맵 하나를 만듭니다. 강의의 MNIST CNN conv1은 10개, CIFAR LeNet conv1은 6개입니다.",
        "en": "Each filter makes one output map. The lecture's MNIST CNN conv1 has 10, CIFAR LeNet conv1 has 6.",
    },
    "conv.ch.params": {"ko": "학습할 파라미터 수", "en": "Learnable parameters"},
    "conv.ch.step1": {
        "ko": "**1단계** — 채널마다 자기 필터 조각으로 합성곱 ({c}개의 맵):",
        "en": "**Step 1** — each channel convolved with its own filter slice ({c} map(s)):",
    },
    "conv.ch.input": {"ko": "입력 ({c}×{h}×{w})", "en": "Input ({c}×{h}×{w})"},
    "conv.ch.col.channel": {"ko": "입력 채널", "en": "Input channel"},
    "conv.ch.col.slice": {"ko": "필터 조각", "en": "Filter slice"},
    "conv.ch.col.map": {"ko": "채널별 결과", "en": "Per-channel result"},
    "conv.ch.step2": {
        "ko": "**2단계** — {c}개의 결과를 칸마다 더하고 편향 {bias:를} 더하면 출력 맵 하나가 됩니다:",
        "en": "**Step 2** — the {c} result(s) added cell by cell, plus the bias {bias}, give one output map:",
    },
    "conv.ch.sum": {"ko": "채널 결과의 합", "en": "Sum over channels"},
    "conv.ch.output": {"ko": "합 + 편향({bias}) = 출력", "en": "Sum + bias ({bias}) = output"},
    "conv.ch.relu": {"ko": "ReLU(출력)", "en": "ReLU(output)"},
    "conv.ch.check": {
        "ko": "출력 크기 {shape}: 입력 채널이 몇 개든 필터 하나는 맵 하나를 만듭니다.",
        "en": "Output size {shape}: however many input channels, one filter makes one map.",
    },
    "conv.code.channels": _code(
        _CHANNELS_CODE,
        {"fill_comment": "위 그림의 필터 하나(출력 채널 0)를 직접 채웁니다: 채널마다 조각 하나",
         "sum_comment": "채널별 결과의 합 + 편향"},
        {"fill_comment": "fill the filter shown above (output channel 0): one slice per channel",
         "sum_comment": "sum of the per-channel results + bias"},
    ),
    # --- 5. whole network ------------------------------------------------------------------------------------
    "conv.net.intro": {
        "ko": "강의의 CNN을 골라 층마다 출력 크기와 파라미터 수를 봅니다. 마지막 합성곱·풀링 뒤의 크기를 모두 곱한 값이 첫 완전연결층의 입력(flatten 크기)입니다.",
        "en": "Pick one of the lecture's CNNs and see every layer's output size and parameter count. The product of the sizes after the last conv/pool is the first fully connected layer's input (the flatten size).",
    },
    "conv.net.model": {"ko": "모델", "en": "Model"},
    "conv.net.mnist_cnn": {"ko": "MNIST CNN (1×28×28)", "en": "MNIST CNN (1×28×28)"},
    "conv.net.cifar_lenet": {"ko": "CIFAR-10 LeNet (3×32×32)", "en": "CIFAR-10 LeNet (3×32×32)"},
    "conv.net.cifar_cnn": {"ko": "CIFAR-10 개선 CNN (3×32×32)", "en": "CIFAR-10 bigger CNN (3×32×32)"},
    "conv.net.flatten": {"ko": "flatten 크기", "en": "Flatten size"},
    "conv.net.total": {"ko": "전체 파라미터 수", "en": "Total parameters"},
    "conv.net.input": {"ko": "입력 크기", "en": "Input size"},
    "conv.net.col.layer": {"ko": "층", "en": "Layer"},
    "conv.net.col.code": {"ko": "PyTorch", "en": "PyTorch"},
    "conv.net.col.shape": {"ko": "출력 크기 (C×H×W)", "en": "Output shape (C×H×W)"},
    "conv.net.col.params": {"ko": "파라미터 수", "en": "Parameters"},
    "conv.net.col.how": {"ko": "계산", "en": "Calculation"},
    "conv.net.kind.input": {"ko": "입력", "en": "input"},
    "conv.net.kind.pool": {"ko": "최대 풀링", "en": "max pooling"},
    "conv.net.kind.flatten": {"ko": "펼치기 (flatten)", "en": "flatten"},
    "conv.net.note": {
        "ko": "{model}의 flatten 크기 {flat:은} 강의 코드의 nn.Linear({flat}, …)와 같습니다. 풀링과 flatten에는 파라미터가 없습니다.",
        "en": "The flatten size {flat} of the {model} is the {flat} in the lecture code's nn.Linear({flat}, …). Pooling and flatten have no parameters.",
    },
    # --- image uploads -----------------------------------------------------------------------------------------
    "images.err.empty": {"ko": "파일이 비어 있습니다.", "en": "The file is empty."},
    "images.err.no_upload": {
        "ko": "아직 올린 이미지가 없습니다. 위에서 PNG 또는 JPEG 파일을 고르세요.",
        "en": "No image uploaded yet. Choose a PNG or JPEG file above.",
    },
    "images.err.too_many_bytes": {
        "ko": "파일이 너무 큽니다({size_mb} MB). {limit_mb} MB 이하의 이미지를 올려 주세요.",
        "en": "The file is too large ({size_mb} MB). Please upload an image of at most {limit_mb} MB.",
    },
    "images.err.format": {
        "ko": "PNG와 JPEG만 받습니다(이 파일은 {found}).", "en": "Only PNG and JPEG are accepted (this file is {found}).",
    },
    "images.err.too_large": {
        "ko": "이미지가 너무 큽니다({width}×{height} 픽셀). 가로·세로 모두 {limit} 픽셀 이하여야 합니다.",
        "en": "The image is too large ({width}×{height} pixels). Both sides must be at most {limit} pixels.",
    },
    "images.err.bomb": {
        "ko": "이 파일은 크기에 비해 픽셀 수가 비정상적으로 많아(압축 폭탄 의심) 열지 않았습니다.",
        "en": "This file declares far more pixels than its size suggests (a possible decompression bomb), so it was not opened.",
    },
    "images.err.not_image": {
        "ko": "이미지 파일이 아닙니다. 확장자만 .png/.jpg로 바뀐 다른 파일일 수 있습니다.",
        "en": "This is not an image file (perhaps another file renamed to .png/.jpg).",
    },
    "images.err.truncated": {
        "ko": "이미지 파일이 잘렸거나 손상되어 읽을 수 없습니다({why}).",
        "en": "The image file is truncated or damaged and cannot be read ({why}).",
    },
    # --- pooling page -----------------------------------------------------------------------------------------
    "pool.intro": {
        "ko": "풀링은 특징 맵을 작은 창으로 나눠 창마다 숫자 하나만 남깁니다. 최대 풀링은 가장 큰 값, 평균 풀링은 평균, 최소 풀링은 가장 작은 값을 남깁니다.",
        "en": "Pooling divides a feature map into small windows and keeps one number per window: max pooling the largest, average pooling the mean, min pooling the smallest.",
    },
    "pool.notes": {
        "ko": "강의 정리:\n- 풀링에는 학습할 파라미터가 없습니다(창 크기와 스트라이드만 정하면 끝).\n- 강의 슬라이드(풀링): "
              "**입력 가까운 층에서는 최대 풀링, 출력 가까운 층에서는 평균 풀링**을 씁니다.\n- 최대 풀링은 창 안에서 가장 "
              "강한 반응(특징)을 남깁니다. 입력 가까이에서는 경계 같은 특징이 드문드문 강하게 나타나므로, 그 자리를 지키며 "
              "크기를 줄이는 데 알맞습니다.\n- 평균 풀링은 창 안의 모든 값을 반영하므로, 출력 가까이에서 특징 맵 전체의 "
              "정보를 골고루 모을 때 씁니다. 강의의 MNIST CNN과 LeNet은 최대 풀링만 씁니다.",
        "en": "The lecture's notes:\n- Pooling has no parameters to learn (only a window size and a stride).\n- The "
              "lecture's pooling slide: **max pooling near the input, average pooling near the output**.\n- Max "
              "pooling keeps the strongest response (feature) in each window: near the input, features such as edges "
              "are sparse and strong, and max pooling shrinks the map while keeping them.\n- Average pooling reflects "
              "every value in the window, so near the output it gathers the information of the whole feature map. "
              "The lecture's MNIST CNN and LeNet use max pooling only.",
    },
    "pool.size": {"ko": "풀 크기 K", "en": "Pool size K"},
    "pool.size.help": {"ko": "창의 가로·세로 칸 수입니다(강의: 2).", "en": "Side of the window (lecture: 2)."},
    "pool.stride": {"ko": "스트라이드 S", "en": "Stride S"},
    "pool.stride.help": {
        "ko": "창이 움직이는 칸 수입니다. PyTorch 기본값은 풀 크기와 같습니다.",
        "en": "How far the window moves. PyTorch's default equals the pool size.",
    },
    "pool.padding": {"ko": "패딩 P", "en": "Padding P"},
    "pool.padding.help": {
        "ko": "PyTorch는 풀 크기의 절반까지만 패딩을 허용합니다. 최대·최소 풀링에서 패딩 칸은 무시되고, 평균 풀링에서는 0으로 세어집니다.",
        "en": "PyTorch allows at most half the pool size. Max and min pooling ignore padding cells; average pooling counts them as 0.",
    },
    "pool.grid.title": {"ko": "직접 고칠 수 있는 입력", "en": "An editable input"},
    "pool.grid.reset": {"ko": "기본 예제로", "en": "Default example"},
    "pool.grid.random": {"ko": "무작위 6×6", "en": "Random 6×6"},
    "pool.size_line": {
        "ko": "입력 {h}×{w}, 풀 {k}×{k}, 스트라이드 {s}, 패딩 {p} → 출력 {oh}×{ow}",
        "en": "Input {h}×{w}, pool {k}×{k}, stride {s}, padding {p} → output {oh}×{ow}",
    },
    "pool.step": {"ko": "창 위치 (출력 칸 번호)", "en": "Window position (output cell number)"},
    "pool.step.help": {"ko": "왼쪽 위부터 한 줄씩, 모두 {n}칸입니다.", "en": "Row by row from the top left; {n} cells."},
    "pool.input": {"ko": "입력 + 패딩 {p} (회색)", "en": "Input + padding {p} (grey)"},
    "pool.input_plain": {"ko": "입력", "en": "Input"},
    "pool.mode.max": {"ko": "최대 풀링", "en": "Max pooling"},
    "pool.mode.avg": {"ko": "평균 풀링", "en": "Average pooling"},
    "pool.mode.min": {"ko": "최소 풀링", "en": "Min pooling"},
    "pool.no_params": {
        "ko": "세 가지 모두 가중치가 없습니다. 같은 창에서 무엇을 남기느냐만 다릅니다. 최소 풀링은 PyTorch에 따로 없어서 −max_pool(−x)로 계산합니다.",
        "en": "None of the three has weights; they differ only in what they keep from the same window. PyTorch has no min pooling, so it is −max_pool(−x).",
    },
    "pool.avg_padding": {
        "ko": "패딩이 있으면 평균 풀링은 패딩 칸을 0으로 세어 창 전체 칸 수로 나눕니다(PyTorch 기본값 count_include_pad=True). 최대·최소 풀링은 패딩 칸을 건너뜁니다.",
        "en": "With padding, average pooling counts padding cells as 0 and divides by the whole window (PyTorch's default count_include_pad=True). Max and min pooling skip padding cells.",
    },
    "pool.code.grid": _code(_POOL_CODE, {"min_comment": "최소 풀링"}, {"min_comment": "min pooling"}),
    "pool.real.title": {"ko": "실제 특징 맵 풀링", "en": "Pooling a real feature map"},
    "pool.real.intro": {
        "ko": "합성곱 페이지의 ‘실제 이미지에 필터 적용’과 같은 이미지·필터로 만든 ReLU 특징 맵을 위와 같은 풀 크기·스트라이드로 줄입니다.",
        "en": "The ReLU feature map from the convolution page's ‘filters on real images’ (same image and filter), pooled with the settings above.",
    },
    "pool.real.feature": {"ko": "ReLU 특징 맵 ({h}×{w})", "en": "ReLU feature map ({h}×{w})"},
    "pool.real.max": {"ko": "최대 풀링 ({h}×{w})", "en": "Max pooling ({h}×{w})"},
    "pool.real.avg": {"ko": "평균 풀링 ({h}×{w})", "en": "Average pooling ({h}×{w})"},
    "pool.real.min": {"ko": "최소 풀링 ({h}×{w})", "en": "Min pooling ({h}×{w})"},
    "pool.real.caption": {
        "ko": "필터: {kernel}, 합성곱 패딩 {p}, 스트라이드 {s}. 풀링으로 칸 수가 약 {ratio}분의 1로 줄었습니다. 최대 풀링은 경계가 또렷하게 남고, 평균 풀링은 흐려지며, ReLU 뒤의 최소 풀링은 대부분 0입니다.",
        "en": "Filter: {kernel}, convolution padding {p}, stride {s}. Pooling cut the number of cells by about {ratio}×. Max pooling keeps the edges crisp, average pooling blurs them, and min pooling after ReLU is mostly 0.",
    },
    "pool.code.real": {"ko": _POOL_REAL_CODE, "en": _POOL_REAL_CODE},
}
