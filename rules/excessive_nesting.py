"""YAML document is nested far deeper than any Kubernetes object.

## Why
Real objects, CRD schemas included, nest a few dozen levels. A document hundreds of levels
deep is generated garbage or an attack on the tools that read it (recursion limits, stack
overflows). kubelint stops building it and reports where the limit was crossed.

## Example
```yaml
a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ ... ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
```

## Fix
Find what generated the file and fix it; no manifest needs this depth.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import SourceFile
from kubelint.registry import Problem, rule


@rule(
    "excessive-nesting",
    category="yaml",
    severity="error",
    scope="file",
    messages={"deep": "document not checked: {problem}"},
)
def check(source: SourceFile, ctx: Context) -> Iterator[Problem]:
    for problem in source.problems_of("too-deep"):
        yield Problem("deep", offset=problem.offset, problem=problem.message)
