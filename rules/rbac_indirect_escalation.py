"""A role grants permissions that reach beyond what RBAC lists.

## Why
Some permissions look modest and hand over much more:

- writing pods, or anything that makes pods (Deployments, StatefulSets, DaemonSets, Jobs,
  CronJobs, ReplicaSets, ReplicationControllers): a pod may run as any ServiceAccount of
  its namespace and mount any of its Secrets and ConfigMaps, so whoever can create one can
  read them and act as those accounts;
- writing admission webhooks or mutating admission policies: they see, and may change,
  every request they match, Secrets and pod specs included;
- creating PersistentVolumes: a `hostPath` volume gives pods the node's filesystem;
- updating namespaces: their `pod-security.kubernetes.io/*` labels choose which Pod
  Security level is enforced in them.

Deployment tools and controllers need some of these, which is why the rule is off by
default; enable it (`presets: [strict]`) to review every role that has them.

## Example
```yaml
kind: Role
rules:
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["create", "update", "patch"]
```

## Fix
Give these permissions only to the accounts whose job they are (the deployment pipeline,
the controller of its own webhook), in the namespaces they manage; limit webhook writes to
the component's own configuration with `resourceNames`. Keep Pod Security enforced by
something those accounts cannot change (an admission policy, the cluster's defaults).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.rbac import ROLE_KINDS, indirect_escalations, is_rbac, rules_of
from kubelint.registry import Problem, rule


@rule(
    "rbac-indirect-escalation",
    category="rbac",
    severity="warning",
    kinds=ROLE_KINDS,
    preset="strict",
    messages={
        "workloads": "{verbs} on {resources} lets its holder run pods as any ServiceAccount "
        "of the namespace, with any of its Secrets; grant it only to deployment tools",
        "webhooks": "{verbs} on {resources} lets its holder see or change every request "
        "the webhook matches; restrict it with resourceNames to its own configuration",
        "persistent-volumes": "{verbs} on {resources} lets its holder give pods the node's "
        "filesystem through hostPath volumes; leave it to storage provisioners",
        "namespaces": "{verbs} on {resources} lets its holder change the Pod Security level "
        "enforced in a namespace; grant it only to cluster administrators",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not is_rbac(obj, ROLE_KINDS):
        return
    cluster_role = obj.kind == "ClusterRole"
    for policy in rules_of(obj):
        for grant in indirect_escalations(policy, cluster_role=cluster_role):
            yield Problem(grant.what, grant.path, verbs=grant.verbs, resources=grant.resources)
