"""YAML aliases expand to an enormous document (an alias bomb).

## Why
An anchor referenced by aliases that are themselves referenced again ("billion laughs")
turns a few hundred bytes into billions of nodes. Tools that expand it run out of memory;
the API server rejects it. kubelint measures the expanded size while reading and refuses to
build such a document, without expanding it. The budget is per file, not per document, so
a file of many documents each just under the limit is refused too; and merge keys
(`<<: *defaults`), which copy the merged entries, may not copy far more entries than the
file writes.

## Example
```yaml
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
# ... and so on, nine levels deep
```

## Fix
Write the data out, or use anchors for what they are meant for: sharing a small block a
few times.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import SourceFile
from kubelint.registry import Problem, rule


@rule(
    "excessive-aliases",
    category="yaml",
    severity="error",
    scope="file",
    messages={"bomb": "document not checked: {problem}"},
)
def check(source: SourceFile, ctx: Context) -> Iterator[Problem]:
    for problem in source.problems_of("alias-bomb"):
        yield Problem("bomb", offset=problem.offset, problem=problem.message)
