"""An Ingress backend names a Service that is not defined in the Ingress's namespace.

## Why
An Ingress can only send traffic to a Service in its own namespace. When the name is
misspelt, the Service lives in another namespace, or it was never created, the controller
answers that path with 503 (or drops the rule) while `kubectl apply` reports success.

## Example
```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: web
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: shop-frontend   # the Service is called frontend
            port:
              number: 80
```

## Fix
Name a Service that exists in the Ingress's namespace (create it if it is missing). If the
Service is deliberately created outside these files, declare it in the configuration so
kubelint knows about it:

```yaml
external-objects:
- {kind: Service, name: shop-frontend, namespace: web}
```
"""

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.ingress import backends, is_ingress
from kubelint.objects import K8sObject
from kubelint.references import find, other_namespaces
from kubelint.registry import Problem, rule


@rule(
    "ingress-unknown-service",
    category="references",
    severity="warning",
    kinds={"Ingress"},
    messages={
        "missing": "backend Service {service!r} is not defined in namespace {namespace}; "
        "create it, or declare it under external-objects if it is made elsewhere",
        "similar": "backend Service {service!r} is not defined in namespace {namespace}; "
        "did you mean {suggestion!r}?",
        "elsewhere": "backend Service {service!r} is not in namespace {namespace} but in "
        "{others}; an Ingress can only route to Services in its own namespace",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not is_ingress(obj):
        return
    index = ctx.index
    namespace = obj.namespace
    for backend in backends(obj):
        name = backend.service
        if find(index, "Service", name, obj) is not None:
            continue
        if index.declared_external("Service", name, namespace):
            continue
        fields: dict[str, Any] = {"service": name, "namespace": namespace}
        others = other_namespaces(index, "Service", name, obj)
        local = [s.name for s in index.of_kind("Service", namespace, group="")]
        import difflib

        close = difflib.get_close_matches(name, local, n=1, cutoff=0.6)
        if others:
            yield Problem("elsewhere", backend.service_path, others=", ".join(others), **fields)
        elif close:
            yield Problem("similar", backend.service_path, suggestion=close[0], **fields)
        else:
            yield Problem("missing", backend.service_path, **fields)
