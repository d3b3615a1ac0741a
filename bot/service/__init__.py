"""The service layer: one entry point from adapters into the core."""

from bot.service.handler import SupportService
from bot.service.turn import ServiceConfig

__all__ = ["ServiceConfig", "SupportService"]
