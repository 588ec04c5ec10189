"""File is not valid YAML.

## Why
A syntax error stops `kubectl apply` for the whole file, and tools that skip unparsable files
silently (several linters do) hide every other problem in it. kubelint reports the error at
the position the parser gave up and still checks the documents after the next `---`.

## Example
```yaml
metadata:
  name: web
  labels: {app: web      # the flow mapping is never closed
```

## Fix
Correct the YAML at the reported position. Common causes: tabs used for indentation, an
unclosed quote or bracket, a `:` inside an unquoted value, and template placeholders such as
`{{ .Values.x }}` in a file that has not been rendered.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import SourceFile
from kubelint.registry import Problem, rule


@rule(
    "yaml-syntax",
    category="yaml",
    severity="error",
    scope="file",
    messages={"syntax": "invalid YAML: {problem}"},
)
def check(source: SourceFile, ctx: Context) -> Iterator[Problem]:
    for problem in source.problems_of("syntax"):
        yield Problem("syntax", offset=problem.offset, problem=problem.message)
