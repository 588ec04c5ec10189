"""A pod or container sets SELinux options the Pod Security Standard forbids

## Why
The SELinux type, user and role decide what a container may touch on a node that enforces
SELinux; a type such as `spc_t` is unconfined. The baseline Pod Security Standard (control
"SELinux") allows `seLinuxOptions.type` to be empty or one of the container types
(`container_t`, `container_init_t`, `container_kvm_t`, and from policy v1.31
`container_engine_t`), and forbids setting `user` or `role` at all (`level` is free). The API
server rejects any other value, on the pod or on a container, in a namespace that enforces
baseline or restricted.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
      securityContext:
        seLinuxOptions:
          type: spc_t
```

## Fix
Remove the option, or use one of the allowed container types; keep only `level` if you need
an MCS label.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-selinux",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "pod-type": "the pod sets seLinuxOptions.type {type!r}, which the {level} Pod Security "
        "Standard at v{version} (SELinux) forbids; leave it unset or use one of {allowed}",
        "container-type": "container {container!r} sets seLinuxOptions.type {type!r}, which "
        "the {level} Pod Security Standard at v{version} (SELinux) forbids; leave it unset or "
        "use one of {allowed}",
        "pod-option": "the pod sets seLinuxOptions.{option} {value!r}, which the {level} Pod "
        "Security Standard (SELinux) forbids; remove it",
        "container-option": "container {container!r} sets seLinuxOptions.{option} {value!r}, "
        "which the {level} Pod Security Standard (SELinux) forbids; remove it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "selinux")
