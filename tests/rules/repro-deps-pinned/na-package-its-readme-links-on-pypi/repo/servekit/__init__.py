from servekit.model import Model

__all__ = ["Model"]
