from explainer import ui

ui.placeholder("activations")
