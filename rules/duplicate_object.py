"""The same object (kind, namespace and name) is defined more than once.

## Why
An object is identified by its API group, kind, namespace and name. When the linted files
define one twice, `kubectl apply` applies both and the last one silently wins, `kubectl
create` fails on the second, and GitOps tools report a conflict or flap between the two. A
copy-pasted manifest that kept its name, or two files that each bring their own copy of a
shared object, are the usual causes. The older group names of a kind count as the same
object (`extensions/v1beta1` and `apps/v1` Deployments).

Objects named by `generateName` are not compared (each gets a fresh name). The first
definition is the one in the file whose path sorts first, so linting one file reports what
linting its whole folder reports for it (files loaded only to resolve references count).

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings      # the first one is overwritten
```

## Fix
Rename one of them, merge them, or delete the copy. If the files are alternatives rather
than parts of one deployment (an example and its variant, one install per environment), lint
each alternative on its own; the message says so when two files share several objects.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject, SourceFile
from kubelint.registry import Problem, rule

NAME_PATH = ("metadata", "name")
#: From this many shared objects on, two files look like alternative versions of one bundle.
ALTERNATIVES = 3


@rule(
    "duplicate-object",
    category="objects",
    severity="warning",
    messages={
        "different": "{object} is defined again, differently from {first}; only the one "
        "applied last takes effect: rename or merge them, or lint alternatives separately",
        "identical": "{object} is defined again, identical to {first}; delete one copy",
        "alternatives": "{object} is also defined at {first}; this file shares {shared} "
        "objects with that one: if the two files are alternatives, lint them separately, "
        "otherwise keep one copy",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not ctx.index.shares_identity(obj):
        # The common case, in one set lookup: same_identity(obj) below would hold fewer than
        # two objects, or not obj itself, and return too.
        return
    name = obj.metadata.get("name")
    if name is None or name == "":
        return  # generateName, or no name at all: not an identity
    # Files loaded only as context count too, and "first" is by path, so linting one file
    # reports what linting its whole folder reports for it.
    same = ctx.index.same_identity(obj)
    if len(same) < 2:
        return  # the common case: a unique identity
    same = sorted(same, key=lambda o: (o.file.real_path, o.document.offset))
    if same[0] is obj or not any(o is obj for o in same):
        return
    first = same[0]
    line, _ = first.file.line_col(first.offset(NAME_PATH))
    where = f"{first.file.path}:{line}"
    if first.file is not obj.file:
        shared = _shared_with(obj.file, first.file, ctx)
        if shared >= ALTERNATIVES:
            yield Problem(
                "alternatives", NAME_PATH, object=obj.display_name, first=where, shared=shared
            )
            return
    message = "identical" if first.data == obj.data else "different"
    yield Problem(message, NAME_PATH, object=obj.display_name, first=where)


def _shared_with(source: SourceFile, other: SourceFile, ctx: Context) -> int:
    """How many objects of ``source`` are also defined in ``other`` (counted once per pair of
    files: every duplicate in ``source`` asks)."""
    counts: dict[tuple[SourceFile, SourceFile], int]
    counts = ctx.index.derived("duplicate-object.shared", lambda _: {})
    count = counts.get((source, other))
    if count is None:
        count = counts[(source, other)] = sum(
            1
            for o in source.objects
            if any(d.file is other for d in ctx.index.same_identity(o) if d is not o)
        )
    return count
