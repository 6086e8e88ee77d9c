"""The convolution and pooling pages in AppTest, in both languages, driven through their controls."""

import pytest

from explainer.i18n import t
from explainer.topics.convolution import LECTURE_INPUT, LECTURE_KERNEL, cell_arithmetic
from tests.apptest_helpers import choose_tab, open_code_panels, open_page, texts

LANGS = ["ko", "en"]


def metric(at, label_key, lang):
    label = t(label_key, lang)
    return next(m.value for m in at.metric if m.label == label)


def shown(at):
    assert not at.exception, [e.value for e in at.exception]
    return texts(at)


def widget(at, kind, store_key):
    return getattr(at, kind)(key=f"_widget_{store_key}")


CONV_TABS = ("calculator", "animation", "images", "channels", "network")


def go_tab(at, name: str, lang: str):
    """The convolution page's tab `name` chosen, as a click on it does."""
    return choose_tab(at, "conv.tab", t(f"conv.tab.{name}", lang))


def on_tab(name: str, lang: str, open_code: bool = False, **state):
    """The convolution page opened on its tab `name` (a link with ?conv.tab=...), code panels opened if asked."""
    at = open_page("convolution", lang, session_state={"conv.tab": t(f"conv.tab.{name}", lang), **state})
    return open_code_panels(at) if open_code else at


@pytest.mark.parametrize("lang", LANGS)
def test_calculator_presets_and_invalid_values(lang):
    at = open_page("convolution", lang, open_code=True)
    assert metric(at, "conv.calc.oh", lang) == "5"
    at.button(key="preset_conv.preset.7x7_s3").click().run()
    page = shown(at)
    assert metric(at, "conv.calc.oh", lang) == "2" and metric(at, "conv.calc.ow", lang) == "2"
    assert t("conv.calc.slide_wrong", lang) in page
    assert any("2.33" in w.value for w in at.warning)
    assert any(r"\approx 2.33" in el.value for el in at.latex)
    at.button(key="preset_conv.preset.7x7_s2").click().run()
    assert metric(at, "conv.calc.oh", lang) == "3" and not at.warning
    at.button(key="preset_conv.preset.4x4_p1").click().run()
    assert metric(at, "conv.calc.output_shape", lang) == "4 × 4"
    assert t("conv.calc.same_padding", lang) in shown(at)

    widget(at, "number_input", "conv.calc.s").set_value(2).run()  # a preset overrides values typed before
    at.button(key="preset_conv.preset.7x7_s1").click().run()
    assert metric(at, "conv.calc.oh", lang) == "5"
    widget(at, "number_input", "conv.calc.s").set_value(0).run()
    assert t("conv.err.stride_zero", lang) in [e.value for e in at.error]
    assert metric(at, "conv.calc.oh", lang) == "—"
    widget(at, "number_input", "conv.calc.s").set_value(1).run()
    widget(at, "number_input", "conv.calc.fh").set_value(9).run()
    assert t("conv.err.kernel_too_large", lang, span=9, padded=7) in [e.value for e in at.error]
    assert metric(at, "conv.calc.ow", lang) == "5"  # the other axis still works
    widget(at, "number_input", "conv.calc.fw").set_value(0).run()
    assert t("conv.err.min_kernel", lang, value=0) in [e.value for e in at.error]
    assert not at.exception
    assert "RuntimeError" in at.code[0].value


@pytest.mark.parametrize("lang", LANGS)
def test_animation_steps_padding_and_kernels(lang):
    at = on_tab("animation", lang, open_code=True)
    first = cell_arithmetic(LECTURE_INPUT, LECTURE_KERNEL, 0, 0).text()
    assert first in [c.value for c in at.code]
    assert "[[4, 3, 4], [2, 4, 3], [2, 3, 4]]" in shown(at)

    widget(at, "slider", "conv.anim.step").set_value(8).run()
    assert cell_arithmetic(LECTURE_INPUT, LECTURE_KERNEL, 2, 2).text() in [c.value for c in at.code]
    assert t("conv.anim.cell", lang, row=2, col=2, n=9, total=9) in shown(at)

    widget(at, "slider", "conv.anim.padding").set_value(1).run()
    assert t("conv.anim.size", lang, h=5, w=5, k=3, p=1, s=1, oh=5, ow=5) in shown(at)
    widget(at, "slider", "conv.anim.stride").set_value(2).run()
    assert t("conv.anim.size", lang, h=5, w=5, k=3, p=1, s=2, oh=3, ow=3) in shown(at)
    # the step (8) is kept: with stride 2 and padding 1 it is the last of 3×3 windows again
    assert cell_arithmetic(LECTURE_INPUT, LECTURE_KERNEL, 2, 2, stride=2, padding=1).text() in \
        [c.value for c in at.code]
    widget(at, "slider", "conv.anim.step").set_value(0).run()
    assert cell_arithmetic(LECTURE_INPUT, LECTURE_KERNEL, 0, 0, stride=2, padding=1).text() == \
        "0×1 + 0×0 + 0×1 + 0×0 + 1×1 + 1×0 + 0×1 + 0×0 + 1×1 = 2"
    assert "0×1 + 0×0 + 0×1 + 0×0 + 1×1 + 1×0 + 0×1 + 0×0 + 1×1 = 2" in [c.value for c in at.code]

    widget(at, "selectbox", "conv.anim.kernel").set_value("sobel_x").run()
    assert t("conv.kernel.sobel_x.about", lang) in shown(at)
    assert "×(−1)" in " ".join(c.value for c in at.code)

    widget(at, "slider", "conv.anim.size").set_value(7).run()
    assert t("conv.anim.size", lang, h=7, w=7, k=3, p=1, s=2, oh=4, ow=4) in shown(at)
    assert at.session_state["conv.anim.input"][0] == [1, 1, 1, 0, 0, 0, 0]  # the lecture's grid, zeros added

    at.session_state["conv.anim.input"] = [[2.0] * 7 for _ in range(7)]  # what an edit in the grid stores
    widget(at, "selectbox", "conv.anim.kernel").set_value("blur").run()
    assert t("conv.anim.size", lang, h=7, w=7, k=3, p=1, s=2, oh=4, ow=4) in shown(at)
    widget(at, "slider", "conv.anim.step").set_value(0).run()
    assert "2×0.11 + " in " ".join(c.value for c in at.code)

    widget(at, "toggle", "conv.anim.playing").set_value(True).run()
    assert not at.exception
    at.button(key="anim_reset").click().run()
    assert t("conv.anim.size", lang, h=5, w=5, k=3, p=1, s=2, oh=3, ow=3) in shown(at)


@pytest.mark.parametrize("lang", LANGS)
def test_real_images_without_data_and_bad_uploads(lang):
    at = on_tab("images", lang)
    assert metric(at, "conv.img.output_shape", lang) == "26 × 26"
    widget(at, "slider", "picture.padding").set_value(1).run()
    assert metric(at, "conv.img.output_shape", lang) == "28 × 28"
    widget(at, "selectbox", "picture.source").set_value("shapes").run()
    assert metric(at, "conv.img.output_shape", lang) == "64 × 64"
    widget(at, "slider", "picture.stride").set_value(2).run()
    assert metric(at, "conv.img.output_shape", lang) == "32 × 32"

    widget(at, "selectbox", "picture.source").set_value("mnist").run()  # tests have no dataset
    assert at.warning and t("conv.img.fallback", lang) in shown(at)
    assert metric(at, "conv.img.output_shape", lang) == "14 × 14"

    at.session_state["picture.upload_bytes"] = b"just some text pretending to be a PNG"
    widget(at, "selectbox", "picture.source").set_value("upload").run()
    assert t("images.err.not_image", lang) in [w.value for w in at.warning]


@pytest.mark.parametrize("lang", LANGS)
def test_channels_parameter_count_and_whole_networks(lang):
    at = on_tab("channels", lang)
    assert metric(at, "conv.ch.params", lang) == "28"  # (3·3·3 + 1)·1
    widget(at, "number_input", "conv.ch.c_out").set_value(10).run()
    assert metric(at, "conv.ch.params", lang) == "280"
    widget(at, "radio", "conv.ch.image").set_value("digit").run()
    assert metric(at, "conv.ch.params", lang) == "100"  # (3·3·1 + 1)·10
    assert any("= 100" in el.value for el in at.latex)

    go_tab(at, "network", lang)
    assert metric(at, "conv.net.flatten", lang) == "320"
    widget(at, "selectbox", "conv.net.model").set_value("cifar_lenet").run()
    assert metric(at, "conv.net.flatten", lang) == "400"
    assert metric(at, "conv.net.total", lang) == "62,006"
    widget(at, "selectbox", "conv.net.model").set_value("cifar_cnn").run()
    assert metric(at, "conv.net.flatten", lang) == "512"
    assert not at.exception


@pytest.mark.parametrize("lang", LANGS)
def test_pooling_page_controls(lang):
    at = open_page("pooling", lang)
    codes = [c.value for c in at.code]
    assert "max(1, 1, 5, 6) = 6" in codes and "(1 + 1 + 5 + 6) / 4 = 3.25" in codes and "min(1, 1, 5, 6) = 1" in codes
    assert t("pool.notes", lang) in shown(at)
    assert t("pool.size_line", lang, h=4, w=4, oh=2, ow=2, k=2, s=2, p=0) in shown(at)

    widget(at, "slider", "pool.step").set_value(3).run()
    assert "min(1, 0, 3, 4) = 0" in [c.value for c in at.code]

    widget(at, "slider", "pool.size").set_value(3).run()
    widget(at, "slider", "pool.stride").set_value(1).run()
    assert t("pool.size_line", lang, h=4, w=4, oh=2, ow=2, k=3, s=1, p=0) in shown(at)
    widget(at, "slider", "pool.padding").set_value(1).run()
    assert t("pool.size_line", lang, h=4, w=4, oh=4, ow=4, k=3, s=1, p=1) in shown(at)
    assert t("pool.avg_padding", lang) in shown(at)
    assert "(0 + 0 + 0 + 0 + 1 + 1 + 0 + 5 + 6) / 9 = 1.44" in [c.value for c in at.code]

    widget(at, "slider", "pool.size").set_value(1).run()  # padding must drop back to 0
    assert t("pool.size_line", lang, h=4, w=4, oh=4, ow=4, k=1, s=1, p=0) in shown(at)

    widget(at, "slider", "pool.step").set_value(5).run()
    at.button(key="pool_random").click().run()
    assert t("pool.size_line", lang, h=6, w=6, oh=6, ow=6, k=1, s=1, p=0) in shown(at)
    assert widget(at, "slider", "pool.step").value == 0
    at.button(key="pool_reset").click().run()
    assert t("pool.size_line", lang, h=4, w=4, oh=4, ow=4, k=1, s=1, p=0) in shown(at)

    widget(at, "selectbox", "picture.kernel").set_value("blur").run()
    assert t("pool.real.feature", lang, h=26, w=26) in shown(at) or not at.exception
    assert not at.exception


def test_real_images_and_channels_with_tiny_datasets(monkeypatch, tmp_path):
    from explainer.data import datasets as data
    from explainer.data.images import picker_order
    from tests.datagen import data_env, write_tiny_datasets

    with data_env(monkeypatch, write_tiny_datasets(tmp_path)):
        at = on_tab("images", "en")
        widget(at, "selectbox", "picture.source").set_value("cifar10").run()
        widget(at, "number_input", "picture.index").set_value(7).run()
        cifar = data.load_dataset("cifar10", "test")
        label = int(cifar.labels[picker_order(cifar)[7]])  # picture 7 of the balanced order, not file 7
        assert not at.warning
        assert t("conv.img.label", "en", label=data.class_names("cifar10", "en")[label]) in shown(at)
        assert metric(at, "conv.img.output_shape", "en") == "30 × 30"
        widget(go_tab(at, "channels", "en"), "radio", "conv.ch.image").set_value("cifar10").run()
        assert not at.warning and metric(at, "conv.ch.params", "en") == "28"
        open_code_panels(at.switch_page("pages/pooling.py").run())
        real_code = at.code[-1].value  # the same image, filtered the same way, on the pooling page
        assert "image.reshape(1, 1, 32, 32)" in real_code and "(1, 1, 30, 30)" in real_code and not at.warning


@pytest.mark.parametrize("lang", LANGS)
def test_animation_with_a_single_filter_position_and_play_from_the_end(lang):
    at = on_tab("animation", lang)
    widget(at, "slider", "conv.anim.stride").set_value(3).run()  # 5x5, 3x3 filter, stride 3: a 1x1 output
    page = shown(at)
    assert t("conv.anim.single_step", lang) in page
    assert t("conv.anim.size", lang, h=5, w=5, k=3, p=0, s=3, oh=1, ow=1) in page
    assert not [s for s in at.slider if s.key == "_widget_conv.anim.step"]
    assert cell_arithmetic(LECTURE_INPUT, LECTURE_KERNEL, 0, 0, stride=3).text() in [c.value for c in at.code]
    widget(at, "slider", "conv.anim.stride").set_value(1).run()
    widget(at, "slider", "conv.anim.size").set_value(3).run()  # a 3x3 input: 1x1 again
    assert t("conv.anim.single_step", lang) in shown(at)
    widget(at, "slider", "conv.anim.size").set_value(5).run()
    widget(at, "slider", "conv.anim.step").set_value(8).run()  # the last of 3x3 positions
    widget(at, "toggle", "conv.anim.playing").set_value(True).run()
    assert at.session_state["conv.anim.step"] == 0  # play from the end starts again from the first
    assert cell_arithmetic(LECTURE_INPUT, LECTURE_KERNEL, 0, 0).text() in [c.value for c in at.code]


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_upload_is_called_empty_and_the_picture_shown_is_named(lang):
    import io

    from PIL import Image

    at = on_tab("images", lang, **{"picture.source": "upload", "picture.upload_bytes": b"",
                                   "picture.upload_name": "empty.png"})
    assert t("images.err.empty", lang) in [w.value for w in at.warning]
    assert t("images.err.no_upload", lang) not in shown(at)
    picture = io.BytesIO()
    Image.new("L", (20, 20), 200).save(picture, format="PNG")
    at.session_state["picture.upload_bytes"] = picture.getvalue()
    at.session_state["picture.upload_name"] = "cat.png"
    at.run()
    assert t("conv.img.upload_shown", lang, name="cat.png") in shown(at)
    assert metric(at, "conv.img.output_shape", lang) == "18 × 18"  # the 20x20 upload through a 3x3 filter


@pytest.mark.parametrize("lang", LANGS)
def test_the_lecture_slides_beside_the_convolution_and_pooling_pages(lang):
    from explainer.lecture import slides
    from explainer.topics.convolution import matrix_literal

    at = open_page("convolution", lang)
    page = "\n".join(shown(go_tab(at, name, lang)) for name in CONV_TABS)  # what every tab shows beside its part
    example = slides.slide_convolution()
    assert t("conv.slide.example", lang, input=matrix_literal(slides.SLIDE_INPUT),
             kernel=matrix_literal(slides.SLIDE_FILTER), first=example.first_cell,
             output="[[15, 16], [6, 15]]") in page
    assert "1×2 + 2×0 + 3×1 + 0×0 + 1×1 + 2×2 + 3×1 + 0×0 + 1×2 = 15" in page
    assert t("conv.slide.coverage", lang, plain="1 2 3 3 3 2 1", padded="2 3 3 3 3 3 2") in page
    assert "786,432" in page and "784" in page and "201,326,848" in page
    widget(go_tab(at, "images", lang), "selectbox", "picture.kernel").set_value("sobel_y").run()
    assert "[[−1, −2, −1], [0, 0, 0], [1, 2, 1]]" in shown(at)

    go_tab(at, "animation", lang).button(key="anim_slide_example").click().run()  # the slide loaded into the animation
    assert t("conv.anim.size", lang, h=4, w=4, k=3, p=0, s=1, oh=2, ow=2) in shown(at)
    assert example.first_cell in [c.value for c in at.code]

    pooling = open_page("pooling", lang)
    notes = shown(pooling)
    both_halves = {"ko": ("입력 가까운 층에서는 최대 풀링", "출력 가까운 층에서는 평균 풀링"),
                   "en": ("max pooling near the input", "average pooling near the output")}[lang]
    assert all(half in notes for half in both_halves)


def test_pages_share_the_picture_through_the_library_keys_only():
    """No page reads another page's session keys: the picture both CNN pages use lives under images.PICTURE."""
    import re
    from pathlib import Path

    pages = Path(__file__).resolve().parents[1] / "pages"
    for path in pages.glob("*.py"):
        own = path.stem.split("_")[0][:4]  # conv / pool / drop / acti / perc / soft / xor / trai / home
        text = path.read_text()
        keys = re.findall(r'session_state(?:\.get\(|\.pop\(|\.setdefault\(|\[)\s*"([\w.]+)"', text)
        keys += re.findall(r'persistent_widget\([\w.]+,\s*f?"([\w.]+)', text)
        for key in keys:
            assert key.startswith(own) or "." not in key, (path.name, key)
