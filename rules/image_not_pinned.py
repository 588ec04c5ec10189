"""Container image is pinned by tag, not by digest.

## Why
A tag is a name someone can point at another image at any time: a registry account taken
over, a CI job that rebuilds old tags, an upstream that re-pushes `1.4` with a fix. The
cluster then runs an image nobody reviewed, under a manifest that did not change, and nodes
that pulled at different times run different images. A digest (`@sha256:...`) names exactly
one image: the manifest then says what runs, byte for byte, and a rollback returns to it.

Images with the `latest` tag or no tag are left to `latest-tag`, on by default.

This rule is in the `strict` preset: digests need tooling (Renovate, Dependabot, a CI step)
to keep up with releases, which not every repository wants.

## Example
```yaml
      containers:
      - name: web
        image: nginx:1.27.3
```

## Fix
Add the digest of the tag you tested, keeping the tag for readers (it is ignored when a
digest is present):

```yaml
        image: nginx:1.27.3@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
```

`docker buildx imagetools inspect nginx:1.27.3` or `crane digest nginx:1.27.3` prints it.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, split_image
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "image-not-pinned",
    category="images",
    severity="info",
    kinds=POD_KINDS,
    preset="strict",
    messages={
        "tag": "image {image!r} is pinned by tag only, and a tag can be moved to another "
        "image; add the digest (@sha256:...) of the image you tested",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for container in obj.containers():
        image = container.data.get("image")
        if not isinstance(image, str) or not image.strip():
            continue
        ref = split_image(image.strip())
        if ref.digest or not ref.tag or ref.tag == "latest":
            continue
        yield Problem("tag", (*container.path, "image"), image=image)
