"""Command line: ``python -m rolecomp check-data | doctor | export-figures | handouts``.

Never prints a traceback: problems become messages and exit codes (0 ok, 1 problems found,
2 a file cannot be read or the call is malformed).
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["main"]


def _check_data(args: argparse.Namespace) -> int:
    from rolecomp.data import _printable, check_file

    status = 0
    for path in args.paths:
        try:
            summary, problems = check_file(path)
        except (OSError, ValueError) as exc:
            print(_printable(f"error: {exc}"), file=sys.stderr)
            status = 2
            continue
        if problems:
            for problem in problems:
                print(problem)  # str(problem) escapes control characters
            status = max(status, 1)
        else:
            print(_printable(summary))
    return status


def _doctor(args: argparse.Namespace) -> int:
    from rolecomp.doctor import run

    return run()


def _export(args: argparse.Namespace) -> int:
    from rolecomp.export import export_figures

    return export_figures(args.outdir, lang=args.lang, fmt=args.format, force=args.force)


def _handouts(args: argparse.Namespace) -> int:
    from rolecomp.handouts import build_handouts

    return build_handouts(args.outdir, lang=args.lang, fmt=args.format, force=args.force,
                          notebooks=args.notebooks)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit 2 with a one-line hint, as argparse does, but clearer
        self.print_usage(sys.stderr)
        print(f"error: {message}. Try: python -m rolecomp --help", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m rolecomp",
                     description="rolecomp workshop kit: check data, diagnose a set-up, export charts, "
                     "make handouts.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = sub.add_parser("check-data", help="validate data CSV files (roles, scales, attributes, "
                           "parameters, presets)")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.set_defaults(func=_check_data)
    doctor = sub.add_parser("doctor", help="versions, widget extension and CJK font: what to fix")
    doctor.set_defaults(func=_doctor)
    export = sub.add_parser("export-figures", help="write every chart at its default values (slides): "
                            "all of them or, on any problem, none")
    export.add_argument("outdir")
    export.add_argument("--lang", choices=("en", "zh"), default="en")
    export.add_argument("--format", choices=("png", "svg"), default="png")
    export.add_argument("--force", action="store_true",
                        help="replace existing files (a symlink there is replaced, never followed)")
    export.set_defaults(func=_export)
    handouts = sub.add_parser("handouts", help="run every notebook and write it as a self-contained HTML "
                              "and PDF handout, each chart as an image: all of them or, on any problem, none")
    handouts.add_argument("outdir", nargs="?", default="build/handouts", metavar="OUTDIR",
                          help="where to write (default: build/handouts)")
    handouts.add_argument("--lang", choices=("en", "zh", "both"), default="both")
    handouts.add_argument("--format", choices=("html", "pdf", "both"), default="both",
                          help="PDF needs Chromium (ROLECOMP_CHROMIUM names one) and playwright")
    handouts.add_argument("--force", action="store_true",
                          help="replace existing handouts (a symlink there is replaced, never followed)")
    handouts.add_argument("--notebooks", metavar="DIR", default=None,
                          help="the notebooks (default: the workshop's notebooks/; a zh/ folder in it "
                          "is the Chinese edition)")
    handouts.set_defaults(func=_handouts)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except ModuleNotFoundError as exc:
        print(_missing_dependency(exc), file=sys.stderr)
        return 2


def _missing_dependency(exc: ModuleNotFoundError) -> str:
    """One line for a dependency this Python lacks, and the two ways to get a Python that has it.

    Examples
    --------
    >>> _missing_dependency(ModuleNotFoundError("No module named 'pandas'", name="pandas"))[:58]
    "error: rolecomp needs 'pandas', which this Python does not"
    """
    name = (exc.name or str(exc)).split(".")[0]
    return (f"error: rolecomp needs {name!r}, which this Python does not have ({sys.executable}). "
            "Run `make lab` once to set up .venv, then use `make doctor`, `make check-data` or "
            "`.venv/bin/python -m rolecomp ...`; or `pip install -e .` into this Python.")


if __name__ == "__main__":
    raise SystemExit(main())
