from .base import BaseLitModel
