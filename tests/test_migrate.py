"""API migrations (kubelint.migrate): what removed-api and deprecated-api fix, and that the
result is what the target version accepts.

The byte-exact results are the fix cases in tests/fixes/removed-api and
tests/fixes/deprecated-api; here every fixed case is checked against the target version's
schemas, and the edge cases each migration refuses or marks unsafe are pinned down.
"""

from __future__ import annotations

import json
import textwrap
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from kubelint.apis import Replacement, lifecycle
from kubelint.engine import Settings, lint, load_text
from kubelint.fix import PendingFix, apply_fixes
from kubelint.migrate import (
    CAVEAT_PDB_EMPTY_SELECTOR,
    CAVEAT_WEBHOOK_SIDE_EFFECTS,
    SAME_SHAPE,
    Migration,
    migrate,
)
from kubelint.objects import SourceFile
from kubelint.registry import load_rules
from kubelint.schema import kubernetes_versions
from kubelint.versions import KubeVersion, parse_version
from tests.test_fix_cases import options

FIXES = Path(__file__).parent / "fixes"
CASES = sorted(
    p
    for rule in ("removed-api", "deprecated-api")
    for p in (FIXES / rule).glob("*.yaml")
    if not p.name.endswith(".fixed.yaml")
)


def settings(version: KubeVersion) -> Settings:
    rules = load_rules()
    return Settings(
        severities={r.id: r.severity for r in rules.values() if r.default}, kube_version=version
    )


def case_version(case: Path) -> KubeVersion:
    args = options(case)
    return parse_version(args[args.index("--kube-version") + 1])


# ------------------------------------------------------------------ fixed cases vs schemas


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_fixed_case_matches_the_target_versions_schemas(case: Path) -> None:
    """No unknown field, wrong type, missing required field or invalid value is left. Below
    the oldest version with built-in schemas, the objects the target serves are checked
    against that oldest version's schemas instead."""
    fixed = case.with_name(case.name.replace(".yaml", ".fixed.yaml"))
    target = case_version(case)
    oldest = kubernetes_versions()[0]
    checked_at = max(target, oldest)
    report = lint([str(fixed)], settings(checked_at))
    assert not report.internal_errors
    found = []
    for finding in report.findings:
        if finding.category != "schema":
            continue
        ref = finding.object
        entry = lifecycle(ref.api_version, ref.kind) if ref is not None else None
        if checked_at != target and entry is not None and entry.removed_at(checked_at):
            continue  # served by the target, gone from the version whose schemas we have
        found.append((finding.line, finding.rule, finding.message))
    assert found == []


def test_every_case_has_an_object_the_schemas_check() -> None:
    """The check above is not vacuous: most cases target a version with schemas."""
    oldest = kubernetes_versions()[0]
    assert sum(case_version(c) >= oldest for c in CASES) >= len(CASES) - 5


# ------------------------------------------------------------------ helpers


def load(text: str) -> SourceFile:
    source = SourceFile("test.yaml")
    load_text(source, textwrap.dedent(text).encode())
    return source


def migration(text: str, api_version: str, index: int = 0) -> Migration | None:
    obj = load(text).objects[index]
    return migrate(obj, Replacement(api_version, obj.kind))


def migrated(text: str, api_version: str, index: int = 0) -> tuple[str, Migration]:
    source = load(text)
    obj = source.objects[index]
    found = migrate(obj, Replacement(api_version, obj.kind))
    assert found is not None
    result = apply_fixes(source, [PendingFix("removed-api", obj, found.fix)])
    assert result.applied
    return result.text, found


def findings(text: str, version: str, rule: str) -> tuple[list[Any], list[Any]]:
    """(findings of ``rule``, fixes of ``rule``) for ``text`` linted at ``version``."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "test.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        report = lint([str(path)], settings(parse_version(version)))
    return (
        [f for f in report.findings if f.rule == rule],
        [p for p in report.fixes if p.rule == rule],
    )


# ------------------------------------------------------------------ what gets no fix


def test_no_migration_for_kinds_that_need_decisions() -> None:
    crd = """\
        apiVersion: apiextensions.k8s.io/v1beta1
        kind: CustomResourceDefinition
        metadata: {name: crontabs.example.com}
        spec:
          group: example.com
          version: v1
          names: {kind: CronTab, plural: crontabs}
          scope: Namespaced
        """
    assert migration(crd, "apiextensions.k8s.io/v1") is None
    csr = """\
        apiVersion: certificates.k8s.io/v1beta1
        kind: CertificateSigningRequest
        metadata: {name: node-1}
        spec:
          request: LS0tLS1CRUdJTg==
          usages: [client auth]
        """
    assert migration(csr, "certificates.k8s.io/v1") is None


def test_pod_security_policy_gets_no_fix_once_policy_v1beta1_is_gone() -> None:
    psp = """\
        apiVersion: policy/v1beta1
        kind: PodSecurityPolicy
        metadata: {name: restricted}
        spec:
          privileged: false
          seLinux: {rule: RunAsAny}
          runAsUser: {rule: MustRunAsNonRoot}
          supplementalGroups: {rule: RunAsAny}
          fsGroup: {rule: RunAsAny}
        """
    found, fixes = findings(psp, "1.30", "removed-api")
    assert len(found) == 1 and "no API replaces it" in found[0].message
    assert "Pod Security Admission" in found[0].message
    assert fixes == []


def test_no_migration_to_another_kind() -> None:
    endpoints = "apiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\n"
    obj = load(endpoints).objects[0]
    assert migrate(obj, Replacement("discovery.k8s.io/v1", "EndpointSlice")) is None


def test_a_webhook_with_side_effects_gets_no_fix() -> None:
    webhook = """\
        apiVersion: admissionregistration.k8s.io/v1beta1
        kind: ValidatingWebhookConfiguration
        metadata: {name: quota}
        webhooks:
        - name: quota.example.com
          clientConfig: {url: "https://quota.example.com/"}
          sideEffects: Some
        """
    assert migration(webhook, "admissionregistration.k8s.io/v1") is None


@pytest.mark.parametrize(
    "metric",
    [
        "{type: Resource, resource: {name: cpu}}",
        "{type: Resource, resource: {name: cpu, targetAverageUtilization: 50, "
        "targetAverageValue: 100m}}",
        "{type: External, external: {metricName: lag}}",
        "{type: Pods, pods: {targetAverageValue: 10}}",
        "{type: Custom, custom: {}}",
    ],
)
def test_an_hpa_metric_the_api_rejects_gets_no_fix(metric: str) -> None:
    hpa = f"""\
        apiVersion: autoscaling/v2beta1
        kind: HorizontalPodAutoscaler
        metadata: {{name: web}}
        spec:
          scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: web}}
          maxReplicas: 3
          metrics:
          - {metric}
        """
    assert migration(hpa, "autoscaling/v2") is None


@pytest.mark.parametrize(
    "spec",
    [
        "template: {spec: {containers: []}}",  # nothing to select by
        "selector:\ntemplate: {metadata: {labels: {app: web}}}",  # selector written empty
    ],
)
def test_a_workload_without_a_usable_selector_gets_no_fix(spec: str) -> None:
    text = "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
    text += textwrap.indent(spec, "  ") + "\n"
    assert migration(text, "apps/v1") is None


def test_a_broken_ingress_gets_no_fix() -> None:
    lost_indentation = """\
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata: {name: web}
        spec:
          rules:
          - http:
            paths:
            - backend:
              serviceName: web
              servicePort: 80
        """
    assert migration(lost_indentation, "networking.k8s.io/v1") is None
    no_service = """\
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata: {name: web}
        spec:
          backend: {servicePort: 80}
        """
    assert migration(no_service, "networking.k8s.io/v1") is None


def test_an_endpoint_slice_of_address_type_ip_gets_no_fix() -> None:
    text = """\
        apiVersion: discovery.k8s.io/v1alpha1
        kind: EndpointSlice
        metadata: {name: db-1}
        addressType: IP
        endpoints:
        - addresses: [10.0.0.1]
        """
    assert migration(text, "discovery.k8s.io/v1") is None


# ------------------------------------------------------------------ safe and unsafe


def test_a_pdb_without_selector_migrates_safely() -> None:
    """A null selector selects no pod in both versions; only the empty one changes."""
    text = """\
        apiVersion: policy/v1beta1
        kind: PodDisruptionBudget
        metadata: {name: web}
        spec: {minAvailable: 1}
        """
    found = migration(text, "policy/v1")
    assert found is not None and found.fix.safe and found.caveat is None


def test_a_pdb_with_an_empty_match_labels_is_unsafe_and_says_why() -> None:
    text = """\
        apiVersion: policy/v1beta1
        kind: PodDisruptionBudget
        metadata: {name: web}
        spec:
          minAvailable: 1
          selector:
            matchLabels: {}
        """
    found = migration(text, "policy/v1")
    assert found is not None and not found.fix.safe
    assert found.caveat == CAVEAT_PDB_EMPTY_SELECTOR
    messages, fixes = findings(text, "1.30", "removed-api")
    assert messages[0].message.endswith(f"--unsafe-fixes migrates it, but {found.caveat}")
    assert [p.fix.safe for p in fixes] == [False]


def test_deprecated_api_offers_only_safe_migrations() -> None:
    text = """\
        apiVersion: policy/v1beta1
        kind: PodDisruptionBudget
        metadata: {name: web}
        spec:
          minAvailable: 1
          selector: {}
        """
    messages, fixes = findings(text, "1.22", "deprecated-api")
    assert len(messages) == 1 and fixes == []
    safe = text.replace("selector: {}", "selector: {matchLabels: {app: web}}")
    messages, fixes = findings(safe, "1.22", "deprecated-api")
    assert len(messages) == 1 and [p.fix.safe for p in fixes] == [True]


def test_deprecated_api_does_not_migrate_to_a_version_the_target_lacks() -> None:
    hpa = """\
        apiVersion: autoscaling/v2beta2
        kind: HorizontalPodAutoscaler
        metadata: {name: web}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          maxReplicas: 3
        """
    messages, fixes = findings(hpa, "1.23", "deprecated-api")
    assert len(messages) == 1 and len(fixes) == 1  # autoscaling/v2 is served from 1.23
    assert "autoscaling/v2" in messages[0].message


def test_webhook_side_effects_left_out_are_unsafe() -> None:
    text = """\
        apiVersion: admissionregistration.k8s.io/v1beta1
        kind: MutatingWebhookConfiguration
        metadata: {name: injector}
        webhooks:
        - name: inject.example.com
          clientConfig: {url: "https://inject.example.com/"}
          sideEffects: Unknown
          admissionReviewVersions: []
        """
    out, found = migrated(text, "admissionregistration.k8s.io/v1")
    assert found.caveat == CAVEAT_WEBHOOK_SIDE_EFFECTS and not found.fix.safe
    assert out.endswith(
        "  sideEffects: None\n"
        "  admissionReviewVersions: [v1beta1]\n"
        "  failurePolicy: Ignore\n"
        "  matchPolicy: Exact\n"
        "  timeoutSeconds: 30\n"
    )


# ------------------------------------------------------------------ shapes


def test_the_ingress_class_annotation_stays() -> None:
    text = """\
        apiVersion: networking.k8s.io/v1beta1
        kind: Ingress
        metadata:
          name: web
          annotations:
            kubernetes.io/ingress.class: nginx
        spec:
          backend: {serviceName: web, servicePort: 80}
        """
    out, found = migrated(text, "networking.k8s.io/v1")
    assert found.fix.safe
    assert "    kubernetes.io/ingress.class: nginx\n" in out
    assert out.endswith("spec:\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n")


def test_objects_of_a_list_migrate_in_place() -> None:
    text = """\
        apiVersion: v1
        kind: List
        items:
        - apiVersion: policy/v1beta1
          kind: PodDisruptionBudget
          metadata: {name: web}
          spec: {minAvailable: 1, selector: {matchLabels: {app: web}}}
        - apiVersion: extensions/v1beta1
          kind: Ingress
          metadata: {name: web}
          spec:
            rules:
            - http:
                paths:
                - path: /
                  backend: {serviceName: web, servicePort: 80}
        """
    out, _ = migrated(text, "networking.k8s.io/v1", index=1)
    assert out.endswith(
        "        - path: /\n"
        "          pathType: ImplementationSpecific\n"
        "          backend: {service: {name: web, port: {number: 80}}}\n"
    )
    assert "- apiVersion: networking.k8s.io/v1\n" in out
    assert "- apiVersion: policy/v1beta1\n" in out


def test_a_flow_style_topology_is_rewritten_whole() -> None:
    text = """\
        apiVersion: discovery.k8s.io/v1beta1
        kind: EndpointSlice
        metadata: {name: db-1}
        addressType: IPv4
        endpoints:
        - addresses: [10.0.0.1]
          topology: {kubernetes.io/hostname: n1, rack: r1, topology.kubernetes.io/zone: z1}
        """
    out, found = migrated(text, "discovery.k8s.io/v1")
    assert found.fix.safe
    assert out.endswith("  deprecatedTopology: {rack: r1}\n  nodeName: n1\n  zone: z1\n")


def test_rbac_v1alpha1_subjects_get_an_api_group() -> None:
    text = """\
        apiVersion: rbac.authorization.k8s.io/v1alpha1
        kind: ClusterRoleBinding
        metadata: {name: crd-users}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects:
        - {kind: Team, apiVersion: teams.example.com/v1, name: platform}
        - {kind: User, apiVersion: rbac.authorization.k8s.io/v1alpha1, name: alice}
        """
    out, _ = migrated(text, "rbac.authorization.k8s.io/v1")
    assert out.endswith(
        "- {kind: Team, apiGroup: teams.example.com, name: platform}\n"
        "- {kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}\n"
    )


def test_a_recreate_deployment_keeps_no_rolling_update_defaults() -> None:
    text = """\
        apiVersion: extensions/v1beta1
        kind: Deployment
        metadata: {name: web, labels: {app: web}}
        spec:
          strategy: {type: Recreate}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
        """
    out, found = migrated(text, "apps/v1")
    assert found.fix.safe
    assert out.endswith(
        "    metadata: {labels: {app: web}}\n"
        "  revisionHistoryLimit: 2147483647\n"
        "  progressDeadlineSeconds: 2147483647\n"
    )
    assert "strategy: {type: Recreate}\n" in out


def test_a_daemon_set_with_an_update_strategy_without_type_keeps_on_delete() -> None:
    text = """\
        apiVersion: extensions/v1beta1
        kind: DaemonSet
        metadata: {name: agent, labels: {app: agent}}
        spec:
          updateStrategy: {rollingUpdate: {maxUnavailable: 2}}
          selector: {matchLabels: {app: agent}}
          template:
            metadata: {labels: {app: agent}}
        """
    out, _ = migrated(text, "apps/v1")
    assert "  updateStrategy: {rollingUpdate: {maxUnavailable: 2}, type: OnDelete}\n" in out


# ------------------------------------------------------------------ the same-shape table


def _schema_shape(bundle: dict[str, Any], version: str, name: str, seen: tuple[str, ...]) -> Any:
    """A definition reduced to what a manifest can write: field names, types, required
    fields and enums, recursively (apiVersion left out)."""
    table = bundle["versions"][version]["definitions"]
    position = {n: i for i, n in enumerate(bundle["names"])}[name]
    if name in seen or table[position] < 0:
        return name
    return _reduce(bundle, version, bundle["bodies"][table[position]], (*seen, name))


def _reduce(
    bundle: dict[str, Any], version: str, body: dict[str, Any], seen: tuple[str, ...]
) -> Any:
    if "$ref" in body:
        ref = body["$ref"].rsplit("/", 1)[-1]
        if ref.startswith("io.k8s.apimachinery"):
            return ref
        return _schema_shape(bundle, version, ref, seen)
    if len(body.get("allOf", ())) == 1:
        return _reduce(bundle, version, body["allOf"][0], seen)
    shape: dict[str, Any] = {
        "type": body.get("type"),
        "required": sorted(body.get("required", ())),
        "enum": body.get("enum"),
    }
    for key in ("items", "additionalProperties"):
        if isinstance(body.get(key), dict):
            shape[key] = _reduce(bundle, version, body[key], seen)
    properties = body.get("properties", {})
    shape["properties"] = {
        k: _reduce(bundle, version, v, seen) for k, v in properties.items() if k != "apiVersion"
    }
    return shape


def test_same_shape_families_agree_with_the_shipped_schemas() -> None:
    """Every pair of a SAME_SHAPE family that some shipped schema version holds both of has
    identical fields (the table is the migrations' claim that only the apiVersion changes)."""
    bundle = json.loads(resources.files("kubelint.schemas").joinpath("kubernetes.json").read_text())
    compared = 0
    for kinds, versions in SAME_SHAPE:
        for kind in kinds:
            for i, old in enumerate(versions):
                for new in versions[i + 1 :]:
                    for version in reversed(list(bundle["versions"])):
                        found = bundle["versions"][version]["kinds"]
                        a, b = found.get(f"{old}/{kind}"), found.get(f"{new}/{kind}")
                        if a is None or b is None:
                            continue
                        old_shape = _schema_shape(bundle, version, bundle["names"][a], ())
                        new_shape = _schema_shape(bundle, version, bundle["names"][b], ())
                        if kind == "HorizontalPodAutoscaler":  # status only: not written
                            old_shape["properties"].pop("status")
                            new_shape["properties"].pop("status")
                        assert old_shape == new_shape, f"{kind}: {old} and {new} differ"
                        compared += 1
                        break
    assert compared >= 20
