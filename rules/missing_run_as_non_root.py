"""Container may run as root: neither `runAsNonRoot: true` nor a non-zero `runAsUser` is set.

## Why
When neither the pod nor the container says which user to run as, the image decides, and
most images run as root. Whether a container is root then changes with an image upgrade
nobody reviews. `runAsNonRoot: true` makes the kubelet check before starting the container
and refuse one that would run as user 0; a non-zero `runAsUser` sets the user outright.
Either makes the manifest say what the container runs as. See `runs-as-root` for why root in
a container matters.

A container that sets `runAsUser: 0` is reported by `runs-as-root` instead. Windows pods are
not checked.

This rule is in the `strict` preset: many images still need root, and moving them off it is
work that a repository may reasonably plan rather than do at once.

## Example
```yaml
    spec:
      containers:
      - name: web
        image: ghcr.io/acme/web:1.4.2
```

## Fix
Set it once for the whole pod:

```yaml
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001        # when the image does not set a numeric non-root USER
```

With `runAsNonRoot: true` alone, the kubelet also refuses an image whose user is a name
rather than a number, since it cannot check it: give such images a `runAsUser`.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, Container
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import Setting, is_true, is_windows, placed, pod_context_path, setting


@rule(
    "missing-run-as-non-root",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    preset="strict",
    messages={
        "missing": "nothing keeps {containers} from running as root, as most images do; set "
        "runAsNonRoot: true and a non-zero runAsUser in the pod's securityContext",
        "false": "runAsNonRoot: false lets {containers} run as root if the image says so; set "
        "it to true, with a non-zero runAsUser",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_windows(obj):
        return

    def may_be_root(container: Container) -> Setting | None:
        return setting(obj, container, "runAsNonRoot")

    containers = [c for c in obj.containers() if _unsettled(obj, c)]
    for group in placed(obj, containers, may_be_root):
        if group.setting is None:
            path, on_key = pod_context_path(obj)
            yield Problem("missing", path, on_key=on_key, containers=group.names)
        else:
            yield Problem("false", group.setting.path, containers=group.names)


def _unsettled(obj: K8sObject, container: Container) -> bool:
    """A container (not an ephemeral one) whose user is left to its image, without
    ``runAsNonRoot: true`` to check it."""
    if container.list_name == "ephemeralContainers":
        return False
    user = setting(obj, container, "runAsUser")
    if user is not None and isinstance(user.value, int) and not isinstance(user.value, bool):
        return False  # non-zero: not root; zero: runs-as-root reports it
    return not is_true(setting(obj, container, "runAsNonRoot"))
