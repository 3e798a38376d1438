"""Facts derived from the RepoIndex and shared by several rules (computed once, via index.memo)."""
