"""The XOR nets: net (shape, points, lecture settings), engines (compiled and NumPy training), decisions
(outputs, BCE, predictions, accuracy, stuck), torch_reference (the lecture's torch code), bench."""
