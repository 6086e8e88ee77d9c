"""Follow the lecturer: classes that students join with a short code, kept where every server process sees them."""
