"""Container image comes from a registry that is not in the `allowed-registries` list.

## Why
Whoever controls the registry an image is pulled from controls what runs in the cluster.
Organisations usually pull only from their own registry or a mirror: it scans images, keeps
them when the upstream deletes a tag, survives upstream rate limits and outages, and is the
one place to look when a vulnerable image has to be found. An image from anywhere else
slipped past all of that, often through a copied example.

The rule does nothing until the configuration lists the registries to allow:

```yaml
rules:
  untrusted-registry:
    allowed-registries:
    - registry.example.com          # any image on that host
    - ghcr.io/acme                  # only images under that path
    - "*.dkr.ecr.eu-west-1.amazonaws.com"
    - docker.io/library             # Docker Hub's official images
```

An entry is a registry host, optionally followed by a path: it allows the images under it.
`*` stands for any part of one host name or path segment. Images with no registry come from
Docker Hub, `docker.io` (`nginx` is `docker.io/library/nginx`).

## Example
```yaml
      containers:
      - name: web
        image: someone/web-server:1.2      # Docker Hub, not on the list
```

## Fix
Pull the image through your registry (mirror it, or build it there) and use that name, or
add the registry to `allowed-registries` if it is one you trust.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, split_image
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import allowed_by, image_location


@rule(
    "untrusted-registry",
    category="images",
    severity="warning",
    kinds=POD_KINDS,
    options={
        "allowed-registries": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "registries (host, or host/path prefix; * within a segment) "
            "images may come from; empty turns the rule off",
        },
    },
    messages={
        "untrusted": "image {image!r} comes from {registry}, which allowed-registries does "
        "not list; pull it through an allowed registry, or list its registry if you trust it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    allowed = ctx.option("untrusted-registry", "allowed-registries")
    if not allowed or not isinstance(allowed, list):
        return
    for container in obj.containers():
        image = container.data.get("image")
        if not isinstance(image, str) or not image.strip():
            continue
        ref = split_image(image.strip())
        if allowed_by(ref, allowed):
            continue
        registry, _ = image_location(ref)
        yield Problem("untrusted", (*container.path, "image"), image=image, registry=registry)
