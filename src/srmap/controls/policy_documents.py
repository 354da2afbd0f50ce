"""Read IAM and resource policy documents: who a statement lets in, and what it lets them do.

Every question answers True, False or UNKNOWN: a statement whose deciding part the source
could not establish is neither public nor private. Only the parts that decide are read, so
an unknown ``Sid`` or ``Resource`` never hides a statement that is public by its principal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from srmap.controls.engine import Verdict, failed, passed
from srmap.model import UNKNOWN, Evidence, Maybe, Status, Unknown

__all__ = [
    "ESCALATION_ACTIONS",
    "RESTRICTING_CONDITION_KEYS",
    "DocumentScan",
    "StatementTest",
    "all_true",
    "allows_all_actions_on_all_resources",
    "allows_iam_escalation",
    "any_true",
    "cited_fields",
    "is_public_statement",
    "judge_document",
    "scan_document",
    "statements",
]

# Condition keys that tie a request to a known account, organization, network or caller;
# a public principal behind any of them is not "anyone on the internet".
RESTRICTING_CONDITION_KEYS = frozenset(
    key.lower()
    for key in (
        "aws:SourceArn",
        "aws:SourceAccount",
        "aws:SourceOwner",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceVpcArn",
        "aws:VpceAccount",
        "aws:VpceOrgID",
        "aws:VpceOrgPaths",
        "aws:SourceIp",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:PrincipalServiceName",
        "aws:userid",
        "aws:username",
        "kms:CallerAccount",
        "lambda:EventSourceToken",
    )
)

# IAM actions that let a principal grant itself more than it has (Rhino Security Labs'
# privilege-escalation methods); a wildcard covering any of them on every resource is IAM
# administration in disguise.
ESCALATION_ACTIONS = (
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreatePolicyVersion",
    "iam:PassRole",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateLoginProfile",
)

StatementTest = Callable[[Mapping[str, Any]], Maybe[bool]]


@dataclass(frozen=True, slots=True)
class DocumentScan:
    """Which statements of a document a test found true, and which it could not decide."""

    matched: tuple[int, ...]
    undecided: tuple[int, ...]
    document_unknown: bool = False

    @property
    def verdict(self) -> Maybe[bool]:
        """True when a statement matched, UNKNOWN when one might, else False."""
        if self.matched:
            return True
        if self.undecided or self.document_unknown:
            return UNKNOWN
        return False


def statements(document: Any) -> Iterator[tuple[int, Any]]:
    """The statements of a document with their index; a single statement object counts as one."""
    if not isinstance(document, Mapping):
        return
    found = document.get("Statement")
    listed = found if isinstance(found, list) else [found] if found is not None else []
    yield from enumerate(listed)


def scan_document(document: Any, test: StatementTest) -> DocumentScan:
    """Apply a statement test to every statement; an unknown document or statement is undecided."""
    if document is None:
        return DocumentScan((), ())
    if not isinstance(document, Mapping) or isinstance(document.get("Statement"), Unknown):
        return DocumentScan((), (), document_unknown=True)
    matched: list[int] = []
    undecided: list[int] = []
    for index, statement in statements(document):
        outcome = test(statement) if isinstance(statement, Mapping) else UNKNOWN
        if outcome is True:
            matched.append(index)
        elif isinstance(outcome, Unknown):
            undecided.append(index)
    return DocumentScan(tuple(matched), tuple(undecided))


def _as_list(value: Any) -> list[Any] | Unknown:
    if isinstance(value, Unknown):
        return UNKNOWN
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return UNKNOWN if any(isinstance(item, Unknown) for item in items) else items


def any_true(outcomes: list[Maybe[bool]]) -> Maybe[bool]:
    """True if one is True, UNKNOWN if none is but one is unknown, else False."""
    if any(outcome is True for outcome in outcomes):
        return True
    return UNKNOWN if any(isinstance(o, Unknown) for o in outcomes) else False


def _is_allow(statement: Mapping[str, Any]) -> Maybe[bool]:
    effect = statement.get("Effect")
    return UNKNOWN if isinstance(effect, Unknown) else effect == "Allow"


def _principal_is_anyone(principal: Any) -> Maybe[bool]:
    """``"*"``, or ``{"AWS": "*"}`` (a list holding ``"*"`` too); services and accounts are not."""
    if isinstance(principal, Unknown):
        return UNKNOWN
    if principal == "*":
        return True
    if not isinstance(principal, Mapping):
        return False
    outcomes: list[Maybe[bool]] = []
    for key in ("AWS", "CanonicalUser"):
        values = _as_list(principal.get(key))
        outcomes.append(UNKNOWN if isinstance(values, Unknown) else "*" in values)
    return any_true(outcomes)


def _condition_restricts(condition: Any) -> Maybe[bool]:
    """A condition on a restricting key with a concrete value; ``...IfExists`` lets absent pass."""
    if condition is None:
        return False
    if not isinstance(condition, Mapping):
        return UNKNOWN
    outcomes: list[Maybe[bool]] = []
    for operator, tests in condition.items():
        if not isinstance(tests, Mapping):
            outcomes.append(UNKNOWN)
            continue
        if str(operator).endswith("IfExists") or operator == "Null":
            continue
        for key, value in tests.items():
            if str(key).lower() in RESTRICTING_CONDITION_KEYS:
                outcomes.append(_concrete(value))
    return any_true(outcomes)


def _concrete(value: Any) -> Maybe[bool]:
    """A condition value that names something: not a bare ``*`` wildcard, nor an ARN whose
    account is a wildcard (``arn:aws:iam::*``: anyone can create such a principal)."""
    values = _as_list(value)
    if isinstance(values, Unknown):
        return UNKNOWN
    return bool(values) and all(str(v) != "*" and not _any_account_arn(v) for v in values)


def _any_account_arn(value: Any) -> bool:
    fields = str(value).split(":")
    return fields[0] == "arn" and len(fields) > 4 and ("*" in fields[4] or "?" in fields[4])


def is_public_statement(statement: Mapping[str, Any]) -> Maybe[bool]:
    """Allow to anyone (or to all but a NotPrincipal list) with no restricting condition."""
    allow = _is_allow(statement)
    if allow is False:
        return False
    if "NotPrincipal" in statement:
        anyone: Maybe[bool] = True
    else:
        anyone = _principal_is_anyone(statement.get("Principal"))
    if anyone is False:
        return False
    restricted = _condition_restricts(statement.get("Condition"))
    if restricted is True:
        return False
    if isinstance(allow, Unknown) or isinstance(anyone, Unknown) or isinstance(restricted, Unknown):
        return UNKNOWN
    return True


def _includes_star(value: Any) -> Maybe[bool]:
    values = _as_list(value)
    return UNKNOWN if isinstance(values, Unknown) else "*" in values


def allows_all_actions_on_all_resources(statement: Mapping[str, Any]) -> Maybe[bool]:
    """Allow with Action ``"*"`` on Resource ``"*"``: administrator access."""
    outcomes = [
        _is_allow(statement),
        _includes_star(statement.get("Action")),
        _includes_star(statement.get("Resource")),
    ]
    return all_true(outcomes)


def all_true(outcomes: list[Maybe[bool]]) -> Maybe[bool]:
    """False if one is False, UNKNOWN if none is but one is unknown, else True."""
    if any(outcome is False for outcome in outcomes):
        return False
    return UNKNOWN if any(isinstance(o, Unknown) for o in outcomes) else True


def _grants_escalation(pattern: Any) -> bool:
    """A wildcard action other than ``*`` itself that covers a privilege-escalation action."""
    text = str(pattern).lower()
    if text == "*" or not any(mark in text for mark in "*?"):
        return False
    return any(fnmatchcase(action.lower(), text) for action in ESCALATION_ACTIONS)


def allows_iam_escalation(statement: Mapping[str, Any]) -> Maybe[bool]:
    """Allow of ``iam:*`` or another IAM wildcard covering an escalation action, on ``*``."""
    actions = _as_list(statement.get("Action"))
    wildcard: Maybe[bool] = (
        UNKNOWN if isinstance(actions, Unknown) else any(map(_grants_escalation, actions))
    )
    return all_true([_is_allow(statement), wildcard, _includes_star(statement.get("Resource"))])


def cited_fields(
    path: str, document: Any, indices: tuple[int, ...], fields: tuple[str, ...]
) -> dict[str, Any]:
    """Evidence: the deciding fields of the chosen statements, keyed by their attribute path."""
    listed = dict(statements(document))
    evidence: dict[str, Any] = {}
    for index in indices:
        statement = listed.get(index)
        if not isinstance(statement, Mapping):
            evidence[f"{path}.Statement[{index}]"] = statement
            continue
        for name in fields:
            if name in statement:
                evidence[f"{path}.Statement[{index}].{name}"] = statement[name]
    return evidence


def _known(value: Any) -> bool:
    if isinstance(value, Unknown):
        return False
    if isinstance(value, Mapping):
        return all(_known(v) for v in value.values())
    if isinstance(value, list):
        return all(_known(v) for v in value)
    return True


def judge_document(
    path: str, document: Any, test: StatementTest, fields: tuple[str, ...], finding: str
) -> Verdict:
    """Fail on the statements a test finds, cite them; unknown when one might; else pass."""
    if document is None:
        return passed(f"no {path}", {path: None})
    scan = scan_document(document, test)
    if scan.matched:
        where = ", ".join(str(i) for i in scan.matched)
        cited = cited_fields(path, document, scan.matched, fields)
        return failed(f"{finding} (statement {where})", _known_only(cited))
    if scan.document_unknown:
        return failed(f"{path} could not be read", {path: UNKNOWN})
    if scan.undecided:
        cited = cited_fields(path, document, scan.undecided, fields)
        evidence = tuple(Evidence(key, value) for key, value in cited.items())
        return Verdict(
            Status.UNKNOWN, evidence, f"{path} may grant it: a deciding value is unknown"
        )
    everything = tuple(index for index, _ in statements(document))
    cited = cited_fields(path, document, everything, fields)
    return passed(f"no statement of {path} does", _known_only(cited) or {path: "no statements"})


def _known_only(cited: dict[str, Any]) -> dict[str, Any]:
    """Drop cited values holding an unknown that did not decide (the principal of a Deny)."""
    return {key: value for key, value in cited.items() if _known(value)}
