"""False positives and crashes on real manifests (../shared/corpus/real).

Those manifests deploy as-is, with the exceptions listed in their INDEX.md, so an error
kubelint reports there is a bug until proven otherwise. Each source is linted on its own;
the run must not fail internally, and every error must be one reviewed below, with the
reason it is true. The table is the record of which documents of the corpus are invalid
(for the API server at the default target version, schemas and server-side validation
included) and why; every other document is valid. Warnings are not asserted here (the fixtures cover them). Skipped when
../shared is not beside the repository.
"""

from __future__ import annotations

import fnmatch
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kubelint.cli import cli

SHARED = Path(os.environ.get("KUBELINT_SHARED", Path(__file__).resolve().parents[2] / "shared"))
CORPUS = SHARED / "corpus" / "real"
SOURCES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")

# (source, rule, path pattern within the source): why the error is true.
REVIEWED_ERRORS = {
    ("cert-manager", "yaml-syntax", "make/config/bind/service.yaml"):
        "a Makefile template, listed in INDEX.md as a PyYAML parse failure",
    ("linkerd2", "yaml-syntax", "cli/cmd/testdata/inject_gettest_deployment.bad.input.yml"):
        "deliberately broken input of linkerd inject's tests (INDEX.md parse failure)",
    ("linkerd2", "yaml-syntax", "test/integration/deep/dualstack/testdata/ipfamilies-policy.yml"):
        "a test template with placeholders (INDEX.md parse failure)",
    ("kubernetes-examples", "removed-api", "_archived/*"):
        "archived examples written for old clusters (extensions/v1beta1, PSP, storage v1beta1)",
    ("kubernetes-examples", "missing-selector", "_archived/*"):
        "archived extensions/v1beta1 DaemonSets without a selector, which apps/v1 requires",
    ("kubernetes-examples", "duplicate-key", "_archived/*"):
        "the five files INDEX.md lists with duplicate keys",
    ("local-path-provisioner", "duplicate-key", "examples/quota/local-path-storage.yaml"):
        "a ConfigMap pasted twice without a '---' between the copies (INDEX.md notes it)",
    ("kubernetes-website-examples", "removed-api", "content/en/examples/*"):
        "batch/v1beta1 CronJob and networking.k8s.io/v1beta1 Ingress, unserved since 1.25/1.22",
    ("metrics-server", "removed-api", "manifests/components/high-availability/pdb.yaml"):
        "a policy/v1beta1 PodDisruptionBudget for pre-1.21 clusters",
    ("istio-samples", "removed-api", "samples/bookinfo/platform/kube/bookinfo-certificate.yaml"):
        "certmanager.k8s.io/v1alpha1, renamed by cert-manager 0.11",
    ("istio-samples", "removed-api", "samples/security/psp/sidecar-psp.yaml"):
        "policy/v1 PodSecurityPolicy: a kind no Kubernetes version ever served",
    ("kubernetes-dashboard-v2.7.0", "removed-api", "aio/test-resources/plugin-crd.yml"):
        "apiextensions.k8s.io/v1beta1 CustomResourceDefinition, unserved since 1.22",
    ("kubernetes-dashboard", "missing-selector", "hack/test-resources/nginx-daemon-daemon-set.yaml"):
        "an apps/v1 DaemonSet without a selector: the API rejects it",
    ("kubernetes-dashboard-v2.7.0", "missing-selector", "aio/test-resources/nginx-daemon-daemon-set.yaml"):
        "the same DaemonSet in the older release",
    ("linkerd2", "removed-api", "cli/cmd/testdata/inject_emojivoto_cronjob*"):
        "batch/v1beta1 CronJob test inputs of linkerd inject",
    ("linkerd2", "missing-selector", "cli/cmd/testdata/inject_gettest_deployment.*"):
        "apps/v1 Deployments without a selector, inputs of linkerd inject's tests",
    ("linkerd2", "leaked-credential", "cli/cmd/testdata/install_*.golden.yaml"):
        "the test issuer's EC private key committed in linkerd's golden files",
    ("flux2", "leaked-credential", "cmd/flux/testdata/create_secret/*"):
        "test SSH keys, TLS keys, tokens and registry logins committed as testdata",
    ("tekton-pipeline", "leaked-credential", "examples/v1/taskruns/*"):
        "an SSH key and a service-account key committed in examples",
    ("istio-samples", "leaked-credential", "samples/jwt-server/jwt-server.yaml"):
        "the sample JWT server's private key",
    ("ingress-nginx", "invalid-base64", "docs/examples/customization/ssl-dh-param/*"):
        "a documentation placeholder the API server would reject",
    ("istio-samples", "undeclared-volume", "samples/mtls-echo/mtls-echo.yaml"):
        "the container mounts 'ca-certs' but the pod's volume is named 'ca'",
    ("linkerd2", "undeclared-volume", "cli/cmd/testdata/inject_contour.*"):
        "a linkerd inject test input mounts 'contour-config' and declares no volumes",
    # ---- schema and server-side validation
    ("flux2", "invalid-name", "cmd/flux/testdata/build-kustomization/ignore/*"):
        "flux build test inputs meant to be skipped; their names contain '_'",
    ("flux2", "unknown-field", "cmd/flux/testdata/create_source_git/source-git-provider-*"):
        "spec.provider is newer than the GitRepository CRD copied into cluster_info testdata",
    ("flux2", "wrong-type", "internal/build/testdata/invalid-labels/*"):
        "a test input with a number and a boolean as label values, on purpose",
    ("gateway-api", "*", "hack/invalid-examples/*"):
        "Gateway API's own collection of manifests its CRDs must reject",
    ("gateway-api", "invalid-value", "conformance/tests/gatewayclass-observed-generation-bump.yaml"):
        "controllerName is a {GATEWAY_CONTROLLER_NAME} placeholder the test fills in",
    ("ingress-nginx", "wrong-type", "docs/examples/auth/oauth-external-auth/vouch-proxy.yaml"):
        "an env value written as a bare boolean: kubectl apply fails on it",
    ("istio-samples", "unknown-field", "samples/security/spire-trust-domain-federation/*"):
        "spec.className is newer than the SPIRE CRD bundled in samples/security/spire",
    ("kubernetes-examples", "container-runtime-socket", "_archived/*"):
        "the New Relic and Sysdig agent examples mount /var/run/docker.sock from the node",
    ("kubernetes-examples", "*", "_archived/volumes/*"):
        "archived volume examples: lower-case 'tcp', a string LUN, and fields that are misspelt "
        "(protectionDoamin) or never existed (rbd imageformat, storageos pool)",
    ("linkerd2", "unknown-kind", "controller/proxy-injector/fake/data/pod-*"):
        "fake API data: Pods written as apps/v1, a group with no Pod kind",
    ("prometheus-operator", "missing-required-field", "example/user-guides/scrapeclass/*"):
        "documentation snippets without the selector the CRDs require",
    ("tekton-pipeline", "missing-required-field", "examples/v1/pipelineruns/optional-workspaces.yaml"):
        "steps without a name, which the CRD requires; Tekton's mutating webhook names them "
        "before the API server validates, which no offline tool can know",
}  # fmt: skip


def reviewed(source: str, rule: str, path: str) -> bool:
    return any(
        s == source and r in (rule, "*") and fnmatch.fnmatchcase(path, pattern)
        for (s, r, pattern) in REVIEWED_ERRORS
    )


@pytest.mark.parametrize("source", SOURCES)
def test_real_manifests_have_no_unreviewed_errors(source):
    old = os.getcwd()
    os.chdir(CORPUS)
    try:
        result = CliRunner().invoke(cli, ["--no-config", "--format", "json", source])
    finally:
        os.chdir(old)
    assert result.exit_code in (0, 1), result.output[-2000:]
    report = json.loads(result.output)
    unexpected = [
        f"{f['file']}:{f['line']}: [{f['rule']}] {f['message']}"
        for f in report["findings"]
        if f["severity"] == "error" and not reviewed(source, f["rule"], f["file"][len(source) + 1 :])
    ]
    assert not unexpected, "\n".join(unexpected)


def test_the_alertmanagerconfig_crd_that_pyyaml_cannot_construct_loads():
    """Its enum lists a plain `=`, which PyYAML resolves to an unconstructible type."""
    import yaml

    from kubelint.engine import load_source

    path = CORPUS / "prometheus-operator/example/prometheus-operator-crd/monitoring.coreos.com_alertmanagerconfigs.yaml"
    with pytest.raises(yaml.constructor.ConstructorError):
        list(yaml.safe_load_all(path.read_text()))
    source = load_source(str(path), "crd.yaml")
    assert source.problems == []
    (crd,) = source.objects
    assert crd.kind == "CustomResourceDefinition" and crd.name == "alertmanagerconfigs.monitoring.coreos.com"
    schema = crd.get("spec", "versions", 0, "schema", "openAPIV3Schema")
    assert "=" in str(schema)
