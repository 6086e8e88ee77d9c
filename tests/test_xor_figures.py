"""XOR page building blocks: plane, unit gates, playback frames, tables, log and the runnable PyTorch code."""

import contextlib
import io

import numpy as np
import pytest
from plotly.colors import hex_to_rgb

from explainer.figures import palette
from explainer.figures import xor as figures
from explainer.i18n import CATALOGUE, t
from explainer.xor import decisions, engines
from explainer.xor.net import LECTURE_MLP, SINGLE_LAYER, XOR_INPUTS, XorNet


@pytest.fixture(scope="module")
def runs():
    return engines.train(LECTURE_MLP, epochs=600), engines.train(SINGLE_LAYER, epochs=600)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_surface_has_x1_across_and_x2_up():
    # Single layer with w = (2, -1), b = 0.3.
    params = [np.array([[2.0, -1.0, 0.3]])]
    z = figures.output_surfaces(params, "sigmoid")
    axis = figures.plane_axis()
    assert z.shape == (figures.RESOLUTION, figures.RESOLUTION)
    assert axis[0] == -0.5 and axis[-1] == 1.5 and np.isclose(axis, 0.5).any() and np.isclose(axis, 1.0).any()
    row, col = 7, 30
    assert z[row, col] == pytest.approx(sigmoid(2 * axis[col] - axis[row] + 0.3))


@pytest.mark.parametrize("weights, pattern, name", [
    ([1.0, 1.0, -0.5], "0111", "OR"), ([-1.0, -1.0, 1.5], "1110", "NAND"), ([1.0, 1.0, -1.5], "0001", "AND"),
    ([1.0, 0.0, -0.5], "0011", "x1"), ([0.0, 0.0, -1.0], "0000", "always 0"),
])
def test_unit_patterns_name_the_gate(weights, pattern, name):
    assert figures.unit_patterns(np.array([weights])) == [pattern]
    assert figures.gate_name(pattern, "en") == name


def test_every_gate_pattern_is_named_in_both_languages():
    for key in figures.GATE_KEYS.values():
        assert CATALOGUE[key]["ko"] and CATALOGUE[key]["en"]


def test_unit_surfaces_are_each_units_activation():
    first = np.array([[1.0, 1.0, -0.5], [-2.0, 1.0, 0.2]])
    params = [first, np.ones((1, 3))]
    surfaces = figures.unit_surfaces(params, "tanh")
    axis = figures.plane_axis()
    assert surfaces.shape == (2, figures.RESOLUTION, figures.RESOLUTION)
    assert surfaces[1, 3, 9] == pytest.approx(np.tanh(-2 * axis[9] + axis[3] + 0.2))


def test_level_line_follows_the_decision_boundary():
    """The 0.5 line of a single sigmoid unit is its line w·x + b = 0: one polyline whose every point lies on it (to
    the grid's interpolation error), from where the true line enters the plane to where it leaves."""
    w1, w2, b = 3.0, -2.0, -0.37  # through no grid point (0.05 apart): every crossing is inside an edge
    points = figures.plane_points()
    z = (1 / (1 + np.exp(-(points @ np.array([w1, w2]) + b)))).reshape(figures.RESOLUTION, figures.RESOLUTION)
    xs, ys = figures.level_line(z)
    assert xs.count(None) == 1 and xs[-1] is None and ys[-1] is None  # one line, joined
    line = list(zip(xs[:-1], ys[:-1], strict=True))
    assert len(line) >= figures.RESOLUTION
    assert max(abs(w1 * x + w2 * y + b) / np.hypot(w1, w2) for x, y in line) < 1e-3
    (x0, x1), (y0, y1) = figures.line_in_plane(w1, w2, b)
    np.testing.assert_allclose(sorted([line[0], line[-1]]), sorted([(x0, y0), (x1, y1)]), atol=1e-3)


def test_level_line_of_a_circle_closes_and_a_saddle_cuts_two_corners():
    points = figures.plane_points()
    z = 1 - np.hypot(points[:, 0] - 0.5, points[:, 1] - 0.5).reshape(figures.RESOLUTION, figures.RESOLUTION)
    xs, ys = figures.level_line(z, level=0.5 + 0.013)  # radius 0.487: inside the plane, through no grid point
    assert xs.count(None) == 1 and (xs[0], ys[0]) == (xs[-2], ys[-2])  # one closed line
    radius = np.hypot(np.array(xs[:-1]) - 0.5, np.array(ys[:-1]) - 0.5)
    np.testing.assert_allclose(radius, 0.487, atol=2e-3)
    # Corners (-0.5,-0.5) and (1.5,1.5) above 0.5, the other two below; the centre (0.5) is not above, so the two
    # high corners are cut off on their own: two lines, each crossing its edges half way.
    xs, ys = figures.level_line(np.array([[0.9, 0.1], [0.1, 0.9]]))
    assert sorted(zip(xs, ys, strict=True), key=str) == sorted(
        [(0.5, -0.5), (-0.5, 0.5), (None, None), (0.5, 1.5), (1.5, 0.5), (None, None)], key=str)
    assert figures.level_line(np.full((5, 5), 0.5)) == ([], [])  # nothing above, nothing crosses
    assert figures.level_line(np.full((5, 5), 0.9)) == ([], [])


def test_line_in_plane_lies_on_the_line_and_inside():
    xs, ys = figures.line_in_plane(1.0, 1.0, -0.5)
    for x, y in zip(xs, ys, strict=True):
        assert x + y - 0.5 == pytest.approx(0, abs=1e-9)
        assert -0.5 - 1e-9 <= x <= 1.5 + 1e-9 and -0.5 - 1e-9 <= y <= 1.5 + 1e-9
    assert figures.line_in_plane(1.0, 1.0, -10.0) is None
    assert figures.line_in_plane(0.0, 2.0, -1.0) == ([-0.5, 1.5], [0.5, 0.5])


def decode_image(source: str) -> np.ndarray:
    import base64

    from PIL import Image

    assert source.startswith("data:image/png;base64,")
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1]))).convert("RGB"))


def test_surface_image_is_the_surface_in_its_colour_scale():
    z = np.zeros((3, 3))
    z[0, 2] = 1.0  # x2 = -0.5 (bottom row), x1 = 1.5 (right): the image's bottom-right pixel
    z[2, 0] = 0.5
    pixels = decode_image(figures.surface_image(z))
    assert pixels.shape == (3, 3, 3)
    np.testing.assert_array_equal(pixels[2, 2], figures.SURFACE_COLOURS[-1])  # yellow for P = 1
    np.testing.assert_array_equal(pixels[0, 0], figures.SURFACE_COLOURS[128])  # grey at 0.5, top left
    np.testing.assert_array_equal(pixels[1, 1], figures.SURFACE_COLOURS[0])  # dark blue for P = 0
    # the ends of the palette's signed scale (cividis: lighter from P = 0 to P = 1, so it reads in grey too)
    assert tuple(figures.SURFACE_COLOURS[0]) == hex_to_rgb(palette.SIGNED_SCALE[0][1])
    assert tuple(figures.SURFACE_COLOURS[-1]) == hex_to_rgb(palette.SIGNED_SCALE[-1][1])


def test_surface_images_are_valid_pngs_of_each_surface_in_its_colour_scale():
    """The batch encoder writes its PNGs itself: Pillow (the oracle) must read each, checksums included, as the
    surface's colour levels, top row first, for any shape, value range and colour table."""
    rng = np.random.default_rng(7)
    for shape, colours, low, high in (((5, 41, 41), figures.SURFACE_COLOURS, 0.0, 1.0),
                                      ((2, 3, 3, 7), figures.UNIT_COLOURS, -0.3, 2.5)):
        zs = rng.uniform(low - 0.2, high + 0.2, size=shape)  # a little outside the range: clipped to its ends
        sources = figures.surface_images(zs, colours, low, high)
        flat = zs.reshape(-1, *shape[-2:])
        assert len(sources) == len(flat)
        for z, source in zip(flat, sources, strict=True):
            levels = np.clip(np.rint((z - low) / (high - low) * (len(colours) - 1)), 0, len(colours) - 1)
            np.testing.assert_array_equal(decode_image(source), colours[levels.astype(int)[::-1]])
        assert figures.surface_image(flat[-1], colours, low, high) == sources[-1]


def test_playback_frames_follow_the_snapshots(runs):
    mlp, single = runs
    fig = figures.playback_figure(mlp, single, "en", frame=3)
    frames = fig.to_dict()["frames"]  # sent with the figure, not held as plotly objects
    assert len(frames) == len(mlp.snapshot_epochs)
    surfaces = figures.output_surfaces([s[:, 0] for s in mlp.snapshots], "sigmoid")
    single_surfaces = figures.output_surfaces([s[:, 0] for s in single.snapshots], "sigmoid")
    levels = np.rint(surfaces[10][::-1] * 255).astype(int)
    np.testing.assert_array_equal(decode_image(frames[10]["layout"]["images"][0]["source"]),
                                  figures.SURFACE_COLOURS[levels])
    levels = np.rint(single_surfaces[3][::-1] * 255).astype(int)  # shown: frame 3
    np.testing.assert_array_equal(decode_image(fig.layout.images[1].source), figures.SURFACE_COLOURS[levels])
    assert [(image.xref, image.yref) for image in fig.layout.images] == [("x", "y"), ("x2", "y2")]
    image = fig.layout.images[0]  # pixel centres on the grid: -0.5 and 1.5 are the centres of the edge pixels
    assert image.x == pytest.approx(-0.525) and image.y == pytest.approx(1.525) and image.sizex == pytest.approx(2.05)
    # Each surface subplot is square: its y axis is scaled to its own x axis.
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis2.scaleanchor == "x2"
    steps = int(mlp.snapshot_epochs[10])
    markers = frames[10]["traces"][len(figures.POINT_TRACES):]
    assert list(frames[10]["traces"][:2]) == figures.POINT_TRACES
    assert all(fig.data[i].name == t("xor.fig.points", "en") for i in figures.POINT_TRACES)
    assert frames[10]["data"][2]["x"] == [steps]
    assert frames[10]["data"][2]["y"][0] == pytest.approx(mlp.losses[0, steps])
    assert frames[-1]["data"][3]["y"][0] == pytest.approx(single.final_losses[0])
    assert fig.data[markers[0]].x == (int(mlp.snapshot_epochs[3]),) and fig.data[markers[0]].cliponaxis is False
    assert fig.layout.sliders[0].active == 3
    assert [step.label for step in fig.layout.sliders[0].steps] == [str(int(e)) for e in mlp.snapshot_epochs]
    # Frames only move markers and swap images: no full redraw, which blanked the heatmaps in Chromium.
    buttons = fig.layout.updatemenus[0].buttons
    assert buttons[0].args[1]["frame"]["redraw"] is False and buttons[0].args[1]["fromcurrent"] is False
    assert buttons[2].args[1]["fromcurrent"] is True
    assert all(step.args[1]["frame"]["redraw"] is False for step in fig.layout.sliders[0].steps)
    assert not [trace for frame in frames for trace in frame["data"] if trace["type"] == "heatmap"]
    assert fig.layout.yaxis3.type == "log"
    assert t("xor.fig.single_surface", "en") in [a.text for a in fig.layout.annotations]


def test_the_playback_is_sent_as_valid_plotly(runs):
    """The playback's frames and slider go out as plain dicts: plotly must accept every property of what is sent."""
    import copy

    import plotly.graph_objects as go

    sent = copy.deepcopy(figures.playback_figure(*runs, "ko", frame=7).to_dict())
    validated = go.Figure(sent)  # raises on any property plotly does not know
    assert len(validated.frames) == len(sent["frames"]) and validated.layout.sliders[0].active == 7


def test_loss_legend_sits_below_the_loss_plot_not_over_its_curves(runs):
    fig = figures.playback_figure(*runs, "en")
    assert fig.layout.legend.y < 0 and fig.layout.legend.yanchor == "top"  # under the plot area, above the slider
    assert fig.layout.legend.y > fig.layout.updatemenus[0].y


def test_a_step_is_the_playback_at_that_frame_and_changes_nothing_else(runs):
    """at_frame shares the frames of the built playback instead of copying them; the figure it sends must be
    exactly the playback with that frame's traces, images and slider position, and stepping on must leave the
    playback and earlier steps as they were."""
    import copy
    import json

    import plotly.graph_objects as go

    mlp, single = runs
    playback = figures.build_playback(mlp, single, "en")
    before = copy.deepcopy(playback)
    step_3 = figures.at_frame(playback, 3)
    step_3_json = step_3.to_json()

    reference = copy.deepcopy(playback)  # plotly takes apart (and puts back) the dicts it is given
    full_copy = go.Figure(reference)
    for trace, values in zip(reference["frames"][3]["traces"], reference["frames"][3]["data"], strict=True):
        if trace in figures.POINT_TRACES:  # the points ride along in every frame, at the same place
            assert values == dict(type="scatter", x=XOR_INPUTS[:, 0].tolist(), y=XOR_INPUTS[:, 1].tolist())
        else:
            full_copy.data[trace].update(values)
    full_copy.layout.images = reference["frames"][3]["layout"]["images"]
    full_copy.layout.sliders[0].active = 3
    assert json.loads(go.Figure(copy.deepcopy(step_3.to_dict())).to_json()) == json.loads(full_copy.to_json())

    step_40 = figures.at_frame(playback, 40)
    assert step_40.layout.sliders[0].active == 40
    assert step_40.to_dict()["layout"]["images"] == playback["frames"][40]["layout"]["images"]
    assert step_40.to_dict()["frames"] is playback["frames"]
    assert json.dumps(playback, default=str) == json.dumps(before, default=str)
    assert step_3.to_json() == step_3_json


def test_result_table_is_the_lecture_printout():
    table = figures.result_table(np.array([0.0001, 0.9998, 0.9998, 0.0002]), "en")
    assert list(table.columns) == ["x1", "x2", "Hypothesis", "Predicted", "Target (Y)", "Correct?"]
    assert table["Predicted"].tolist() == [0.0, 1.0, 1.0, 0.0]
    assert table["Correct?"].tolist() == ["✓"] * 4
    half = figures.result_table(np.full(4, 0.5), "ko")
    assert half[t("xor.table.predicted", "ko")].tolist() == [0.0] * 4
    assert half[t("xor.table.hypothesis", "ko")].tolist() == ["0.500000"] * 4


def test_training_log_prints_every_hundred_epochs(runs):
    mlp, _ = runs
    lines = figures.training_log(mlp).splitlines()
    assert len(lines) == 6
    epoch, loss = lines[2].split()
    assert int(epoch) == 200 and float(loss) == pytest.approx(mlp.losses[0, 200], abs=1e-7)


def test_many_seeds_figure_flags_the_stuck_runs():
    run = engines.train(XorNet(1, 2, "sigmoid"), lr=1.0, epochs=300, seeds=[1, 2, 3, 4])
    failed = decisions.stuck(run.final_losses, run.accuracies)
    assert failed.all()  # 300 epochs are too few for a 2-2-1 net
    fig = figures.many_seeds_figure(run, "en")
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0] == t("xor.seeds.tile_stuck", "en", seed=1, loss=f"{run.final_losses[0]:.4f}")
    assert all(a.font.color == figures.STUCK_COLOUR for a in fig.layout.annotations)
    surfaces = figures.output_surfaces(run.final_params, "sigmoid")
    assert len(fig.layout.images) == 4
    np.testing.assert_array_equal(decode_image(fig.layout.images[2].source),
                                  figures.SURFACE_COLOURS[np.rint(surfaces[2][::-1] * 255).astype(int)])
    (boundaries,) = [trace for trace in fig.data if trace.type == "scatter" and trace.mode == "lines"]
    expected = []  # each tile's 0.5 line, moved to its tile, a gap between tiles
    for index, surface in enumerate(surfaces):
        dx, _ = figures.tile_origin(index, 5)
        expected += [None if x is None else x + dx for x in figures.level_line(surface)[0]]  # each ends in None
    assert list(boundaries.x) == pytest.approx(expected)
    (points,) = [trace for trace in fig.data if trace.type == "scatter" and trace.mode == "markers"]
    assert points.text[7] == t("xor.hover.point_output", "en", point="(1,1) → 0",
                               value=f"{run.final_outputs[1][3]:.3f}")
    curves = figures.many_seeds_loss_figure(run, "en")
    assert len(curves.data) == 4
    assert curves.data[0].y[-1] == pytest.approx(run.final_losses[0], rel=1e-6)


def test_hidden_units_figure_has_one_panel_per_unit(runs):
    mlp, _ = runs
    params = mlp.params_at(-1)
    fig = figures.hidden_units_figure(params, mlp.net, "ko")
    surfaces = figures.unit_surfaces(params, mlp.net.activation)
    assert len(fig.layout.images) == 10
    for index, image in enumerate(fig.layout.images):  # unit i's output in Viridis over 0 … 1 (sigmoid), on tile i
        levels = np.rint(surfaces[index][::-1] * 255).astype(int)
        np.testing.assert_array_equal(decode_image(image.source), figures.UNIT_COLOURS[levels])
        dx, dy = figures.tile_origin(index, 5)
        assert (image.x, image.y) == pytest.approx((-0.525 + dx, 1.525 + dy))  # pixel centres on the grid points
    # one trace of all the tiles' points; hovering one gives the unit's output there, as the forward pass computes
    first = params[0]
    outputs = 1 / (1 + np.exp(-(XOR_INPUTS @ first[:, :-1].T + first[:, -1])))
    (points,) = [trace for trace in fig.data if trace.type == "scatter" and trace.mode == "markers"]
    assert len(points.x) == 40
    dx, dy = figures.tile_origin(3, 5)
    assert (points.x[14], points.y[14]) == pytest.approx((1 + dx, 0 + dy))  # tile 4's point (1,0)
    assert points.text[14] == t("xor.hover.point_unit", "ko", point="(1,0) → 1", value=f"{outputs[2, 3]:.3f}")
    patterns = figures.unit_patterns(params[0])
    assert [a.text for a in fig.layout.annotations] == [
        t("xor.units.title", "ko", unit=i + 1, gate=figures.gate_name(p, "ko")) for i, p in enumerate(patterns)]
    assert sum(figures.gate_counts(mlp.params_at(-1)).values()) == 10


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pytorch_code_runs_and_prints_our_first_loss(lang):
    net = XorNet(2, 4, "tanh")
    code = figures.pytorch_code(net, 0.5, 3, 11, lang)
    assert "nn.Linear(2, 4, bias=True), nn.Tanh()," in code and "nn.Linear(4, 1, bias=True), nn.Sigmoid()," in code
    assert "lr=0.5" in code and "range(3)" in code and "torch.manual_seed(11)" in code
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "<xor page code>", "exec"), {})
    first_line = printed.getvalue().splitlines()[0].split()
    ours = engines.train(net, 0.5, 3, 11)
    assert int(first_line[0]) == 0 and float(first_line[1]) == pytest.approx(ours.losses[0, 0], abs=1e-6)
    assert t("xor.code.accuracy", lang) in printed.getvalue()


def test_hover_texts_speak_the_pages_language(runs):
    mlp, single = runs
    for lang, words in (("ko", ("출력", "에포크", "손실", "시드")), ("en", ("output", "epoch", "loss", "seed"))):
        playback = figures.playback_figure(mlp, single, lang)
        hovers = [trace.hovertemplate or "" for trace in playback.data]
        many = figures.many_seeds_loss_figure(engines.train(LECTURE_MLP, epochs=50, seeds=[1, 2], snapshots=1), lang)
        units = figures.hidden_units_figure(mlp.params_at(0), mlp.net, lang)
        shown = list(many.data) + list(units.data)  # the units' points carry their hover text in `text`
        text = " ".join(hovers + [trace.hovertemplate or "" for trace in shown]
                        + [" ".join(trace.text) for trace in shown if trace.type == "scatter" and trace.text])
        assert all(word in text for word in words), (lang, text)
        if lang == "ko":
            assert "epoch" not in text and "loss" not in text and "seed" not in text


def test_the_unvalidated_tile_figures_are_valid_plotly(runs):
    """Hidden units and many seeds go out as plain dicts; plotly must accept every property, and the colour scales
    must be lists (plotly.js has no reversed '_r' names)."""
    import plotly.graph_objects as go

    mlp, _ = runs
    many = engines.train(XorNet(1, 3, "tanh"), lr=0.5, epochs=200, seeds=[1, 2, 3, 4, 5, 6, 7])
    for fig in (figures.hidden_units_figure(mlp.params_at(-1), mlp.net, "en"), figures.many_seeds_figure(many, "ko")):
        sent = fig.to_dict()
        go.Figure(sent)  # raises on any property plotly does not know
        assert isinstance(sent["layout"]["coloraxis"]["colorscale"], list)
        assert sent["layout"]["yaxis"]["scaleanchor"] == "x" and sent["layout"]["yaxis"]["scaleratio"] == 1  # square
        assert len(sent["data"]) == 3  # the colour bar, the lines and the points: one trace each for all the tiles
    assert len(figures.many_seeds_figure(many, "ko").to_dict()["layout"]["annotations"]) == 7


def test_mosaic_tiles_do_not_overlap():
    """Every tile (its image and its title room) in its own cell of the mosaic, inside the axes' ranges."""
    run = engines.train(XorNet(1, 3, "tanh"), lr=0.5, epochs=200, seeds=list(range(1, 8)))
    layout = figures.many_seeds_figure(run, "en").to_dict()["layout"]
    boxes = [(image["x"], image["x"] + image["sizex"], image["y"] - image["sizey"], image["y"] + figures.TITLE_ROOM)
             for image in layout["images"]]
    for index, (left, right, bottom, top) in enumerate(boxes):
        assert layout["xaxis"]["range"][0] <= left and right <= layout["xaxis"]["range"][1]
        assert layout["yaxis"]["range"][0] <= bottom and top <= layout["yaxis"]["range"][1] + 1e-9
        for other in boxes[index + 1:]:
            assert right <= other[0] or other[1] <= left or top <= other[2] or other[3] <= bottom


def test_the_playback_moves_only_when_asked_and_without_transitions(runs):
    """Reduced motion: nothing plays by itself (the figure only starts on ▶), and no frame slides or fades into
    the next (every animate call has a zero-length transition)."""
    fig = figures.playback_figure(*runs, "en")
    calls = [button.args[1] for menu in fig.layout.updatemenus for button in menu.buttons]
    calls += [step.args[1] for step in fig.layout.sliders[0].steps]
    assert calls and all(call["transition"]["duration"] == 0 for call in calls)
    assert fig.layout.transition.duration in (None, 0)
