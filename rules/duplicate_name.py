"""Two containers, volumes, container ports or Service ports share a name where the API
requires unique names.

## Why
The API server looks containers, volumes and ports up by name, so it rejects a pod
template where two containers share a name (init, regular and ephemeral containers count
together), where two volumes share a name, where one container names two of its ports the
same, or a Service whose ports share a name. `kubectl apply` fails with
`Duplicate value`. It usually happens when a block is copied and only half renamed, or when
a sidecar that a chart adds has the same name as one already written.

Port names only have to be unique within one container: two containers of a pod may both
call a port `metrics`, and the API accepts it (a Service's named targetPort then resolves to
the first container that declares it).

## Example
```yaml
      containers:
      - name: app
        image: ghcr.io/acme/api:2.3.0
      - name: app                 # the log shipper, copied from the block above
        image: fluent/fluent-bit:3.1.9
```

## Fix
Give each one its own name, and update whatever refers to the renamed entry (volumeMounts,
a Service's targetPort, `kubectl logs -c`). If both volumes were meant to be the same
volume, keep one and mount it twice.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, format_path, get_path
from kubelint.names import iana_svc_name
from kubelint.objects import K8sObject
from kubelint.podspec import container_entries, container_ports, repeats, service_ports, volumes
from kubelint.registry import Problem, rule


@rule(
    "duplicate-name",
    category="validation",
    severity="error",
    kinds=POD_KINDS | {"Service"},
    messages={
        "container": "container name {name!r} is already used by {first}, and the API "
        "rejects a pod whose containers share a name; rename one of them",
        "volume": "volume name {name!r} is already used by {first}, and the API rejects a "
        "pod whose volumes share a name; rename one, or keep one and mount it twice",
        "container-port": "port name {name!r} is already used by {first} of container "
        "{container!r}, and the API rejects a container whose ports share a name; rename one",
        "service-port": "port name {name!r} is already used by {first}, and the API rejects "
        "a Service whose ports share a name; rename one",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    # A repeat needs two entries: lists of fewer are not looked into.
    spec_path = obj.spec_path
    containers = obj.containers()
    if spec_path is not None:
        spec = obj.pod_spec()
        written = spec.get("volumes") if spec is not None else None
        groups = []
        if len(containers) > 1:
            groups.append((container_entries(obj), "container"))
        if isinstance(written, list) and len(written) > 1:
            groups.append((volumes(obj), "volume"))
        for group, message in groups:
            for first, later in repeats(group):
                first_at = format_path(first.path[len(spec_path) :])
                yield Problem(message, (*later.path, "name"), name=later.name, first=first_at)
    for container in containers:
        ports = container.data.get("ports")
        if not isinstance(ports, list) or len(ports) < 2:
            continue
        valid = [p for p in container_ports(container) if p.name and not iana_svc_name(p.name)]
        for first, later in repeats(valid):
            yield Problem(
                "container-port",
                (*later.path, "name"),
                name=later.name,
                first=format_path(first.path[len(container.path) :]),
                container=container.name,
            )
    ports = get_path(obj.data, ("spec", "ports")) if obj.kind == "Service" else None
    if not isinstance(ports, list) or len(ports) < 2:
        return
    for first, later in repeats(service_ports(obj)):
        yield Problem(
            "service-port", (*later.path, "name"), name=later.name, first=format_path(first.path)
        )
