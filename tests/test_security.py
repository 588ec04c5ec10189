"""Workload hardening: the engine's reading of security settings, host paths and images."""

from __future__ import annotations

import pytest

from fixture_support import load_index
from kubelint.kube import split_image
from kubelint.security import (
    account_use,
    allowed_by,
    host_path_key,
    image_location,
    moving_tag,
    placed,
    pull_policy,
    runtime_socket,
    seccomp,
)

# --------------------------------------------------------------------------- host paths


@pytest.mark.parametrize(
    ("path", "runtime"),
    [
        ("/var/run/docker.sock", "Docker"),
        ("/run/docker.sock", "Docker"),
        ("//var/run//docker.sock", "Docker"),
        ("/var/run/containerd/containerd.sock", "containerd"),
        ("/run/containerd/", "containerd"),
        ("/var/run/crio/crio.sock", "CRI-O"),
        ("\\\\.\\pipe\\docker_engine", "Docker"),
        ("/var/run", None),
        ("/var/lib/docker/containers", None),
        ("/var/log", None),
    ],
)
def test_runtime_socket(path, runtime):
    assert runtime_socket(path) == runtime


def test_host_path_key_reads_var_run_as_run():
    assert host_path_key("/var/run/") == "/run"
    assert host_path_key("/var/running") == "/var/running"


# --------------------------------------------------------------------------- images


@pytest.mark.parametrize(
    ("image", "location"),
    [
        ("nginx", ("docker.io", "library/nginx")),
        ("bitnami/redis:7", ("docker.io", "bitnami/redis")),
        ("index.docker.io/library/nginx:1.27", ("docker.io", "library/nginx")),
        ("Registry.Example.com:5000/team/app:1", ("registry.example.com:5000", "team/app")),
    ],
)
def test_image_location(image, location):
    assert image_location(split_image(image)) == location


@pytest.mark.parametrize(
    ("image", "allowed"),
    [
        ("registry.example.com/anything:1", True),
        ("registry.example.com:5000/anything:1", True),
        ("registry.example.com.evil.io/anything:1", False),
        ("ghcr.io/acme/api:1", True),
        ("ghcr.io/acme-forks/api:1", False),
        ("ghcr.io/acme", True),  # the path itself is an image under it
        ("nginx:1.27", True),
        ("library/nginx:1.27", True),
        ("someone/nginx:1.27", False),
        ("1234.dkr.ecr.eu-west-1.amazonaws.com/app:1", True),
        ("1234.dkr.ecr.us-east-1.amazonaws.com/app:1", False),
    ],
)
def test_allowed_by(image, allowed):
    entries = ["registry.example.com", "ghcr.io/acme/", "docker.io/library",
               "*.dkr.ecr.eu-west-1.amazonaws.com"]  # fmt: skip
    assert allowed_by(split_image(image), entries) is allowed


@pytest.mark.parametrize(
    ("image", "tag"),
    [
        ("app", ""),
        ("app:latest", "latest"),
        ("app:Main", "Main"),
        ("app:3.9-nightly", "3.9-nightly"),
        ("app:1.4.2", None),
        ("app:mainline-1.2", None),
        ("app:main@sha256:" + "a" * 64, None),
    ],
)
def test_moving_tag(image, tag):
    assert moving_tag(split_image(image)) == tag


# --------------------------------------------------------------------------- settings

_POD = """
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.seccomp.security.alpha.kubernetes.io/b: runtime/default
spec:
  serviceAccountName: builder
  securityContext:
    runAsUser: 0
    seccompProfile: {type: Localhost, localhostProfile: x.json}
  containers:
  - name: a
    image: x:1
  - name: b
    image: x:1
    securityContext: {runAsUser: 5}
  - name: c
    image: x:1
    securityContext: {seccompProfile: {type: Unconfined}}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: builder
automountServiceAccountToken: false
"""


def test_placed_groups_pod_level_settings_once():
    objects, _ = load_index(_POD)
    pod = objects[0]
    groups = placed(pod, pod.containers(), "runAsUser")
    assert [(g.setting.from_pod if g.setting else None, g.names) for g in groups] == [
        (False, "'b'"),
        (True, "'a', 'c'"),
    ]


def test_seccomp_profile_container_field_then_annotation_then_pod():
    objects, _ = load_index(_POD)
    pod = objects[0]
    a, b, c = pod.containers()
    assert seccomp(pod, a, (1, 26)).value == "Localhost"
    assert seccomp(pod, b, (1, 26)).value == "RuntimeDefault"  # its annotation, before 1.27
    assert seccomp(pod, b, (1, 30)).value == "Localhost"  # the annotation no longer works
    assert seccomp(pod, c, (1, 30)).value == "Unconfined"


def test_account_use_reads_the_service_account():
    objects, index = load_index(_POD)
    use = account_use(objects[0], index)
    assert (use.name, use.automount, use.automount_path) == ("builder", False, None)


def test_pull_policy_defaults():
    from kubelint.kube import Container

    def policy(image, written=None):
        data = {"image": image, **({"imagePullPolicy": written} if written else {})}
        return pull_policy(Container((), data, "containers"), split_image(image))

    assert policy("app") == ("Always", False)
    assert policy("app:latest") == ("Always", False)
    assert policy("app:main") == ("IfNotPresent", False)
    assert policy("app@sha256:" + "a" * 64) == ("IfNotPresent", False)
    assert policy("app:main", "Always") == ("Always", True)
