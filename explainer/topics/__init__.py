"""The maths of each lecture topic (NumPy/torch, no plotting, no Streamlit); each function is tested against torch."""
