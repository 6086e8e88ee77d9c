"""Figures: plotly figure builders only (no maths beyond layout, no Streamlit)."""
