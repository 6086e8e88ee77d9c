"""Code snippets: every 'PyTorch code beside the widget' template."""
