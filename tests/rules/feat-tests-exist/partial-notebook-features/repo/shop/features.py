def basket_size(items: list) -> int:
    return len([i for i in items if i])
