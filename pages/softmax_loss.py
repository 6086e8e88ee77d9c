from explainer import ui

ui.placeholder("softmax_loss")
