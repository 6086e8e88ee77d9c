from explainer import ui

ui.placeholder("train_compare")
