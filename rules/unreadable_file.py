"""File cannot be read as text.

## Why
A manifest kubectl cannot decode is a manifest nobody deploys. Binary files with a `.yaml`
suffix, files in a legacy encoding and files that vanished or are not readable are reported
instead of crashing the run; every other file is still checked.

## Example
A file saved as Shift_JIS (common for Japanese comments written on older Windows editors):
```yaml
# 本番用の設定   <- bytes that are not UTF-8
apiVersion: v1
```

## Fix
Save the file as UTF-8 (YAML also allows UTF-16 and UTF-32 with a byte order mark), remove
binary files from manifest directories, or exclude them in `.kubelint.yaml`.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import SourceFile
from kubelint.registry import Problem, rule

_KINDS = ("encoding", "binary", "io")


@rule(
    "unreadable-file",
    category="yaml",
    severity="error",
    scope="file",
    messages={"unreadable": "{problem}"},
)
def check(source: SourceFile, ctx: Context) -> Iterator[Problem]:
    for problem in source.problems_of(*_KINDS):
        yield Problem("unreadable", offset=problem.offset, problem=problem.message)
