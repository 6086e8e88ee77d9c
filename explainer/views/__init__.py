"""View-models: what a page shows, computed from its widget values (no Streamlit)."""
