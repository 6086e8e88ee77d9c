"""The lecture's worked numbers on the CNN and perceptron slides, computed by the library and checked with torch."""

import numpy as np
import torch
import torch.nn.functional as F

from explainer.lecture import slides
from explainer.topics import perceptron as perc
from explainer.topics.convolution import KERNEL_PRESETS


def test_the_convolution_slide_example_is_15_in_the_first_cell():
    example = slides.slide_convolution()
    assert example.first_cell.startswith("1×2 + 2×0 + 3×1 + ") and example.first_cell.endswith("= 15")
    reference = F.conv2d(torch.tensor(slides.SLIDE_INPUT)[None, None], torch.tensor(slides.SLIDE_FILTER)[None, None])
    np.testing.assert_array_equal(example.output, reference[0, 0].numpy())
    assert example.output.tolist() == [[15, 16], [6, 15]]


def test_edge_cells_are_covered_by_fewer_windows_without_padding():
    assert slides.window_coverage(7, 3) == [1, 2, 3, 3, 3, 2, 1]
    assert slides.window_coverage(7, 3, padding=1) == [2, 3, 3, 3, 3, 3, 2]
    # torch as the oracle: the gradient of the summed outputs w.r.t. each input cell counts its windows
    for padding in (0, 1):
        x = torch.zeros(1, 1, 1, 7, requires_grad=True)
        F.conv2d(x, torch.ones(1, 1, 1, 3), padding=(0, padding)).sum().backward()
        assert x.grad[0, 0, 0].tolist() == slides.window_coverage(7, 3, padding=padding)
    assert slides.window_coverage(7, 3, stride=3) == [1, 1, 1, 1, 1, 1, 0]  # the stride-3 slide: cell 6 dropped


def test_fully_connected_layers_do_not_scale_to_photos():
    scale = slides.fully_connected_scale()
    assert (scale.small_inputs, scale.large_inputs) == (784, 786_432)
    assert scale.small_weights == sum(p.numel() for p in torch.nn.Linear(784, 256).parameters())
    assert scale.large_weights == 786_433 * 256


def test_sobel_y_has_the_slides_sign_and_the_two_step_functions_agree():
    np.testing.assert_array_equal(KERNEL_PRESETS["sobel_y"], [[-1, -2, -1], [0, 0, 0], [1, 2, 1]])
    s = np.array([-2.0, -1e-12, 0.0, 1e-12, 3.0])
    np.testing.assert_array_equal(perc.bipolar_step(s), 2 * perc.unit_step(s) - 1)


def test_the_kernel_figure_draws_sobel_y_as_the_slide_does_negative_row_on_top():
    from explainer.figures.conv import grid_figure

    figure = grid_figure(KERNEL_PRESETS["sobel_y"], "Sobel-Y")
    assert list(figure.data[0].z[0]) == [-1, -2, -1]
    assert figure.layout.yaxis.autorange == "reversed"  # row 0 at the top, as on the slide
