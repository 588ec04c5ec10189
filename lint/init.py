"""``kubelint init``: a commented starter ``.kubelint.yaml``.

The starter changes nothing kubelint would do without it except the target version: every
active setting is the default, written out so it can be edited, and the settings that do
change things (Pod Security Standards, policies) are commented out. ``tests/test_init.py``
loads it, and loads its commented-out examples uncommented, through ``kubelint.config``.
"""

from __future__ import annotations

import textwrap

from kubelint.registry import PRESETS, load_rules
from kubelint.versions import NEWEST, KubeVersion, format_version, parse_version

#: The rule whose severity the starter shows, and the opt-in rule it shows turning on.
SEVERITY_EXAMPLE_RULE = "latest-tag"
OPT_IN_EXAMPLE_RULE = "missing-probe"

#: Settings the starter shows commented out (``#`` before each line): each changes findings.
EXTERNAL_OBJECTS_EXAMPLE = """\
external-objects:
  - kind: Secret
    name: "*-tls"
    namespace: ingress
"""

POD_SECURITY_EXAMPLE = """\
pod-security: baseline
"""

POLICIES_EXAMPLE = """\
policies:
  - id: require-team-label
    message: every workload names its owning team in metadata.labels.team
    match:
      kinds: [Deployment, StatefulSet, DaemonSet]
    assert:
      properties:
        metadata:
          required: [labels]
          properties:
            labels: {required: [team]}
"""

COMMENTED_EXAMPLES = (EXTERNAL_OBJECTS_EXAMPLE, POD_SECURITY_EXAMPLE, POLICIES_EXAMPLE)

_TEMPLATE = """\
# kubelint configuration. kubelint reads this file from the directory it runs in or any
# directory above. Paths below are relative to this file; command-line options win over
# it. Every key is described in kubelint's docs/configuration.md.

# The Kubernetes version your clusters run, quoted: unquoted, YAML reads 1.30 as 1.3.
kube-version: "{version}"

# Findings of this severity or worse make kubelint exit with code 1: error, warning, info.
fail-on: error

# Directories whose manifests are loaded to resolve references between objects (a Service's
# selector, a pod's ConfigMap...), even when you lint a single file.
roots:
  - .

# Paths not to lint, as in .gitignore: [vendor/, "*.tmpl.yaml"].
exclude: []

# Objects made outside these files (by an operator, a pipeline, by hand) that references
# may name without a finding. The name may be a shell pattern; without a namespace, any.
{external_objects}
# A rule's severity (error, warning, info), or on / off. `kubelint rules` lists them all;
# `kubelint explain RULE` tells what one checks.
rules:
  {severity_rule}: {severity}    # its default
  # {opt_in_rule}: on      # an opt-in rule, turned on

# Opt-in groups of rules to turn on, such as [{first_preset}]:
{presets}presets: []

# Check pods against a Pod Security Standard, baseline or restricted (a Namespace's
# pod-security.kubernetes.io/enforce label wins for the pods in it).
{pod_security}
# Your own rules: objects to match, and a JSON Schema they must satisfy.
{policies}"""


def _commented(example: str) -> str:
    return "".join(f"# {line}\n" for line in example.splitlines())


def starter_config(kube_version: str | KubeVersion | None = None) -> str:
    """A commented starter ``.kubelint.yaml`` targeting ``kube_version`` (``"1.30"`` or
    ``(1, 30)``; default: the newest version kubelint knows). Raises ValueError for a
    version that is not one."""
    if kube_version is None:
        version = NEWEST
    elif isinstance(kube_version, tuple):
        version = kube_version
    else:
        version = parse_version(kube_version)
    rules = load_rules()
    presets = "".join(
        textwrap.fill(f"{name}: {text}", 92, initial_indent="#   ", subsequent_indent="#     ")
        + "\n"
        for name, text in PRESETS.items()
    )
    return _TEMPLATE.format(
        version=format_version(version),
        external_objects=_commented(EXTERNAL_OBJECTS_EXAMPLE),
        severity_rule=SEVERITY_EXAMPLE_RULE,
        severity=rules[SEVERITY_EXAMPLE_RULE].severity,
        opt_in_rule=OPT_IN_EXAMPLE_RULE,
        presets=presets,
        first_preset=next(iter(PRESETS)),
        pod_security=_commented(POD_SECURITY_EXAMPLE),
        policies=_commented(POLICIES_EXAMPLE),
    )
