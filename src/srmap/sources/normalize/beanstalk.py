"""Elastic Beanstalk option settings read into an environment's attributes."""

from __future__ import annotations

from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.values import as_bool, dig, none_if_empty

__all__ = ["beanstalk_attributes"]


def _option(settings: list[Any] | Unknown, namespace: str, name: str) -> Any:
    """An option setting's value, None when not set, UNKNOWN when the settings are."""
    if isinstance(settings, Unknown):
        return UNKNOWN
    for setting in settings:
        if dig(setting, "namespace") == namespace and dig(setting, "name") == name:
            return dig(setting, "value")
    return None


def beanstalk_attributes(settings: list[Any] | Unknown, platform: Any) -> dict[str, Any]:
    """Attributes of an environment from (namespace, name, value) option settings."""
    managed = _option(settings, "aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled")
    level = _option(settings, "aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel")
    health = _option(settings, "aws:elasticbeanstalk:healthreporting:system", "SystemType")
    streaming = _option(settings, "aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs")
    enhanced: bool | Unknown = UNKNOWN if isinstance(health, Unknown) else health == "enhanced"
    return {
        "platform": platform,
        # API defaults: no managed updates, basic health, no log streaming.
        "managed_actions_enabled": as_bool(managed, False),
        "managed_update_level": none_if_empty(level),
        "enhanced_health_reporting": enhanced,
        "log_streaming_enabled": as_bool(streaming, False),
    }
