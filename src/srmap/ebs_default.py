"""The account's EBS encryption by default, carried onto the volumes and block devices it
encrypts (a derived fact, wired in by srmap.derive).

``encrypted`` of an EBS volume or block device left UNKNOWN (unset: the snapshot or the
account's default decides) becomes true when an ``aws.account`` of the same account and region
turns EBS encryption by default on, which encrypts every new volume whatever its snapshot
(https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html).
``encrypted_by_account_default`` lists the paths so derived, for the controls' evidence. Known
values are never changed. Accounts match when both are known and equal, or when both are the
account of the same provider configuration (a ProviderAccount: one Terraform provider block,
one CloudFormation template), which deploys with one set of credentials; two configurations,
even of one directory and region, may be two accounts. A live account (region null) speaks for
every scanned region.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from srmap.model import ProviderAccount, Resource, Unknown

__all__ = ["EBS_TYPES", "ENCRYPTED_BY_ACCOUNT_DEFAULT", "encrypting_accounts", "with_ebs_default"]

ENCRYPTED_BY_ACCOUNT_DEFAULT = "encrypted_by_account_default"
# Types whose EBS storage the account's encryption by default reaches.
EBS_TYPES = frozenset(
    {"ec2.volume", "ec2.instance", "ec2.launch_template", "autoscaling.launch_configuration"}
)


def encrypting_accounts(resources: Iterable[Resource]) -> list[Resource]:
    """The ``aws.account`` resources that turn EBS encryption by default on."""
    return [
        r
        for r in resources
        if r.type == "aws.account" and r.attributes.get("ebs_encryption_by_default") is True
    ]


def with_ebs_default(resource: Resource, accounts: Sequence[Resource]) -> Resource:
    """The resource with its UNKNOWN encryption flags made true when an account of the same
    place encrypts by default; otherwise unchanged."""
    if resource.type not in EBS_TYPES or not any(_same_place(a, resource) for a in accounts):
        return resource
    attributes = dict(resource.attributes)
    derived: list[str] = []
    if isinstance(attributes.get("encrypted"), Unknown):
        attributes["encrypted"] = True
        derived.append("encrypted")
    devices = attributes.get("block_devices")
    if isinstance(devices, list):
        attributes["block_devices"] = [_device(device) for device in devices]
        derived += [
            f"block_devices[{index}].encrypted"
            for index, device in enumerate(devices)
            if device is not attributes["block_devices"][index]
        ]
    if not derived:
        return resource
    return resource._replace(attributes={**attributes, ENCRYPTED_BY_ACCOUNT_DEFAULT: derived})


def _device(device: object) -> object:
    """A block device whose flag is UNKNOWN, made encrypted; any other, the same object."""
    if isinstance(device, dict) and isinstance(device.get("encrypted"), Unknown):
        return {**device, "encrypted": True}
    return device


def _same_place(account: Resource, resource: Resource) -> bool:
    """Whether the account's settings surely govern the resource's account and region."""
    if not isinstance(resource.region, str):
        return False
    if account.region is not None and account.region != resource.region:
        return False  # an UNKNOWN region is never equal to a known one
    # Plain UNKNOWN says nothing: two of them may be two accounts.
    owner = account.account
    return isinstance(owner, str | ProviderAccount) and owner == resource.account
