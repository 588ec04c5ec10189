"""The manifest carries fields the API server writes, copied from `kubectl get -o yaml`.

## Why
`kubectl get -o yaml` prints the live object, including what the server and controllers
added: `metadata.uid`, `resourceVersion`, `generation`, `managedFields`, `status`, the
`kubectl.kubernetes.io/last-applied-configuration` annotation, the Deployment controller's
`deployment.kubernetes.io/revision`. Kept in a manifest they describe one past object, not
the desired state. Most are ignored on apply, but a `resourceVersion` makes applying
conflict once the live object has changed, a `uid` makes applying fail once the object has
been re-created, and a copied `managedFields` can replace the server's record of field
owners. They also bury the fields a reviewer should read.

Generators write some look-alikes with no value: `creationTimestamp: null` (in the object
and in pod templates) and an empty `status` (`status: {}`, or the empty `acceptedNames` and
`conditions: []` of controller-gen CRDs). Those are harmless on their own, so they are only
reported when the object also carries a value that only the server writes, which shows it was
copied from a cluster.

## Example
```yaml
metadata:
  annotations:
    deployment.kubernetes.io/revision: "1"
  name: nginx
spec:
  template:
    metadata:
      creationTimestamp: null
```

## Fix
Delete the fields. To export a manifest from a cluster, strip them (for example with
`kubectl neat`), or better, keep the source you applied in version control.

`kubelint --fix` deletes them, look-alikes included; it is a safe fix, as the API server
ignores or rewrites every one of them.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kubelint import kube
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

if TYPE_CHECKING:
    from kubelint.fix import Fix

Path = tuple[Any, ...]

#: metadata fields only the API server writes, and the message reporting each.
_METADATA_FIELDS = {
    "resourceVersion": "resource-version",
    "uid": "uid",
    "selfLink": "server",
    "generation": "server",
    "managedFields": "managed-fields",
}
_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
#: Annotations the controller managing an object writes on it.
_CONTROLLER_ANNOTATIONS = frozenset(
    {"deployment.kubernetes.io/revision", "deprecated.daemonset.template.generation"}
)
#: The metadata keys and annotations whose presence ``_server_values`` checks first.
_SERVER_KEYS = frozenset({"creationTimestamp", *_METADATA_FIELDS})
_SERVER_ANNOTATIONS = frozenset({_LAST_APPLIED, *_CONTROLLER_ANNOTATIONS})


@rule(
    "server-written-field",
    category="objects",
    severity="warning",
    fixable="safe",
    messages={
        "server": "{field} is written by the API server and ignored when applied "
        "(this looks copied from kubectl get -o yaml); remove it",
        "managed-fields": "metadata.managedFields is the API server's record of who set each "
        "field, and applying a copy can overwrite it with a stale one; remove it",
        "resource-version": "metadata.resourceVersion is written by the API server, and a "
        "copied one makes applying conflict once the live object has changed; remove it",
        "uid": "metadata.uid is written by the API server and names one past object: applying "
        "it once the object is re-created fails; remove it",
        "last-applied": "annotation kubectl.kubernetes.io/last-applied-configuration is "
        "written by kubectl apply and holds a stale copy of the object; remove it",
        "status": "status is written by the API server and controllers to report what they "
        "observed (this looks copied from kubectl get -o yaml); remove it",
        "controller": "annotation {annotation!r} is written by a controller, not by you; remove it",
        "copied": "{field} comes from kubectl get -o yaml, like the other server-written "
        "fields of this object; remove it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    meta = obj.metadata
    if _SERVER_KEYS.isdisjoint(meta) and "status" not in obj.data:
        annotations = meta.get("annotations")
        if not isinstance(annotations, dict) or _SERVER_ANNOTATIONS.isdisjoint(annotations):
            return  # the common case: none of the keys _server_values looks for
    found = list(_server_values(obj))
    if not found:
        return
    yield from found
    for path in _placeholders(obj):
        yield Problem(
            "copied", path, on_key=True, field=kube.format_path(path), fix=_deletion(path)
        )


def _server_values(obj: K8sObject) -> Iterator[Problem]:
    """Values only the server writes: each one shows the object came from a cluster."""
    meta = obj.metadata
    created = meta.get("creationTimestamp")
    path: Path
    if created is not None and created != "":
        path = ("metadata", "creationTimestamp")
        yield Problem(
            "server", path, on_key=True, field=kube.format_path(path), fix=_deletion(path)
        )
    for key, message in _METADATA_FIELDS.items():
        if key in meta and not _is_empty(meta[key]):
            path = ("metadata", key)
            yield Problem(
                message, path, on_key=True, field=kube.format_path(path), fix=_deletion(path)
            )
    annotations = obj.annotations
    if _LAST_APPLIED in annotations:
        path = ("metadata", "annotations", _LAST_APPLIED)
        yield Problem("last-applied", path, on_key=True, fix=_deletion(path))
    for key in annotations:
        if key in _CONTROLLER_ANNOTATIONS:
            path = ("metadata", "annotations", key)
            yield Problem("controller", path, on_key=True, annotation=key, fix=_deletion(path))
    status = obj.data.get("status")
    if "status" in obj.data and not _is_empty(status):
        yield Problem("status", ("status",), on_key=True, fix=_deletion(("status",)))


def _placeholders(obj: K8sObject) -> Iterator[Path]:
    """Empty look-alikes that generators write too: `creationTimestamp: null` in the object
    and its templates, an empty `status`."""
    if "creationTimestamp" in obj.metadata and _is_empty(obj.metadata["creationTimestamp"]):
        yield ("metadata", "creationTimestamp")
    for meta_path in _template_metadata_paths(obj):
        meta = obj.get(*meta_path)
        if isinstance(meta, dict) and "creationTimestamp" in meta:
            yield (*meta_path, "creationTimestamp")
    if "status" in obj.data and _is_empty(obj.data.get("status")):
        yield ("status",)


def _template_metadata_paths(obj: K8sObject) -> Iterator[Path]:
    """The metadata of every object template on the way to the pod spec (a CronJob's job
    template and pod template, a Deployment's pod template)."""
    spec_path = obj.pod_spec_path()
    if spec_path is None:
        return
    for i, step in enumerate(spec_path):
        if step == "spec" and i > 0:
            yield (*spec_path[:i], "metadata")


def _deletion(path: Path) -> "Fix":
    """The fix that deletes the field at ``path``."""
    from kubelint.fix import Fix, delete

    return Fix.of(delete(path))


def _is_empty(value: Any) -> bool:
    """None, "", or a mapping or list holding nothing but such values."""
    if value is None or value == "":
        return True
    if isinstance(value, dict):
        return all(_is_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(_is_empty(v) for v in value)
    return False
