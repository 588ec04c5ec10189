"""The ``kubelint`` command.

Exit codes: 0 no finding at or above the fail level, 1 findings at or above it, 2 usage,
configuration or internal error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import click

from kubelint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _close_matches(word: str, candidates: Iterable[str], n: int) -> list[str]:
    """ "Did you mean" candidates (difflib is imported only when a name is unknown)."""
    import difflib

    return difflib.get_close_matches(word, list(candidates), n=n)


FORMATS = ("text", "json")
#: Formats of `kubelint lint`, each a module of kubelint.reporters.
REPORT_FORMATS = ("text", "json", "sarif", "github", "junit", "html")


class _DefaultToLint(click.Group):
    """``kubelint PATH...`` means ``kubelint lint PATH...``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["lint", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToLint, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kubelint")
def cli() -> None:
    """Lint Kubernetes and Istio manifests.

    \b
      kubelint PATH...          lint files and directories (- reads standard input)
      kubelint rules            list every rule
      kubelint explain RULE     show a rule's documentation
    """


def _fail(message: str) -> None:
    click.echo(f"kubelint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _rule_or_category(names: Sequence[str], option: str, rules: Iterable[str]) -> list[str]:
    from kubelint.registry import CATEGORIES

    known = {*rules, *CATEGORIES}
    out = []
    for raw in names:
        for name in (n.strip() for n in raw.split(",")):
            if not name:
                continue
            if name not in known:
                close = _close_matches(name, sorted(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else "; see `kubelint rules`"
                _fail(f"{option}: unknown rule or category {name!r}{hint}")
            out.append(name)
    return out


def _project_options(command: Any) -> Any:
    """The options every command that reads a project takes: configuration and context."""
    options = [
        click.option("--config", "config_path", type=click.Path(dir_okay=False),
                     help="Configuration file to use."),
        click.option("--no-config", is_flag=True, help="Ignore configuration files."),
        click.option("--context", multiple=True, type=click.Path(), metavar="PATH",
                     help="Also load PATH to resolve references, without reporting on it "
                     "(repeatable)."),
        click.option("--no-context", is_flag=True,
                     help="Resolve references only among the given paths, not the whole project."),
        click.option("--default-namespace", metavar="NS",
                     help="Namespace of objects that name none."),
        click.option("--no-cache", is_flag=True,
                     help="Read every context file, not the copies kept in the user's cache "
                     "directory from earlier runs (see KUBELINT_CACHE_DIR)."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _context(config: Any, context: Sequence[str], no_context: bool) -> list[str]:
    """Where references resolve: the project's roots (unless --no-context) and --context; and
    the configuration's ``crds:``, read for their schemas even with --no-context."""
    from kubelint.config import project_roots

    roots = [] if no_context else project_roots(config, os.getcwd())
    return [*roots, *context, *config.crds]


@cli.command("lint")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT[=FILE]",
    help="Output format: text (default), json, sarif, github, junit or html; with =FILE it "
    "goes to that file. Repeatable: --format sarif=kubelint.sarif --format text.",
)
@click.option("--statistics", is_flag=True, help="After the findings, count them per rule.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Exit 1 when a finding has this severity or worse (default: error).",
)
@click.option(
    "--kube-version", metavar="X.Y", help="Target Kubernetes version (default: newest known)."
)
@click.option(
    "--enable", multiple=True, metavar="RULE", help="Enable a rule or category (repeatable)."
)
@click.option(
    "--disable", multiple=True, metavar="RULE", help="Disable a rule or category (repeatable)."
)
@_project_options
@click.option(
    "--color/--no-color", default=None, help="Color the text output (default: on a terminal)."
)
@click.option(
    "--preset",
    "presets",
    multiple=True,
    metavar="NAME",
    help="Enable an opt-in group of rules (repeatable): strict.",
)
@click.option(
    "--pod-security",
    metavar="LEVEL[:X.Y]",
    help="Check pods against the Pod Security Standards: baseline or restricted, as of a "
    "version (default: the target version). A Namespace's pod-security.kubernetes.io/enforce "
    "labels take precedence for the objects in it.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Processes that read and check files: 0 (the default) uses every CPU when there "
    "are megabytes of manifests or thousands of objects; 1 stays in one process.",
)
@click.option(
    "--fix", "fix", is_flag=True, help="Apply safe fixes in place, then report what is left."
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff, also apply fixes that can "
    "change behaviour (each rule's docs say which).",
)
@click.option(
    "--helm",
    "helm_charts",
    multiple=True,
    type=click.Path(),
    metavar="CHART",
    help="Render a local Helm chart with `helm template` and lint the result (repeatable).",
)
@click.option(
    "-f",
    "--values",
    "values_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="With --helm: a values file; each one is a separate rendering, with its own findings.",
)
@click.option(
    "--release", default="release-name", show_default=True, help="With --helm: the release name."
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Report only findings that are not in this baseline file (see --write-baseline).",
)
@click.option(
    "--write-baseline",
    is_flag=True,
    help="Record the current findings in the --baseline file, and exit 0.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print the fixes as a unified diff; change no file. Exit 1 "
    "when there is something to fix.",
)
def lint_command(
    paths: tuple[str, ...],
    formats: tuple[str, ...],
    statistics: bool,
    fail_on: str | None,
    kube_version: str | None,
    config_path: str | None,
    no_config: bool,
    enable: tuple[str, ...],
    disable: tuple[str, ...],
    context: tuple[str, ...],
    no_context: bool,
    default_namespace: str | None,
    no_cache: bool,
    color: bool | None,
    presets: tuple[str, ...],
    pod_security: str | None,
    quiet: bool,
    jobs: int,
    fix: bool,
    unsafe_fixes: bool,
    helm_charts: tuple[str, ...],
    values_files: tuple[str, ...],
    release: str,
    baseline_path: str | None,
    write_baseline: bool,
    diff: bool,
) -> None:
    """Lint manifest files and directories.

    A directory holding a kustomization.yaml is rendered with kustomize (or kubectl
    kustomize) and its output linted; --helm CHART renders a chart with helm template."""
    from kubelint.engine import Settings, lint
    from kubelint.registry import lint_rules
    from kubelint.versions import NEWEST, parse_version

    if not paths and not helm_charts:
        _fail("no paths given; try `kubelint .` (or `kubelint -` to read standard input)")
    if values_files and not helm_charts:
        _fail("-f/--values goes with --helm CHART")
    outputs = _outputs(formats)
    output_format = next((name for name, file in outputs if file is None), "text")

    config = _project_config(config_path, no_config)
    target = config.kube_version or NEWEST
    if kube_version:
        try:
            target = parse_version(kube_version)
        except ValueError as exc:
            _fail(f"--kube-version: {exc}")

    rules = {**lint_rules(), **config.policy_rules}
    from kubelint.registry import PLUGIN_ERRORS

    if PLUGIN_ERRORS:
        _fail("a plugin could not be loaded: " + "; ".join(PLUGIN_ERRORS))
    enabled, disabled = (
        _rule_or_category(enable, "--enable", rules),
        _rule_or_category(disable, "--disable", rules),
    )
    from kubelint.registry import PRESETS

    for name in presets:
        if name not in PRESETS:
            _fail(f"--preset: unknown preset {name!r}; known: {', '.join(PRESETS)}")
    active_presets = [*config.presets, *presets]
    pss = config.pod_security
    if pod_security:
        from kubelint.config import parse_pod_security

        try:
            pss = parse_pod_security(pod_security)
        except ValueError as exc:
            _fail(f"--pod-security: {exc}")
    severities = {}
    for rule in rules.values():
        severity = config.rule_severity(rule, active_presets)
        if rule.id in disabled or rule.category in disabled:
            severity = None
        elif severity is None and (rule.id in enabled or rule.category in enabled):
            severity = rule.severity
        if severity is not None:
            severities[rule.id] = severity

    settings = Settings(
        severities=severities,
        kube_version=target,
        default_namespace=default_namespace or config.default_namespace,
        exclude=config.exclude,
        exclude_root=config.root,
        external=config.external_objects,
        options={
            rule_id: {
                **{k: v["default"] for k, v in rules[rule_id].options.items()},
                **config.rule_options.get(rule_id, {}),
            }
            for rule_id in severities
            if rules[rule_id].options
        },
        pod_security=pss,
        extra_rules=config.policy_rules,
        jobs=jobs,
        cache=not no_cache,
    )
    if fix and diff:
        _fail("--fix and --diff do not go together: --diff changes nothing")
    where = _context(config, context, no_context)
    kustomizations: list[str] = []
    if any(os.path.isdir(p) for p in paths):  # files alone (a pre-commit run) need no render
        from kubelint.render import is_kustomization

        kustomizations = [p for p in paths if p != "-" and is_kustomization(p)]
    if (kustomizations or helm_charts) and (fix or diff):
        _fail("--fix and --diff work on files, not on rendered Helm or Kustomize output")
    if kustomizations or helm_charts:
        plain = [p for p in paths if p not in kustomizations]
        with _Progress(enabled=not quiet) as progress:
            report = _lint_rendered(
                plain,
                kustomizations,
                helm_charts,
                values_files,
                release,
                settings,
                where,
                progress.update,
            )
    elif fix or diff:
        from kubelint.fixer import describe, run_fixes, unified_diff

        if "-" in paths:
            _fail("standard input cannot be fixed; pipe the output of --diff instead")
        outcome = run_fixes(
            list(paths), settings, context=where, unsafe=unsafe_fixes, write=not diff
        )
        report = outcome.report
        if diff:
            if sys.stdout is not None:
                sys.stdout.write(unified_diff(outcome))
            for line in describe(outcome, wrote=False):
                click.echo(f"kubelint: {line}", err=True)
            for message in report.internal_errors:
                click.echo(f"kubelint: error: {message}", err=True)
            sys.exit(EXIT_ERROR if report.internal_errors else int(bool(outcome.changed)))
        if not quiet:
            for line in describe(outcome, wrote=True):
                click.echo(f"kubelint: {line}", err=True)
    else:
        with _Progress(enabled=not quiet) as progress:
            report = lint(list(paths), settings, context=where, progress=progress.update)
        if report.fixes and not quiet and output_format == "text":
            safe = sum(1 for p in report.fixes if p.fix.safe)
            hint = f"{safe} can be fixed with --fix" if safe else ""
            if len(report.fixes) > safe:
                more = len(report.fixes) - safe
                hint += ("; " if hint else "") + f"{more} more with --fix --unsafe-fixes"
            click.echo(f"kubelint: {hint}", err=True)

    if write_baseline or baseline_path:
        report = _apply_baseline(report, paths, settings, baseline_path, write_baseline, quiet)
    for name, file in outputs:
        _write_report(report, name, file, color=color, quiet=quiet, rules=rules)
    if statistics:
        _print_statistics(report)
    if not quiet:
        for note in report.notes:
            click.echo(f"kubelint: note: {note}", err=True)

    if report.internal_errors:
        for message in report.internal_errors:
            click.echo(f"kubelint: error: {message}", err=True)
        sys.exit(EXIT_ERROR)
    threshold = fail_on or config.fail_on or "error"
    sys.exit(EXIT_FINDINGS if report.fails(threshold) else EXIT_OK)


def _lint_rendered(
    plain: Sequence[str],
    kustomizations: Sequence[str],
    charts: Sequence[str],
    values_files: Sequence[str],
    release: str,
    settings: Any,
    where: Sequence[str],
    progress: Any,
) -> Any:
    """Plain paths linted as usual, kustomizations and charts rendered and linted."""
    from kubelint.engine import lint
    from kubelint.render import (
        RenderError,
        lint_rendered,
        merge_reports,
        render_helm,
        render_kustomize,
    )

    try:
        rendered = [render_kustomize(directory) for directory in kustomizations]
        for chart in charts:
            rendered.extend(
                render_helm(
                    chart,
                    list(values_files),
                    release=release,
                    namespace=settings.default_namespace,
                    kube_version=settings.kube_version,
                )
            )
    except RenderError as exc:
        _fail(str(exc))
    reports = [lint(list(plain), settings, context=where, progress=progress)] if plain else []
    reports.append(lint_rendered(rendered, settings, context=[*where, *plain]))
    return merge_reports(reports)


def _apply_baseline(
    report: Any,
    paths: Sequence[str],
    settings: Any,
    baseline_path: str | None,
    write: bool,
    quiet: bool,
) -> Any:
    """Write the baseline (and exit), or keep only the findings it does not hold."""
    from kubelint import baseline
    from kubelint.engine import collect_files

    if not baseline_path:
        _fail("--write-baseline needs --baseline FILE to write to")
    assert baseline_path is not None
    files = [
        display for _, display in collect_files(paths, settings.exclude, settings.exclude_root)[0]
    ]
    rules = list(settings.severities)
    if write:
        if report.internal_errors:
            for message in report.internal_errors:
                click.echo(f"kubelint: error: {message}", err=True)
            _fail("the baseline was not written: the run had internal errors")
        try:
            count = baseline.write_baseline(report, baseline_path, files=files, rules=rules)
        except (baseline.BaselineError, OSError) as exc:
            _fail(str(exc))
        click.echo(f"kubelint: wrote {count} findings to {baseline_path}", err=True)
        sys.exit(EXIT_OK)
    try:
        result = baseline.load_baseline(baseline_path).match(report, files=files, rules=rules)
    except baseline.BaselineError as exc:
        _fail(str(exc))
    if not quiet:
        result.report.notes.extend(result.messages())
    return result.report


def _outputs(formats: Sequence[str]) -> list[tuple[str, str | None]]:
    """(format, file or None for standard output) for each --format; text by default."""
    outputs: list[tuple[str, str | None]] = []
    for item in formats or ("text",):
        name, equals, file = item.partition("=")
        if name not in REPORT_FORMATS:
            close = _close_matches(name, REPORT_FORMATS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            _fail(f"--format: unknown format {name!r} (one of {', '.join(REPORT_FORMATS)}){hint}")
        if equals and not file:
            _fail(f"--format {item}: no file after '='")
        outputs.append((name, file or None))
    if sum(1 for _, file in outputs if file is None) > 1:
        _fail("--format: only one format can go to standard output; give the others a file")
    return outputs


def _write_report(
    report: Any,
    name: str,
    file: str | None,
    *,
    color: bool | None,
    quiet: bool,
    rules: Mapping[str, Any],
) -> None:
    import importlib

    reporter = importlib.import_module(f"kubelint.reporters.{name}")
    if file is None:
        out = sys.stdout
        if out is None:  # started with standard output closed: nowhere to print
            return
        use_color = color if color is not None else (out.isatty() and "NO_COLOR" not in os.environ)
        reporter.write(report, out, color=use_color, quiet=quiet, rules=rules)
        out.flush()
        return
    try:
        with open(file, "w", encoding="utf-8", newline="\n") as fh:
            reporter.write(report, fh, color=False, quiet=quiet, rules=rules)
    except OSError as exc:
        _fail(f"--format {name}={file}: cannot write: {exc.strerror or exc}")


def _print_statistics(report: Any) -> None:
    """Findings per rule, most frequent first, like ruff --statistics."""
    from collections import Counter

    counts = Counter((f.rule, f.severity) for f in report.findings)
    if not counts:
        return
    width = max(len(str(n)) for n in counts.values())
    rule_width = max(len(rule) for rule, _ in counts)
    for (rule, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0])):
        click.echo(f"{n:>{width}}  {rule:<{rule_width}}  {severity}")


class _Progress:
    """A progress line on standard error, only when it is a terminal and the run takes more
    than a moment; nothing at all when piped."""

    DELAY = 0.7  # seconds before the line first appears

    def __init__(self, *, enabled: bool) -> None:
        import time

        self._clock = time.monotonic
        self._start = self._clock()
        self._enabled = enabled and sys.stderr is not None and sys.stderr.isatty()
        self._shown = False

    def __enter__(self) -> _Progress:
        return self

    def update(self, done: int, total: int) -> None:
        if not self._enabled or self._clock() - self._start < self.DELAY:
            return
        self._shown = True
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(
            f"\rkubelint [{'#' * filled}{'.' * (width - filled)}] {done}/{total} files"
        )
        sys.stderr.flush()

    def __exit__(self, *exc: object) -> None:
        if self._shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


@cli.command("init")
@click.option("--kube-version", metavar="X.Y", help="Target version to write (default: newest).")
@click.option("--force", is_flag=True, help="Overwrite an existing .kubelint.yaml.")
def init_command(kube_version: str | None, force: bool) -> None:
    """Write a commented starter .kubelint.yaml in the current directory."""
    from kubelint.init import starter_config

    path = ".kubelint.yaml"
    if os.path.exists(path) and not force:
        _fail(f"{path} already exists; use --force to overwrite it")
    try:
        text = starter_config(kube_version)
    except ValueError as exc:
        _fail(f"--kube-version: {exc}")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    click.echo(f"kubelint: wrote {path}; edit it, then run `kubelint .`", err=True)


@cli.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion_command(shell: str) -> None:
    """Print the shell completion script: eval "$(kubelint completion bash)"."""
    from click.shell_completion import get_completion_class

    completion_class = get_completion_class(shell)
    assert completion_class is not None
    click.echo(completion_class(cli, {}, "kubelint", "_KUBELINT_COMPLETE").source())


@cli.command("rules")
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True
)
def rules_command(output_format: str) -> None:
    """List every rule: id, category, default severity and summary."""
    from kubelint.registry import rules_sorted

    rules = [*rules_sorted(), *_project_config(None, False).policy_rules.values()]
    if output_format == "json":
        import json

        rows: list[dict[str, Any]] = [
            {"id": r.id, "category": r.category, "severity": r.severity,
             "default": r.default, "summary": r.summary}
            for r in rules
        ]  # fmt: skip
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max(len(r.id) for r in rules)
    category_width = max(len(r.category) for r in rules)
    for r in rules:
        flag = "" if r.default else " (opt-in)"
        click.echo(
            f"{r.id:<{width}}  {r.category:<{category_width}}  {r.severity:<7}  {r.summary}{flag}"
        )


@cli.command("explain")
@click.argument("rule_id")
def explain_command(rule_id: str) -> None:
    """Show a rule's documentation: why it matters, how to fix it, an example."""
    from kubelint.docgen import render_rule
    from kubelint.registry import load_rules

    rules = {**load_rules(), **_project_config(None, False).policy_rules}
    rule = rules.get(rule_id)
    if rule is None:
        close = _close_matches(rule_id, sorted(rules), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; see `kubelint rules`"
        _fail(f"unknown rule {rule_id!r}{hint}")
        return
    click.echo(render_rule(rule, heading="#"))


#: Output formats of ``kubelint graph``, and the file suffixes that choose them.
GRAPH_FORMATS = ("mermaid", "dot", "html")
_GRAPH_SUFFIXES = {".mmd": "mermaid", ".mermaid": "mermaid", ".dot": "dot", ".gv": "dot",
                   ".html": "html", ".htm": "html"}  # fmt: skip


def _project_config(config_path: str | None, no_config: bool) -> Any:
    """The configuration a command runs with: ``--config``, else the nearest file, else
    defaults (``--no-config``). Exits with code 2 on a bad file."""
    from kubelint import config as config_mod

    try:
        if config_path:
            return config_mod.load(config_path)
        if not no_config:
            found = config_mod.discover(os.getcwd())
            if found:
                return config_mod.load(found)
    except config_mod.ConfigError as exc:
        _fail(str(exc))
    return config_mod.Config()


@cli.command("graph")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(GRAPH_FORMATS),
    default=None,
    help="Output format (default: from the --output suffix, else mermaid).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to FILE instead of standard output.",
)
@_project_options
def graph_command(
    paths: tuple[str, ...],
    output_format: str | None,
    output: str | None,
    config_path: str | None,
    no_config: bool,
    context: tuple[str, ...],
    no_context: bool,
    default_namespace: str | None,
    no_cache: bool,
) -> None:
    """Draw the objects and the references between them, broken ones marked.

    \b
      kubelint graph k8s/                      Mermaid flowchart on standard output
      kubelint graph k8s/ --format dot | dot -Tsvg -o graph.svg
      kubelint graph k8s/ -o graph.html        a self-contained page to open in a browser
    """
    from kubelint import graph as graph_mod
    from kubelint.engine import Settings, load_run

    if not paths:
        _fail("no paths given; try `kubelint graph .`")
    if output_format is None:
        suffix = os.path.splitext(output or "")[1].lower()
        output_format = _GRAPH_SUFFIXES.get(suffix, "mermaid")

    config = _project_config(config_path, no_config)
    settings = Settings(
        severities={},
        default_namespace=default_namespace or config.default_namespace,
        exclude=config.exclude,
        exclude_root=config.root,
        external=config.external_objects,
        cache=not no_cache,
    )
    run = load_run(list(paths), settings, context=_context(config, context, no_context))
    for path in run.missing:
        _fail(f"{path}: no such file or directory")
    graph = graph_mod.build(run.objects, run.index, paths=paths)
    text = graph_mod.render(graph, output_format)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            _fail(f"{output}: cannot write: {exc.strerror or exc}")
        click.echo(f"kubelint: wrote {output} ({graph.summary()})", err=True)
    else:
        click.echo(text, nl=False)
    for note in run.notes:
        click.echo(f"kubelint: note: {note}", err=True)


def main(argv: Sequence[str] | None = None) -> None:
    """kubelint's command line; ends with SystemExit, as any click program."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="kubelint")


def run() -> None:
    """The ``kubelint`` command: ``main()`` in a process that ends as soon as it is done.

    A large run leaves millions of small objects behind. With the cycle collector on, its
    first pass after the lint walks all of them; at exit, the interpreter frees them one by
    one: each costs about a fifth of a second on a repository of 10,000 objects, for memory
    the process is about to give back anyway. So the collector stays off (``--fix`` collects
    between its rounds) and the process ends without tearing the interpreter down, once its
    output is flushed. Everything kubelint writes is closed before this point."""
    import contextlib
    import gc

    gc.disable()
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:  # sys.exit("message")
            if sys.stderr is not None:
                print(exc.code, file=sys.stderr)
            code = 1
    except OSError as exc:  # writing the output failed (a full disk): no traceback
        if os.environ.get("KUBELINT_DEBUG"):
            raise
        if sys.stderr is not None:
            with contextlib.suppress(OSError, ValueError):
                print(f"kubelint: error: {exc.strerror or exc}", file=sys.stderr)
        code = EXIT_ERROR
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # started with the descriptor closed (`kubelint . >&-`)
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # the reader is gone (`kubelint . | head`): nothing to deliver
            pass
        except (OSError, ValueError) as exc:  # a full disk: the output is incomplete
            if name == "stdout" and sys.stderr is not None:
                with contextlib.suppress(OSError, ValueError):
                    print(f"kubelint: error: cannot write the output: {exc}", file=sys.stderr)
                    sys.stderr.flush()
            code = EXIT_ERROR
    os._exit(code)
