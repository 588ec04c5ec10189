"""What kubelint knows about Istio, in one place, so rules do not re-derive it: which objects
are Istio's, how Istio names and resolves service hosts (its service registry), how it picks
the protocol of a Service port, and where a VirtualService keeps its route destinations.

Host resolution follows Istio:

* A Kubernetes Service ``name`` in namespace ``ns`` is the host
  ``name.ns.svc.cluster.local``, visible to the namespaces listed in its
  ``networking.istio.io/exportTo`` annotation (every namespace when absent).
* A ServiceEntry contributes each of its ``spec.hosts`` (short names expanded in its own
  namespace, wildcards such as ``*.example.com`` kept), visible as its ``spec.exportTo`` says.
* A host in an Istio object is expanded only when it is a bare short name (no dot, no
  leading ``*``): ``reviews`` in namespace ``shop`` means ``reviews.shop.svc.cluster.local``.
  Anything with a dot is taken literally, so ``reviews.shop`` is *not* the Service.
* ``*`` and leading-``*`` wildcards match by suffix, in both directions.
* The Services every Istio installation creates in ``istio-system`` (``istiod`` and the
  default gateways) are assumed to exist.

The registry is built once per run (per :class:`ObjectIndex`) and shared by every rule.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kubelint import kube
from kubelint.index import ObjectIndex
from kubelint.objects import K8sObject

Path = tuple[Any, ...]

#: The API group of VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar...
NETWORKING_GROUP = "networking.istio.io"
#: The versions it serves; all three hold the same kinds with the same fields.
NETWORKING_VERSIONS = frozenset({"v1alpha3", "v1beta1", "v1"})
#: Istio hard-codes the cluster domain when it names Kubernetes Services.
CLUSTER_DOMAIN = "cluster.local"
SERVICE_SUFFIX = f".svc.{CLUSTER_DOMAIN}"
EXPORT_TO_ANNOTATION = "networking.istio.io/exportTo"
#: The namespace Istio's control plane is installed in by default.
ISTIO_NAMESPACE = "istio-system"
#: Services an Istio installation creates itself, so manifests refer to them without
#: defining them.
ISTIO_INSTALLED_SERVICES = frozenset(
    {"istiod", "istio-ingressgateway", "istio-egressgateway", "istio-eastwestgateway"}
)
#: An export scope meaning every namespace.
EVERYWHERE = "*"


def is_networking(obj: K8sObject, kind: str | None = None) -> bool:
    """True for an object of Istio's networking API (of ``kind``, when given)."""
    return (
        obj.group == NETWORKING_GROUP
        and obj.version in NETWORKING_VERSIONS
        and (kind is None or obj.kind == kind)
    )


def networking_objects(index: ObjectIndex, kind: str) -> list[K8sObject]:
    """Every Istio networking object of ``kind`` in the run (any served version)."""
    return [o for o in index.of_kind(kind, group=NETWORKING_GROUP) if is_networking(o)]


# --------------------------------------------------------------------------- hosts


def service_host(name: str, namespace: str) -> str:
    """The host Istio gives a Kubernetes Service: ``name.namespace.svc.cluster.local``."""
    return f"{name}.{namespace}{SERVICE_SUFFIX}"


def is_short_name(host: str) -> bool:
    return bool(host) and "." not in host and not host.startswith("*")


def expand_host(host: str, namespace: str | None) -> str:
    """A host as Istio reads it in an object of ``namespace``: short names are expanded,
    everything else (FQDNs, ``reviews.shop``, wildcards) is kept as written."""
    if namespace and is_short_name(host):
        return service_host(host, namespace)
    return host


def split_service_host(host: str) -> tuple[str, str] | None:
    """``(name, namespace)`` of a ``name.namespace.svc.cluster.local`` host (``name`` may be
    ``*``), or None for any other host."""
    if not host.endswith(SERVICE_SUFFIX):
        return None
    name, dot, namespace = host[: -len(SERVICE_SUFFIX)].rpartition(".")
    if not dot or not name or not namespace:
        return None
    return name, namespace


def partial_service_host(host: str) -> tuple[str, str] | None:
    """``(name, namespace)`` of a host that looks like a Kubernetes DNS name cut short
    (``reviews.shop``, ``reviews.shop.svc``, ``reviews.shop.svc.cluster``): Kubernetes DNS
    resolves those, Istio does not."""
    parts = host.split(".")
    if (
        2 <= len(parts) <= 4
        and parts[2:] == ["svc", "cluster"][: len(parts) - 2]
        and all(parts)
        and "*" not in host
    ):
        return parts[0], parts[1]
    return None


def hosts_match(a: str, b: str) -> bool:
    """Istio's host comparison: equal, or one side a ``*``-prefixed wildcard whose suffix the
    other ends with (``*.example.com`` matches ``api.example.com`` but not
    ``example.com``); ``*`` matches everything."""
    if a == b or a == "*" or b == "*":
        return True
    wild_a, wild_b = a.startswith("*"), b.startswith("*")
    if wild_a and wild_b:
        return a[1:].endswith(b[1:]) or b[1:].endswith(a[1:])
    if wild_a:
        return b.endswith(a[1:])
    if wild_b:
        return a.endswith(b[1:])
    return False


def export_scope(values: Any, own_namespace: str | None) -> frozenset[str]:
    """The namespaces an ``exportTo`` list names: ``.`` is the object's own namespace, ``*``
    (or an empty or missing list) every namespace, ``~`` none."""
    if isinstance(values, str):
        values = values.split(",")
    if not isinstance(values, list) or not values:
        return frozenset({EVERYWHERE})
    scope: set[str] = set()
    for value in values:
        text = str(value).strip()
        if text == EVERYWHERE:
            return frozenset({EVERYWHERE})
        if text == "." and own_namespace:
            scope.add(own_namespace)
        elif text and text not in (".", "~"):
            scope.add(text)
    return frozenset(scope)


def reach(namespace: str | None, export_to: Any = None) -> frozenset[str]:
    """Where an object that refers to a host is used: its own namespace, or the namespaces
    its own ``exportTo`` names when it has one."""
    if isinstance(export_to, list) and export_to:
        return export_scope(export_to, namespace)
    return frozenset({namespace}) if namespace else frozenset()


def visible(scope: frozenset[str], seen_from: frozenset[str]) -> bool:
    """Whether a host exported to ``scope`` can be used from the namespaces ``seen_from``."""
    if EVERYWHERE in scope:
        return True
    if EVERYWHERE in seen_from:
        return bool(scope)
    return not scope.isdisjoint(seen_from)


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True, slots=True)
class RegistryHost:
    """One host of Istio's service registry."""

    host: str  # a FQDN, or a wildcard (ServiceEntry hosts only)
    scope: frozenset[str]  # namespaces it is exported to; EVERYWHERE for all
    source: K8sObject | None  # the Service or ServiceEntry; None: installed by Istio

    @property
    def kind(self) -> str:
        return self.source.kind if self.source is not None else "Service"

    def describe(self) -> str:
        """``Service shop/reviews``, ``ServiceEntry shop/stripe``."""
        if self.source is None:
            name, namespace = split_service_host(self.host) or (self.host, ISTIO_NAMESPACE)
            return f"Service {namespace}/{name}"
        return self.source.display_name


class ServiceRegistry:
    """The hosts Istio would know from the run's Services and ServiceEntries."""

    def __init__(self, index: ObjectIndex) -> None:
        self.index = index
        self.hosts: list[RegistryHost] = []
        self._exact: dict[str, list[RegistryHost]] = {}
        self._wildcards: list[RegistryHost] = []
        self._services: dict[str, list[K8sObject]] = {}
        self._app_namespaces: set[str] = set()
        for service in index.of_kind("Service", group=""):
            if not service.namespace or not service.name:
                continue
            self._services.setdefault(service.namespace, []).append(service)
            self._app_namespaces.add(service.namespace)
            scope = export_scope(service.annotations.get(EXPORT_TO_ANNOTATION), service.namespace)
            self._add(RegistryHost(service_host(service.name, service.namespace), scope, service))
        for owner in index.pod_owners():
            if owner.namespace:
                self._app_namespaces.add(owner.namespace)
        for entry in networking_objects(index, "ServiceEntry"):
            scope = export_scope(entry.get("spec", "exportTo"), entry.namespace)
            hosts = entry.get("spec", "hosts")
            for host in hosts if isinstance(hosts, list) else ():
                if isinstance(host, str) and host:
                    self._add(RegistryHost(expand_host(host, entry.namespace), scope, entry))
        for name in sorted(ISTIO_INSTALLED_SERVICES):
            host = service_host(name, ISTIO_NAMESPACE)
            if host not in self._exact:
                self._add(RegistryHost(host, frozenset({EVERYWHERE}), None))

    def _add(self, entry: RegistryHost) -> None:
        self.hosts.append(entry)
        if entry.host.startswith("*"):
            self._wildcards.append(entry)
        else:
            self._exact.setdefault(entry.host, []).append(entry)

    def matching(self, host: str) -> list[RegistryHost]:
        """Registry hosts that match ``host`` (already expanded), visible or not."""
        if host.startswith("*"):
            return [e for e in self.hosts if hosts_match(host, e.host)]
        found = list(self._exact.get(host, ()))
        found.extend(e for e in self._wildcards if hosts_match(host, e.host))
        return found

    def resolve(
        self, host: str, namespace: str | None, export_to: Any = None
    ) -> list[RegistryHost]:
        """Registry hosts that ``host``, written in an object of ``namespace`` (with that
        object's ``exportTo``), refers to and may use."""
        seen_from = reach(namespace, export_to)
        return [
            e for e in self.matching(expand_host(host, namespace)) if visible(e.scope, seen_from)
        ]

    def services(self, namespace: str) -> list[K8sObject]:
        """The Services of a namespace."""
        return self._services.get(namespace, [])

    def service(self, name: str, namespace: str) -> K8sObject | None:
        return next((s for s in self.services(namespace) if s.name == name), None)

    def knows_namespace(self, namespace: str) -> bool:
        """Whether the run holds the applications of ``namespace`` (a Service or a workload
        there), so that a Service missing from it is really missing."""
        return namespace in self._app_namespaces

    def declared_external(self, host: str) -> bool:
        """Whether the configuration declares ``host`` (already expanded) to exist outside
        the linted files: as a Service for cluster hosts, as a ServiceEntry whose ``name`` is
        the host (or a pattern of it) otherwise."""
        cluster = split_service_host(host)
        if cluster is not None:
            name, namespace = cluster
            return self.index.declared_external("Service", name, namespace)
        return any(
            e.kind == "ServiceEntry" and fnmatch.fnmatchcase(host, e.name)
            for e in self.index.external
        )


def registry(index: ObjectIndex) -> ServiceRegistry:
    """The run's service registry, built on first use."""
    return index.derived("istio.registry", ServiceRegistry)


# --------------------------------------------------------------------------- hints


def services_selecting(index: ObjectIndex, owner: K8sObject) -> list[K8sObject]:
    """Services in ``owner``'s namespace whose (non-empty) selector selects its pods."""
    labels = owner.pod_labels()
    if not labels:
        return []
    found = []
    for service in index.of_kind("Service", owner.namespace, group=""):
        selector = kube.labels_of(service.get("spec", "selector"))
        if selector and kube.map_selector_matches(selector, labels):
            found.append(service)
    return sorted(found, key=lambda s: s.name)


#: Pod labels that conventionally carry the application's name.
APP_NAME_LABELS = ("app", "app.kubernetes.io/name")


@dataclass(frozen=True, slots=True)
class HostHint:
    """Why a missing host was probably meant as another one."""

    suggestion: str | None  # a host to use instead, spelled like the one written
    owner: K8sObject | None = None  # a workload with the host's name, when that is the reason


def hint_for_service(
    index: ObjectIndex, name: str, namespace: str, as_fqdn: bool = False
) -> HostHint:
    """What a host naming a missing Service ``name`` in ``namespace`` probably meant.

    In order: the Service that selects the pods of a workload called ``name`` (the usual
    slip: the Deployment's name instead of its Service's); the Service that selects pods
    labelled ``app: name`` (or ``app.kubernetes.io/name``); the Service with the closest
    name. ``owner`` is set whenever a workload called ``name`` exists, even if no Service
    selects it. Suggestions are short names, or full names when ``as_fqdn``."""

    def spell(service_name: str) -> str:
        return service_host(service_name, namespace) if as_fqdn else service_name

    def by_kind_and_name(obj: K8sObject) -> tuple[str, str]:
        return obj.kind, obj.name

    candidates = index.pod_owners(namespace)
    named = sorted((o for o in candidates if o.name == name), key=by_kind_and_name)
    for owner in named:
        services = services_selecting(index, owner)
        if services:
            return HostHint(spell(services[0].name), owner)
    if named:
        return HostHint(None, named[0])
    labelled = sorted(
        (
            o
            for o in candidates
            if any((o.pod_labels() or {}).get(k) == name for k in APP_NAME_LABELS)
        ),
        key=by_kind_and_name,
    )
    for owner in labelled:
        services = services_selecting(index, owner)
        if services:
            return HostHint(spell(services[0].name))
    names = sorted({s.name for s in registry(index).services(namespace)})
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return HostHint(spell(close[0]) if close else None)


# --------------------------------------------------------------------------- destinations


@dataclass(frozen=True, slots=True)
class Destination:
    """One place a VirtualService sends (or mirrors) traffic to."""

    path: Path  # of the destination mapping inside the VirtualService
    host: str
    subset: str | None
    port: int | None
    mirror: bool


def route_destinations(vs: K8sObject) -> Iterator[Destination]:
    """Every route destination of a VirtualService: ``http``, ``tcp`` and ``tls`` routes,
    ``http[].mirror`` and ``http[].mirrors[].destination``."""
    for section in ("http", "tcp", "tls"):
        routes = vs.get("spec", section)
        for i, item in enumerate(routes if isinstance(routes, list) else ()):
            if not isinstance(item, Mapping):
                continue
            base = ("spec", section, i)
            for j, route in enumerate(_list(item.get("route"))):
                if isinstance(route, Mapping):
                    yield from _destination((*base, "route", j, "destination"), route, False)
            if section != "http":
                continue
            if isinstance(item.get("mirror"), Mapping):
                yield from _destination((*base, "mirror"), item, True, key="mirror")
            for j, mirror in enumerate(_list(item.get("mirrors"))):
                if isinstance(mirror, Mapping):
                    yield from _destination((*base, "mirrors", j, "destination"), mirror, True)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _destination(
    path: Path, holder: Mapping[str, Any], mirror: bool, key: str = "destination"
) -> Iterator[Destination]:
    data = holder.get(key)
    if not isinstance(data, Mapping):
        return
    host = data.get("host")
    subset = data.get("subset")
    port = kube.get_path(data, ("port", "number"))
    yield Destination(
        path=path,
        host=host if isinstance(host, str) else "",
        subset=str(subset) if subset not in (None, "") else None,
        port=port if isinstance(port, int) and not isinstance(port, bool) else None,
        mirror=mirror,
    )


def routed_subsets(index: ObjectIndex) -> dict[str, set[str]]:
    """Expanded destination host -> the subsets VirtualServices route or mirror to."""

    def build(index: ObjectIndex) -> dict[str, set[str]]:
        used: dict[str, set[str]] = {}
        for vs in networking_objects(index, "VirtualService"):
            for dest in route_destinations(vs):
                if dest.host and dest.subset:
                    host = expand_host(dest.host, vs.namespace)
                    used.setdefault(host, set()).add(dest.subset)
        return used

    return index.derived("istio.routed-subsets", build)


def subset_routed(index: ObjectIndex, host: str, namespace: str | None, subset: str) -> bool:
    """Whether any VirtualService routes to ``subset`` of a DestinationRule host (written in
    ``namespace``); a wildcard host covers every destination it matches."""
    rule_host = expand_host(host, namespace)
    for routed_host, subsets in routed_subsets(index).items():
        if subset in subsets and hosts_match(rule_host, routed_host):
            return True
    return False


def defined_subsets(index: ObjectIndex) -> dict[str, set[str]]:
    """Expanded DestinationRule host -> the subsets DestinationRules define for it (their
    ``exportTo`` is not considered, as ``istioctl analyze`` does not)."""

    def build(index: ObjectIndex) -> dict[str, set[str]]:
        defined: dict[str, set[str]] = {}
        for rule in networking_objects(index, "DestinationRule"):
            host = rule.get("spec", "host")
            subsets = rule.get("spec", "subsets")
            if not isinstance(host, str) or not host or not isinstance(subsets, list):
                continue
            names = defined.setdefault(expand_host(host, rule.namespace), set())
            names.update(
                str(s["name"]) for s in subsets if isinstance(s, Mapping) and s.get("name")
            )
        return defined

    return index.derived("istio.defined-subsets", build)


def subset_defined(index: ObjectIndex, host: str, namespace: str | None, subset: str) -> bool:
    """Whether a DestinationRule defines ``subset`` for a destination host written in an
    object of ``namespace`` (a wildcard DestinationRule host covers the hosts it matches)."""
    wanted = expand_host(host, namespace)
    return any(
        subset in subsets and hosts_match(rule_host, wanted)
        for rule_host, subsets in defined_subsets(index).items()
    )


# --------------------------------------------------------------------------- gateways

#: The reserved gateway name for the sidecars of the mesh.
MESH_GATEWAY = "mesh"
GATEWAY_API_GROUP = "gateway.networking.k8s.io"


def resolve_gateway(index: ObjectIndex, reference: str, namespace: str | None) -> K8sObject | None:
    """The Gateway a VirtualService's ``spec.gateways`` entry names: ``ns/name``, or a bare
    name in the VirtualService's namespace; an Istio Gateway first, then a Gateway API
    Gateway. None when there is none (and for ``mesh``, which is not an object)."""
    if not reference or reference == MESH_GATEWAY:
        return None
    gateway_namespace, slash, name = reference.rpartition("/")
    if not slash:
        gateway_namespace = namespace or ""
    for group in (NETWORKING_GROUP, GATEWAY_API_GROUP):
        found = index.get("Gateway", name, gateway_namespace, group=group)
        if found is not None and (group != NETWORKING_GROUP or is_networking(found)):
            return found
    return None


# --------------------------------------------------------------------------- mesh


#: Kinds of Istio's APIs (networking, security, telemetry, extensions, install, and the
#: config.istio.io kinds of Istio before 1.0).
ISTIO_KINDS = frozenset(
    {
        "VirtualService", "DestinationRule", "Gateway", "ServiceEntry", "Sidecar",
        "WorkloadEntry", "WorkloadGroup", "EnvoyFilter", "ProxyConfig", "PeerAuthentication",
        "AuthorizationPolicy", "RequestAuthentication", "Telemetry", "WasmPlugin",
        "IstioOperator", "RouteRule", "DestinationPolicy", "EgressRule",
    }
)  # fmt: skip


def is_istio_api(obj: K8sObject) -> bool:
    """An object of one of Istio's API groups (``networking.istio.io``, ``security.istio.io``)."""
    return obj.group.endswith(".istio.io")


def mesh_in_use(index: ObjectIndex) -> bool:
    """Whether the run shows Istio at work: an object of an Istio API, a Namespace labelled
    for sidecar injection or ambient mode, or a pod template that asks for a sidecar."""
    return index.derived("istio.mesh-in-use", _mesh_in_use)


def _mesh_in_use(index: ObjectIndex) -> bool:
    for kind in ISTIO_KINDS:
        if any(is_istio_api(o) for o in index.of_kind(kind)):
            return True
    for namespace in index.of_kind("Namespace", group=""):
        labels = namespace.labels
        if (
            labels.get("istio-injection") == "enabled"
            or labels.get("istio.io/rev")
            or labels.get("istio.io/dataplane-mode") == "ambient"
        ):
            return True
    for owner in index.pod_owners():
        path = kube.template_labels_path(owner.group, owner.kind)
        if path is None:
            continue
        labels = kube.labels_of(owner.get(*path))
        annotations = kube.labels_of(owner.get(*path[:-1], "annotations"))
        if (
            labels.get("sidecar.istio.io/inject") == "true"
            or annotations.get("sidecar.istio.io/inject") == "true"
            or labels.get("istio.io/rev")
        ):
            return True
    return False


# --------------------------------------------------------------------------- protocols

#: Port-name prefixes (and appProtocol values) Istio understands, and what it makes of them.
NAMED_PROTOCOLS: dict[str, str] = {
    "http": "HTTP", "http2": "HTTP2", "https": "HTTPS", "http_proxy": "HTTP_PROXY",
    "grpc": "GRPC", "grpc-web": "GRPC-Web", "tcp": "TCP", "tls": "TLS", "udp": "UDP",
    "mongo": "Mongo", "mysql": "MySQL", "redis": "Redis",
}  # fmt: skip
#: appProtocol values Kubernetes defines, which Istio also understands.
KUBERNETES_APP_PROTOCOLS: dict[str, str] = {
    "kubernetes.io/h2c": "HTTP2", "kubernetes.io/ws": "HTTP", "kubernetes.io/wss": "HTTPS",
}  # fmt: skip
#: Protocols for which the sidecar parses traffic as HTTP requests.
HTTP_PROTOCOLS = frozenset({"HTTP", "HTTP2", "HTTP_PROXY", "GRPC", "GRPC-Web"})
#: Ports Istio treats as TCP when their name says nothing it understands.
DEFAULT_TCP_PORTS = frozenset({25, 53, 3306, 27017})


@dataclass(frozen=True, slots=True)
class PortProtocol:
    """The protocol Istio chooses for a Service port, and what decided it."""

    protocol: str | None  # None: not declared, Istio sniffs the first bytes
    source: str  # "protocol" (UDP), "appProtocol", "name" or "port" (Istio's default)


def port_protocol(port: Mapping[str, Any]) -> PortProtocol:
    """What Istio makes of a Service port: ``protocol: UDP`` wins, then ``appProtocol``
    (which replaces the name), then the name's prefix before the first ``-`` (``grpc-web``
    whole), case-insensitively; unrecognised on ports 25, 53, 3306 and 27017 means TCP."""
    if str(port.get("protocol") or "").upper() == "UDP":
        return PortProtocol("UDP", "protocol")
    app_protocol = port.get("appProtocol")
    if isinstance(app_protocol, str) and app_protocol:
        text, source = app_protocol, "appProtocol"
        if text in KUBERNETES_APP_PROTOCOLS:
            return PortProtocol(KUBERNETES_APP_PROTOCOLS[text], source)
    else:
        name = port.get("name")
        text, source = (name if isinstance(name, str) else ""), "name"
    lowered = text.lower()
    if lowered.startswith("grpc-web"):
        return PortProtocol("GRPC-Web", source)
    protocol = NAMED_PROTOCOLS.get(lowered.partition("-")[0])
    if protocol is None and port_number(port) in DEFAULT_TCP_PORTS:
        return PortProtocol("TCP", "port")
    return PortProtocol(protocol, source)


def port_number(port: Mapping[str, Any]) -> int | None:
    number = port.get("port")
    if isinstance(number, bool):
        return None
    if isinstance(number, int):
        return number
    if isinstance(number, str) and number.isdigit():
        return int(number)
    return None


@dataclass(frozen=True, slots=True)
class WellKnownPort:
    """A port number that, in practice, always carries one non-HTTP protocol."""

    service: str  # as people write it: "MySQL"
    short: str  # for a port name: "tcp-mysql"
    server_first: bool  # the server speaks first, so sniffing the client's bytes stalls


#: Registered ports of protocols that are not HTTP, whose number is rarely reused for HTTP.
WELL_KNOWN_PORTS: dict[int, WellKnownPort] = {
    21: WellKnownPort("FTP", "ftp", True),
    22: WellKnownPort("SSH", "ssh", False),
    25: WellKnownPort("SMTP", "smtp", True),
    53: WellKnownPort("DNS", "dns", False),
    110: WellKnownPort("POP3", "pop3", True),
    143: WellKnownPort("IMAP", "imap", True),
    389: WellKnownPort("LDAP", "ldap", False),
    587: WellKnownPort("SMTP", "smtp", True),
    1433: WellKnownPort("SQL Server", "mssql", False),
    1521: WellKnownPort("Oracle", "oracle", False),
    1883: WellKnownPort("MQTT", "mqtt", False),
    2181: WellKnownPort("ZooKeeper", "zookeeper", False),
    3306: WellKnownPort("MySQL", "mysql", True),
    4222: WellKnownPort("NATS", "nats", True),
    5432: WellKnownPort("PostgreSQL", "postgres", False),
    5672: WellKnownPort("AMQP", "amqp", False),
    6379: WellKnownPort("Redis", "redis", False),
    9042: WellKnownPort("Cassandra", "cql", False),
    9092: WellKnownPort("Kafka", "kafka", False),
    11211: WellKnownPort("Memcached", "memcached", False),
    26379: WellKnownPort("Redis Sentinel", "redis-sentinel", False),
    27017: WellKnownPort("MongoDB", "mongo", False),
}

#: Labels of the Services Istio installs and manages itself (its port names are its own).
_ISTIO_MANAGED_GATEWAY = frozenset(
    {"istio.io-gateway-controller", "istio.io-mesh-controller", "istio.io-eastwest-controller"}
)


def is_istio_own_service(service: K8sObject) -> bool:
    """Services of Istio's own installation (labelled ``istio``, ``release: istio``, or
    managed by Istio's gateway controllers)."""
    labels = service.labels
    return (
        "istio" in labels
        or labels.get("release") == "istio"
        or labels.get("gateway.istio.io/managed") in _ISTIO_MANAGED_GATEWAY
    )
