"""How the app writes numbers in texts and code: one formatter per style, used everywhere."""


def number(value: float) -> str:
    """1.0 -> '1.0', -0.5 -> '-0.5', 0.30000000004 -> '0.3': short, but always visibly a float (code and texts)."""
    text = f"{float(value) + 0.0:.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def significant(value: float, digits: int = 4) -> str:
    """0.123456 -> '0.1235', 2.0 -> '2': a measured value with `digits` significant digits."""
    return f"{value:.{digits}g}"
