"""srmap: the AWS Shared Responsibility Model as software."""

# Kept in step with pyproject.toml by a test; reading package metadata at import costs more.
__version__ = "0.1.0"

__all__ = ["__version__"]
