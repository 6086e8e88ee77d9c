"""Bad input, property-based: whatever a student types into a field or drags a slider to, the library
answers with a result or a clear message, never a traceback.

Each property runs 200 generated cases in `make test`, a fresh draw every run (hypothesis, no example database);
`EXPLAINER_PROPERTY_CASES=2000` searches deeper. Two kinds of input per function:
- the range the page's widgets allow (checked for a *result*: finite, right shape, consistent), and
- anything at all of the right type (checked for a result *or* a readable `ValueError` / i18n error key).
The generated PyTorch code beside each widget must stay valid Python for every setting.
"""

from __future__ import annotations

import io
import math
import os
import warnings

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from explainer.data import images
from explainer.i18n import CATALOGUE, LANGUAGES, t
from explainer.snippets import fundamentals as code
from explainer.topics import activations as act
from explainer.topics import convolution as conv
from explainer.topics import dropout, perceptron, softmax
from explainer.training import estimate
from explainer.xor import engines
from explainer.xor import net as xor_net
from models import shapes

CASES = int(os.environ.get("EXPLAINER_PROPERTY_CASES", "200"))  # 25 properties x 1,000 cases took 70 s of CPU
PROPERTY = settings(max_examples=CASES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# The page widgets' ranges (pages/*.py): kept here so a widened slider that breaks a function shows up.
ANY_INT = st.integers(min_value=-10**6, max_value=10**6)
CALC_FIELD = st.integers(min_value=0, max_value=4096)  # convolution calculator number inputs
GRID_VALUE = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)  # data-editor cells (NaN -> 0 by ui)
ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)
SEED = st.integers(min_value=0, max_value=2**31 - 1)  # sidebar seed number input


def clear_message(error: BaseException) -> None:
    """A message a person can act on: non-empty, one short paragraph, no Python internals."""
    text = str(error)
    assert text.strip(), f"{type(error).__name__} without a message"
    assert len(text) < 400 and "Traceback" not in text and "object at 0x" not in text, text


def translated(key: str, values: dict) -> None:
    """An i18n error key that formats into real text in every language."""
    assert key in CATALOGUE, f"error key {key!r} is not in the catalogue"
    for lang in LANGUAGES:
        text = t(key, lang, **values)
        assert text.strip() and text != key and "{" not in text, (key, lang, text)


def valid_python(source: str) -> None:
    compile(source, "<page code>", "exec")


def grids(min_side=1, max_side=7):
    return st.integers(min_side, max_side).flatmap(
        lambda h: st.integers(min_side, max_side).flatmap(
            lambda w: st.lists(GRID_VALUE, min_size=h * w, max_size=h * w).map(
                lambda v: np.array(v, dtype=np.float64).reshape(h, w))))


# --- output-size calculators ---------------------------------------------------------------------


@PROPERTY
@given(h=CALC_FIELD, w=CALC_FIELD, fh=CALC_FIELD, fw=CALC_FIELD, p=CALC_FIELD, s=CALC_FIELD, d=CALC_FIELD)
def test_conv_calculator_fields(h, w, fh, fw, p, s, d):
    """Every value the calculator's seven number inputs allow (0..4096): a size matching nn.Conv2d's
    formula, or translated reasons; the LaTeX working and the code expander's text always render."""
    result = conv.output_size(h, w, fh, fw, p, s, d)
    for axis, size, kernel in ((result.height, h, fh), (result.width, w, fw)):
        axis.latex()
        axis.substituted()
        if axis.ok:
            expected = (size + 2 * p - d * (kernel - 1) - 1) // s + 1
            assert axis.out == expected >= 1
            assert axis.exact
        else:
            assert axis.out is None
    for key, values in result.errors:
        translated(key, values)
    assert result.ok or result.errors
    conv.matching_preset(h, w, fh, fw, p, s, d)
    for lang in LANGUAGES:
        t("conv.code.calculator", lang, h=h, w=w, fh=fh, fw=fw, s=s, p=p, d=d, shape="x")


@PROPERTY
@given(size=st.one_of(ANY_INT, ANY_FLOAT, st.booleans(), st.text(max_size=3), st.none()),
       kernel=ANY_INT, padding=ANY_INT, stride=ANY_INT, dilation=ANY_INT)
def test_axis_output_size_never_raises(size, kernel, padding, stride, dilation):
    """Any type, any sign: the calculator answers with an error key, never an exception."""
    axis = conv.axis_output_size(size, kernel, padding, stride, dilation)
    axis.latex()
    if axis.ok:
        assert axis.out >= 1
    else:
        translated(axis.error, axis.error_values)


@PROPERTY
@given(size=ANY_INT, kernel=ANY_INT, padding=ANY_INT, stride=ANY_INT, dilation=st.integers(-3, 5),
       ceil_mode=st.booleans())
def test_shape_helpers_answer_or_explain(size, kernel, padding, stride, dilation, ceil_mode):
    """conv_output_size / pool_output_size: the integer PyTorch gives, or a ValueError that says why."""
    for compute in (lambda: shapes.conv_output_size(size, kernel, padding, stride, dilation),
                    lambda: shapes.pool_output_size(size, kernel, padding, stride, dilation, ceil_mode)):
        try:
            out = compute()
        except ValueError as error:
            clear_message(error)
        else:
            assert isinstance(out, int) and out >= 1


# --- convolution page: the sliding filter, real images, channels --------------------------------------


@PROPERTY
@given(grid=grids(1, 7), kernel=grids(1, 4), padding=st.integers(0, 2), stride=st.integers(1, 3),
       step=st.integers(0, 10**4))
def test_sliding_filter_section(grid, kernel, padding, stride, step):
    """The animation tab: any edited grid and kernel, padding 0..2, stride 1..3."""
    size = conv.output_size(grid.shape[0], grid.shape[1], kernel.shape[0], kernel.shape[1], padding, stride)
    if not size.ok:
        for key, values in size.errors:
            translated(key, values)
        return
    full = conv.conv2d(grid, kernel, stride=stride, padding=padding)
    assert full.shape == (size.oh, size.ow)
    cells = conv.output_cells(*full.shape)
    step = step % len(cells)
    row, col = cells[step]
    cell = conv.cell_arithmetic(grid, kernel, row, col, stride=stride, padding=padding)
    scale = float(np.abs(cell.inputs * cell.weights).sum())  # sums of +-1e12 products cancel: compare to them
    assert abs(cell.total - full[row, col]) <= 1e-12 * scale + 1e-9
    assert cell.text()
    partial = conv.partial_feature_map(full, step)
    assert np.isfinite(partial).sum() == step + 1
    valid_python(conv.kernel_code(kernel))
    valid_python(conv.matrix_literal(full))


@PROPERTY
@given(value=st.one_of(GRID_VALUE, st.floats(min_value=-1e-300, max_value=1e-300), st.integers(-50, 50).filter(bool)
                       .map(lambda n: 1 / n)), side=st.integers(1, 4))
def test_kernel_code_of_a_constant_kernel_is_that_kernel(value, side):
    """A constant kernel is written as torch.ones(...) / n when that is exact; the code must rebuild it
    (tiny, huge and 1/n constants included: 1e-309 once raised OverflowError, 1e10 printed '/ 0')."""
    kernel = np.full((side, side), value)
    source = conv.kernel_code(kernel)
    rebuilt = eval(source, {"torch": torch})  # noqa: S307 - our own generated expression
    np.testing.assert_allclose(rebuilt.double().numpy(), kernel, rtol=1e-6, atol=5e-5)  # 4 decimals shown


@PROPERTY
@given(source=st.sampled_from(images.SYNTHETIC_SAMPLES), kernel=grids(3, 3), padding=st.integers(0, 3),
       stride=st.integers(1, 4))
def test_filters_on_images_section(source, kernel, padding, stride):
    pixels, _ = images.resolve_image(source)
    grey = images.to_grey(pixels)
    size = conv.output_size(grey.shape[0], grey.shape[1], 3, 3, padding, stride)
    assert size.ok
    filtered = conv.filter_image(grey, kernel, stride, padding)
    assert filtered.raw.shape == (size.oh, size.ow)
    assert np.isfinite(filtered.raw).all() and (filtered.activated >= 0).all()
    conv.format_number(filtered.raw.min())


@PROPERTY
@given(image=st.sampled_from(["digit", "colour_scene"]), preset=st.sampled_from(list(conv.KERNEL_PRESETS)),
       weights=st.lists(st.sampled_from(np.arange(-1.0, 1.01, 0.25).tolist()), min_size=3, max_size=3),
       bias=st.floats(-2.0, 2.0), out_channels=st.integers(1, 512))
def test_channels_section(image, preset, weights, bias, out_channels):
    pixels = images.synthetic_image(image)
    weights = weights[: pixels.shape[0]]
    kernel3 = conv.channel_kernel(conv.KERNEL_PRESETS[preset], weights)
    steps = conv.channel_steps(pixels, kernel3, bias=bias)
    np.testing.assert_allclose(steps.output, steps.per_channel.sum(0) + bias)
    assert conv.conv_parameter_count(3, 3, pixels.shape[0], out_channels) == (9 * pixels.shape[0] + 1) * out_channels


# --- pooling page ---------------------------------------------------------------------------------------


@PROPERTY
@given(grid=grids(1, 5), size=st.integers(1, 4), stride=st.integers(1, 4), padding=st.integers(0, 2),
       step=st.integers(0, 1000))
def test_pooling_section(grid, size, stride, padding, step):
    """The pooling page's sliders (size 1..4, stride 1..4, padding clamped to size // 2) over any grid."""
    padding = min(padding, size // 2)
    result = conv.output_size(grid.shape[0], grid.shape[1], size, size, padding, stride)
    if not result.ok:
        for key, values in result.errors:
            translated(key, values)
        return
    pooled = {mode: conv.pool2d(grid, size, stride, padding, mode) for mode in conv.POOL_MODES}
    cells = conv.output_cells(*pooled["max"].shape)
    row, col = cells[step % len(cells)]
    for mode in conv.POOL_MODES:
        cell = conv.pool_arithmetic(grid, size, row, col, stride, padding, mode)
        assert np.isfinite(cell.result) and cell.text()
    assert (pooled["min"] <= pooled["avg"] + 1e-6).all() or padding  # avg counts zero padding
    assert (pooled["max"] >= pooled["min"]).all()


# --- activations page -----------------------------------------------------------------------------------


@PROPERTY
@given(x=ANY_FLOAT, slope=st.floats(0.0, 0.5))
def test_activation_values_and_slopes(x, slope):
    """The x slider (-6..6) and slope slider (0..0.5); any float, infinities and NaN included, never raises."""
    for name in act.ACTIVATIONS:
        value = float(act.activation(name, x, slope))
        gradient = float(act.derivative(name, x, slope))
        if math.isfinite(x):
            low, high = act.OUTPUT_RANGES[name]
            assert (low is None or value >= low) and (high is None or value <= high)
            assert 0 <= gradient <= act.max_derivative(name, slope)
    if -6 <= x <= 6:
        valid_python(code.activations_code(x, slope))


@PROPERTY
@given(name=st.text(max_size=12))
def test_unknown_activation_is_explained(name):
    assume(name not in act.ACTIVATIONS)
    with pytest.raises(ValueError) as info:
        act.activation(name, 0.0)
    clear_message(info.value)


@PROPERTY
@given(name=st.sampled_from(act.TRAINABLE_ACTIVATIONS), depth=st.integers(1, 20),
       init=st.sampled_from(act.INITIALISATIONS), seed=SEED, slope=st.floats(0.0, 0.5))
def test_gradient_vanishing_section(name, depth, init, seed, slope):
    """The depth slider (1..20), activation and initialisation boxes, the sidebar seed."""
    report = act.gradient_report(name, depth, init, seed=seed, negative_slope=slope)
    assert report.depth == depth and np.isfinite(report.loss)
    assert np.isfinite(report.weight_grad_norms).all() and (report.weight_grad_norms >= 0).all()
    report.first_to_last_ratio  # noqa: B018 - a property that must not raise (NaN when the last is 0)
    valid_python(code.vanishing_code(name, depth, init, seed, slope))


# --- perceptron page ------------------------------------------------------------------------------------

WEIGHT = st.floats(-8.0, 8.0).map(lambda v: round(v, 1))  # sliders ±8, step 0.1


@PROPERTY
@given(w1=WEIGHT, w2=WEIGHT, b=WEIGHT, gate=st.sampled_from(perceptron.GATES),
       eta=st.sampled_from([0.1, 0.2, 0.5, 1.0]), start=st.integers(0, 3))
def test_perceptron_section(w1, w2, b, gate, eta, start):
    rows = perceptron.truth_table(w1, w2, b, gate)
    assert len(rows) == 4
    line = perceptron.decision_line(w1, w2, b)
    if line is not None:
        for x1, x2 in line:
            assert abs(w1 * x1 + w2 * x2 + b) < 1e-6 * max(1.0, abs(w1), abs(w2), abs(b))
    update = perceptron.learning_step(w1, w2, b, gate, eta, start)
    assert (update is None) == (perceptron.correct_count(w1, w2, b, gate) == 4)
    run = perceptron.train(w1, w2, b, gate, eta, perceptron.DEFAULT_MAX_EPOCHS)
    if run.converged:
        assert perceptron.correct_count(*run.final, gate) == 4
    elif gate != "XOR":
        assert run.epochs == perceptron.DEFAULT_MAX_EPOCHS
    assert gate != "XOR" or not run.converged
    valid_python(code.perceptron_code(w1, w2, b, gate, eta, perceptron.GATE_TRUTH[gate]))


@PROPERTY
@given(w1=ANY_FLOAT, w2=ANY_FLOAT, b=ANY_FLOAT, gate=st.text(max_size=5))
def test_perceptron_odd_values(w1, w2, b, gate):
    """Weights out of range (even inf/NaN, e.g. from session state) and unknown gates: a result or a reason."""
    try:
        perceptron.truth_table(w1, w2, b, gate)
        perceptron.decision_line(w1, w2, b)
    except ValueError as error:
        assert gate not in perceptron.GATES
        clear_message(error)


# --- softmax page ---------------------------------------------------------------------------------------


@PROPERTY
@given(logits=st.lists(st.floats(-5.0, 5.0), min_size=3, max_size=3), target=st.integers(0, 2))
def test_softmax_section(logits, target):
    """Three logit sliders (-5..5) and the target radio: checked against torch."""
    report = softmax.logit_report(logits, target)
    assert math.isclose(report.probabilities.sum(), 1.0, rel_tol=1e-12)
    assert report.loss >= 0 and math.isfinite(report.loss)
    assert abs(report.gradient.sum()) < 1e-12
    expected = torch.nn.functional.cross_entropy(torch.tensor([logits], dtype=torch.float64),
                                                 torch.tensor([target])).item()
    assert math.isclose(report.loss, expected, rel_tol=1e-9, abs_tol=1e-12)
    valid_python(code.softmax_code(logits, target))


@PROPERTY
@given(logits=st.lists(st.floats(-1e300, 1e300), min_size=1, max_size=10), target=st.integers(-2, 12))
def test_softmax_extreme_logits(logits, target):
    """Huge logits never overflow; a target outside the classes is explained."""
    try:
        report = softmax.logit_report(logits, target)
    except (ValueError, IndexError) as error:
        assert not 0 <= target < len(logits)
        if isinstance(error, ValueError):
            clear_message(error)
        return
    assert 0 <= target < len(logits)
    assert np.isfinite(report.probabilities).all() and report.loss >= 0


# --- dropout page ---------------------------------------------------------------------------------------

DROP_P = st.integers(0, 18).map(lambda k: round(0.05 * k, 2))  # slider 0..0.9 step 0.05


@PROPERTY
@given(p=DROP_P, step=st.integers(1, 10**6), seed=SEED, drop_input=st.booleans())
def test_dropout_masks_section(p, step, seed, drop_input):
    masks = dropout.sample_masks(dropout.DEFAULT_LAYER_SIZES, p, step, seed, drop_input=drop_input)
    count = dropout.kept_count(masks, dropout.DEFAULT_LAYER_SIZES, p, drop_input=drop_input)
    assert 0 <= count.kept <= count.droppable
    batch = dropout.batch_masks(8, dropout.DEFAULT_LAYER_SIZES[1], p, step, seed)
    assert batch.shape == (8, dropout.DEFAULT_LAYER_SIZES[1])


@PROPERTY
@given(p=DROP_P, activation=st.floats(-100.0, 100.0), seed=SEED)
def test_dropout_scaling_section(p, activation, seed):
    """The activation number input (-100..100) and p slider: both conventions keep their expectations.
    500 samples instead of the page's 10,000: the checked expectations are exact, not sampled."""
    example = dropout.scaling_example(activation, p, samples=500, seed=seed)
    assert math.isclose(example.inverted_train_mean, activation, rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(example.classic_test, (1 - p) * activation, rel_tol=1e-9, abs_tol=1e-9)
    vector = dropout.vector_example([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], p, seed)
    assert np.isfinite(vector.inverted_train).all()
    valid_python(dropout.pytorch_code(p, activation, seed))


SYNTHETIC_MAPS = dropout.fixed_filter_maps(dropout.synthetic_image())  # what the page shows without the dataset


@PROPERTY
@given(p=DROP_P, seed=SEED, draw=st.integers(1, 10**4))
def test_dropout2d_section(p, seed, draw):
    result = dropout.channel_dropout(SYNTHETIC_MAPS, p, seed * 1_000 + draw)
    assert result.dropout2d.shape == result.maps.shape
    if p == 0:
        assert result.channel_kept.all()


@PROPERTY
@given(p=ANY_FLOAT)
def test_dropout_probability_out_of_range_is_explained(p):
    try:
        dropout.sample_masks((4, 4), p, 1, 0)
    except ValueError as error:
        assert not 0 <= p < 1
        clear_message(error)
    else:
        assert 0 <= p < 1


# --- XOR page (fast trainer) ------------------------------------------------------------------------------


@settings(max_examples=CASES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(hidden=st.integers(-1, 5), width=st.integers(0, 20), activation=st.sampled_from(["sigmoid", "tanh", "relu",
                                                                                         "step"]),
       lr=st.floats(1e-3, 10.0), epochs=st.integers(1, 30), seed=SEED)
def test_xor_trainer_settings(hidden, width, activation, lr, epochs, seed):
    """Hidden layers, width, activation, learning rate, seed: a trained net or a reason. Epochs are kept
    small (<= 30) so the cases stay quick; the epoch count does not change which code paths run."""
    try:
        net = xor_net.XorNet(hidden, width, activation)
    except ValueError as error:
        clear_message(error)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a diverging ReLU net at lr 10 may overflow: shown as such
        run = engines.train(net, lr=lr, epochs=epochs, seeds=seed, snapshots=10)
    assert run.losses.shape == (1, epochs)
    assert run.final_outputs.shape == (1, 4)
    assert 0.0 <= float(run.accuracies[0]) <= 1.0


# --- uploads --------------------------------------------------------------------------------------------


def _png(width: int, height: int, mode: str) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), 128).save(buffer, format="PNG")
    return buffer.getvalue()


VALID_PNG = _png(12, 9, "RGB")


def _check_upload(data: bytes) -> None:
    try:
        loaded = images.load_upload(data)
    except images.ImageRejected as rejected:
        for lang in LANGUAGES:
            assert rejected.message(lang).strip() and "{" not in rejected.message(lang)
        return
    assert loaded.pixels.ndim == 3 and loaded.pixels.shape[0] in (1, 3)
    assert np.isfinite(loaded.pixels).all() and loaded.pixels.min() >= 0 and loaded.pixels.max() <= 1


@PROPERTY
@given(data=st.binary(max_size=2048))
def test_upload_of_arbitrary_bytes(data):
    _check_upload(data)


@PROPERTY
@given(cut=st.integers(0, len(VALID_PNG)), flips=st.lists(st.tuples(st.integers(0, len(VALID_PNG) - 1),
                                                                    st.integers(1, 255)), max_size=4))
def test_upload_of_damaged_png(cut, flips):
    """A real PNG truncated anywhere and with bytes flipped anywhere (header, chunk lengths, CRCs, data)."""
    data = bytearray(VALID_PNG)
    for index, xor in flips:
        data[index] ^= xor
    _check_upload(bytes(data[:cut]))


def _rejected(data: bytes) -> str:
    with pytest.raises(images.ImageRejected) as info:
        images.load_upload(data)
    for lang in LANGUAGES:
        assert info.value.message(lang).strip()
    return info.value.key


def test_malformed_uploads_named_in_the_issue():
    noise = Image.fromarray(np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    png = buffer.getvalue()
    assert _rejected(png[: len(png) // 2]) == "images.err.truncated"
    assert _rejected(b"a lecture note, not a picture\n" * 40) == "images.err.not_image"
    fifty_mb = VALID_PNG + bytes(50 * 1024 * 1024)
    assert _rejected(fifty_mb) == "images.err.too_many_bytes"
    # A decompression bomb: a few KB declaring 20,000 x 20,000 pixels is refused from its header alone.
    from tests.test_images import png_with_header

    bomb = png_with_header(20_000, 20_000)
    assert len(bomb) < 200_000
    assert _rejected(bomb) in ("images.err.bomb", "images.err.too_large")


# --- train-and-compare page: the custom run form ----------------------------------------------------------

HIDDEN_TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.integers(-5, 10_000).map(str), max_size=9).map(", ".join),  # number lists, some out of range
    st.text(alphabet="0123456789²³¹٣, ;", max_size=20),  # Unicode digits: isdigit() yet not all int()-able
    st.integers(4300, 6000).map(lambda n: "9" * n),  # longer than Python's int() accepts from a string
)


def _train_message(error) -> None:
    from explainer.views.compare import InvalidSetting

    assert isinstance(error, InvalidSetting), f"{type(error).__name__}: {error}"
    for lang in LANGUAGES:
        text = error.message(lang)
        assert text.strip() and text != error.key, (error.key, lang)


@PROPERTY
@given(text=HIDDEN_TEXT)
def test_hidden_layers_text_field(text):
    """The free-text 'hidden layer sizes' field: a tuple of widths within limits, or a translated reason."""
    from explainer.views import compare

    try:
        sizes = compare.parse_hidden(text)
    except Exception as error:  # noqa: BLE001 - any other exception is the failure this test looks for
        _train_message(error)
        return
    assert 1 <= len(sizes) <= compare.MAX_HIDDEN_LAYERS
    assert all(1 <= size <= compare.MAX_HIDDEN_WIDTH for size in sizes)


@PROPERTY
@given(dataset=st.sampled_from(["mnist", "fashion_mnist", "cifar10"]), pick=st.integers(0, 10),
       optimizer=st.sampled_from(["sgd", "sgd_momentum", "adam"]), lr=st.floats(1e-5, 5.0),
       momentum=st.floats(0.05, 0.99), batch=st.sampled_from([4, 8, 16, 32, 64, 100, 128, 256, 512]),
       epochs=st.integers(1, 500), seed=SEED, subset=st.integers(0, 100_000), dropout=DROP_P,
       hflip=st.booleans(), hidden=HIDDEN_TEXT)
def test_custom_training_form(dataset, pick, optimizer, lr, momentum, batch, epochs, seed, subset, dropout, hflip,
                              hidden):
    """Every combination the custom form's widgets allow: a recipe with its code, hash and time estimate, or a
    translated reason."""
    from explainer.snippets import train as code_train
    from explainer.training.recipes import config_hash
    from explainer.views import compare

    models = compare.image_models_for(dataset)
    model = models[pick % len(models)]
    options = compare.model_options(model)
    try:
        recipe = compare.custom_recipe(dataset, model, optimizer=optimizer, lr=lr, momentum=momentum,
                                       batch_size=batch, epochs=epochs,
                                       hidden=hidden if options["hidden"] is not None else None,
                                       dropout=dropout if options["dropout"] is not None else None,
                                       hflip=hflip, seed=seed, train_subset=subset or None)
    except Exception as error:  # noqa: BLE001
        _train_message(error)
        return
    assert len(config_hash(recipe, "cpu")) == 16
    valid_python(code_train.training_code(recipe))
    seconds = estimate.estimate_seconds(recipe, 60_000, "cpu")
    assert math.isfinite(seconds) and seconds >= 0
    for lang in LANGUAGES:
        assert compare.parameters_text(recipe, lang) and compare.duration_text(seconds, lang)


IMAGE_KIND = st.sampled_from(["noise", "blank_black", "blank_white", "one_pixel", "stripes"])


def _picture(kind: str, channels: int, height: int, width: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "noise":
        return rng.random((channels, height, width))
    if kind == "blank_black":
        return np.zeros((channels, height, width))
    if kind == "blank_white":
        return np.ones((channels, height, width))
    if kind == "one_pixel":
        picture = np.zeros((channels, height, width))
        picture[:, rng.integers(height), rng.integers(width)] = 1.0
        return picture
    picture = np.zeros((channels, height, width))
    picture[:, ::2] = 1.0
    return picture


@PROPERTY
@given(kind=IMAGE_KIND, channels=st.sampled_from([1, 3]), height=st.integers(1, 48), width=st.integers(1, 48),
       seed=SEED, dataset=st.sampled_from(["mnist", "fashion_mnist", "cifar10"]))
def test_uploaded_picture_for_the_feature_maps(kind, channels, height, width, seed, dataset):
    """Any decoded upload (1x1 to 48x48, grey or colour, blank or noisy) becomes a model input of the right shape."""
    from explainer.inspection import feature_maps

    prepared = feature_maps.image_for_dataset(_picture(kind, channels, height, width, seed), dataset)
    assert prepared.shape == data_shape(dataset)
    assert np.isfinite(prepared).all() and prepared.min() >= 0 and prepared.max() <= 1


def data_shape(dataset: str) -> tuple[int, int, int]:
    return (3, 32, 32) if dataset == "cifar10" else (1, 28, 28)


@PROPERTY
@given(side=st.integers(8, 64), strokes=st.integers(0, 6), opaque=st.booleans(), seed=SEED)
def test_canvas_drawing_for_the_feature_maps(side, strokes, opaque, seed):
    """Whatever is drawn on the canvas (nothing, a dot, scribbles, an opaque background): an MNIST-like
    28x28 digit or None (nothing drawn), never an exception."""
    from explainer.inspection import feature_maps

    rng = np.random.default_rng(seed)
    canvas = np.zeros((side, side, 4), dtype=np.uint8)
    if opaque:
        canvas[..., :3], canvas[..., 3] = 255, 255  # white paper
    for _ in range(strokes):
        row, col = rng.integers(side, size=2)
        size = int(rng.integers(1, max(2, side // 3)))
        canvas[row:row + size, col:col + size] = (0, 0, 0, 255)
    digit = feature_maps.mnist_style(feature_maps.ink_of(canvas))
    if strokes == 0:
        assert digit is None  # an empty canvas, transparent or white, holds no digit
    elif not opaque:
        assert digit is not None  # strokes on the transparent canvas are ink
    if digit is not None:
        assert digit.shape == (1, 28, 28) and np.isfinite(digit).all() and 0 <= digit.min() and digit.max() <= 1
