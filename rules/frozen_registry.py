"""Container image comes from the frozen `k8s.gcr.io` registry (or an older alias of it).

## Why
The Kubernetes project moved its images to `registry.k8s.io`. Since 20 March 2023 `k8s.gcr.io`
only redirects there, and on 3 April 2023 it was frozen: no new tags, no security fixes, and
it is being phased out. Pulls break in clusters whose egress allow-list names only the old
host, or whose client does not follow the redirect. The Google Container Registry paths that
backed it, `gcr.io/google_containers` (also spelled `google-containers`, stale since 2020) and
`{us,eu,asia}.gcr.io/k8s-artifacts-prod`, are frozen with it.

## Example
```yaml
      containers:
      - name: master
        image: k8s.gcr.io/redis:e2e
```

## Fix
Pull the same repository and tag from `registry.k8s.io`, which serves every image the old
registry had (`registry.k8s.io/redis:e2e`). Images that old are rarely maintained: consider a
current release of the software too.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, split_image
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

REPLACEMENT = "registry.k8s.io"
#: Hosts whose whole namespace was the Kubernetes project's frozen registry.
FROZEN_HOSTS = frozenset({"k8s.gcr.io"})
#: (host, first path segment) of Google Container Registry projects that backed it.
FROZEN_PROJECTS = frozenset(
    (host, project)
    for host in ("gcr.io", "us.gcr.io", "eu.gcr.io", "asia.gcr.io")
    for project in ("google_containers", "google-containers", "k8s-artifacts-prod")
)


def frozen_source(registry: str, repository: str) -> tuple[str, str] | None:
    """(frozen location, repository path under registry.k8s.io) or None when not frozen."""
    host = registry.lower()
    if host in FROZEN_HOSTS:
        return host, repository
    project, sep, rest = repository.partition("/")
    if sep and (host, project) in FROZEN_PROJECTS:
        return f"{host}/{project}", rest
    return None


@rule(
    "frozen-registry",
    category="images",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "frozen": "image {image!r} comes from {registry}, which is frozen (no new tags or "
        "fixes) and being phased out; pull {replacement!r} instead",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for container in obj.containers():
        image = container.data.get("image")
        if not isinstance(image, str):
            continue
        ref = split_image(image.strip())
        source = frozen_source(ref.registry, ref.repository)
        if source is None:
            continue
        location, repository = source
        replacement = f"{REPLACEMENT}/{repository}"
        if ref.tag:
            replacement += f":{ref.tag}"
        if ref.digest:
            replacement += f"@{ref.digest}"
        yield Problem(
            "frozen",
            (*container.path, "image"),
            image=image,
            registry=location,
            replacement=replacement,
        )
