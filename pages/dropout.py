from explainer import ui

ui.placeholder("dropout")
