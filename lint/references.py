"""Who refers to which object, and which objects are made by other objects.

A pod template names Secrets in half a dozen places, and ConfigMaps, claims, a
ServiceAccount and its own volumes besides; an Ingress names Services and TLS Secrets (see
``kubelint.ingress``); a RoleBinding names ServiceAccounts. Whether such a reference
resolves depends on more than the objects written in the linted files: many objects are
produced at run time by a controller from another object (a cert-manager Certificate, a
SealedSecret, a kustomize generator, a StatefulSet's claim templates...), a few exist in
every namespace (the ``default`` ServiceAccount, the ``kube-root-ca.crt`` ConfigMap), and
some are declared to exist outside the files in the configuration (``external-objects``).
This module knows every side, so rules only ask "is it there?".

It also knows what runs pods and with which labels (``pod_sources``), so it answers for
every selector: which pods a Service's plain selector or a LabelSelector (of a
PodDisruptionBudget, a NetworkPolicy) may select, which pods tell whether an application
runs in the linted files at all (``sources_near``), and, for a selector that selects none,
which pods come closest. And it reads what an autoscaler acts on (``scale_target``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from kubelint import kube
from kubelint.index import ObjectIndex, canonical_group
from kubelint.ingress import is_ingress, tls_secrets
from kubelint.kube import AUTOSCALERS, BUILTIN_GROUPS, Autoscaler, labels_of
from kubelint.lazy import Record, regex
from kubelint.objects import K8sObject, per_object
from kubelint.workloads import has_label_selector

Path = tuple[Any, ...]

# --------------------------------------------------------------------------- references


class SecretRef(Record):
    """A pod template's reference to a Secret in its own namespace."""

    __slots__ = ("name", "optional", "path")

    def __init__(self, name: str, path: Path, optional: bool) -> None:
        self.name = name
        self.path = path  # the node holding the name
        self.optional = optional  # ``optional: true``: the pod starts without it


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


@per_object
def secret_refs(obj: K8sObject) -> list[SecretRef]:
    """Every Secret the pods of ``obj`` need: environment, volumes and image pull secrets."""
    found: list[SecretRef] = []
    spec_path = obj.spec_path
    spec = obj.pod_spec()
    if spec_path is None or spec is None:
        return found
    for container in obj.containers():
        data = container.data
        for i, source in _items(data.get("envFrom")):
            _ref(found, source.get("secretRef"), (*container.path, "envFrom", i, "secretRef"))
        for i, var in _items(data.get("env")):
            value_from = var.get("valueFrom")
            if isinstance(value_from, dict):
                path = (*container.path, "env", i, "valueFrom", "secretKeyRef")
                _ref(found, value_from.get("secretKeyRef"), path)
    for i, volume in _items(spec.get("volumes")):
        path = (*spec_path, "volumes", i)
        _ref(found, volume.get("secret"), (*path, "secret"), key="secretName")
        projected = volume.get("projected")
        if isinstance(projected, dict):
            for j, source in _items(projected.get("sources")):
                _ref(found, source.get("secret"), (*path, "projected", "sources", j, "secret"))
        for fields in _VOLUME_SECRET_FIELDS:
            plugin = volume.get(fields[0])
            if isinstance(plugin, dict):
                *parents, key = fields[1:]
                holder: Any = plugin
                for step in parents:
                    holder = holder.get(step) if isinstance(holder, dict) else None
                _ref(found, holder, (*path, fields[0], *parents), key=key)
    for i, item in _items(spec.get("imagePullSecrets")):
        _ref(found, item, (*spec_path, "imagePullSecrets", i))
    return found


def _items(value: Any) -> list[tuple[int, Mapping[str, Any]]]:
    """The mappings of a list, with their indexes (none for what is not a list)."""
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _ref(found: list[SecretRef], holder: Any, path: Path, *, key: str = "name") -> None:
    if not isinstance(holder, dict):
        return
    name = holder.get(key)
    if isinstance(name, str) and name:
        found.append(SecretRef(name, (*path, key), holder.get("optional") is True))


class KeyRef(Record):
    """One key of a ConfigMap or Secret that a pod reads by name."""

    __slots__ = ("key", "path")

    def __init__(self, key: str, path: Path) -> None:
        self.key = key
        self.path = path  # the node holding the key


class DataRef(Record):
    """A pod template's reference to a ConfigMap or Secret of its namespace whose data it
    reads (environment or files)."""

    __slots__ = ("keys", "kind", "name", "optional", "path")

    def __init__(
        self, kind: str, name: str, path: Path, optional: bool, keys: tuple[KeyRef, ...]
    ) -> None:
        self.kind = kind  # "ConfigMap" or "Secret"
        self.name = name
        self.path = path  # the node holding the name
        # ``optional: true``: the pod starts without it (or without its keys)
        self.optional = optional
        self.keys = keys  # the keys it names; none when it reads them all


#: Where a pod reads a ConfigMap or Secret: (envFrom source, env valueFrom source, volume
#: source, the volume source's name field). Projected sources always use ``name``.
_DATA_FIELDS: dict[str, tuple[str, str, str, str]] = {
    "ConfigMap": ("configMapRef", "configMapKeyRef", "configMap", "name"),
    "Secret": ("secretRef", "secretKeyRef", "secret", "secretName"),
}


@per_object
def data_refs(obj: K8sObject, kind: str | None = None) -> list[DataRef]:
    """Every ConfigMap (``kind="ConfigMap"``) or Secret (``"Secret"``), or both (None),
    whose data the pods of ``obj`` read, in written order: each container's ``envFrom`` and
    ``env``, then volumes and projected volume sources. Credentials that volume plugins and
    the kubelet read (``imagePullSecrets``, ``csi.nodePublishSecretRef``...) are in
    ``secret_refs``."""
    if kind:  # the refs of both kinds, filtered: one walk per object
        return [ref for ref in data_refs(obj) if ref.kind == kind]
    found: list[DataRef] = []
    spec_path = obj.spec_path
    spec = obj.pod_spec()
    if spec_path is None or spec is None:
        return found
    fields = _DATA_FIELDS.items()
    for container in obj.containers():
        data = container.data
        for i, source in _items(data.get("envFrom")):
            for k, (env_from, _, _, _) in fields:
                path = (*container.path, "envFrom", i, env_from)
                _data_ref(found, k, source.get(env_from), path, "name", keyed=False)
        for i, var in _items(data.get("env")):
            value_from = var.get("valueFrom")
            if isinstance(value_from, dict):
                for k, (_, key_ref, _, _) in fields:
                    path = (*container.path, "env", i, "valueFrom", key_ref)
                    _data_ref(found, k, value_from.get(key_ref), path, "name", keyed=True)
    for i, volume in _items(spec.get("volumes")):
        path = (*spec_path, "volumes", i)
        projected = volume.get("projected")
        sources = projected.get("sources") if isinstance(projected, dict) else None
        for k, (_, _, field, name_field) in fields:
            _data_ref(found, k, volume.get(field), (*path, field), name_field)
        for j, source in _items(sources):
            for k, (_, _, field, _) in fields:
                source_path = (*path, "projected", "sources", j, field)
                _data_ref(found, k, source.get(field), source_path, "name")
    return found


def _data_ref(
    found: list[DataRef],
    kind: str,
    holder: Any,
    path: Path,
    name_field: str,
    *,
    keyed: bool | None = None,
) -> None:
    """Add a DataRef for an envFrom source (``keyed=False``), a key reference (``True``) or
    a volume source with optional ``items`` (None) to ``found``."""
    if not isinstance(holder, dict):
        return
    name = holder.get(name_field)
    if not isinstance(name, str) or not name:
        return
    keys: list[KeyRef] = []
    if keyed:
        key = holder.get("key")
        if isinstance(key, str) and key:
            keys.append(KeyRef(key, (*path, "key")))
    elif keyed is None:
        for n, item in _items(holder.get("items")):
            key = item.get("key")
            if isinstance(key, str) and key:
                keys.append(KeyRef(key, (*path, "items", n, "key")))
    found.append(
        DataRef(kind, name, (*path, name_field), holder.get("optional") is True, tuple(keys))
    )


def data_keys(obj: K8sObject) -> set[str] | None:
    """The keys a written ConfigMap or Secret holds (``data``, ``stringData``,
    ``binaryData``), or None when they are not for the manifest to say: nothing is written
    (a placeholder an operator or a script fills in), or the token controller fills it."""
    if obj.kind == "Secret" and obj.get("type") == SERVICE_ACCOUNT_TOKEN:
        return None
    keys: set[str] = set()
    written = False
    for field in ("data", "stringData", "binaryData"):
        value = obj.get(field)
        if isinstance(value, dict):
            written = written or bool(value)
            keys.update(str(key) for key in value)
    return keys if written else None


#: The Secret type whose keys (``token``, ``ca.crt``, ``namespace``) a controller writes.
SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token"


# --------------------------------------------------------------------------- producers

#: Annotations that make cert-manager's ingress-shim issue a certificate into every
#: ``tls[].secretName`` of an Ingress (and every listener certificate of a Gateway).
CERT_MANAGER_SHIM_ANNOTATIONS = ("cert-manager.io/issuer", "cert-manager.io/cluster-issuer")
#: The older switch, honoured by ingress-shim when a default issuer is configured.
TLS_ACME_ANNOTATION = "kubernetes.io/tls-acme"


class Place(Record):
    """Where a reference looks for its object: a namespace, and whether the one referring
    writes no namespace of its own (``floating``: it is applied wherever it is needed, so an
    object of the right name in any namespace will do)."""

    __slots__ = ("floating", "namespace")

    def __init__(self, namespace: str | None, floating: bool = False) -> None:
        self.namespace = namespace
        self.floating = floating

    @classmethod
    def of(cls, obj: K8sObject) -> Place:
        """The namespace ``obj`` refers into (its own)."""
        return cls(obj.namespace, obj.written_namespace is None)


class Produced(Record):
    """An object a controller creates from ``producer``; a None namespace means any."""

    __slots__ = ("kind", "name", "namespace", "producer")

    def __init__(self, kind: str, name: str, namespace: str | None, producer: K8sObject) -> None:
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.producer = producer

    def reaches(self, referrer: K8sObject) -> bool:
        """Whether the object is made in a namespace ``referrer`` may end up in."""
        return self.lands_in(Place.of(referrer))

    def lands_in(self, place: Place) -> bool:
        """Whether the object is made where ``place`` looks for it."""
        if self.namespace is None or self.namespace == place.namespace or place.floating:
            return True
        return self.namespace == self.producer.namespace and self.producer.written_namespace is None


def issues_certificates(obj: K8sObject) -> bool:
    """True when cert-manager's ingress-shim creates the TLS Secrets ``obj`` names."""
    annotations = obj.annotations
    if any(annotations.get(key) for key in CERT_MANAGER_SHIM_ANNOTATIONS):
        return True
    return str(annotations.get(TLS_ACME_ANNOTATION, "")).lower() == "true"


def produced_by(obj: K8sObject) -> Iterator[Produced]:
    """The objects a controller (or kustomize) makes from ``obj``: Secrets, ConfigMaps,
    claims and ServiceAccounts (empty for ordinary objects)."""
    for name, namespace in _secrets_made(obj):
        if name:
            yield Produced("Secret", name, namespace, obj)
    for kind, name, namespace in _others_made(obj):
        if name:
            yield Produced(kind, name, namespace, obj)


def _secrets_made(obj: K8sObject) -> Iterator[tuple[str, str | None]]:
    group, kind, ns = obj.group, obj.kind, obj.namespace
    if group == "cert-manager.io" and kind == "Certificate":
        yield _text(obj.get("spec", "secretName")), ns
    elif group == "bitnami.com" and kind == "SealedSecret":
        yield obj.name, ns
    elif group == "external-secrets.io" and kind == "ExternalSecret":
        target = obj.get("spec", "target")
        target = target if isinstance(target, dict) else {}
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
    elif group == "rbac.authorization.k8s.io" and kind in ("Role", "ClusterRole"):
        yield from _secrets_written_at_run_time(obj)
    elif group == "batch" and kind in ("Job", "CronJob"):
        yield from _secrets_generated_by_job(obj)
    elif group == "gateway.networking.k8s.io" and kind == "Gateway" and issues_certificates(obj):
        for _, listener in _items(obj.get("spec", "listeners")):
            tls = listener.get("tls")
            refs = tls.get("certificateRefs") if isinstance(tls, dict) else None
            for _, ref in _items(refs):
                if ref.get("kind", "Secret") == "Secret" and ref.get("group", "") == "":
                    yield _text(ref.get("name")), _text(ref.get("namespace")) or ns


_CREATE_VERBS = frozenset({"create", "*"})
_SECRET_NAME_FLAG = regex(r"^--secret-name(?:=(.+))?$")


def _secrets_written_at_run_time(role: K8sObject) -> Iterator[tuple[str, str | None]]:
    """A Role that may create Secrets and names some in resourceNames: the workload bound to
    it creates those at run time (metallb's memberlist, Argo CD's redis password).
    ``create`` itself cannot be limited by name, so the names come from its other rules."""
    rules = [r for _, r in _items(role.get("rules")) if "secrets" in _strings(r.get("resources"))]
    if not any(_CREATE_VERBS & set(_strings(r.get("verbs"))) for r in rules):
        return
    namespace = role.namespace if role.kind == "Role" else None
    for rule in rules:
        for name in _strings(rule.get("resourceNames")):
            yield name, namespace


def _secrets_generated_by_job(job: K8sObject) -> Iterator[tuple[str, str | None]]:
    """A certificate-generator Job (``kube-webhook-certgen create --secret-name=X``, used by
    ingress-nginx and many charts) creates the Secret it is told to."""
    for container in job.containers():
        args = [*_strings(container.data.get("command")), *_strings(container.data.get("args"))]
        for i, arg in enumerate(args):
            match = _SECRET_NAME_FLAG().match(arg)
            if match:
                name = match.group(1) or (args[i + 1] if i + 1 < len(args) else "")
                yield name, job.namespace


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


#: kustomize's generators and the kind of object each makes.
_KUSTOMIZE_GENERATORS = (("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret"))


def _others_made(obj: K8sObject) -> Iterator[tuple[str, str, str | None]]:
    """(kind, name, namespace) of the ConfigMaps, Secrets, claims and ServiceAccounts made
    from ``obj``; a None namespace means any."""
    group, kind = obj.group, obj.kind
    if group == "kustomize.config.k8s.io" and kind in ("Kustomization", "Component"):
        # The generated name gets a hash suffix, and kustomize rewrites every reference of
        # the kustomization's resources to it: the name as written is what pods name.
        # Without a namespace the objects go where the resources go.
        namespace = _text(obj.get("namespace")) or None
        for field, made in _KUSTOMIZE_GENERATORS:
            for _, generator in _items(obj.get(field)):
                where = _text(generator.get("namespace")) or namespace
                yield made, _text(generator.get("name")), where
    elif group == "trust.cert-manager.io" and kind in ("Bundle", "ClusterBundle"):
        # trust-manager writes the bundle, under its own name, into every selected namespace.
        target = obj.get("spec", "target")
        target = target if isinstance(target, dict) else {}
        for field, made in (("configMap", "ConfigMap"), ("secret", "Secret")):
            if isinstance(target.get(field), dict):
                yield made, obj.name, None
    elif group == "cdi.kubevirt.io" and kind == "DataVolume":
        yield "PersistentVolumeClaim", obj.name, obj.namespace
    elif group == "" and kind == "Pod":
        # A generic ephemeral volume's claim is named <pod>-<volume>; only a bare Pod's
        # name is known in advance.
        for _, volume in _items(obj.get("spec", "volumes")):
            if isinstance(volume.get("ephemeral"), dict) and volume.get("name"):
                yield "PersistentVolumeClaim", f"{obj.name}-{volume['name']}", obj.namespace
    elif group == "kubeflow.org" and kind == "Profile":
        # The profile controller makes a namespace named after the profile, with these two.
        for account in ("default-editor", "default-viewer"):
            yield "ServiceAccount", account, obj.name


#: Every kind ``produced_by`` knows, to look them up in the index.
_PRODUCER_KINDS = (
    "Certificate", "SealedSecret", "ExternalSecret", "ClusterExternalSecret",
    "VaultStaticSecret", "VaultDynamicSecret", "VaultPKISecret", "HCPVaultSecretsApp",
    "OnePasswordItem", "SopsSecret", "ServiceBinding", "Ingress", "Gateway",
    "Kustomization", "Component", "Bundle", "ClusterBundle", "DataVolume", "Pod", "Profile",
    "Role", "ClusterRole", "Job", "CronJob",
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


#: A claim a StatefulSet makes for one replica: ``<template>-<statefulset>-<ordinal>``.
_ORDINAL_SUFFIX = regex(r"-[0-9]+$")


def _statefulset_claims(index: ObjectIndex) -> dict[str, list[Produced]]:
    """The claims StatefulSets make, by name without the ordinal: ``data-db`` for
    ``data-db-0``, ``data-db-1``..."""

    def build(index: ObjectIndex) -> dict[str, list[Produced]]:
        table: dict[str, list[Produced]] = {}
        for group, kind in _CLAIM_TEMPLATE_PATHS:
            for obj in index.of_kind(kind, group=group):
                for template in claim_templates(obj):
                    stem = f"{template.name}-{obj.name}"
                    made = Produced("PersistentVolumeClaim", stem, obj.namespace, obj)
                    table.setdefault(stem, []).append(made)
        return table

    return index.derived("references.statefulset_claims", build)


def producers(index: ObjectIndex, kind: str, name: str, referrer: K8sObject) -> list[Produced]:
    """The objects in the linted set that make the ``kind`` ``name`` ``referrer`` names."""
    return made_for(index, kind, name, Place.of(referrer))


def made_for(index: ObjectIndex, kind: str, name: str, place: Place) -> list[Produced]:
    """The objects in the linted set that make a ``kind`` named ``name`` at ``place``."""
    found = [m for m in _produced_index(index).get((kind, name), []) if m.lands_in(place)]
    if not found and kind == "PersistentVolumeClaim":
        match = _ORDINAL_SUFFIX().search(name)
        if match:
            claims = _statefulset_claims(index).get(name[: match.start()], [])
            found = [made for made in claims if made.lands_in(place)]
    return found


# --------------------------------------------------------------------------- resolution

#: Objects every namespace has without anyone writing them: the ServiceAccount the
#: ServiceAccount controller makes, the cluster's CA bundle the root-CA publisher writes
#: (1.20+), and the mesh's root certificate istiod writes into every namespace it watches.
ALWAYS_PRESENT: frozenset[tuple[str, str]] = frozenset(
    {
        ("ServiceAccount", "default"),
        ("ConfigMap", "kube-root-ca.crt"),
        ("ConfigMap", "istio-ca-root-cert"),
    }
)


#: The keys of the ConfigMaps in ``ALWAYS_PRESENT``.
ALWAYS_PRESENT_KEYS: dict[tuple[str, str], frozenset[str]] = {
    ("ConfigMap", "kube-root-ca.crt"): frozenset({"ca.crt"}),
    ("ConfigMap", "istio-ca-root-cert"): frozenset({"root-cert.pem"}),
}


def _core_by_name(index: ObjectIndex, kind: str) -> dict[str, list[K8sObject]]:
    """Core-group objects of ``kind`` by name, whatever their namespace (built once a run)."""
    tables: dict[str, dict[str, list[K8sObject]]]
    tables = index.derived("references.core_by_name", _new_table)
    table = tables.get(kind)
    if table is None:
        table = tables[kind] = {}
        for obj in index.of_kind(kind, group=""):
            table.setdefault(obj.name, []).append(obj)
    return table


def _new_table(index: ObjectIndex) -> dict[Any, Any]:
    """An empty table, for ``index.derived`` to keep answers in."""
    return {}


def locate(index: ObjectIndex, kind: str, name: str, place: Place) -> list[K8sObject]:
    """The core-group ``kind`` objects named ``name`` that a reference from ``place`` means:
    the ones written in its namespace; failing those, the ones that may be applied into it
    because they write no namespace (or ``place`` is floating)."""
    named = _core_by_name(index, kind).get(name, [])
    here = [obj for obj in named if obj.namespace == place.namespace]
    if here:
        return here
    return [obj for obj in named if place.floating or obj.written_namespace is None]


def find(index: ObjectIndex, kind: str, name: str, referrer: K8sObject) -> K8sObject | None:
    """The core-group ``kind`` named ``name`` that ``referrer`` refers to, if written.

    First in the referrer's namespace; failing that, one that may be applied into the same
    namespace because one of the two does not write its namespace (see
    ``may_share_namespace``).
    """
    found = locate(index, kind, name, Place.of(referrer))
    return found[0] if found else None


def available(index: ObjectIndex, kind: str, name: str, place: Place) -> bool:
    """Present in every namespace, written in the linted files, made by another object
    there, or declared external."""
    return (
        (kind, name) in ALWAYS_PRESENT
        or bool(locate(index, kind, name, place))
        or bool(made_for(index, kind, name, place))
        or index.declared_external(kind, name, place.namespace)
    )


def known_keys(index: ObjectIndex, kind: str, name: str, place: Place) -> frozenset[str] | None:
    """The keys the ConfigMap or Secret ``name`` has at ``place``, when the linted files say:
    it is written there (the keys of every copy), or present everywhere with known keys.
    None when it is not written, when another object makes it (and may write any key), or
    when its data is filled in at run time (see ``data_keys``). Remembered for the run: many
    pods read the same object."""
    memo: dict[tuple[str, str, Place], frozenset[str] | None]
    memo = index.derived("references.known_keys", _new_table)
    key = (kind, name, place)
    if key not in memo:
        memo[key] = _known_keys(index, kind, name, place)
    return memo[key]


def _known_keys(index: ObjectIndex, kind: str, name: str, place: Place) -> frozenset[str] | None:
    written = locate(index, kind, name, place)
    if not written:
        return ALWAYS_PRESENT_KEYS.get((kind, name))
    if made_for(index, kind, name, place):
        return None
    keys: set[str] = set()
    for obj in written:
        found = data_keys(obj)
        if found is None:
            return None
        keys |= found
    return frozenset(keys)


def secret_available(index: ObjectIndex, name: str, referrer: K8sObject) -> bool:
    """Written in the linted files, made by another object there, or declared external."""
    return available(index, "Secret", name, Place.of(referrer))


def elsewhere(index: ObjectIndex, kind: str, name: str, place: Place) -> list[str]:
    """Namespaces out of ``place``'s reach where a core ``kind`` named ``name`` is written."""
    if place.floating:
        return []
    return sorted(
        {
            obj.namespace
            for obj in _core_by_name(index, kind).get(name, [])
            if obj.namespace
            and obj.namespace != place.namespace
            and obj.written_namespace is not None
        }
    )


def other_namespaces(index: ObjectIndex, kind: str, name: str, referrer: K8sObject) -> list[str]:
    """Namespaces out of ``referrer``'s reach where a core ``kind`` named ``name`` is written."""
    return elsewhere(index, kind, name, Place.of(referrer))


def similar_object(index: ObjectIndex, kind: str, name: str, place: Place) -> str | None:
    """The name of a core ``kind`` object within ``place``'s reach that ``name`` is most
    likely a misspelling of: one edit away on either side (a letter missing, added or
    changed, two letters swapped). Found through a table of every name with each letter
    left out in turn, built once a run the first time a suggestion is asked for, so a
    missing reference costs a few lookups rather than a comparison with every name."""

    def build(index: ObjectIndex) -> dict[str, list[K8sObject]]:
        table: dict[str, list[K8sObject]] = {}
        for obj in index.of_kind(kind, group=""):
            for variant in _deletions(obj.name):
                table.setdefault(variant, []).append(obj)
        return table

    table = index.derived(f"references.near_names.{kind}", build)
    hits = {
        obj.name
        for variant in _deletions(name)
        for obj in table.get(variant, ())
        if obj.name != name
        and (place.floating or obj.written_namespace is None or obj.namespace == place.namespace)
    }
    return _closest(name, hits)


class MissingTarget(Record):
    """An object a pod template refers to that the run does not have: where it is first
    named, how many times the template names it, and what the run offers instead."""

    __slots__ = ("count", "name", "others", "path", "suggestion")

    def __init__(
        self, name: str, path: Path, count: int, others: list[str], suggestion: str | None
    ) -> None:
        self.name = name
        self.path = path  # the first reference
        self.count = count
        self.others = others  # namespaces out of reach where it is written
        self.suggestion = suggestion  # a name within reach it is probably a misspelling of


def missing_targets(
    index: ObjectIndex, kind: str, refs: Iterable[tuple[str, Path, bool]], referrer: K8sObject
) -> list[MissingTarget]:
    """The targets of ``refs`` (name, path of the name, optional) that are not available to
    ``referrer``, one per name, in the order they are first named. A reference marked
    optional is never missing."""
    place = Place.of(referrer)
    missing: dict[str, list[Path]] = {}
    for name, path, optional in refs:
        if not optional and not available(index, kind, name, place):
            missing.setdefault(name, []).append(path)
    found = []
    for name, paths in missing.items():
        others = elsewhere(index, kind, name, place)
        suggestion = None if others else similar_object(index, kind, name, place)
        found.append(MissingTarget(name, paths[0], len(paths), others, suggestion))
    return found


def _deletions(word: str) -> set[str]:
    """``word`` and every string made by leaving out one of its letters."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def similar_name(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``name`` was most likely a misspelling of, if one is close enough to say
    "did you mean" without guessing (``api-setings`` for ``api-settings``, not ``linkerd-tap``
    for ``linkerd-identity``). For the few names of one object (volumes, keys); use
    ``similar_object`` for objects of the index."""
    import difflib

    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.8)
    return close[0] if close else None


def _closest(name: str, candidates: Iterable[str]) -> str | None:
    import difflib

    ranked = sorted(candidates, key=lambda c: (-difflib.SequenceMatcher(None, name, c).ratio(), c))
    return ranked[0] if ranked else None


# --------------------------------------------------------------------------- pods


class PodSource(Record):
    """Something that runs pods, and the labels those pods carry.

    ``labels`` are written in the pod template (or set by an operator); ``varying`` are
    labels a controller adds to each pod with a value it picks (a hash, an ordinal), given
    as a test of whether a selector value is one it could pick.
    """

    __slots__ = ("labels", "owner", "varying")

    def __init__(
        self,
        owner: K8sObject,
        labels: Mapping[str, str],
        varying: Mapping[str, Callable[[str], bool]],
    ) -> None:
        self.owner = owner
        self.labels = labels
        self.varying = varying

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
    answers: dict[Any, list[PodSource]] = index.derived("references.selected", _new_table)
    question = tuple(sorted(selector.items()))
    found = answers.get(question)
    if found is None:
        by_label, by_varying = index.derived("references.pods_by_label", _build_pods_by_label)
        key, value = next(iter(selector.items()))
        candidates = by_label.get((key, value), []) + by_varying.get(key, [])
        found = answers[question] = [source for source in candidates if source.matches(selector)]
    return found


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


def directory_of(obj: K8sObject) -> str:
    """The directory the file of ``obj`` is in: what is written there is applied with it."""
    return os.path.dirname(obj.file.real_path or obj.file.path)


def sources_near(index: ObjectIndex, obj: K8sObject) -> list[PodSource]:
    """The pod sources that tell whether the application ``obj`` belongs to runs in the
    linted files: those of its namespace when it writes one; when it does not (it goes
    wherever it is applied), those written in its own directory, which are applied with it.
    """
    by_namespace, by_directory, _ = index.derived("references.pods-near", _build_near)
    if obj.written_namespace is not None:
        return by_namespace.get(obj.namespace, [])
    return by_directory.get(directory_of(obj), [])


_Near = tuple[dict[str | None, list[PodSource]], dict[str, list[PodSource]], list[PodSource]]


def _build_near(index: ObjectIndex) -> _Near:
    """Pod sources by namespace, by directory, and those that do not write a namespace."""
    by_namespace: dict[str | None, list[PodSource]] = {}
    by_directory: dict[str, list[PodSource]] = {}
    unwritten: list[PodSource] = []
    for source in pod_sources(index):
        by_namespace.setdefault(source.owner.namespace, []).append(source)
        by_directory.setdefault(directory_of(source.owner), []).append(source)
        if source.owner.written_namespace is None:
            unwritten.append(source)
    return by_namespace, by_directory, unwritten


# --------------------------------------------------------------------------- label selectors

#: One requirement of a LabelSelector: (key, operator, values). A ``matchLabels`` entry is
#: ``(key, "=", {value})``; a ``matchExpressions`` item keeps its operator.
Requirement = tuple[str, str, frozenset[str]]
_OPERATORS = frozenset({"In", "NotIn", "Exists", "DoesNotExist"})


def label_requirements(selector: Mapping[str, Any]) -> list[Requirement] | None:
    """The ``matchLabels`` and ``matchExpressions`` of a LabelSelector as requirements, in
    written order; None when malformed (the API rejects it)."""
    found: list[Requirement] = [
        (key, "=", frozenset({value}))
        for key, value in labels_of(selector.get("matchLabels")).items()
    ]
    expressions = selector.get("matchExpressions") or []
    if not isinstance(expressions, list):
        return None
    for expr in expressions:
        operator = expr.get("operator") if isinstance(expr, dict) else None
        if not isinstance(operator, str) or operator not in _OPERATORS:
            return None
        values = expr.get("values") or []
        if not isinstance(values, list):
            return None
        texts = labels_of({str(i): v for i, v in enumerate(values)}).values()
        found.append((str(expr.get("key", "")), str(expr["operator"]), frozenset(texts)))
    return found


def may_select(requirements: list[Requirement], source: PodSource) -> bool:
    """Whether the pods of ``source`` may meet every requirement. Labels a controller sets
    to a value of its choosing are given the benefit of the doubt."""
    for key, operator, values in requirements:
        if key in source.labels:
            value = source.labels[key]
            met = {
                "=": value in values,
                "In": value in values,
                "NotIn": value not in values,
                "Exists": True,
                "DoesNotExist": False,
            }[operator]
        elif key in source.varying:
            test = source.varying[key]
            met = operator not in ("=", "In") or any(test(v) for v in values)
        else:
            met = operator in ("NotIn", "DoesNotExist")
        if not met:
            return False
    return True


def sources_selected(
    index: ObjectIndex, obj: K8sObject, requirements: list[Requirement]
) -> list[PodSource]:
    """The pod sources whose pods may meet every requirement of a LabelSelector of ``obj``:
    in any namespace when a requirement names label values (found through the label index),
    else among those that may share ``obj``'s namespace."""
    return [s for s in _candidates(index, obj, requirements) if may_select(requirements, s)]


def _candidates(
    index: ObjectIndex, obj: K8sObject, requirements: list[Requirement]
) -> list[PodSource]:
    """Pod sources that may match, found through the label index where a requirement
    names label values, else those that may share ``obj``'s namespace."""
    exact = {k: next(iter(v)) for k, op, v in requirements if op == "="}
    if exact:
        return selectable(index, exact)
    for key, operator, values in requirements:
        if operator == "In":
            seen: dict[int, PodSource] = {}
            for value in sorted(values):
                for source in selectable(index, {key: value}):
                    seen.setdefault(id(source), source)
            return list(seen.values())
    if obj.written_namespace is None:
        return list(pod_sources(index))  # it may join any namespace
    by_namespace, _, unwritten = index.derived("references.pods-near", _build_near)
    return by_namespace.get(obj.namespace, []) + unwritten


def sources_to_judge(index: ObjectIndex, obj: K8sObject) -> list[PodSource]:
    """The pod sources a selector of ``obj`` that selects none of them is judged against:
    ``sources_near``, or none when one of those leaves its labels to kustomize (a
    controller with neither template labels nor a selector, which the API would reject as
    written: a base whose ``commonLabels`` or ``labels`` fill both in, maybe with the very
    labels the selector wants)."""
    near = sources_near(index, obj)
    if any(_labelled_by_kustomize(source) for source in near):
        return []
    return near


def _labelled_by_kustomize(source: PodSource) -> bool:
    owner = source.owner
    return (
        has_label_selector(owner.group, owner.kind)
        and not source.labels
        and owner.get("spec", "selector") is None
    )


class NoMatch(Record):
    """Why a selector matches no pods: a message id and its fields."""

    __slots__ = ("fields", "message")

    def __init__(self, message: str, fields: dict[str, Any]) -> None:
        self.message = message  # "closest", "unrelated" or "elsewhere"
        self.fields = fields


def explain_no_match(
    index: ObjectIndex, obj: K8sObject, selector: Mapping[str, Any]
) -> NoMatch | None:
    """Why a non-empty LabelSelector of ``obj`` selects no pods of its namespace, or None
    when it selects some, cannot be judged, or nothing in the linted files runs in that
    namespace (its workloads are elsewhere). The fields: ``selector``, ``namespace``;
    ``owner`` and ``other`` (its namespace) for "elsewhere"; ``closest``, ``have`` and
    ``want`` for "closest"."""
    requirements = label_requirements(selector)
    if requirements is None:
        return None  # malformed: the API rejects it, another rule's business
    candidates = sources_selected(index, obj, requirements)
    if any(may_share_namespace(obj, s.owner) for s in candidates):
        return None
    fields: dict[str, Any] = {
        "selector": render_requirements(requirements),
        "namespace": obj.namespace,
    }
    if candidates:
        owner = candidates[0].owner
        return NoMatch(
            "elsewhere", {**fields, "owner": f"{owner.kind} {owner.name}", "other": owner.namespace}
        )
    near = sources_to_judge(index, obj)
    if not near:
        return None  # nothing in the linted files runs there: its workloads are elsewhere
    miss = _near_miss(requirements, near, may_select)
    if not miss.related:
        return NoMatch("unrelated", fields)
    owner = miss.source.owner
    return NoMatch(
        "closest",
        {**fields, "closest": f"{owner.kind} {owner.name}", "have": miss.have, "want": miss.want},
    )


def render_requirements(requirements: list[Requirement]) -> str:
    """``app=web, tier In (api, web)``: ``In`` and ``NotIn`` values sorted."""
    return ", ".join(
        f"{key}={next(iter(values))}"
        if operator == "="
        else kube.format_expression(key, operator, sorted(values))
        for key, operator, values in requirements
    )


def render_labels(labels: Mapping[str, str]) -> str:
    """A plain selector (or labels) as messages show it: ``app=web, tier=api``."""
    return ", ".join(f"{k}={v}" for k, v in labels.items())


class NearMiss(Record):
    """The pod source whose labels come closest to a selector that selects none."""

    __slots__ = ("have", "related", "source", "want")

    def __init__(self, source: PodSource, related: bool, have: str, want: str) -> None:
        self.source = source
        self.related = related  # its labels have at least one of the selector's keys
        self.have = have  # its labels for the requirements it misses: ``app=web, tier unset``
        self.want = want  # those requirements: ``app=api, tier=front``


def closest_miss(selector: Mapping[str, str], sources: Iterable[PodSource]) -> NearMiss:
    """For a plain ``key: value`` selector that selects none of ``sources`` (not empty):
    the one meeting most entries, then having most of its keys (the first of equals).
    Judged by the labels the templates write: a label a controller sets does not count."""
    requirements = [(key, "=", frozenset({value})) for key, value in selector.items()]
    return _near_miss(requirements, sources, _written_labels_meet)


def _written_labels_meet(requirements: list[Requirement], source: PodSource) -> bool:
    """Whether the written labels of ``source`` meet every ``=`` requirement."""
    return all(source.labels.get(key) in values for key, _, values in requirements)


def _near_miss(
    requirements: list[Requirement],
    sources: Iterable[PodSource],
    meets: Callable[[list[Requirement], PodSource], bool],
) -> NearMiss:
    def closeness(source: PodSource) -> tuple[int, int]:
        """Requirements the pods meet, then requirement keys their labels have at all."""
        return (
            sum(1 for r in requirements if meets([r], source)),
            sum(1 for key, _, _ in requirements if key in source.labels),
        )

    closest = max(sources, key=closeness)
    labels = closest.labels
    wrong = [r for r in requirements if not meets([r], closest)]
    have = ", ".join(
        f"{key}={labels[key]}" if key in labels else f"{key} unset" for key, _, _ in wrong
    )
    related = any(key in labels for key, _, _ in requirements)
    return NearMiss(closest, related, have, render_requirements(wrong))


# --------------------------------------------------------------------------- names by kind


class NameTable(Record):
    """The objects of one kind in the linted files by name, and their names by namespace
    (None for cluster-scoped kinds) and by directory."""

    __slots__ = ("by_directory", "by_name", "by_namespace")

    def __init__(
        self,
        by_name: dict[str, list[K8sObject]],
        by_namespace: dict[str | None, list[str]],
        by_directory: dict[str, list[str]],
    ) -> None:
        self.by_name = by_name
        self.by_namespace = by_namespace
        self.by_directory = by_directory

    def nearby(self, obj: K8sObject) -> list[str]:
        """Names in the namespace ``obj`` writes, or in its directory when it writes none."""
        if obj.written_namespace is not None:
            return self.by_namespace.get(obj.namespace, [])
        return self.by_directory.get(directory_of(obj), [])


def names_of_kind(index: ObjectIndex, kind: str, *, group: str | None = None) -> NameTable:
    """The ``kind`` objects (of ``group``; of any when None) by name, namespace and
    directory, built once a run."""

    def build(index: ObjectIndex) -> NameTable:
        table = NameTable({}, {}, {})
        for found in index.of_kind(kind, group=group):
            table.by_name.setdefault(found.name, []).append(found)
            table.by_namespace.setdefault(found.namespace, []).append(found.name)
            table.by_directory.setdefault(directory_of(found), []).append(found.name)
        return table

    return index.derived(f"references.names.{group}.{kind}", build)


# --------------------------------------------------------------------------- autoscalers


class ScaleTarget(Record):
    """The object an autoscaler acts on, as it names it."""

    __slots__ = ("api_version", "autoscaler", "kind", "name")

    def __init__(
        self, autoscaler: Autoscaler, kind: str, name: str, api_version: str | None
    ) -> None:
        self.autoscaler = autoscaler
        self.kind = kind  # as written, else the autoscaler's default
        self.name = name
        # as written, else the autoscaler's default; None when neither
        self.api_version = api_version

    @property
    def path(self) -> Path:
        """Where the reference is."""
        return self.autoscaler.path


def scale_target(obj: K8sObject) -> ScaleTarget | None:
    """What an autoscaler (HorizontalPodAutoscaler, VerticalPodAutoscaler, KEDA
    ScaledObject) acts on; None for other objects and for a reference without kind or
    name."""
    autoscaler = AUTOSCALERS.get((obj.group, obj.kind))
    ref = obj.get(*autoscaler.path) if autoscaler is not None else None
    if autoscaler is None or not isinstance(ref, dict):
        return None
    kind = ref.get("kind") or autoscaler.default_kind
    name = ref.get("name")
    api_version = ref.get("apiVersion") or autoscaler.default_api_version
    if not isinstance(kind, str) or not isinstance(name, str) or not kind or not name:
        return None
    if not isinstance(api_version, str) or not api_version:
        api_version = None
    return ScaleTarget(autoscaler, kind, name, api_version)


def can_scale(index: ObjectIndex, target: ScaleTarget) -> bool:
    """False only when the target's kind is known to be one its autoscaler cannot act on:
    a built-in kind it does not know, or a custom kind whose CRD (in the linted files) has
    no scale subresource. True when the reference gives no apiVersion."""
    if target.api_version is None:
        return True
    group = canonical_group(kube.split_api_version(target.api_version)[0], target.kind)
    if (group, target.kind) in target.autoscaler.builtin_targets:
        return True
    if group in BUILTIN_GROUPS:
        return False
    scalable = _custom_scale(index).get((group, target.kind))
    return scalable is not False  # None: no CRD in the linted files, assume it can


def _custom_scale(index: ObjectIndex) -> dict[tuple[str, str], bool]:
    """For each custom kind whose CRD is in the linted files, whether a version of it has a
    scale subresource."""
    return index.derived("references.custom-scale", _build_custom_scale)


def _build_custom_scale(index: ObjectIndex) -> dict[tuple[str, str], bool]:
    table: dict[tuple[str, str], bool] = {}
    for crd in index.of_kind("CustomResourceDefinition", group="apiextensions.k8s.io"):
        group, kind = crd.get("spec", "group"), crd.get("spec", "names", "kind")
        if not isinstance(group, str) or not isinstance(kind, str):
            continue
        versions = crd.get("spec", "versions")
        scale = any(
            isinstance(v, dict) and isinstance(v.get("subresources"), dict)
            and "scale" in v["subresources"]
            for v in (versions if isinstance(versions, list) else [])
        ) or isinstance(crd.get("spec", "subresources", "scale"), dict)  # fmt: skip
        table[(group, kind)] = table.get((group, kind), False) or scale
    return table


# ------------------------------------------------------------------ volumes, claims, accounts


class NameRef(Record):
    """A reference by name, and the node holding the name."""

    __slots__ = ("name", "path")

    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path


#: Workloads whose pods get one volume per claim template, and where the templates are.
#: (Knowledge about workloads that would sit better in ``kube``, beside the pod spec paths.)
_CLAIM_TEMPLATE_PATHS: dict[tuple[str, str], Path] = {
    ("apps", "StatefulSet"): ("spec", "volumeClaimTemplates"),
}


def claim_templates(obj: K8sObject) -> list[NameRef]:
    """The claim templates of a StatefulSet, by ``metadata.name``: each is also a volume of
    its pods under that name."""
    path = _CLAIM_TEMPLATE_PATHS.get((obj.group, obj.kind))
    if path is None:
        return []
    found = []
    for i, template in _items(obj.get(*path)):
        name = kube.get_path(template, ("metadata", "name"))
        if isinstance(name, str) and name:
            found.append(NameRef(name, (*path, i, "metadata", "name")))
    return found


class Volume(Record):
    """A volume of a pod template: one of ``volumes``, or a StatefulSet claim template."""

    __slots__ = ("claim_template", "name", "path")

    def __init__(self, name: str, path: Path, claim_template: bool) -> None:
        self.name = name
        self.path = path  # the node holding the name
        self.claim_template = claim_template


@per_object
def pod_volumes(obj: K8sObject) -> list[Volume]:
    """Every volume the pods of ``obj`` have, in written order, claim templates last (asked
    by several rules: found once per object)."""
    spec_path = obj.pod_spec_path()
    spec = obj.pod_spec()
    if spec_path is None or spec is None:
        return []
    found = []
    for i, volume in _items(spec.get("volumes")):
        name = volume.get("name")
        if isinstance(name, str) and name:
            found.append(Volume(name, (*spec_path, "volumes", i, "name"), False))
    found.extend(Volume(ref.name, ref.path, True) for ref in claim_templates(obj))
    return found


class VolumeUse(Record):
    """A container's ``volumeMounts`` or ``volumeDevices`` entry."""

    __slots__ = ("container", "device", "name", "path")

    def __init__(self, name: str, path: Path, container: kube.Container, device: bool) -> None:
        self.name = name
        self.path = path  # the node holding the volume name
        self.container = container
        self.device = device  # a raw block device (volumeDevices) rather than a mount


@per_object
def volume_uses(obj: K8sObject) -> list[VolumeUse]:
    """Every volume mount and device of every container (init and ephemeral included),
    found once per object."""
    found: list[VolumeUse] = []
    for container in obj.containers():
        for field, device in (("volumeMounts", False), ("volumeDevices", True)):
            for i, mount in _items(container.data.get(field)):
                name = mount.get("name")
                if isinstance(name, str) and name:
                    path = (*container.path, field, i, "name")
                    found.append(VolumeUse(name, path, container, device))
    return found


#: Pod annotation asking Istio's sidecar injector to mount pod volumes into the proxy it
#: adds: a JSON object keyed by volume name.
ISTIO_USER_VOLUME_MOUNT = "sidecar.istio.io/userVolumeMount"


def injected_mounts(obj: K8sObject) -> set[str]:
    """Volumes that a container added at admission (a sidecar) mounts, as the pod template's
    annotations ask."""
    path = kube.template_labels_path(obj.group, obj.kind)
    annotations = obj.get(*path[:-1], "annotations") if path else None
    value = annotations.get(ISTIO_USER_VOLUME_MOUNT) if isinstance(annotations, dict) else None
    if not isinstance(value, str):
        return set()
    try:
        mounts = json.loads(value)
    except ValueError:
        return set()
    return {str(name) for name in mounts} if isinstance(mounts, dict) else set()


def claim_refs(obj: K8sObject) -> Iterator[NameRef]:
    """The claims the pods of ``obj`` mount through ``persistentVolumeClaim`` volumes. A
    volume named like one of the StatefulSet's claim templates is left out: the controller
    replaces it with the replica's own claim."""
    spec_path = obj.pod_spec_path()
    spec = obj.pod_spec()
    if spec_path is None or spec is None:
        return
    templates = {template.name for template in claim_templates(obj)}
    for i, volume in _items(spec.get("volumes")):
        if isinstance(volume.get("name"), str) and volume.get("name") in templates:
            continue
        claim = volume.get("persistentVolumeClaim")
        name = claim.get("claimName") if isinstance(claim, dict) else None
        if isinstance(name, str) and name:
            yield NameRef(name, (*spec_path, "volumes", i, "persistentVolumeClaim", "claimName"))


def service_account(obj: K8sObject) -> NameRef | None:
    """The ServiceAccount the pods of ``obj`` run as, when written: ``serviceAccountName``,
    else the deprecated ``serviceAccount`` (which the API copies into it)."""
    spec_path = obj.pod_spec_path()
    spec = obj.pod_spec()
    if spec_path is None or spec is None:
        return None
    for field in ("serviceAccountName", "serviceAccount"):
        name = spec.get(field)
        if isinstance(name, str) and name:
            return NameRef(name, (*spec_path, field))
    return None


#: Kinds whose ``subjects`` name ServiceAccounts, in rbac.authorization.k8s.io.
BINDING_KINDS = frozenset({"RoleBinding", "ClusterRoleBinding"})


def account_subjects(obj: K8sObject) -> Iterator[tuple[NameRef, Place]]:
    """The ServiceAccount subjects of a RoleBinding or ClusterRoleBinding and where each
    lives: the subject's ``namespace``, else (RoleBinding only) the binding's own. A
    ClusterRoleBinding subject without a namespace is left out: the API rejects it."""
    if obj.group != kube.RBAC_GROUP or obj.kind not in BINDING_KINDS:
        return
    for i, subject in _items(obj.get("subjects")):
        name = subject.get("name")
        if subject.get("kind") != "ServiceAccount" or not isinstance(name, str) or not name:
            continue
        namespace = subject.get("namespace")
        if isinstance(namespace, str) and namespace:
            place = Place(namespace)
        elif obj.kind == "RoleBinding":
            place = Place.of(obj)
        else:
            continue
        yield NameRef(name, ("subjects", i, "name")), place


def subject_judged(index: ObjectIndex, subject: NameRef, place: Place) -> bool:
    """Whether the files can tell that a binding's ServiceAccount subject is missing: they
    hold objects of its namespace, or an account of that name is written in another one
    (a wrong namespace). Otherwise its namespace belongs to another installation."""
    return place.namespace in index.namespaces or bool(
        elsewhere(index, "ServiceAccount", subject.name, place)
    )
