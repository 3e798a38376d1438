def tenure_bucket(months: int) -> str:
    if months < 6:
        return "new"
    return "established" if months < 24 else "loyal"
