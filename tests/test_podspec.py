"""Pod spec helpers behind duplicate-name, duplicate-env, invalid-port, invalid-probe and
invalid-restart-policy: the cases a fixture would not show at a glance."""

from __future__ import annotations

import pytest

from fixture_support import load_index
from kubelint.podspec import (
    container_restart_policies,
    handlers,
    hidden_env,
    port_values,
    service_ports,
    template_restart_policies,
)

POD = """
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: sidecar
    image: proxy:1.0
    restartPolicy: Always
  containers:
  - name: app
    image: app:1.0
    ports:
    - {name: http, containerPort: 8080, hostPort: 0}
    env:
    - {name: PATH, value: /bin}
    - {name: PATH, value: "$(PATH):/opt/bin"}
    - {name: MODE, value: a}
    - {name: MODE, value: "$(MODE)"}
    - {name: TOKEN, value: x}
    - name: TOKEN
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    readinessProbe:
      tcpSocket: {port: http}
      httpGet: {path: /, port: "8080"}
      exec: null
    lifecycle:
      preStop: {sleep: {seconds: 5}}
"""


def _pod():
    objects, _ = load_index(POD)
    return objects[0]


def test_hidden_env_spares_values_that_build_on_the_earlier_one():
    app = _pod().containers()[1]
    assert [(later.name, later.path[-1]) for _, later in hidden_env(app)] == [
        ("MODE", 3), ("TOKEN", 5),
    ]  # fmt: skip


def test_handler_actions_are_in_written_order_and_null_is_unset():
    app = _pod().containers()[1]
    found = {h.field: h.actions for h in handlers(app)}
    assert found == {"readinessProbe": ["tcpSocket", "httpGet"], "preStop": ["sleep"]}


def test_port_values_mark_what_may_be_a_name_and_what_may_be_unset():
    found = [(p.field, p.value, p.is_unset) for p in port_values(_pod())]
    assert found == [
        ("containerPort", 8080, False),
        ("hostPort", 0, True),
        ("readinessProbe httpGet port", "8080", False),
        ("readinessProbe tcpSocket port", "http", False),
    ]


def test_service_ports_only_of_core_services():
    objects, _ = load_index("""
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: hello}
        spec:
          ports: [{port: 80}, {port: 80}]
        """)
    assert service_ports(objects[0]) == []


@pytest.mark.parametrize(
    ("version", "init", "regular"),
    [((1, 28), (), ()), ((1, 29), ("Always",), ()),
     ((1, 35), ("Always", "OnFailure", "Never"), ("Always", "OnFailure", "Never"))],
)  # fmt: skip
def test_container_restart_policies_by_version(version, init, regular):
    sidecar, app = _pod().containers()
    assert container_restart_policies(sidecar, version) == init
    assert container_restart_policies(app, version) == regular


def test_template_restart_policies():
    assert template_restart_policies("batch", "CronJob") == ("OnFailure", "Never")
    assert template_restart_policies("apps", "StatefulSet") == ("Always",)
    assert template_restart_policies("argoproj.io", "Rollout") is None
