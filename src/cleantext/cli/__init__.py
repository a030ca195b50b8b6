"""The `cleantext` command: clean files, directories, standard input or JSONL dumps, on every core.

Its modules, by job: `arguments` (the command line and the options it builds), `runners` (a run
over files, a JSONL stream or the HTML report), `records` (the work on one page, in worker
processes), `inputs` (reading pages), `sinks` (writing the output), `progress` (the bar on
standard error), `errors` (exit statuses and messages) and `learn` (the `cleantext learn` command,
which learns a site profile).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cleantext.cli.arguments import build_options, check_encoding, command_parser, report_parser
from cleantext.cli.errors import EXIT_BROKEN_PIPE, EXIT_FAILED, EXIT_USAGE, UsageError, reason, say
from cleantext.cli.learn import learn_parser, run_learn
from cleantext.cli.runners import run, run_report
from cleantext.cli.sinks import silence_stdout

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]); return the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = args_list[0] if args_list and args_list[0] in ("report", "learn") else None
    is_report = command == "report"
    parser = report_parser() if is_report else learn_parser() if command == "learn" else command_parser()
    try:
        args = parser.parse_intermixed_args(args_list[1:] if command else args_list)
    except SystemExit as exc:  # --help, --version, or an argparse error already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        options = build_options(args)
        check_encoding(args.encoding)
        if is_report:
            return run_report(args, options)
        if command == "learn":
            return run_learn(args, options)
        return run(args, options)
    except UsageError as exc:
        say(f"error: {exc}")
        return EXIT_USAGE
    except BrokenPipeError:  # the reader of the output went away (`| head`)
        silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # an I/O failure no runner foresaw: still one line, not a traceback
        say(f"error: {exc.filename}: {reason(exc)}" if exc.filename else f"error: {reason(exc)}")
        return EXIT_FAILED
