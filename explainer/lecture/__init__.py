"""The lecture itself: chapters and pages, the lecture map, its printed numbers and slide examples."""
