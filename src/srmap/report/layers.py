"""How reports name the layers of the shared responsibility diagram."""

from __future__ import annotations

from collections.abc import Mapping

from srmap.model import Layer

__all__ = ["LAYER_LABELS"]

LAYER_LABELS: Mapping[Layer, str] = {
    Layer.FACILITIES: "Facilities (regions, AZs, edge)",
    Layer.HARDWARE: "Hardware",
    Layer.NETWORK_INFRASTRUCTURE: "Network infrastructure",
    Layer.VIRTUALIZATION: "Virtualization",
    Layer.HOST_OS: "Host operating system",
    Layer.GUEST_OS: "Guest operating system",
    Layer.PLATFORM: "Platform (runtime, engine)",
    Layer.APPLICATION: "Application",
    Layer.NETWORK_CONFIG: "Network and firewall configuration",
    Layer.IDENTITY_ACCESS: "Identity and access management",
    Layer.ENCRYPTION_AT_REST: "Server-side encryption at rest",
    Layer.CLIENT_SIDE_ENCRYPTION: "Client-side encryption and integrity",
    Layer.ENCRYPTION_IN_TRANSIT: "Encryption in transit",
    Layer.CUSTOMER_DATA: "Customer data",
    Layer.BACKUPS: "Backups",
    Layer.DATA_RESIDENCY: "Region choice (data residency)",
    Layer.LOGGING_MONITORING: "Logging and monitoring",
}
