def ratio(a: float, b: float) -> float:
    return a / b if b else 0.0
