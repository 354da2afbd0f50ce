"""Bad templates raise InputError naming the file, and the line where there is one."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from srmap.errors import InputError
from srmap.sources.cloudformation import _loader, read_template

QUEUE = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"

BILLION_LAUGHS = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(9)]
    + ["Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Boom: *j\n"]
)

ANY_LINE = -1  # the parsers differ: libyaml reports a line, Python's runs out of stack first

# (file name, template text, words the message must contain, line or None)
CASES = [
    ("malformed.yaml", "Resources:\n  Q: [unclosed\n  R: x\n", "expected", 3),
    ("tab.yaml", "Resources:\n\tQ: x\n", "character", 2),
    ("dup.yaml", QUEUE + "      A: 1\n      A: 2\n", "duplicate key 'A'", 6),
    (
        "dup_resource.json",
        '{"Resources": {\n"Q": {"Type": "X"},\n"Q": {"Type": "Y"}}}',
        "duplicate",
        3,
    ),
    ("bad.json", '{"Resources": {\n  "Q": }\n}', "invalid JSON", 2),
    ("tag.yaml", QUEUE + "      A: !Unknown x\n", "!Unknown", 5),
    ("bad_int.yaml", QUEUE + "      A: !!int twelve\n", "twelve", 5),
    ("empty_int.yaml", QUEUE + "      A: !!int\n", "cannot hold", 5),
    ("binary_tag.yaml", QUEUE + "      A: !!binary aGk=\n", "unsupported", 5),
    ("key.yaml", QUEUE + "      ? [a, b]\n      : c\n", "keys", 5),
    ("two_docs.yaml", QUEUE + "---\n" + QUEUE, "single document", 5),
    ("recursive.yaml", QUEUE + "      A: &a [*a]\n", "recursive", 5),
    ("bomb.yaml", BILLION_LAUGHS, "aliases", 7),
    ("deep.yaml", QUEUE + "      A: " + "[" * 300 + "]" * 300 + "\n", "nest", 5),
    ("very_deep.yaml", QUEUE + "      A: " + "[" * 5000 + "]" * 5000 + "\n", "nest", ANY_LINE),
    ("list.json", "[1, 2, 3]", "not a CloudFormation template", 1),
    ("not_template.json", '{"name": "x", "version": 1}', "no Resources mapping", 1),
    ("resources_scalar.yaml", "Resources: 5\n", "no Resources mapping", 1),
    ("empty.yaml", "", "not a CloudFormation template", None),
    ("no_type.yaml", "Resources:\n  Q:\n    Properties: {}\n", "Type", 2),
    ("props.yaml", "Resources:\n  Q:\n    Type: X\n    Properties: [a]\n", "Properties", 4),
    ("null.yaml", QUEUE + "      A:\n", "null", 5),
    ("null_item.yaml", QUEUE + "      A: [a, null]\n", "null", 5),
    ("join.yaml", QUEUE + "      A: !Join [only-one]\n", "Fn::Join", 5),
    ("select.yaml", QUEUE + "      A: !Select [3, [a]]\n", "beyond", 5),
    (
        "map.yaml",
        "Mappings: {M: {a: {b: c}}}\n" + QUEUE + "      A: !FindInMap [M, x, b]\n",
        "no entry",
        6,
    ),
    ("cond.yaml", QUEUE + "      A: !If [Missing, a, b]\n", "'Missing' is not defined", 5),
    (
        "cycle.yaml",
        "Conditions:\n  A: !Condition A\n" + QUEUE + "      V: !If [A, x, y]\n",
        "itself",
        2,
    ),
    ("params.yaml", "Parameters: [a]\n" + QUEUE, "Parameters", 1),
    ("param.yaml", "Parameters:\n  P: {Default: x}\n" + QUEUE, "parameter 'P'", 2),
]


@pytest.fixture(params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml's parser (the default when present) and with pure Python's."""
    if request.param == "python":
        monkeypatch.setattr(
            _loader,
            "_loader_class",
            lambda json_text: _loader.JsonTemplateLoader if json_text else _loader.TemplateLoader,
        )
    return str(request.param)


@pytest.mark.parametrize(("name", "text", "words", "line"), CASES, ids=[c[0] for c in CASES])
def test_bad_template_raises_input_error(
    write_template: Callable[..., Path],
    parser: str,
    name: str,
    text: str,
    words: str,
    line: int | None,
) -> None:
    """Each kind of bad template is refused, by either parser, with the file, reason and line."""
    path = write_template(text, name)
    with pytest.raises(InputError) as caught:
        read_template(path)
    assert caught.value.file == str(path)
    assert words in caught.value.reason
    assert line == ANY_LINE or caught.value.line == line


def test_billion_laughs_refused_quickly(write_template: Callable[..., Path]) -> None:
    """An alias bomb is refused before it is expanded (well under a second)."""
    path = write_template(BILLION_LAUGHS, "bomb.yaml")
    started = time.perf_counter()
    with pytest.raises(InputError):
        read_template(path)
    assert time.perf_counter() - started < 1.0


def test_binary_junk_is_refused(tmp_path: Path) -> None:
    """A binary file is refused as not a template, naming the file."""
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    with pytest.raises(InputError, match="binary") as caught:
        read_template(path)
    assert caught.value.file == str(path)


def test_invalid_utf8_is_refused(tmp_path: Path) -> None:
    """Text that is not UTF-8 is refused with the line of the first bad byte."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"Resources:\n  Q:\n    Type: caf\xe9\n")
    with pytest.raises(InputError, match="UTF-8") as caught:
        read_template(path)
    assert caught.value.line == 3


def test_control_character_is_refused(tmp_path: Path) -> None:
    """Characters YAML does not accept are refused with their line."""
    path = tmp_path / "control.yaml"
    path.write_text("Resources:\n  Q: \x07\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_template(path)
    assert caught.value.line == 2


def test_oversized_file_is_refused(
    write_template: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file over the size limit is refused without being parsed."""
    monkeypatch.setattr(_loader, "MAX_FILE_BYTES", 64)
    path = write_template(QUEUE + "      Padding: " + "x" * 100 + "\n")
    with pytest.raises(InputError, match="larger than 64 bytes"):
        read_template(path)


def test_node_limit_counts_expanded_aliases(
    write_template: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The node limit applies to the template as aliases would expand it."""
    monkeypatch.setattr(_loader, "MAX_NODES", 50)
    text = (
        QUEUE
        + "      A: &a [1, 2, 3, 4, 5, 6, 7, 8]\n"
        + "".join(f"      B{i}: *a\n" for i in range(6))
    )
    with pytest.raises(InputError, match="more than 50 nodes"):
        read_template(write_template(text))


def test_missing_file_is_refused(tmp_path: Path) -> None:
    """A path that does not exist is an InputError, not an OSError."""
    path = tmp_path / "absent.yaml"
    with pytest.raises(InputError) as caught:
        read_template(path)
    assert caught.value.file == str(path)


def test_directory_is_refused(tmp_path: Path) -> None:
    """A directory given as a template is an InputError."""
    with pytest.raises(InputError):
        read_template(tmp_path)


def test_garbage_collector_restored_after_refusal(write_template: Callable[..., Path]) -> None:
    """The collector paused while parsing is running again after a refused template."""
    assert gc.isenabled()
    with pytest.raises(InputError):
        read_template(write_template(QUEUE + "      A: &a [*a]\n"))
    assert gc.isenabled()
