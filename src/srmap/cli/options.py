"""Options shared by several commands, each turned into one typed value for the command."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from srmap.errors import UsageError
from srmap.sources import ReadOptions

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["console", "emit", "format_option", "source_options", "split_list"]

F = TypeVar("F", bound=Callable[..., Any])


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format`` with the first choice as default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def console() -> Console:
    """A terminal console at least 100 columns wide."""
    from rich.console import Console  # noqa: PLC0415 - rich loads only when something is drawn

    return Console(width=max(100, Console().width), highlight=False)


def split_list(values: tuple[str, ...]) -> list[str]:
    """Repeated and comma-separated values as one list: ``-x a,b -x c`` -> [a, b, c]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _pairs(option: str, items: tuple[str, ...]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{option} {item!r}: expected KEY=VALUE")
        pairs[key] = value
    return pairs


def source_options(function: F) -> F:
    """Add --region, --param, --var and --var-file; the command receives ``read_options``."""

    @functools.wraps(function)
    def wrapper(
        *args: Any,
        region: str | None,
        params: tuple[str, ...],
        tf_vars: tuple[str, ...],
        var_files: tuple[Path, ...],
        **kwargs: Any,
    ) -> Any:
        options = ReadOptions(
            region=region,
            parameters=_pairs("--param", params),
            var_files=var_files,
            variables=_pairs("--var", tf_vars),
        )
        return function(*args, read_options=options, **kwargs)

    decorators = [
        click.option("--region", help="Region of CloudFormation templates (they name none)."),
        click.option(
            "--param",
            "params",
            multiple=True,
            metavar="KEY=VALUE",
            help="CloudFormation parameter value (repeatable).",
        ),
        click.option(
            "--var",
            "tf_vars",
            multiple=True,
            metavar="NAME=VALUE",
            help="Terraform variable for a .tf directory (repeatable).",
        ),
        click.option(
            "--var-file",
            "var_files",
            multiple=True,
            type=click.Path(dir_okay=False, path_type=Path),
            help="Terraform variables file for a .tf directory (repeatable).",
        ),
    ]
    wrapped: Any = wrapper
    for decorate in reversed(decorators):
        wrapped = decorate(wrapped)
    return wrapped  # type: ignore[no-any-return]


def emit(text: str | bytes | Iterable[bytes], output: Path | None) -> None:
    """Print, or write the whole file at once (a temporary file renamed into place). Bytes are
    UTF-8 text already encoded; pieces of bytes are written one after the other, and a file is
    only put in place once every piece is written."""
    pieces = [text] if isinstance(text, str | bytes) else text
    if output is None:
        for piece in pieces:
            click.echo(piece, nl=False)
        return
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("wb") as stream:
            for piece in pieces:
                stream.write(piece.encode() if isinstance(piece, str) else piece)
        partial.replace(output)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from None
    except BaseException:  # a piece failed to render: nothing half-written stays behind
        partial.unlink(missing_ok=True)
        raise
