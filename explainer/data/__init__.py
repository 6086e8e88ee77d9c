"""Data: datasets and where they come from, on-disk file formats, pictures, balanced samples."""
