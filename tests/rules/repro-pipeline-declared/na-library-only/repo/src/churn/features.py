def tenure_bucket(months: int) -> str:
    return 'new' if months < 6 else 'loyal'
