"""Who refers to which object, and which objects are made by other objects.

A pod template names Secrets in half a dozen places; an Ingress names Services and TLS
Secrets (see ``kubelint.ingress``). Whether such a reference resolves depends on more than
the objects written in the linted files: many Secrets are produced at run time by a
controller from another object (a cert-manager Certificate, a SealedSecret, an
ExternalSecret...), and some are declared to exist outside the files in the configuration
(``external-objects``). This module knows both sides, so rules only ask "is it there?".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kubelint.index import ObjectIndex
from kubelint.ingress import is_ingress, tls_secrets
from kubelint.kube import labels_of
from kubelint.objects import K8sObject

Path = tuple[Any, ...]

# --------------------------------------------------------------------------- references


@dataclass(frozen=True, slots=True)
class SecretRef:
    """A pod template's reference to a Secret in its own namespace."""

    name: str
    path: Path  # the node holding the name
    optional: bool  # ``optional: true``: the pod starts without it


#: Volume plugins that read credentials from a Secret, and where they name it.
_VOLUME_SECRET_FIELDS: tuple[tuple[str, ...], ...] = (
    ("azureFile", "secretName"),
    ("cephfs", "secretRef", "name"),
    ("cinder", "secretRef", "name"),
    ("csi", "nodePublishSecretRef", "name"),
    ("flexVolume", "secretRef", "name"),
    ("iscsi", "secretRef", "name"),
    ("rbd", "secretRef", "name"),
    ("scaleIO", "secretRef", "name"),
    ("storageos", "secretRef", "name"),
)


def secret_refs(obj: K8sObject) -> Iterator[SecretRef]:
    """Every Secret the pods of ``obj`` need: environment, volumes and image pull secrets."""
    spec_path = obj.pod_spec_path()
    spec = obj.pod_spec()
    if spec_path is None or spec is None:
        return
    for container in obj.containers():
        env_from = container.data.get("envFrom")
        for i, source in _items(env_from):
            yield from _ref(source.get("secretRef"), (*container.path, "envFrom", i, "secretRef"))
        for i, var in _items(container.data.get("env")):
            value_from = var.get("valueFrom")
            if isinstance(value_from, Mapping):
                path = (*container.path, "env", i, "valueFrom", "secretKeyRef")
                yield from _ref(value_from.get("secretKeyRef"), path)
    for i, volume in _items(spec.get("volumes")):
        path = (*spec_path, "volumes", i)
        yield from _ref(volume.get("secret"), (*path, "secret"), key="secretName")
        projected = volume.get("projected")
        if isinstance(projected, Mapping):
            for j, source in _items(projected.get("sources")):
                yield from _ref(source.get("secret"), (*path, "projected", "sources", j, "secret"))
        for fields in _VOLUME_SECRET_FIELDS:
            plugin = volume.get(fields[0])
            if isinstance(plugin, Mapping):
                *parents, key = fields[1:]
                holder: Any = plugin
                for step in parents:
                    holder = holder.get(step) if isinstance(holder, Mapping) else None
                yield from _ref(holder, (*path, fields[0], *parents), key=key)
    for i, item in _items(spec.get("imagePullSecrets")):
        yield from _ref(item, (*spec_path, "imagePullSecrets", i))


def _items(value: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                yield i, item


def _ref(holder: Any, path: Path, *, key: str = "name") -> Iterator[SecretRef]:
    if not isinstance(holder, Mapping):
        return
    name = holder.get(key)
    if isinstance(name, str) and name:
        yield SecretRef(name, (*path, key), holder.get("optional") is True)


# --------------------------------------------------------------------------- producers

#: Annotations that make cert-manager's ingress-shim issue a certificate into every
#: ``tls[].secretName`` of an Ingress (and every listener certificate of a Gateway).
CERT_MANAGER_SHIM_ANNOTATIONS = ("cert-manager.io/issuer", "cert-manager.io/cluster-issuer")
#: The older switch, honoured by ingress-shim when a default issuer is configured.
TLS_ACME_ANNOTATION = "kubernetes.io/tls-acme"


@dataclass(frozen=True, slots=True)
class Produced:
    """An object a controller creates from ``producer``; a None namespace means any."""

    kind: str
    name: str
    namespace: str | None
    producer: K8sObject

    def reaches(self, referrer: K8sObject) -> bool:
        """Whether the object is made in a namespace ``referrer`` may end up in."""
        if self.namespace is None or self.namespace == referrer.namespace:
            return True
        if referrer.written_namespace is None:
            return True  # applied wherever it is needed
        return self.namespace == self.producer.namespace and self.producer.written_namespace is None


def issues_certificates(obj: K8sObject) -> bool:
    """True when cert-manager's ingress-shim creates the TLS Secrets ``obj`` names."""
    annotations = obj.annotations
    if any(annotations.get(key) for key in CERT_MANAGER_SHIM_ANNOTATIONS):
        return True
    return str(annotations.get(TLS_ACME_ANNOTATION, "")).lower() == "true"


def produced_by(obj: K8sObject) -> Iterator[Produced]:
    """The Secrets a controller makes from ``obj`` (empty for ordinary objects)."""
    for name, namespace in _secrets_made(obj):
        if name:
            yield Produced("Secret", name, namespace, obj)


def _secrets_made(obj: K8sObject) -> Iterator[tuple[str, str | None]]:
    group, kind, ns = obj.group, obj.kind, obj.namespace
    if group == "cert-manager.io" and kind == "Certificate":
        yield _text(obj.get("spec", "secretName")), ns
    elif group == "bitnami.com" and kind == "SealedSecret":
        yield obj.name, ns
    elif group == "external-secrets.io" and kind == "ExternalSecret":
        target = obj.get("spec", "target")
        target = target if isinstance(target, Mapping) else {}
        if target.get("creationPolicy", "Owner") in ("Owner", "Orphan"):
            yield _text(target.get("name")) or obj.name, ns
    elif group == "external-secrets.io" and kind == "ClusterExternalSecret":
        yield _text(obj.get("spec", "externalSecretName")) or obj.name, None
    elif group == "kubernetes-client.io" and kind == "ExternalSecret":
        yield obj.name, ns
    elif group == "secrets.hashicorp.com" and obj.get("spec", "destination", "create") is True:
        # VaultStaticSecret, VaultDynamicSecret, VaultPKISecret, HCPVaultSecretsApp
        yield _text(obj.get("spec", "destination", "name")), ns
    elif group == "servicecatalog.k8s.io" and kind == "ServiceBinding":
        yield _text(obj.get("spec", "secretName")) or obj.name, ns
    elif group == "onepassword.com" and kind == "OnePasswordItem":
        yield obj.name, ns
    elif group == "isindir.github.com" and kind == "SopsSecret":
        for _, template in _items(obj.get("spec", "secretTemplates")):
            yield _text(template.get("name")), ns
    elif is_ingress(obj) and issues_certificates(obj):
        for entry in tls_secrets(obj):
            yield entry.name, ns
    elif group == "gateway.networking.k8s.io" and kind == "Gateway" and issues_certificates(obj):
        for _, listener in _items(obj.get("spec", "listeners")):
            tls = listener.get("tls")
            refs = tls.get("certificateRefs") if isinstance(tls, Mapping) else None
            for _, ref in _items(refs):
                if ref.get("kind", "Secret") == "Secret" and ref.get("group", "") == "":
                    yield _text(ref.get("name")), _text(ref.get("namespace")) or ns


#: Every kind ``_secrets_made`` knows, to look them up in the index.
_PRODUCER_KINDS = (
    "Certificate", "SealedSecret", "ExternalSecret", "ClusterExternalSecret",
    "VaultStaticSecret", "VaultDynamicSecret", "VaultPKISecret", "HCPVaultSecretsApp",
    "OnePasswordItem", "SopsSecret", "ServiceBinding", "Ingress", "Gateway",
)  # fmt: skip


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _produced_index(index: ObjectIndex) -> dict[tuple[str, str], list[Produced]]:
    return index.derived("references.produced", _build_produced_index)


def _build_produced_index(index: ObjectIndex) -> dict[tuple[str, str], list[Produced]]:
    table: dict[tuple[str, str], list[Produced]] = {}
    for obj in (obj for kind in _PRODUCER_KINDS for obj in index.of_kind(kind)):
        for made in produced_by(obj):
            table.setdefault((made.kind, made.name), []).append(made)
    return table


def producers(index: ObjectIndex, kind: str, name: str, referrer: K8sObject) -> list[Produced]:
    """The objects in the linted set that make the ``kind`` ``name`` ``referrer`` names."""
    return [made for made in _produced_index(index).get((kind, name), []) if made.reaches(referrer)]


# --------------------------------------------------------------------------- resolution


def find(index: ObjectIndex, kind: str, name: str, referrer: K8sObject) -> K8sObject | None:
    """The core-group ``kind`` named ``name`` that ``referrer`` refers to, if written.

    First in the referrer's namespace; failing that, one that may be applied into the same
    namespace because one of the two does not write its namespace (see
    ``may_share_namespace``).
    """
    found = index.get(kind, name, referrer.namespace, group="")
    if found is not None:
        return found
    for obj in index.of_kind(kind, group=""):
        if obj.name == name and may_share_namespace(obj, referrer):
            return obj
    return None


def secret_available(index: ObjectIndex, name: str, referrer: K8sObject) -> bool:
    """Written in the linted files, made by another object there, or declared external."""
    return (
        find(index, "Secret", name, referrer) is not None
        or bool(producers(index, "Secret", name, referrer))
        or index.declared_external("Secret", name, referrer.namespace)
    )


def other_namespaces(index: ObjectIndex, kind: str, name: str, referrer: K8sObject) -> list[str]:
    """Namespaces out of ``referrer``'s reach where a core ``kind`` named ``name`` is written."""
    return sorted(
        {
            obj.namespace
            for obj in index.of_kind(kind, group="")
            if obj.name == name and obj.namespace and not may_share_namespace(obj, referrer)
        }
    )


# --------------------------------------------------------------------------- pods


@dataclass(frozen=True, slots=True)
class PodSource:
    """Something that runs pods, and the labels those pods carry.

    ``labels`` are written in the pod template (or set by an operator); ``varying`` are
    labels a controller adds to each pod with a value it picks (a hash, an ordinal), given
    as a test of whether a selector value is one it could pick.
    """

    owner: K8sObject
    labels: Mapping[str, str]
    varying: Mapping[str, Callable[[str], bool]]

    def matches(self, selector: Mapping[str, str]) -> bool:
        """Whether a plain ``key: value`` selector can select these pods."""
        for key, value in selector.items():
            if key in self.labels:
                if self.labels[key] != value:
                    return False
            elif key not in self.varying or not self.varying[key](value):
                return False
        return True


def _any(value: str) -> bool:
    return True


def _ordinal(value: str) -> bool:
    return value.isdigit()


def _named(prefix: str) -> Callable[[str], bool]:
    """Values ``<prefix>-<ordinal>``, the names a StatefulSet gives its pods."""
    return lambda value: value.startswith(f"{prefix}-") and value[len(prefix) + 1 :].isdigit()


def _prefixed(prefix: str) -> Callable[[str], bool]:
    """Values ``<prefix>-<anything>``, the names a CronJob gives its Jobs."""
    return lambda value: value.startswith(f"{prefix}-")


def _exactly(expected: str) -> Callable[[str], bool]:
    return lambda value: value == expected


def _controller_labels(obj: K8sObject) -> dict[str, Callable[[str], bool]]:
    """Labels the built-in controllers add to the pods of ``obj``."""
    kind, name = obj.kind, obj.name
    if kind in ("Deployment", "ReplicaSet"):
        return {"pod-template-hash": _any}
    if kind == "Rollout":
        return {"rollouts-pod-template-hash": _any}
    if kind == "StatefulSet":
        return {
            "statefulset.kubernetes.io/pod-name": _named(name),
            "apps.kubernetes.io/pod-index": _ordinal,
            "controller-revision-hash": _any,
        }
    if kind == "DaemonSet":
        return {"controller-revision-hash": _any, "pod-template-generation": _ordinal}
    if kind in ("Job", "CronJob"):
        job_name = _exactly(name) if kind == "Job" else _prefixed(name)
        return {
            "job-name": job_name,
            "batch.kubernetes.io/job-name": job_name,
            "controller-uid": _any,
            "batch.kubernetes.io/controller-uid": _any,
            "batch.kubernetes.io/job-completion-index": _ordinal,
        }
    return {}


#: Custom resources of prometheus-operator that run pods, and the label naming the instance.
_PROMETHEUS_OPERATOR_KINDS = {
    "Prometheus": ("prometheus", "prometheus"),
    "PrometheusAgent": ("prometheus-agent", None),
    "Alertmanager": ("alertmanager", "alertmanager"),
    "ThanosRuler": ("thanos-ruler", "thanos-ruler"),
}


def _operator_pods(obj: K8sObject) -> PodSource | None:
    """The pods an operator runs for a custom resource (prometheus-operator's kinds)."""
    if obj.group != "monitoring.coreos.com" or obj.kind not in _PROMETHEUS_OPERATOR_KINDS:
        return None
    app, instance_key = _PROMETHEUS_OPERATOR_KINDS[obj.kind]
    # spec.podMetadata.labels first: the operator's own labels win over them. The
    # resource's metadata.labels go to the StatefulSet, not to the pods.
    labels = labels_of(obj.get("spec", "podMetadata", "labels"))
    labels.update(
        {
            "app.kubernetes.io/name": app,
            "app.kubernetes.io/instance": obj.name,
            "app.kubernetes.io/managed-by": "prometheus-operator",
        }
    )
    if instance_key:
        labels[instance_key] = obj.name
    if obj.kind in ("Prometheus", "PrometheusAgent"):
        labels["operator.prometheus.io/name"] = obj.name
    varying = {
        "operator.prometheus.io/shard": _ordinal,
        "app.kubernetes.io/version": _any,
        "statefulset.kubernetes.io/pod-name": _any,
        "apps.kubernetes.io/pod-index": _ordinal,
        "controller-revision-hash": _any,
    }
    return PodSource(obj, labels, varying)


def pod_sources(index: ObjectIndex) -> list[PodSource]:
    """Everything in the linted set that runs pods: workloads, bare pods, operator kinds."""
    return index.derived("references.pod_sources", _build_pod_sources)


def selectable(index: ObjectIndex, selector: Mapping[str, str]) -> list[PodSource]:
    """The pod sources a plain selector could select (anywhere in the run), found through an
    index of labels instead of a scan: a Service per workload makes the scan quadratic."""
    if not selector:
        return list(pod_sources(index))
    by_label, by_varying = index.derived("references.pods_by_label", _build_pods_by_label)
    key, value = next(iter(selector.items()))
    candidates = by_label.get((key, value), []) + by_varying.get(key, [])
    return [source for source in candidates if source.matches(selector)]


def _build_pods_by_label(
    index: ObjectIndex,
) -> tuple[dict[tuple[str, str], list[PodSource]], dict[str, list[PodSource]]]:
    by_label: dict[tuple[str, str], list[PodSource]] = {}
    by_varying: dict[str, list[PodSource]] = {}
    for source in pod_sources(index):
        for item in source.labels.items():
            by_label.setdefault(item, []).append(source)
        for key in source.varying:
            if key not in source.labels:
                by_varying.setdefault(key, []).append(source)
    return by_label, by_varying


def _build_pod_sources(index: ObjectIndex) -> list[PodSource]:
    sources = [
        PodSource(owner, owner.pod_labels() or {}, _controller_labels(owner))
        for owner in index.pod_owners()
    ]
    for kind in _PROMETHEUS_OPERATOR_KINDS:
        for obj in index.of_kind(kind, group="monitoring.coreos.com"):
            source = _operator_pods(obj)
            if source is not None:
                sources.append(source)
    return sources


def may_share_namespace(a: K8sObject, b: K8sObject) -> bool:
    """Whether two objects may end up in one namespace once applied.

    An object that does not write its namespace goes wherever ``kubectl apply -n`` (or
    kustomize's ``namespace:``) puts it, so it may join any namespace the other names.
    """
    return a.namespace == b.namespace or a.written_namespace is None or b.written_namespace is None
