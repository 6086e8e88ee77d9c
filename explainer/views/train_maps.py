"""View-model of the train page's feature-maps tab: a stored CNN run, an input picture (a test image, an upload,
a drawn digit or a built-in sample), and what the CNN makes of it layer by layer.

    runs = cnn_run_labels(store.list(), "ko")           # config hash -> label, CNN runs on image data only
    picker = source_picker(store.list(), run_hash, "ko")  # the input sources this run's dataset offers
    picture = test_picture("mnist", 3, "ko")            # or uploaded_picture / drawn_picture / sample_picture
    shown = inside(store, store.list(), run_hash, picture, "ko")      # prediction, probabilities, feature maps, filters

No Streamlit: the page draws what these return.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from explainer.data import datasets as data
from explainer.data import images
from explainer.figures import train as figures
from explainer.i18n import t
from explainer.inspection import feature_maps
from explainer.snippets import train as code_train
from explainer.views import compare
from explainer.views.train import Element, grid, notice
from models import MODELS

DRAWN_STROKE = 18  # canvas pen width in pixels on a 280 x 280 canvas: an MNIST-like stroke after shrinking
CANVAS_SIDE = 280
UPLOAD_SIDE = 512  # bigger uploads are shrunk first: the CNN sees 28 or 32 pixels anyway
FILTER_COLUMNS = 16
MOSAIC_WIDTH = 480  # feature-map mosaics are enlarged up to about this many pixels, at most 8 times


def cnn_run_labels(stored_runs, lang: str) -> dict[str, str]:
    """The stored CNN runs on an image dataset (the only ones with feature maps), newest first, with labels."""
    return {run.config_hash: compare.run_label(run, lang) for run in compare.image_runs(stored_runs)
            if MODELS[run.recipe.model].is_cnn}


@dataclass(frozen=True)
class SourcePicker:
    key: str  # the plain session key: the source is remembered per dataset
    dataset: str
    labels: dict[str, str]  # source -> label, in the order shown


def source_picker(stored_runs, run_hash: str, lang: str) -> SourcePicker:
    """Test image, upload, a drawn digit (grey datasets only: one draws a digit, not a colour photo), a sample."""
    dataset = next(run.recipe.dataset for run in stored_runs if run.config_hash == run_hash)
    grey = data.IMAGE_SHAPES[dataset][0] == 1
    sources = ["test", "upload"] + (["draw"] if grey else []) + ["sample"]
    return SourcePicker(f"train.maps.source.{dataset}", dataset,
                        {source: t(f"train.maps.src.{source}", lang) for source in sources})


@dataclass(frozen=True)
class Picture:
    """The input the CNN looks at: (C, H, W) floats in [0, 1], or None with messages saying why not yet."""

    pixels: np.ndarray | None
    truth: int | None = None  # the label of a test image
    notes: list[Element] = field(default_factory=list)  # under the source's widgets: why none yet, a caption


def test_picture(dataset: str, index: int, lang: str) -> Picture:
    """Test image `index` in the picker's balanced order (0-9: ten different classes), with its label."""
    try:
        pixels, truth = images.dataset_image(dataset, index)
    except data.DatasetUnavailable as err:
        return Picture(None, notes=[notice("warning", data.unavailable_message(err, lang), ":material/folder_off:")])
    return Picture(pixels, truth)


def uploaded_picture(upload: bytes | None, dataset: str, lang: str) -> Picture:
    """An uploaded PNG or JPEG, brought to the dataset's size and colours; a refusal says why."""
    if upload is None:
        return Picture(None, notes=[notice("info", t("train.maps.upload_wait", lang), ":material/upload:")])
    try:
        loaded = images.load_upload(upload)
    except images.ImageRejected as problem:
        return Picture(None, notes=[notice("error", problem.message(lang), ":material/error:")])
    return Picture(feature_maps.image_for_dataset(images.fit_within(loaded.pixels, UPLOAD_SIDE), dataset))


def drawn_picture(drawing: np.ndarray | None, canvas_loaded: bool, lang: str) -> Picture:
    """A digit drawn on the canvas (RGBA pixels; None before the first stroke), made MNIST-like: 20 x 20 box,
    centred by mass in 28 x 28. `canvas_loaded`: False when the optional canvas component could not load."""
    notes = [] if canvas_loaded else [notice("warning", t("train.maps.no_canvas", lang), ":material/warning:")]
    digit = None if drawing is None else feature_maps.mnist_style(feature_maps.ink_of(drawing))
    if digit is None:
        notes.append(notice("info", t("train.maps.draw_wait", lang), ":material/draw:"))
    return Picture(digit, notes=notes)


def sample_picture(dataset: str, lang: str) -> Picture:
    grey = data.IMAGE_SHAPES[dataset][0] == 1
    return Picture(images.synthetic_image("digit" if grey else "colour_scene"),
                   notes=[Element("caption", (t("train.maps.sample_caption", lang),))])


@dataclass(frozen=True)
class Shown:
    """A picture with its caption, ready for st.image."""

    image: np.ndarray
    caption: str


@dataclass(frozen=True)
class Inside:
    """What a CNN makes of a picture: `problems` alone when there is nothing to show (no picture yet, or the
    run's model cannot be used), else the input and the prediction beside the class probabilities (`top`), then
    the feature maps of every layer and the first layer's filters (`maps`)."""

    problems: list[Element] = field(default_factory=list)
    top: list[Element] = field(default_factory=list)
    view: feature_maps.CnnView | None = None
    filters: list[Shown] = field(default_factory=list)  # the first conv layer's filters, numbered from 1
    filters_caption: str = ""
    code: str = ""

    @property
    def shown(self) -> bool:
        return self.view is not None

    def maps(self, per_map: bool, lang: str) -> list[Element]:
        """Each conv layer's maps after ReLU and after pooling, as mosaics side by side, then the filters.
        `per_map` scales each map to its own range (patterns show) instead of one range for the layer (strengths
        compare)."""
        shown = []
        for layer in self.view.layers():
            mosaics = []
            for kind in ("relu", "pool"):
                maps = self.view.stage(layer, kind).maps
                mosaic = feature_maps.tile_maps(maps, per_map=per_map)
                factor = max(1, min(8, MOSAIC_WIDTH // max(mosaic.shape)))
                channels, height, width = maps.shape
                mosaics.append(Shown(feature_maps.enlarge(mosaic, factor), t(
                    f"train.maps.{kind}", lang, channels=channels, height=height, width=width)))
            shown += [Element("markdown", (f"**{t('train.maps.layer', lang, layer=layer)}**",)), *grid(mosaics, 2)]
        return [*shown, Element("markdown", (f"**{t('train.maps.filters', lang)}**",)),
                *grid(self.filters, FILTER_COLUMNS), Element("caption", (self.filters_caption,))]


def inside(store, stored_runs, run_hash: str, picture: Picture, lang: str) -> Inside:
    """What the run's CNN makes of `picture` (nothing without a picture; why, when the model cannot be used)."""
    if picture.pixels is None:
        return Inside()
    model, problem = store.model_or_notice(run_hash)
    if model is None:
        return Inside([notice("warning", problem.text(lang), ":material/report:")])
    recipe = next(run.recipe for run in stored_runs if run.config_hash == run_hash)
    classes = data.class_names(recipe.dataset, lang)
    pixels = picture.pixels
    view = feature_maps.inspect_cnn(model, feature_maps.model_input(pixels, recipe.normalize))
    shape = " x ".join(str(v) for v in pixels.shape)
    summary = [Element("image", (feature_maps.enlarge(feature_maps.to_display(pixels), 6),),
                       {"width": 180, "caption": t("train.maps.input", lang, shape=shape),
                        "alt": t("train.maps.input", lang, shape=shape)}),
               Element("metric", (t("train.maps.prediction", lang), classes[view.prediction])),
               Element("caption", (t("train.maps.confidence", lang,
                                     percent=f"{100 * view.probabilities[view.prediction]:.1f}"),))]
    if picture.truth is not None:
        summary.append(Element("caption", (t("train.maps.truth", lang, truth=classes[picture.truth]),)))
    probabilities = Element("plotly_chart", (figures.probabilities_figure(view.probabilities, classes, lang,
                                                                          picture.truth),),
                            {"width": "stretch", "key": "train_maps_probs"})
    weights = feature_maps.first_layer_filters(model)
    return Inside(
        top=[Element("columns", ([1, 2],), children=[summary, [probabilities]])], view=view,
        filters=[Shown(feature_maps.enlarge(p, 8), str(number))
                 for number, p in enumerate(feature_maps.filter_pictures(weights), start=1)],
        filters_caption=t("train.maps.filters_caption", lang, count=weights.shape[0], channels=weights.shape[1],
                          size=weights.shape[2]),
        code=code_train.feature_maps_code(recipe))
