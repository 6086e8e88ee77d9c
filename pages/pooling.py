from explainer import ui

ui.placeholder("pooling")
