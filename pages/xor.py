from explainer import ui

ui.placeholder("xor")
