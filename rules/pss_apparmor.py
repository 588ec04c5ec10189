"""A pod or container turns AppArmor off where the Pod Security Standard forbids it

## Why
On nodes with AppArmor, the container runtime confines every container with its default
profile. Setting the profile to `Unconfined` (or the annotation to `unconfined`) removes that
confinement. The baseline Pod Security Standard (control "AppArmor") allows only the runtime
default and profiles loaded on the node: `appArmorProfile.type` (pod or container) must be
`RuntimeDefault` or `Localhost`, and the older annotations
`container.apparmor.security.beta.kubernetes.io/<container>` must be `runtime/default` or
`localhost/<profile>`. The API server rejects any other value in a namespace that enforces
baseline or restricted.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
      containers:
      - name: web
        securityContext:
          appArmorProfile:
            type: Unconfined
```

## Fix
Remove the setting (the runtime default applies), or name a profile loaded on the nodes with
`type: Localhost` and `localhostProfile`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-apparmor",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "pod": "the pod sets AppArmor profile type {profile!r}, which the {level} Pod Security "
        "Standard (AppArmor) forbids; use RuntimeDefault or Localhost",
        "container": "container {container!r} sets AppArmor profile type {profile!r}, which "
        "the {level} Pod Security Standard (AppArmor) forbids; use RuntimeDefault or Localhost",
        "annotation": "annotation {annotation!r} sets AppArmor profile {profile!r}, which the "
        "{level} Pod Security Standard (AppArmor) forbids; use runtime/default or "
        "localhost/<profile>",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "apparmor")
