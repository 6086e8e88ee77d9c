"""The XOR trainer: network spec, the compiled and NumPy engines, the torch reference loop."""
