def tenure_bucket(months: int) -> str:
    if months < 0:
        raise ValueError("negative tenure")
    if months < 6:
        return "new"
    return "established" if months < 24 else "loyal"
