from slackclient.client import Client

__all__ = ["Client"]
