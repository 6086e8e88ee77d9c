"""The convolution figures show what the page says they show."""

import numpy as np

from explainer.figures import conv as figures
from explainer.figures import palette
from explainer.topics import convolution as conv


def test_grid_figure_writes_values_marks_window_and_padding():
    padded = conv.pad2d(conv.LECTURE_INPUT, 1)
    figure = figures.grid_figure(padded, "input", window=((0, 1, 2), (2, 3, 4)), padding=1)
    heatmap = figure.data[0]
    assert heatmap.text[1][1] == "1" and heatmap.text[0][0] == "0"
    window = [s for s in figure.layout.shapes if s.line.color == figures.WINDOW_COLOUR]
    assert len(window) == 1 and (window[0].x0, window[0].x1, window[0].y0, window[0].y1) == (1.5, 4.5, -0.5, 2.5)
    grey = [s for s in figure.layout.shapes if s.fillcolor == figures.PADDING_FILL]
    assert len(grey) == 7 * 7 - 5 * 5
    assert figure.layout.title.text == "input"


def test_partial_feature_map_cells_stay_blank():
    figure = figures.grid_figure(conv.partial_feature_map(np.arange(9.0).reshape(3, 3), 3), "map")
    assert figure.data[0].text[1][0] == "3" and figure.data[0].text[1][1] == ""


def test_kernel_grid_is_white_at_zero():
    figure = figures.grid_figure(conv.KERNEL_PRESETS["lecture"], "k", colorscale="RdBu_r", zmid=0)
    assert figure.data[0].zmin == -1 and figure.data[0].zmax == 1


def test_image_panels_kinds_and_titles():
    raw = conv.conv2d(np.eye(6), conv.KERNEL_PRESETS["sobel_x"])
    figure = figures.image_panels([("in", np.eye(6), "image"), ("k", conv.KERNEL_PRESETS["sobel_x"], "kernel"),
                                   ("raw", raw, "signed"), ("relu", conv.relu(raw), "positive")])
    assert [a.text for a in figure.layout.annotations] == ["in", "k", "raw", "relu"]
    image, kernel, signed, positive = figure.data
    assert (image.zmin, image.zmax) == (0, 1)
    assert kernel.text[1][0] == "−2"
    assert signed.zmin == -signed.zmax == -np.abs(raw).max()
    assert positive.zmin == 0 and positive.zmax == raw.max()
    assert {d.xaxis for d in figure.data} == {"x", "x2", "x3", "x4"}


def test_channel_figure_has_a_row_per_channel():
    image = np.random.default_rng(0).random((3, 8, 8))
    kernel = conv.channel_kernel(conv.KERNEL_PRESETS["sobel_y"], [1, 0.5, -1])
    steps = conv.channel_steps(image, kernel)
    figure = figures.channel_figure(image, kernel, steps.per_channel, ["R", "G", "B"], ["a", "b", "c"])
    assert len(figure.data) == 9
    assert [a.text for a in figure.layout.annotations] == ["a", "b", "c", "R", "G", "B"]
    np.testing.assert_allclose(figure.data[5].z, steps.per_channel[1])
    assert figures.rgb_figure(image, "t").data[0].type == "image"
    assert figures.rgb_figure(image[:1], "t").data[0].type == "heatmap"


def test_window_strip_shows_placements_and_dropped_cells():
    strip = figures.window_strip(conv.axis_output_size(7, 3, 0, 3), "t", "cells", "window", "dropped")
    cells, windows = strip.data
    assert list(windows.base) == [0, 3] and list(windows.x) == [3, 3]
    assert cells.marker.color[6] == palette.rgba(palette.VERMILLION, 0.4) != cells.marker.color[5]
    # not by colour alone: the cell no window reaches is hatched as well
    assert cells.marker.pattern.shape[6] == "x" and cells.marker.pattern.shape[5] == ""
    assert [a.text for a in strip.layout.annotations] == ["dropped"]
    padded = figures.window_strip(conv.axis_output_size(4, 3, 1, 1), "t", "cells", "window", "dropped")
    assert padded.data[0].marker.color[0] == padded.data[0].marker.color[5] == palette.LIGHT_GREY
    assert len(padded.data[1].base) == 4 and not padded.layout.annotations
    assert figures.window_strip(conv.axis_output_size(3, 5, 0, 1), "t", "c", "w", "d") is None
    assert figures.window_strip(conv.axis_output_size(200, 3, 0, 1), "t", "c", "w", "d") is None
