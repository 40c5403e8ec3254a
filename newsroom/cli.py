"""Commands, options, exit codes, progress and summary output; no pipeline logic."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from dataclasses import replace
from pathlib import Path

from newsroom.config import Settings, check_site_folders, check_value, load_settings
from newsroom.errors import BuildFailed, UserError

DESCRIPTION = """\
newsroom turns raw news article dumps into a static news site.

commands:
  build   ingest new raw files, then build the site into the output folder (the default)
  ingest  normalize raw files (articles/raw/) into records (articles/<slug>.md) only
  serve   build, serve the site on 127.0.0.1, rebuild and reload pages on changes
"""


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit code (0 ok, 1 user error, 2 usage)."""
    args = _parser().parse_args(_with_default_command(sys.argv[1:] if argv is None else argv))
    if argv is None and args.command != "serve" and hasattr(signal, "SIGPIPE"):
        # Run as a program, `build.py ingest --explain FILE | head` ends quietly like other tools.
        # (Not serve: a browser closing its connection must not stop the server.)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    code = _run(args)
    if argv is None and args.command == "build":
        _end_now(code)
    return code


def _run(args: argparse.Namespace) -> int:
    try:
        return args.run(args)
    except BuildFailed as failed:
        return _report_failure(failed.errors, args)
    except UserError as error:
        return _report_failure([error], args)
    except BrokenPipeError:  # serve's reader went away (build and ingest end by SIGPIPE instead)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 1
    except OSError as exc:  # a full disk or a read-only folder: the user's to fix, not a crash
        error = UserError(f"cannot write or read: {exc.strerror or exc}", exc.filename, None,
                          "check the folder's permissions and the free disk space")
        return _report_failure([error], args)
    except KeyboardInterrupt:
        return 130


def _end_now(code: int) -> None:
    """End a build's process without tearing down its objects one by one, as the interpreter would:
    at ten thousand articles that took most of a second, with the site long written."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _with_default_command(argv: list[str]) -> list[str]:
    """`build` is the default command: `build.py --output x` means `build.py build --output x`."""
    commands = {"build", "ingest", "serve"}
    if not argv or (argv[0] not in commands and argv[0] not in ("-h", "--help", "--version")):
        return ["build", *argv]
    return argv


def _parser() -> argparse.ArgumentParser:
    from newsroom import __version__

    parser = argparse.ArgumentParser(prog="build.py", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"newsroom {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site (default)")
    _site_options(build)
    build.set_defaults(run=_run_build)

    ingest = commands.add_parser("ingest", help="normalize raw files into records")
    ingest.add_argument("files", nargs="*", type=Path, metavar="FILE", help="raw files (default: all)")
    ingest.add_argument("--force", action="store_true", help="rewrite existing records (edits are lost)")
    ingest.add_argument("--explain", action="store_true",
                        help="print every line of FILE with its class and the rule that decided it")
    ingest.add_argument("--config", type=Path, default=Path("config.yaml"), help="config file (config.yaml)")
    _verbosity(ingest)
    ingest.set_defaults(run=_run_ingest)

    serve = commands.add_parser("serve", help="build, serve and rebuild on changes (live reload)")
    _site_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (8000)")
    serve.set_defaults(run=_run_serve)
    return parser


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=Path("config.yaml"), help="config file (config.yaml)")
    parser.add_argument("--output", type=Path, metavar="DIR", help="output folder (config output_dir)")
    parser.add_argument("--base-url", metavar="URL", help="override base_url, e.g. for a preview")
    parser.add_argument("--drafts", action="store_true", help="include records marked draft: true")
    parser.add_argument("--no-search", dest="search", action="store_false", help="skip the search index")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _verbosity(parser)


def _verbosity(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    group.add_argument("-v", "--verbose", action="store_true", help="print warnings and every step")


def load_site_settings(args: argparse.Namespace) -> Settings:
    """Settings from --config, with --base-url applied; the folders checked before a build."""
    settings = load_settings(args.config)
    base_url = getattr(args, "base_url", None)
    if base_url:
        problem = check_value("base_url", base_url)
        if problem:
            raise UserError(f"--base-url: {problem[0]}", hint=problem[1])
        settings = replace(settings, base_url=base_url.rstrip("/") + "/")
    check_site_folders(settings, args.config, getattr(args, "output", None))
    return settings


def _run_build(args: argparse.Namespace) -> int:
    from newsroom.pipeline import BuildOptions, build_site

    settings = load_site_settings(args)
    options = BuildOptions(output=args.output, drafts=args.drafts, search=args.search,
                           progress=not args.quiet, timings=args.verbose)
    result = build_site(settings, options)
    _print_warnings(result.warnings, args)
    if args.strict and result.warnings:
        return _report_failure(result.warnings, args)
    if not args.quiet:
        print(f"built {result.articles} articles, {result.pages} pages in {result.seconds:.2f} s "
              f"-> {_shown(result.output)}")
    return 0


def _run_ingest(args: argparse.Namespace) -> int:
    from newsroom.ingest import explain, ingest_files

    if args.explain:
        for path in args.files:
            try:
                rows = explain(_read_raw(path), path.name)
            except UserError as exc:  # name the file as the user typed it
                raise replace(exc, path=path) from None
            print("\n".join(rows))
        return 0
    settings = load_settings(args.config) if args.config.exists() else Settings()
    files = [p.resolve() for p in args.files] or None
    report = ingest_files(settings.path("articles_dir"), files, force=args.force)
    if not args.quiet:
        for path in report.written:
            print(f"wrote {_shown(path)}")
        for path in report.kept:
            if args.verbose:
                print(f"kept {_shown(path)} (exists; --force rewrites it)")
    for raw in report.changed:
        print(f"{_shown(raw)}: warning: raw file changed since its record was made; the record is kept; "
              "use --force to redo it", file=sys.stderr)
    if report.problems:
        return _report_failure(report.problems, args)
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    from newsroom.serve import serve

    return serve(args)


def _read_raw(path: Path) -> bytes:
    from newsroom.ingest.files import read_raw

    return read_raw(path)


def _print_warnings(warnings: list[UserError], args: argparse.Namespace) -> None:
    if not args.quiet:
        for warning in warnings:
            print(_shown_error(warning), file=sys.stderr)


def _report_failure(errors: list[UserError], args: argparse.Namespace) -> int:
    """Print every error, one per line, and say that nothing was overwritten."""
    for error in errors:
        print(_shown_error(error), file=sys.stderr)
    count = len([e for e in errors if not e.warning]) or len(errors)
    what = "build" if args.command in (None, "build", "serve") else args.command
    tail = "; the previous site is unchanged" if what == "build" else ""
    print(f"{what} failed: {count} error{'s' if count != 1 else ''}{tail}", file=sys.stderr)
    return 1


def _shown_error(error: UserError) -> str:
    path = error.path
    return str(replace(error, path=_shown(Path(path)) if path is not None else None))


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)
