from adapterkit.lora import LoraLinear

__all__ = ["LoraLinear"]
