"""The explainer library: maths, training, figures. Free of Streamlit except `explainer.ui`."""
