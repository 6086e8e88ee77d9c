from explainer import ui

ui.placeholder("convolution")
