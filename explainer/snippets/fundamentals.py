"""The PyTorch code beside each fundamentals widget, filled in with the widget's current settings.

The code is the same in both languages; its comments are in the page's language (catalogue keys
`code.fund.*`), as in the XOR and convolution pages' code.
"""

from __future__ import annotations

from explainer.i18n import t
from explainer.i18n.numbers import number
from explainer.topics.perceptron import TRUTH_INPUTS


def _comment(key: str, lang: str, **values) -> str:
    return t(f"code.fund.{key}", lang, **values)


def truth_inputs_literal() -> str:
    """The four truth-table points as the code writes them: [[0., 0.], [0., 1.], [1., 0.], [1., 1.]]."""
    return "[" + ", ".join("[" + ", ".join(f"{int(v)}." for v in point) + "]" for point in TRUTH_INPUTS) + "]"


def activations_code(x: float, negative_slope: float, lang: str = "en") -> str:
    return f"""import torch
import torch.nn.functional as F

x = torch.tensor({number(x)}, requires_grad=True)
functions = {{
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda v: F.leaky_relu(v, negative_slope={number(negative_slope)}),
    "step": lambda v: torch.heaviside(v.detach(), torch.tensor(1.0)),  # {_comment("step_no_grad", lang)}
}}
for name, f in functions.items():
    y = f(x)
    if y.requires_grad:
        (slope,) = torch.autograd.grad(y, x)
    else:
        slope = torch.tensor(0.0)
    print(f"{{name:>10}}  f(x) = {{y.item():.4f}}   f'(x) = {{slope.item():.4f}}")
"""


_INIT_CODE = {
    "default": "pass  # {default_init}",
    "xavier": "nn.init.xavier_uniform_(layer.weight); nn.init.zeros_(layer.bias)",
    "he": "nn.init.kaiming_normal_(layer.weight, nonlinearity=\"relu\"); nn.init.zeros_(layer.bias)",
    "normal": "nn.init.normal_(layer.weight, 0.0, 1.0); nn.init.zeros_(layer.bias)",
}
_ACTIVATION_MODULE = {"sigmoid": "nn.Sigmoid()", "tanh": "nn.Tanh()", "relu": "nn.ReLU()",
                      "leaky_relu": "nn.LeakyReLU({slope})"}


def vanishing_code(activation: str, depth: int, init: str, seed: int, negative_slope: float,
                   width: int = 32, batch: int = 64, classes: int = 10, lang: str = "en") -> str:
    module = _ACTIVATION_MODULE[activation].format(slope=number(negative_slope))
    init_code = _INIT_CODE[init].format(default_init=_comment("default_init", lang))
    return f"""import torch
import torch.nn.functional as F
from torch import nn

torch.set_default_dtype(torch.float64)   # {_comment("float64", lang)}
torch.manual_seed({seed})
layers = []
for _ in range({depth}):
    layers += [nn.Linear({width}, {width}), {module}]
layers.append(nn.Linear({width}, {classes}))
model = nn.Sequential(*layers)
for layer in model:
    if isinstance(layer, nn.Linear):
        {init_code}

x = torch.randn({batch}, {width})
labels = torch.randint(0, {classes}, ({batch},))
loss = F.cross_entropy(model(x), labels)
loss.backward()

linears = [m for m in model if isinstance(m, nn.Linear)][:-1]
for k, layer in enumerate(linears, start=1):
    print(k, layer.weight.grad.norm().item())
"""


def perceptron_code(w1: float, w2: float, b: float, gate: str, eta: float, truth: tuple[int, ...],
                    lang: str = "en") -> str:
    targets = "[" + ", ".join(number(2 * v - 1) for v in truth) + "]"
    return f"""import torch

X = torch.tensor({truth_inputs_literal()})
t = torch.tensor({targets}, dtype=torch.float32)  # {_comment("targets", lang, gate=gate)}
w = torch.tensor([{number(w1)}, {number(w2)}])
b = torch.tensor({number(b)})

def tau(s):
    return torch.where(s >= 0, 1.0, -1.0)

s = b + X @ w
print("s =", s.tolist(), " tau(s) =", tau(s).tolist())

eta = {number(eta)}
for epoch in range(100):
    mistakes = 0
    for x_i, t_i in zip(X, t):
        y_i = tau(b + x_i @ w)
        if y_i != t_i:
            w = w + eta * (t_i - y_i) * x_i
            b = b + eta * (t_i - y_i)
            mistakes += 1
    if mistakes == 0:
        print("converged after", epoch + 1, "epochs:", w.tolist(), b.item())
        break
else:
    print("no convergence (XOR is not linearly separable)")
"""


def xor_two_layer_code(lang: str = "en") -> str:
    return f"""import torch
from torch import nn

step = lambda s: torch.heaviside(s, torch.tensor(1.0))   # {_comment("step_01", lang)}
hidden = nn.Linear(2, 2)   # {_comment("hidden_units", lang)}
output = nn.Linear(2, 1)   # {_comment("output_and", lang)}
with torch.no_grad():
    hidden.weight.copy_(torch.tensor([[1.0, 1.0], [-1.0, -1.0]]))
    hidden.bias.copy_(torch.tensor([-0.5, 1.5]))
    output.weight.copy_(torch.tensor([[1.0, 1.0]]))
    output.bias.fill_(-1.5)

X = torch.tensor({truth_inputs_literal()})
with torch.no_grad():
    h = step(hidden(X))
    print(step(output(h)).squeeze(1))   # tensor([0., 1., 1., 0.]) = XOR
"""


def softmax_code(logits, target: int, lang: str = "en") -> str:
    values = ", ".join(number(v) for v in logits)
    return f"""import torch
import torch.nn.functional as F

z = torch.tensor([[{values}]], requires_grad=True)   # {_comment("logits", lang)}
target = torch.tensor([{target}])

p = F.softmax(z, dim=1)
loss = F.cross_entropy(z, target)   # = -ln p[target], {_comment("natural_log", lang)}
loss.backward()

print("p      =", p.detach().numpy().round(4))
print("loss   =", round(loss.item(), 4))
print("dL/dz  =", z.grad.numpy().round(4))   # = p - one_hot(target)
"""


def lecture_table_code(predictions, targets, lang: str = "en") -> str:
    rows = ", ".join("[" + ", ".join(number(v) for v in row) + "]" for row in predictions)
    labels = [int(row.index(max(row))) for row in (list(r) for r in targets)]
    return f"""import torch
import torch.nn.functional as F

p = torch.tensor([{rows}])
labels = torch.tensor({labels})   # {_comment("class_indices", lang)}

per_sample = F.nll_loss(torch.log(p), labels, reduction="none")   # -ln p[{_comment("true_class", lang)}]
print(per_sample)          # tensor([0.5108, 0.5108, 1.2040])
print(per_sample.mean())   # tensor(0.7419)

print(-torch.log10(torch.tensor(0.7)))   # 0.1549: {_comment("base10", lang)}
print(-torch.log(torch.tensor(0.7)))     # 0.3567: {_comment("natural", lang)}
"""
