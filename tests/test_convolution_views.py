"""The convolution and pooling pages' view-models (explainer.views.convolution, .pooling, .picture), without
Streamlit: what each tab shows for given widget values, what the buttons set, and that results are cached."""

import io

import numpy as np
import pytest
import torch
from PIL import Image

from explainer.i18n import t
from explainer.topics import convolution as conv
from explainer.views import convolution as view
from explainer.views import picture as pictures
from explainer.views import pooling


def kinds(blocks, kind):
    return [payload for k, payload in blocks if k == kind]


def png(side: int, value: int = 200) -> bytes:
    picture = io.BytesIO()
    Image.new("L", (side, side), value).save(picture, format="PNG")
    return picture.getvalue()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_calculator_sizes_warnings_and_the_lectures_remark(lang):
    blocks = view.calculator(7, 7, 3, 3, 0, 3, 1, lang)  # the slide's 7x7, 3x3, stride 3: (7-3)/3+1 = 2.33
    assert [value for _, value in kinds(blocks, "metrics")[0]] == [2, 2, "2 × 2"]
    assert any("2.33" in text for text in kinds(blocks, "warning"))
    assert t("conv.calc.slide_wrong", lang) in kinds(blocks, "info")
    assert kinds(blocks, "pytorch")[0].count("torch.Size([1, 1, 2, 2])") == 1
    assert len(kinds(blocks, "charts")) == 1  # square: one strip for H and W
    assert view.calculator(7, 7, 3, 3, 0, 3, 1, lang) is blocks  # cached: the same answer is not built again

    stride_zero = view.calculator(7, 7, 3, 3, 0, 0, 1, lang)
    assert t("conv.err.stride_zero", lang) in kinds(stride_zero, "error")
    assert [value for _, value in kinds(stride_zero, "metrics")[0]] == ["—", "—", "—"]
    assert "RuntimeError" in kinds(stride_zero, "pytorch")[0]
    assert len(kinds(view.calculator(7, 9, 3, 3, 0, 2, 1, lang), "charts")) == 2  # H and W differ: a strip each


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_window_strip_says_where_each_window_sits_and_which_cells_none_reaches(lang):
    """Its text summary listed the bars ("input cells 1, input cells 1, ..., window 1 3, window 2 3"): it now says
    what the strip shows, the lecture's 7x7, 3x3, stride 3 included (column 6 is dropped)."""
    from explainer.figures.summary import describe

    (_, (_, charts)), = [block for block in view.calculator(7, 7, 3, 3, 0, 3, 1, lang) if block[0] == "charts"]
    text = describe(charts[0][1], lang)
    assert text.endswith(t("conv.calc.strip.summary", lang, cells=7, padding=0, count=2, windows="0…2, 3…5",
                           dropped="6"))
    (_, (_, padded)), = [block for block in view.calculator(4, 4, 3, 3, 1, 1, 1, lang) if block[0] == "charts"]
    assert describe(padded[0][1], lang).endswith(t("conv.calc.strip.summary", lang, cells=6, padding=1, count=4,
                                                   windows="0…2, 1…3, 2…4, 3…5",
                                                   dropped=t("a11y.summary.none", lang)))


def test_calculator_presets_set_every_field_and_dilation_back_to_one():
    assert view.calculator_preset("conv.preset.4x4_p1") == {
        "conv.calc.h": 4, "conv.calc.w": 4, "conv.calc.fh": 3, "conv.calc.fw": 3, "conv.calc.p": 1, "conv.calc.s": 1,
        "conv.calc.d": 1}
    assert set(view.CALC_PRESETS) == {preset.key for preset in conv.CALCULATOR_PRESETS}


def test_animation_buttons_and_resizing():
    values, grids = view.lecture_grid()
    assert values == {"conv.anim.size": 5, "conv.anim.step": 0} and np.array_equal(grids["conv.anim.input"],
                                                                                   conv.LECTURE_INPUT)
    first, second = view.random_input(777, 0, 6), view.random_input(777, 1, 6)
    assert first[0] == {"conv.anim.random_count": 1} and second[0] == {"conv.anim.random_count": 2}
    assert first[1]["conv.anim.input"].shape == (6, 6)
    assert not np.array_equal(first[1]["conv.anim.input"], second[1]["conv.anim.input"])
    assert np.array_equal(view.random_input(777, 0, 6)[1]["conv.anim.input"], first[1]["conv.anim.input"])
    values, grids = view.slide_example()
    assert values["conv.anim.kernel"] == "custom" and values["conv.anim.size"] == 4
    assert view.resized_input(conv.LECTURE_INPUT.tolist(), 5) is None
    assert view.resized_input(conv.LECTURE_INPUT.tolist(), 7)[0].tolist() == [1, 1, 1, 0, 0, 0, 0]


@pytest.mark.parametrize("padding, stride", [(0, 1), (1, 2), (2, 3)])
def test_animation_frames_write_out_the_cell_torch_computes(padding, stride):
    grid, kernel = view.grid_key(conv.LECTURE_INPUT), view.grid_key(conv.KERNEL_PRESETS["sobel_x"])
    shown = view.animation(grid, kernel, padding, stride, "en")
    expected = torch.nn.functional.conv2d(torch.tensor(conv.LECTURE_INPUT)[None, None],
                                          torch.tensor(conv.KERNEL_PRESETS["sobel_x"])[None, None],
                                          stride=stride, padding=padding)[0, 0]
    assert shown.positions == expected.numel()
    for step in range(shown.positions):
        row, col = divmod(step, expected.shape[1])
        arithmetic = kinds(view.animation_frame(grid, kernel, padding, stride, step, "en"), "arithmetic")[0]
        assert arithmetic.endswith(f"= {conv.format_number(float(expected[row, col]))}")
    too_big = view.animation(view.grid_key(np.ones((3, 3))), view.grid_key(np.ones((5, 5))), 0, 1, "en")
    assert too_big.positions == 0 and kinds(too_big.above, "error")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_picture_filtered_or_the_reason_it_is_not(lang):
    sobel = view.grid_key(conv.KERNEL_PRESETS["sobel_x"])
    digit = view.filtered_picture("digit", 0, None, None, sobel, 0, 1, lang)
    assert dict(kinds(digit, "metrics")[0])[t("conv.img.output_shape", lang)] == "26 × 26"
    assert not kinds(digit, "warning") and kinds(digit, "charts")

    nothing = view.filtered_picture("upload", 0, None, None, sobel, 0, 1, lang)  # a hint, not a warning
    assert kinds(nothing, "info") == [t("images.err.no_upload", lang)] and not kinds(nothing, "warning")
    assert t("conv.img.fallback", lang) in kinds(nothing, "caption")
    broken = view.filtered_picture("upload", 0, b"not a picture", "x.png", sobel, 0, 1, lang)
    assert kinds(broken, "warning") == [t("images.err.not_image", lang)]

    tiny = view.filtered_picture("upload", 0, png(2), "tiny.png", sobel, 0, 1, lang)  # smaller than the filter
    assert kinds(tiny, "error") and not kinds(tiny, "charts")
    shown = view.filtered_picture("upload", 0, png(20), "cat.png", sobel, 0, 1, lang)
    assert t("conv.img.upload_shown", lang, name="cat.png") in kinds(shown, "caption")


def test_a_picture_that_failed_is_tried_again(monkeypatch):
    """Failures are not cached: a dataset that arrives while the app runs is found on the next rerun."""
    answers = [RuntimeError("not there yet"), (np.zeros((1, 4, 4)), 3)]

    def resolve(source, index, upload):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(pictures.images, "resolve_image", resolve)
    assert pictures.picture("upload", 5, b"late", "en").problem
    arrived = pictures.picture("upload", 5, b"late", "en")
    assert arrived.problem is None and arrived.label == 3
    assert pictures.picture("upload", 5, b"late", "en").label == 3  # and now cached: no third answer needed


def test_a_dataset_picture_from_another_folder_is_not_served_from_the_cache(monkeypatch):
    """The data module forgets a split when its folder changes; the cached steps after it must follow."""
    sobel = view.grid_key(conv.KERNEL_PRESETS["sobel_x"])
    for value in (0.25, 0.75):  # picture 7 of MNIST in two data folders
        monkeypatch.setattr(pictures.images, "resolve_image", lambda *_, v=value: (np.full((1, 8, 8), v), 1))
        shown = view.filtered_picture("mnist", 7, None, None, sobel, 1, 1, "en")
        # a constant picture through Sobel x with zero padding: the right edge sums (1 + 2 + 1) × value
        minimum_maximum = dict(kinds(shown, "metrics")[0])[t("conv.img.min_max", "en")]
        assert minimum_maximum.endswith(f"… {conv.format_number(4 * value)}"), minimum_maximum
        grey = pictures.grey(pictures.picture("mnist", 7, None, "en").key)
        assert float(grey.max()) == pytest.approx(value)


def test_uploads_are_remembered_under_the_shared_picture_keys():
    class Uploaded:
        name = "cat.png"

        def getvalue(self):
            return b"bytes"

    assert view.remembered_upload(Uploaded()) == {"picture.upload_bytes": b"bytes", "picture.upload_name": "cat.png"}
    assert view.remembered_upload(None) == {"picture.upload_bytes": None, "picture.upload_name": None}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_channels_count_parameters_and_stand_in_for_a_missing_cifar_picture(lang, data_root):
    colour = view.channel_image("colour_scene", 0, lang)
    assert colour.channel_names == ("R", "G", "B") and not colour.notes
    shown = view.channels(colour.key, "sobel_x", (1.0, 1.0, 1.0), 0.0, 10, lang)
    assert shown.params == 280 and any("= 280" in text for text in kinds(shown.blocks, "latex"))
    assert view.channel_image("digit", 0, lang).channel_names == (t("conv.ch.grey", lang),)
    missing = view.channel_image("cifar10", 0, lang)  # no data in tests: the colour scene stands in
    assert missing.key == ("colour_scene", 0, None, None) and kinds(missing.notes, "warning")
    assert t("conv.ch.fallback", lang) in kinds(missing.notes, "caption")


def test_networks_and_their_flatten_sizes():
    assert dict(kinds(view.network("mnist_cnn", "en"), "metrics")[0])[t("conv.net.flatten", "en")] == 320
    assert dict(kinds(view.network("cifar_lenet", "en"), "metrics")[0])[t("conv.net.total", "en")] == "62,006"


def test_every_control_has_its_texts_in_both_languages():
    for controls in (view.CONTROLS, pooling.CONTROLS):
        for spec in controls.values():
            for lang in ("ko", "en"):
                assert t(spec.label, lang, c="R", n=3) and (spec.help is None or t(spec.help, lang, n=3))
                for choice in spec.options.get("options", ()) if spec.choices else ():
                    assert t(f"{spec.choices}{choice}", lang) != f"{spec.choices}{choice}"


# --- pooling ----------------------------------------------------------------------------------------------------


def test_pool_padding_is_clamped_to_what_pytorch_accepts():
    assert pooling.padding_range(1, 1) == (0, 0) and pooling.padding_slider(0) == {"max_value": 1, "disabled": True}
    assert pooling.padding_range(3, 2) == (1, 1) and pooling.padding_range(4, 1) == (2, 1)
    for size in range(1, 5):
        limit, _ = pooling.padding_range(size, 0)
        torch.nn.MaxPool2d(size, 1, limit)(torch.zeros(1, 1, 6, 6))  # accepted
        with pytest.raises(RuntimeError):
            torch.nn.MaxPool2d(size, 1, limit + 1)(torch.zeros(1, 1, 6, 6))


def test_pool_step_restarts_beyond_a_smaller_output():
    assert pooling.step_slider(5, 4) == (0, {"max_value": 3, "disabled": False})
    assert pooling.step_slider(2, 4)[0] == 2
    assert pooling.step_slider(0, 1) == (0, {"max_value": 1, "disabled": True})


@pytest.mark.parametrize("size, stride, padding", [(2, 2, 0), (3, 1, 1), (2, 1, 1), (4, 2, 2)])
def test_pool_frames_match_torch(size, stride, padding):
    grid = pooling.grid_key(conv.LECTURE_POOL_INPUT)
    positions, beside = pooling.pool_grid(grid, size, stride, padding, "en")
    x = torch.tensor(conv.LECTURE_POOL_INPUT)[None, None]
    expected = {"max": torch.nn.functional.max_pool2d(x, size, stride, padding)[0, 0],
                "avg": torch.nn.functional.avg_pool2d(x, size, stride, padding)[0, 0],
                "min": -torch.nn.functional.max_pool2d(-x, size, stride, padding)[0, 0]}
    assert positions == expected["max"].numel() and kinds(beside, "caption")
    for step in range(positions):
        row, col = divmod(step, expected["max"].shape[1])
        (widths, charts), = kinds(pooling.pool_frame(grid, size, stride, padding, step, "en"), "charts")
        for (_, _, arithmetic), mode in zip(charts[1:], pooling.MODES, strict=True):
            assert arithmetic.endswith(f"= {conv.format_number(float(expected[mode][row, col]))}"), (mode, step)


def test_the_lecture_pool_example_and_a_window_too_big():
    grid = pooling.grid_key(conv.LECTURE_POOL_INPUT)
    (_, charts), = kinds(pooling.pool_frame(grid, 2, 2, 0, 0, "en"), "charts")
    assert [chart[2] for chart in charts[1:]] == ["max(1, 1, 5, 6) = 6", "(1 + 1 + 5 + 6) / 4 = 3.25",
                                                  "min(1, 1, 5, 6) = 1"]
    positions, beside = pooling.pool_grid(pooling.grid_key(np.ones((2, 2))), 3, 1, 0, "en")
    assert positions == 0 and kinds(beside, "error")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_real_feature_map_pooled(lang):
    shown = pooling.real_pooling("digit", 0, None, "sobel_x", None, 0, 1, 2, 2, 0, lang)
    assert kinds(shown, "charts") and "(1, 1, 13, 13)" in kinds(shown, "pytorch")[0]
    custom = pooling.real_pooling("digit", 0, None, "custom", None, 0, 1, 2, 2, 0, lang)  # nothing typed: Sobel x
    assert kinds(custom, "pytorch") == kinds(shown, "pytorch")
    rejected = pooling.real_pooling("upload", 0, b"junk", "sobel_x", None, 0, 1, 2, 2, 0, lang)
    assert kinds(rejected, "warning") == [t("images.err.not_image", lang)]
    assert t("conv.img.fallback", lang) not in kinds(rejected, "caption")
    tiny = pooling.real_pooling("upload", 0, png(2), "sobel_x", None, 0, 1, 2, 2, 0, lang)
    assert kinds(tiny, "warning") and kinds(tiny, "charts")  # the filter does not fit: the digit stands in
