"""An Ingress names an IngressClass that the linted files do not define.

## Why
An ingress controller serves only the Ingresses of its class: `spec.ingressClassName`, or
the older `kubernetes.io/ingress.class` annotation. An Ingress whose class names no
IngressClass is taken by no controller: it gets no address and its hosts answer nothing,
without any error at `kubectl apply` time. It happens after renaming a class (`nginx` to
`nginx-internal`), when copying an Ingress between clusters, or with a typo.

## Example
```yaml
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: ngnix     # no such IngressClass
```

## Fix
Use the name of one of the IngressClasses. The rule only runs when the linted files define
IngressClasses (otherwise the classes come with the cluster); a class the cluster provides
outside these files is declared in `.kubelint.yaml`:

```yaml
external-objects:
- {kind: IngressClass, name: alb}
```

The classes GKE's built-in controller answers to through the annotation (`gce`,
`gce-internal`) need no IngressClass and are accepted. An Ingress with no class at all is
not checked: the cluster's default IngressClass, or a controller that takes Ingresses
without a class, serves it, and neither is usually written in the repository.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.index import ObjectIndex
from kubelint.ingress import ANNOTATION_ONLY_CLASSES, INGRESS_CLASS_ANNOTATION, is_ingress
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "ingress-unknown-class",
    category="references",
    severity="warning",
    kinds={"Ingress"},
    messages={
        "missing": "{field} {name!r} names no IngressClass, so no controller serves this "
        "Ingress (the linted files define {known}); use one of those, or declare the class "
        "under external-objects if the cluster provides it",
        "misspelt": "{field} {name!r} names no IngressClass, so no controller serves this "
        "Ingress; did you mean {suggestion!r}?",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not is_ingress(obj):
        return
    written = obj.get("spec", "ingressClassName")
    path: tuple[str, ...]
    if isinstance(written, str) and written:
        name, field, path = written, "ingressClassName", ("spec", "ingressClassName")
    else:
        annotated = obj.annotations.get(INGRESS_CLASS_ANNOTATION)
        if not isinstance(annotated, str) or not annotated:
            return
        if annotated in ANNOTATION_ONLY_CLASSES:
            return
        name, field = annotated, f"annotation {INGRESS_CLASS_ANNOTATION}"
        path = ("metadata", "annotations", INGRESS_CLASS_ANNOTATION)
    known = ctx.index.derived("ingress-unknown-class.names", _class_names)
    if not known:
        return  # the classes come with the cluster
    if ctx.index.exists("IngressClass", name, None):
        return
    import difflib

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        yield Problem("misspelt", path, field=field, name=name, suggestion=close[0])
    else:
        yield Problem("missing", path, field=field, name=name, known=", ".join(known))


def _class_names(index: ObjectIndex) -> list[str]:
    """The IngressClasses the linted files define, sorted (built once per run)."""
    classes = index.of_kind("IngressClass", group="networking.k8s.io")
    return sorted({c.name for c in classes})
