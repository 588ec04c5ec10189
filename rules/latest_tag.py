"""Container image uses the `latest` tag, or no tag (which means `latest`).

## Why
A mutable tag deploys whatever was pushed last. Two nodes can run different code under the
same manifest, a rollback redeploys the same moving target, and nobody can tell from the
repository what is running.

## Example
```yaml
      containers:
      - name: web
        image: nginx:latest
```

## Fix
Pin a version tag (`nginx:1.27.3`) or, better, a digest (`nginx@sha256:...`).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, split_image
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "latest-tag",
    category="images",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "latest": "image {image!r} uses the mutable tag latest; pin a version or a digest",
        "untagged": "image {image!r} has no tag, so it means latest; pin a version or a digest",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for container in obj.containers():
        image = container.data.get("image")
        if not isinstance(image, str) or not image.strip():
            continue
        ref = split_image(image.strip())
        if ref.digest:
            continue
        if ref.tag == "latest":
            yield Problem("latest", (*container.path, "image"), image=image)
        elif not ref.tag:
            yield Problem("untagged", (*container.path, "image"), image=image)
