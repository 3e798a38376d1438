"""The GitHub Action (`mlgate action`): the only package that talks to GitHub (through PyGithub).

Importing this package does not import PyGithub; mlgate.github.api does, lazily, when the action runs.
"""
