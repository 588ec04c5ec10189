"""Container has no seccomp profile (`seccompProfile` unset on it and on its pod).

## Why
Without a seccomp profile a container runs `Unconfined`: every system call of the node's
kernel is open to it, including the rarely used ones (`unshare`, `keyctl`, `bpf`,
`userfaultfd`...) through which many kernel exploits and container escapes went. The
runtime's default profile blocks those and nothing ordinary programs use, but Kubernetes
applies it only when asked, in the manifest or with the kubelet's `--seccomp-default` flag,
which is off unless the cluster's administrators turned it on. It is one of the settings the
restricted Pod Security profile requires.

Up to Kubernetes 1.26 the old `seccomp.security.alpha.kubernetes.io` annotations count as a
profile. A profile of type `Unconfined` is reported by `unconfined-profile`, on by default.
Windows pods are not checked.

This rule is in the `strict` preset.

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
        seccompProfile:
          type: RuntimeDefault
```

`kubelint --fix --unsafe-fixes` writes this. The fix is unsafe: a program that makes one of
the blocked system calls (some debuggers, container builders, sandboxes) then fails with
"operation not permitted"; give it a `Localhost` profile that allows the call instead.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import is_windows, placed, pod_context_path, seccomp, set_in_pod_context


@rule(
    "missing-seccomp-profile",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    preset="strict",
    fixable="unsafe",
    messages={
        "missing": "no seccomp profile applies to {containers}, which leaves every system "
        "call of the node's kernel open; set seccompProfile.type: RuntimeDefault in the "
        "pod's securityContext",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_windows(obj):
        return
    containers = [c for c in obj.containers() if c.list_name != "ephemeralContainers"]
    groups = placed(obj, containers, lambda c: seccomp(obj, c, ctx.kube_version))
    for group in groups:
        if group.setting is not None:
            continue
        from kubelint.fix import Fix

        path, on_key = pod_context_path(obj)
        edit = set_in_pod_context(obj, "seccompProfile", {"type": "RuntimeDefault"})
        fix = Fix.of(edit, safe=False) if edit is not None else None
        yield Problem("missing", path, on_key=on_key, containers=group.names, fix=fix)
