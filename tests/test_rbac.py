"""kubelint.rbac: what roles grant, through aggregation and the built-in roles, and the
permissions the rbac rules look for."""

from __future__ import annotations

import json
import textwrap

from click.testing import CliRunner

from fixture_support import load_index, write
from kubelint import rbac
from kubelint.cli import cli
from kubelint.engine import assign_namespaces, load_text
from kubelint.index import ObjectIndex
from kubelint.objects import SourceFile


def _binding(objects, name):
    return next(o for o in objects if o.kind.endswith("Binding") and o.name == name)


def _rule(**fields) -> rbac.PolicyRule:
    return rbac.PolicyRule(
        role=None,
        role_name="test",
        path=(),
        verbs=tuple(fields.get("verbs", ())),
        api_groups=tuple(fields.get("api_groups", ())),
        resources=tuple(fields.get("resources", ())),
        resource_names=tuple(fields.get("resource_names", ())),
        non_resource_urls=tuple(fields.get("urls", ())),
    )


AGGREGATION = """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: {name: outer}
    aggregationRule:
      clusterRoleSelectors:
      - matchLabels: {example.com/outer: "true"}
    rules:
    - apiGroups: [""]
      resources: [nodes]
      verbs: [delete]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: inner
      labels: {example.com/outer: "true"}
    aggregationRule:
      clusterRoleSelectors:
      - matchExpressions:
        - {key: example.com/inner, operator: Exists}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: leaf
      labels: {example.com/inner: "yes"}
    rules:
    - apiGroups: [""]
      resources: [secrets]
      verbs: [list]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata: {name: outer}
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: outer}
    subjects: [{kind: Group, name: ops}]
"""


def test_aggregation_replaces_the_written_rules_and_follows_nested_aggregation():
    objects, index = load_index(AGGREGATION)
    rules = rbac.granted_rules(index, _binding(objects, "outer"))
    assert rules is not None
    assert [(r.role_name, r.resources, r.verbs) for r in rules] == [
        ("leaf", ("secrets",), ("list",))
    ]


def test_builtin_roles_and_what_is_aggregated_into_them():
    _, index = load_index(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: widgets-view
          labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
        rules:
        - apiGroups: [example.com]
          resources: [widgets]
          verbs: [get]
        """
    )
    view = rbac.cluster_role_rules(index, "view")
    edit = rbac.cluster_role_rules(index, "edit")
    assert view is not None and edit is not None
    assert not any(rbac.secret_read(r) for r in view)
    assert any(r.role_name == "widgets-view" for r in view)
    assert any(rbac.secret_read(r) == ("get", "list", "watch") for r in edit)
    assert any(r.role_name == "widgets-view" for r in edit), "view is aggregated into edit"
    assert rbac.cluster_role_rules(index, "system:controller:job-controller") is None
    assert rbac.cluster_role_rules(index, "made-up") is None


def test_aggregating_the_builtin_labels_brings_the_builtin_rules():
    _, index = load_index(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: my-editor}
        aggregationRule:
          clusterRoleSelectors:
          - matchLabels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}
        """
    )
    rules = rbac.cluster_role_rules(index, "my-editor")
    assert rules is not None and any(rbac.secret_read(r) for r in rules)


def test_a_binding_uses_the_role_defined_nearest_to_it():
    text = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: reader}
        rules:
        - apiGroups: [""]
          resources: [%s]
          verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: reader}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
        subjects: [{kind: Group, name: ops}]
    """
    sources = []
    for path, resource in (("a/rbac.yaml", "configmaps"), ("b/rbac.yaml", "secrets")):
        source = SourceFile(path, real_path=f"/x/{path}")
        load_text(source, textwrap.dedent(text.replace("%s", resource)).encode())
        assign_namespaces(source.objects, "default")
        sources.append(source)
    index = ObjectIndex([o for s in sources for o in s.objects])
    for source, resource in zip(sources, ("configmaps", "secrets"), strict=True):
        rules = rbac.granted_rules(index, _binding(source.objects, "reader"))
        assert rules is not None and rules[0].resources == (resource,)


def test_subjects_take_the_binding_namespace_and_are_described_briefly():
    objects, _ = load_index(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: b, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
        subjects:
        - {kind: ServiceAccount, name: a}
        - {kind: ServiceAccount, name: b, namespace: ops}
        - {kind: User, name: alice}
        - {kind: Group, name: devs}
        - {kind: Group}
        """
    )
    found = rbac.subjects(objects[0])
    assert [s.describe() for s in found] == [
        "ServiceAccount shop/a",
        "ServiceAccount ops/b",
        "User alice",
        "Group devs",
    ]
    assert found[0].path == ("subjects", 0, "name")
    assert rbac.describe_subjects(found) == (
        "ServiceAccount shop/a, ServiceAccount ops/b, User alice and 1 more"
    )


def test_what_counts_as_public():
    assert rbac.is_public(_rule(verbs=["get"], urls=["/healthz", "/version"]))
    assert not rbac.is_public(_rule(verbs=["get"], urls=["/metrics"]))
    assert not rbac.is_public(_rule(verbs=["get"], urls=["*"]))
    assert rbac.is_public(
        _rule(verbs=["create"], api_groups=["authorization.k8s.io"],
              resources=["selfsubjectaccessreviews"])
    )  # fmt: skip
    named = {"api_groups": [""], "resource_names": ["cluster-info"]}
    assert rbac.is_public(_rule(verbs=["get"], resources=["configmaps"], **named))
    assert not rbac.is_public(_rule(verbs=["get"], resources=["configmaps"], api_groups=[""]))
    assert not rbac.is_public(_rule(verbs=["get"], resources=["secrets"], **named))
    assert not rbac.is_public(_rule(verbs=["update"], resources=["configmaps"], **named))
    assert not rbac.is_public(_rule(verbs=["get"], resources=["services/proxy"], **named))


def test_exec_with_get_counts_only_before_1_35():
    rule = _rule(verbs=["get"], api_groups=[""], resources=["pods/exec"])
    old = list(rbac.escalations(rule, cluster_role=False, kube_version=(1, 34)))
    new = list(rbac.escalations(rule, cluster_role=False, kube_version=(1, 35)))
    assert [g.what for g in old] == ["exec"] and new == []


def test_a_role_cannot_grant_cluster_scoped_resources():
    rule = _rule(verbs=["get"], api_groups=[""], resources=["nodes/proxy"])
    assert [g.what for g in rbac.escalations(rule, cluster_role=True, kube_version=(1, 36))] == [
        "node-proxy"
    ]
    assert not list(rbac.escalations(rule, cluster_role=False, kube_version=(1, 36)))


def test_wildcard_subresources_and_verbs():
    rule = _rule(verbs=["*"], api_groups=[""], resources=["*/exec", "serviceaccounts"])
    found = {g.what: g for g in rbac.escalations(rule, cluster_role=True, kube_version=(1, 36))}
    assert set(found) == {"exec", "impersonate"}
    assert found["exec"].resources == "*/exec"
    assert found["impersonate"].verbs == "'*' (including impersonate)"
    assert not list(
        rbac.escalations(
            _rule(verbs=["*"], api_groups=["*"], resources=["*"]),
            cluster_role=True,
            kube_version=(1, 36),
        )
    ), "a bare * is rbac-wildcard's"


STRICT = """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: {name: deployer, namespace: shop}
    rules:
    - apiGroups: [apps]
      resources: [deployments]
      verbs: ["*"]
    - apiGroups: [""]
      resources: [configmaps]
      verbs: ["*"]
"""


def test_strict_preset_reports_each_policy_rule_once(tmp_path):
    path = write(tmp_path, STRICT)
    runner = CliRunner()
    default = runner.invoke(cli, ["lint", "--no-config", "--format", "json", str(path)])
    assert '"rule": "rbac-' not in default.output
    result = runner.invoke(
        cli, ["lint", "--no-config", "--preset", "strict", "--format", "json", str(path)]
    )
    found = sorted(
        (f["line"], f["rule"])
        for f in json.loads(result.output)["findings"]
        if f["rule"].startswith("rbac-")
    )
    assert found == [(7, "rbac-indirect-escalation"), (11, "rbac-wildcard-verb")]
