"""Schema validation: which schema applies at which version, where CRDs come from, and the
decoding rules the API server follows that a plain JSON Schema validator does not."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from kubelint.cli import cli
from kubelint.schema import kubernetes_versions, schema_version
from tests.fixture_support import write

SCHEMA_RULES = ("unknown-field", "wrong-type", "missing-required-field", "invalid-value")


def run(tmp_path: Path, *args: str) -> list[dict]:
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["--format", "json", "--no-context", *args])
    finally:
        os.chdir(old)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


def schema_findings(tmp_path: Path, *args: str) -> list[tuple[int, str, str]]:
    return [
        (f["line"], f["rule"], f["message"])
        for f in run(tmp_path, "--no-config", *args)
        if f["category"] == "schema"
    ]


POD = """\
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
    """


def test_shipped_versions_cover_1_25_to_the_newest_and_map_targets():
    versions = kubernetes_versions()
    assert versions[0] == (1, 25) and versions[-1] >= (1, 36)
    assert versions == sorted(versions) and len(versions) == versions[-1][1] - 24
    assert schema_version((1, 24)) is None
    assert schema_version((1, 30)) == (1, 30)
    assert schema_version((1, 99)) == versions[-1]


def test_a_field_is_judged_at_the_target_version(tmp_path):
    write(tmp_path, POD + "  hostUsers: false\n")  # PodSpec.hostUsers arrived in 1.25
    write(
        tmp_path,
        """\
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          trafficDistribution: PreferClose
          ports:
          - port: 80
        """,
        "service.yaml",
    )
    at_1_29 = schema_findings(tmp_path, "--kube-version", "1.29", "service.yaml")
    assert [(rule, line) for line, rule, _ in at_1_29] == [("unknown-field", 6)]
    assert schema_findings(tmp_path, "--kube-version", "1.30", "service.yaml") == []


def test_below_the_oldest_schema_built_in_kinds_are_not_validated_and_a_note_says_so(tmp_path):
    write(tmp_path, POD + "  contianers: []\n")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["--no-config", "--kube-version", "1.22", "."])
    finally:
        os.chdir(old)
    assert "unknown-field" not in result.output
    assert "not validated against a schema below Kubernetes 1.25 (target 1.22)" in result.output


def test_yaml_values_are_judged_the_way_the_api_server_decodes_them(tmp_path):
    write(
        tmp_path,
        """\
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            tier:
        spec:
          replicas: 3.0
          revisionHistoryLimit: 2.5
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              nodeSelector:
                1: "one"
              containers:
              - name: web
                image: nginx:1.27.3
                ports:
                - containerPort: 80
                  name:
        """,
    )
    found = schema_findings(tmp_path, ".")
    # 3.0 decodes into an integer field, 2.5 does not; null is an absent field; a number
    # as a map key becomes a string key
    assert [(line, rule) for line, rule, _ in found] == [(9, "wrong-type")]
    assert "spec.revisionHistoryLimit must be an integer, not a number" in found[0][2]


def test_wrong_type_messages_never_show_the_value(tmp_path):
    write(
        tmp_path,
        """\
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
        stringData:
          pin: 918273
          enabled: true
        """,
    )
    found = schema_findings(tmp_path, ".")
    assert [rule for _, rule, _ in found] == ["wrong-type", "wrong-type"]
    text = " ".join(message for _, _, message in found)
    assert "918273" not in text and "true" not in text.replace("true or false", "")


def test_a_crd_named_by_the_configuration_validates_its_custom_resources(tmp_path):
    write(
        tmp_path,
        """\
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: backups.example.com
        spec:
          group: example.com
          names: {kind: Backup, plural: backups}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      retention: {type: integer}
        """,
        "vendor/crds/backup.yaml",
    )
    write(
        tmp_path,
        """\
        apiVersion: example.com/v1
        kind: Backup
        metadata:
          name: nightly
        spec:
          retension: 7
        """,
        "deploy/backup.yaml",
    )
    write(tmp_path, "crds: [vendor/crds]\nroots: [deploy]\n", ".kubelint.yaml")
    findings = run(tmp_path, "deploy")
    assert [(f["rule"], f["line"]) for f in findings] == [("unknown-field", 6)]
    assert "backups.example.com (vendor/crds/backup.yaml:1)" in findings[0]["message"]
    # without the configuration the kind has no schema: one info, no error
    without = run(tmp_path, "--no-config", "deploy")
    assert [(f["rule"], f["severity"]) for f in without] == [("missing-schema", "info")]


def test_a_resource_valid_against_one_of_two_versions_of_its_crd_is_valid(tmp_path):
    crd = """\
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: routes.example.com
        spec:
          group: example.com
          names: {kind: Route, plural: routes}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      host: {type: string}
                      %s
        """
    write(tmp_path, crd % "", "standard/route-crd.yaml")
    write(tmp_path, crd % "retry: {type: object}", "experimental/route-crd.yaml")
    write(
        tmp_path,
        """\
        apiVersion: example.com/v1
        kind: Route
        metadata:
          name: api
        spec:
          host: api.example.com
          retry: {}
        """,
        "route.yaml",
    )
    assert schema_findings(tmp_path, ".") == []


def test_every_rule_of_the_schema_category_can_be_turned_off_together(tmp_path):
    write(tmp_path, POD + "  contianers: []\n")
    assert schema_findings(tmp_path, ".")
    assert schema_findings(tmp_path, "--disable", "schema", ".") == []


def test_a_field_indented_one_level_too_deep_names_its_owner(tmp_path):
    write(
        tmp_path,
        """\
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: web
            image: nginx:1.27.3
            ports:
            - containerPort: 80
              resources:
                limits: {memory: 64Mi}
        """,
    )
    ((line, rule, message),) = schema_findings(tmp_path, ".")
    assert (line, rule) == (11, "unknown-field")
    assert message == (
        "spec.containers[0].ports[0] has no field 'resources', so the API rejects the object; "
        "it is a field of spec.containers[0]: check the indentation"
    )
