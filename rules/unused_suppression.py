"""A suppression comment or annotation silences nothing, or names no rule.

## Why
Suppressions outlive the problems they were written for. One that no longer matches a
finding hides the next real problem on that line, and a misspelt rule id never worked at
all. Suppressions of rules that are disabled in the configuration are left alone.

## Example
```yaml
    image: nginx:1.27.3  # kubelint: disable=latest-tag   (the tag is pinned now)
    # kubelint: disable=latest-tags                        (no such rule)
```

## Fix
Delete the suppression, or correct the rule id (`kubelint rules` lists them).
"""

from collections.abc import Iterable, Iterator, Mapping

from kubelint import suppress
from kubelint.engine import Context
from kubelint.objects import SourceFile
from kubelint.registry import Problem, rule


@rule(
    "unused-suppression",
    category="suppression",
    severity="warning",
    scope="after",
    messages={
        "unknown": "suppression names unknown rule {name!r}{hint}",
        "unused": "suppression of {name} matches no finding; remove it",
    },
)
def check(source: SourceFile, ctx: Context) -> Iterator[Problem]:
    for directive in source.directives.items:
        offset = source.offset_at(directive.line, directive.column)
        yield from _judge(directive.rules, directive.used, offset, ctx)
    for obj in source.objects:
        used = ctx.annotation_used.get(id(obj), set())
        template = obj.pod_spec_path()
        places: list[tuple[tuple[str, ...], Mapping[str, object]]] = [
            (("metadata", "annotations"), obj.annotations)
        ]
        if template is not None and len(template) > 1:
            annotations = obj.get(*template[:-1], "metadata", "annotations")
            if isinstance(annotations, dict):
                places.append(((*template[:-1], "metadata", "annotations"), annotations))
        for path, annotations in places:
            names = suppress.annotation_rules(annotations)
            if names:
                offset = obj.offset((*path, suppress.ANNOTATION))
                yield from _judge(names, used, offset, ctx)


def _judge(names: Iterable[str], used: set[str], offset: int, ctx: Context) -> Iterator[Problem]:
    for name in names:
        if name == suppress.ALL:
            if not used:
                yield Problem("unused", offset=offset, name="all rules")
        elif name not in ctx.known_rules:
            import difflib

            close = difflib.get_close_matches(name, sorted(ctx.known_rules), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            yield Problem("unknown", offset=offset, name=name, hint=hint)
        elif ctx.is_enabled(name) and name not in used and name != "unused-suppression":
            yield Problem("unused", offset=offset, name=name)
