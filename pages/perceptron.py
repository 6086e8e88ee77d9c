from explainer import ui

ui.placeholder("perceptron")
