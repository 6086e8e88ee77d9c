"""Looking inside a CNN: feature maps, the layer table."""
