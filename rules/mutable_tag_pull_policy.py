"""Image with a moving tag (`latest`, `main`, `nightly`...) is pulled only when the node lacks it.

## Why
A moving tag points at a new build every time someone pushes. With `imagePullPolicy:
IfNotPresent` a node pulls the tag once and then keeps starting its cached copy: nodes that
pulled at different times run different builds under the same manifest, a restarted pod
does not pick up the fix that was pushed, and a new node runs whatever is newest. Kubernetes
only defaults the policy to `Always` for `latest` and for images without a tag; an image
tagged `main`, `stable` or `nightly` without a policy gets `IfNotPresent`.

Moving tags are `latest`, `main`, `master`, `develop`, `dev`, `edge`, `nightly`, `stable`,
`canary`, `snapshot`, `head`, `unstable`, `testing`, `current`, `rolling`, and tags ending in
`-latest`, `-snapshot` or `-nightly`. An image pinned by digest is never reported, and
neither is `imagePullPolicy: Never`, which says the image is loaded onto the nodes on
purpose (a local cluster). `latest-tag` reports `latest` and untagged images whatever their
policy; this rule adds what the pull policy makes of them.

## Example
```yaml
      containers:
      - name: api
        image: ghcr.io/acme/api:main
        imagePullPolicy: IfNotPresent
```

## Fix
Pin a version tag or a digest, which is what makes a rollout or a rollback mean something.
If the moving tag is intended (a preview environment), set `imagePullPolicy: Always` so
every pod start fetches the current build.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, split_image
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import moving_tag, pull_policy


@rule(
    "mutable-tag-pull-policy",
    category="images",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "written": "image {image!r} has the moving tag {tag!r} but imagePullPolicy "
        "IfNotPresent, so each node keeps running the build it pulled first; pin a version, "
        "or set imagePullPolicy: Always",
        "untagged": "image {image!r} has no tag (so latest) but imagePullPolicy IfNotPresent, "
        "so each node keeps running the build it pulled first; pin a version, or set "
        "imagePullPolicy: Always",
        "defaulted": "image {image!r} has the moving tag {tag!r}, and without "
        "imagePullPolicy a tagged image is pulled only once per node, so nodes keep running "
        "old builds; pin a version, or set imagePullPolicy: Always",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for container in obj.containers():
        image = container.data.get("image")
        if not isinstance(image, str) or not image.strip():
            continue
        ref = split_image(image.strip())
        tag = moving_tag(ref)
        if tag is None:
            continue
        policy, written = pull_policy(container, ref)
        if policy != "IfNotPresent":
            continue
        if written:
            path = (*container.path, "imagePullPolicy")
            yield Problem("written" if tag else "untagged", path, image=image, tag=tag)
        else:
            yield Problem("defaulted", (*container.path, "image"), image=image, tag=tag)
