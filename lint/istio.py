"""What kubelint knows about Istio, in one place, so rules do not re-derive it: which objects
are Istio's, how Istio names and resolves service hosts (its service registry) and why a host
does not resolve, the ports a host exposes, how it picks the protocol of a Service port,
where a VirtualService keeps its route destinations and which port a destination without
one gets, which DestinationRules define a host's subsets (and which ones Istio merges), how
a gateway reference names a Gateway, and which pods serve a Gateway.

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

The registry, like every other table here, is built once per run (per
:class:`ObjectIndex`, with ``derived``) and shared by every rule, so a rule's check costs a
few lookups, not a scan of the run.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping
from typing import Any

from kubelint import kube
from kubelint.index import ObjectIndex
from kubelint.lazy import Record
from kubelint.objects import K8sObject, per_object
from kubelint.references import PodSource, may_share_namespace, pod_sources, selectable

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
    """Every Istio networking object of ``kind`` in the run (any served version); a list
    built once a run and shared, not to be changed."""

    def build(index: ObjectIndex) -> list[K8sObject]:
        return [o for o in index.of_kind(kind, group=NETWORKING_GROUP) if is_networking(o)]

    return index.derived(f"istio.networking.{kind}", build)


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


class RegistryHost(Record):
    """One host of Istio's service registry."""

    __slots__ = ("host", "scope", "source")

    def __init__(self, host: str, scope: frozenset[str], source: K8sObject | None) -> None:
        self.host = host  # a FQDN, or a wildcard (ServiceEntry hosts only)
        self.scope = scope  # namespaces it is exported to; EVERYWHERE for all
        self.source = source  # the Service or ServiceEntry; None: installed by Istio

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
        self._resolved: dict[Any, list[RegistryHost]] = {}
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
        object's ``exportTo``), refers to and may use. Answered once per question: every
        Istio rule asks it of the same hosts."""
        key: Any = (host, namespace, tuple(export_to) if isinstance(export_to, list) else export_to)
        try:
            return self._resolved[key]
        except KeyError:
            pass
        except TypeError:  # an exportTo that is not hashable: odd YAML, do not cache
            key = None
        seen_from = reach(namespace, export_to)
        found = [
            e for e in self.matching(expand_host(host, namespace)) if visible(e.scope, seen_from)
        ]
        if key is not None:
            self._resolved[key] = found
        return found

    def services(self, namespace: str) -> list[K8sObject]:
        """The Services of a namespace."""
        return self._services.get(namespace, [])

    def service(self, name: str, namespace: str) -> K8sObject | None:
        return next((s for s in self.services(namespace) if s.name == name), None)

    def knows_namespace(self, namespace: str) -> bool:
        """Whether the run holds the applications of ``namespace`` (a Service or a workload
        there), so that a Service missing from it is really missing. Never Istio's own
        namespace: its installers put Services there (the control plane, gateways, the
        integrations of cert-manager and others) that manifests do not define, even in a
        repository that deploys a few add-ons into it."""
        return namespace in self._app_namespaces and namespace != ISTIO_NAMESPACE

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


def exposed_ports(entry: RegistryHost) -> list[int] | None:
    """The port numbers a registry host exposes, in the order written: a Service's
    ``ports[].port`` (its targetPorts are where the pods listen, not what clients address)
    or a ServiceEntry's ``ports[].number``. None when they are not known: a Service Istio
    installs itself, or no ports written."""
    source = entry.source
    if source is None:
        return None
    written = source.get("spec", "ports")
    key = "port" if source.kind == "Service" else "number"
    numbers: list[int] = []
    for port in written if isinstance(written, list) else ():
        if isinstance(port, dict):
            number = _int(port.get(key))
            if number is not None and number not in numbers:
                numbers.append(number)
    return numbers or None


def target_port_of(entry: RegistryHost, number: int) -> int | None:
    """The Service port whose numeric ``targetPort`` is ``number`` (a common slip: routing
    to the container's port instead of the Service's), or None."""
    source = entry.source
    if source is None or source.kind != "Service":
        return None
    written = source.get("spec", "ports")
    for port in written if isinstance(written, list) else ():
        if isinstance(port, dict) and _int(port.get("targetPort")) == number:
            return _int(port.get("port"))
    return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


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


class HostHint(Record):
    """Why a missing host was probably meant as another one."""

    __slots__ = ("owner", "suggestion")

    def __init__(self, suggestion: str | None, owner: K8sObject | None = None) -> None:
        self.suggestion = suggestion  # a host to use instead, spelled like the one written
        self.owner = owner  # a workload with the host's name, when that is the reason


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
    import difflib

    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return HostHint(spell(close[0]) if close else None)


class UnknownHost(Record):
    """Why a host written in an Istio object resolves to nothing Istio knows.

    ``reason`` is one of ``workload`` (a workload has the name, and a Service selecting its
    pods is the ``suggestion``), ``unexposed`` (a workload has the name, no Service selects
    it), ``did-you-mean``, ``no-service``, ``not-exported`` (the host exists but is not
    exported to where it is used: ``target``), ``partial`` (a Kubernetes DNS name cut short,
    which Istio takes literally) and ``no-service-entry`` (a host outside the cluster)."""

    __slots__ = ("namespace", "owner", "reason", "suggestion", "target")

    def __init__(
        self,
        reason: str,
        namespace: str | None,
        suggestion: str | None = None,
        owner: K8sObject | None = None,
        target: str | None = None,
    ) -> None:
        self.reason = reason
        self.namespace = namespace  # where the Service was looked for, or where the host is used
        self.suggestion = suggestion
        self.owner = owner
        self.target = target


def diagnose_host(
    index: ObjectIndex, host: str, namespace: str | None, export_to: Any = None
) -> UnknownHost | None:
    """Why ``host``, written in an object of ``namespace`` (with that object's
    ``exportTo``), matches nothing in the registry; None when it resolves, when the
    configuration declares it external, or when it is a Service of a namespace the linted
    files hold nothing of (no Service, no workload): that namespace is deployed from
    elsewhere, so its absence here proves nothing."""
    known = registry(index)
    if known.resolve(host, namespace, export_to):
        return None
    expanded = expand_host(host, namespace)
    if known.declared_external(expanded):
        return None
    hidden = known.matching(expanded)
    if hidden:
        return UnknownHost("not-exported", namespace, target=hidden[0].describe())
    cluster = split_service_host(expanded)
    if cluster is not None:
        name, service_namespace = cluster
        if not known.knows_namespace(service_namespace):
            return None
        if name.startswith("*"):
            return UnknownHost("no-service", service_namespace)
        hint = hint_for_service(index, name, service_namespace, as_fqdn=not is_short_name(host))
        if hint.owner is not None:
            reason = "workload" if hint.suggestion else "unexposed"
            return UnknownHost(reason, service_namespace, hint.suggestion, hint.owner)
        if hint.suggestion:
            return UnknownHost("did-you-mean", service_namespace, hint.suggestion)
        return UnknownHost("no-service", service_namespace)
    partial = partial_service_host(host)
    if partial is not None:
        name, service_namespace = partial
        # ``name.namespace`` could be a real domain; say so only when that Service exists.
        if host.count(".") > 1 or known.service(name, service_namespace) is not None:
            return UnknownHost("partial", service_namespace, service_host(name, service_namespace))
    return UnknownHost("no-service-entry", namespace)


# --------------------------------------------------------------------------- destinations


class Destination(Record):
    """One place a VirtualService sends (or mirrors) traffic to."""

    __slots__ = ("host", "match_ports", "mirror", "path", "port", "subset")

    def __init__(
        self,
        path: Path,
        host: str,
        subset: str | None,
        port: int | None,
        mirror: bool,
        match_ports: frozenset[int] | None = None,
    ) -> None:
        self.path = path  # of the destination mapping inside the VirtualService
        self.host = host
        self.subset = subset
        self.port = port
        self.mirror = mirror
        #: The ports the route's matches restrict it to; None when it takes any port.
        self.match_ports = match_ports


@per_object
def route_destinations(vs: K8sObject) -> Iterator[Destination]:
    """Every route destination of a VirtualService: ``http``, ``tcp`` and ``tls`` routes,
    ``http[].mirror`` and ``http[].mirrors[].destination``."""
    for section in ("http", "tcp", "tls"):
        routes = vs.get("spec", section)
        for i, item in enumerate(routes if isinstance(routes, list) else ()):
            if not isinstance(item, dict):
                continue
            base = ("spec", section, i)
            ports = _match_ports(item)
            for j, route in enumerate(_list(item.get("route"))):
                if isinstance(route, dict):
                    path = (*base, "route", j, "destination")
                    yield from _destination(path, route, False, ports)
            if section != "http":
                continue
            if isinstance(item.get("mirror"), dict):
                yield from _destination((*base, "mirror"), item, True, ports, key="mirror")
            for j, mirror in enumerate(_list(item.get("mirrors"))):
                if isinstance(mirror, dict):
                    path = (*base, "mirrors", j, "destination")
                    yield from _destination(path, mirror, True, ports)


def destinations(index: ObjectIndex, vs: K8sObject) -> list[Destination]:
    """``route_destinations(vs)``, read once a run for all the rules that need them."""
    cache: dict[int, list[Destination]] = index.derived("istio.destinations", lambda _: {})
    found = cache.get(id(vs))
    if found is None:
        found = cache[id(vs)] = list(route_destinations(vs))
    return found


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _match_ports(route: Mapping[str, Any]) -> frozenset[int] | None:
    """The ports a route is limited to: every match names a ``port``; else None."""
    matches = [m for m in _list(route.get("match")) if isinstance(m, dict)]
    ports = {_int(m.get("port")) for m in matches}
    if not matches or None in ports:
        return None
    return frozenset(p for p in ports if p is not None)


def _destination(
    path: Path,
    holder: Mapping[str, Any],
    mirror: bool,
    match_ports: frozenset[int] | None,
    key: str = "destination",
) -> Iterator[Destination]:
    data = holder.get(key)
    if not isinstance(data, dict):
        return
    host = data.get("host")
    subset = data.get("subset")
    yield Destination(
        path=path,
        host=host if isinstance(host, str) else "",
        subset=str(subset) if subset not in (None, "") else None,
        port=_int(kube.get_path(data, ("port", "number"))),
        mirror=mirror,
        match_ports=match_ports,
    )


def bound_gateways(vs: K8sObject) -> list[str]:
    """The gateways a VirtualService applies to: ``spec.gateways``, or ``mesh`` (the
    sidecars) when it names none."""
    written = [g for g in _list(vs.get("spec", "gateways")) if isinstance(g, str) and g]
    return written or [MESH_GATEWAY]


def listener_ports(index: ObjectIndex, vs: K8sObject, dest: Destination) -> set[int] | None:
    """The ports requests may arrive on before ``dest`` takes them, or None when that is not
    known. Istio sends a destination written without a port to the port the request came in
    on (unless the destination exposes a single port): a gateway server's port, or for the
    sidecars the port of the Service the VirtualService's hosts name."""
    if dest.match_ports is not None:
        return set(dest.match_ports)
    ports: set[int] = set()
    for reference in bound_gateways(vs):
        if reference == MESH_GATEWAY:
            hosts = [h for h in _list(vs.get("spec", "hosts")) if isinstance(h, str) and h]
            if not hosts:
                return None
            for host in hosts:
                found = registry(index).resolve(host, vs.namespace, vs.get("spec", "exportTo"))
                numbers = [exposed_ports(e) for e in found]
                if not numbers or any(n is None for n in numbers):
                    return None
                ports.update(p for n in numbers for p in n or ())
            continue
        gateway = find_gateway(index, reference, vs)
        if gateway is None:
            return None
        served = gateway_ports(gateway)
        if not served:
            return None
        ports.update(served)
    return ports


# --------------------------------------------------------------------------- subsets


def subset_names(rule: K8sObject) -> list[str]:
    """The subset names a DestinationRule defines, in order."""
    return [
        str(s["name"])
        for s in _list(rule.get("spec", "subsets"))
        if isinstance(s, dict) and s.get("name") not in (None, "")
    ]


def routed_subsets(index: ObjectIndex) -> dict[str, set[str]]:
    """Expanded destination host -> the subsets VirtualServices route or mirror to."""

    def build(index: ObjectIndex) -> dict[str, set[str]]:
        used: dict[str, set[str]] = {}
        for vs in networking_objects(index, "VirtualService"):
            for dest in destinations(index, vs):
                if dest.host and dest.subset:
                    host = expand_host(dest.host, vs.namespace)
                    used.setdefault(host, set()).add(dest.subset)
        return used

    return index.derived("istio.routed-subsets", build)


def subset_routed(index: ObjectIndex, host: str, namespace: str | None, subset: str) -> bool:
    """Whether any VirtualService routes to ``subset`` of a DestinationRule host (written in
    ``namespace``); a wildcard host covers every destination it matches."""
    rule_host = expand_host(host, namespace)
    routed = routed_subsets(index)
    if not rule_host.startswith("*") and subset in routed.get(rule_host, ()):
        return True
    return any(
        subset in subsets and hosts_match(rule_host, routed_host)
        for routed_host, subsets in routed.items()
        if routed_host.startswith("*") or rule_host.startswith("*")
    )


class _RuleTable(Record):
    __slots__ = ("exact", "wildcard")

    def __init__(
        self, exact: dict[str, list[K8sObject]], wildcard: list[tuple[str, K8sObject]]
    ) -> None:
        self.exact = exact
        self.wildcard = wildcard


def _rule_table(index: ObjectIndex) -> _RuleTable:
    def build(index: ObjectIndex) -> _RuleTable:
        table = _RuleTable({}, [])
        for rule in networking_objects(index, "DestinationRule"):
            host = rule.get("spec", "host")
            if not isinstance(host, str) or not host:
                continue
            expanded = expand_host(host, rule.namespace)
            if expanded.startswith("*"):
                table.wildcard.append((expanded, rule))
            else:
                table.exact.setdefault(expanded, []).append(rule)
        return table

    return index.derived("istio.destination-rules", build)


def rules_for_host(index: ObjectIndex, host: str, namespace: str | None) -> list[K8sObject]:
    """The DestinationRules whose host covers a destination host written in an object of
    ``namespace`` (a wildcard rule host covers the hosts it matches). Their ``exportTo`` is
    not considered, as ``istioctl analyze`` does not."""
    wanted = expand_host(host, namespace)
    table = _rule_table(index)
    found = list(table.exact.get(wanted, ())) if not wanted.startswith("*") else []
    found.extend(rule for rule_host, rule in table.wildcard if hosts_match(rule_host, wanted))
    if wanted.startswith("*"):
        found.extend(
            rule
            for rule_host, rules in table.exact.items()
            if hosts_match(wanted, rule_host)
            for rule in rules
        )
    return found


def subset_defined(index: ObjectIndex, host: str, namespace: str | None, subset: str) -> bool:
    """Whether a DestinationRule defines ``subset`` for a destination host written in an
    object of ``namespace`` (a wildcard DestinationRule host covers the hosts it matches)."""
    return any(subset in subset_names(rule) for rule in rules_for_host(index, host, namespace))


def rules_defining(index: ObjectIndex, subset: str, namespace: str | None) -> list[K8sObject]:
    """DestinationRules of ``namespace`` that define a subset named ``subset``, whatever
    their host (for "that rule names another host" hints)."""

    def build(index: ObjectIndex) -> dict[tuple[str | None, str], list[K8sObject]]:
        table: dict[tuple[str | None, str], list[K8sObject]] = {}
        for rule in networking_objects(index, "DestinationRule"):
            for name in subset_names(rule):
                table.setdefault((rule.namespace, name), []).append(rule)
        return table

    return index.derived("istio.rules-by-subset", build).get((namespace, subset), [])


#: Labels Istio gives a workload's endpoints besides its pod labels (from its node, and from
#: the sidecar injector), so a subset may select on them though no template writes them.
ENDPOINT_LABELS = frozenset(
    {
        "topology.kubernetes.io/region", "topology.kubernetes.io/zone",
        "topology.istio.io/subzone", "topology.istio.io/network", "topology.istio.io/cluster",
        "kubernetes.io/hostname", "security.istio.io/tlsMode", "service.istio.io/canonical-name",
        "service.istio.io/canonical-revision",
    }
)  # fmt: skip


def subset_labels(subset: Mapping[str, Any]) -> dict[str, str]:
    """A subset's labels, less the ones Istio adds to endpoints (see ``ENDPOINT_LABELS``)."""
    return {
        k: v for k, v in kube.labels_of(subset.get("labels")).items() if k not in ENDPOINT_LABELS
    }


def service_pods(index: ObjectIndex, service: K8sObject) -> list[PodSource]:
    """The pod sources of the linted set a Service's selector selects in its namespace (or
    that may be applied into it); none for a Service without a selector."""
    selector = kube.labels_of(service.get("spec", "selector"))
    if not selector:
        return []
    if service.written_namespace is None:  # applied wherever: any namespace will do
        found = selectable(index, selector)
    else:
        by_label, by_varying = index.derived("istio.pods-by-namespace", _pods_by_namespace)
        key, value = next(iter(selector.items()))
        found = []
        for namespace in (service.namespace, _FLOATING):
            found += by_label.get((namespace, key, value), [])
            found += by_varying.get((namespace, key), [])
        found = [source for source in found if source.matches(selector)]
    return sorted(found, key=_source_order)


#: Where pods that write no namespace are filed: they may join any namespace.
_FLOATING = "\0floating"

_Filed = tuple[
    dict[tuple[str | None, str, str], list[PodSource]],
    dict[tuple[str | None, str], list[PodSource]],
]


def _pods_by_namespace(index: ObjectIndex) -> _Filed:
    """Pod sources by (namespace, label, value), and by (namespace, label) for the labels
    a controller sets with a value of its choosing; pods that write no namespace are filed
    under ``_FLOATING``."""
    by_label: dict[tuple[str | None, str, str], list[PodSource]] = {}
    by_varying: dict[tuple[str | None, str], list[PodSource]] = {}
    for source in pod_sources(index):
        owner = source.owner
        namespace = owner.namespace if owner.written_namespace is not None else _FLOATING
        for key, value in source.labels.items():
            by_label.setdefault((namespace, key, value), []).append(source)
        for key in source.varying:
            if key not in source.labels:
                by_varying.setdefault((namespace, key), []).append(source)
    return by_label, by_varying


def merged_rules(index: ObjectIndex, rule: K8sObject) -> list[K8sObject]:
    """The DestinationRules Istio merges with ``rule``: same namespace, same host once
    expanded, and no workload selector on either (or equal ones). Sorted by file and
    position, ``rule`` included."""

    def build(index: ObjectIndex) -> dict[tuple[Any, ...], list[K8sObject]]:
        table: dict[tuple[Any, ...], list[K8sObject]] = {}
        for other in networking_objects(index, "DestinationRule"):
            key = _merge_key(other)
            if key is not None:
                table.setdefault(key, []).append(other)
        for rules in table.values():
            rules.sort(key=lambda r: (r.file.real_path or r.file.path, r.offset(())))
        return table

    key = _merge_key(rule)
    if key is None:
        return []
    return index.derived("istio.merged-rules", build).get(key, [])


def _merge_key(rule: K8sObject) -> tuple[Any, ...] | None:
    host = rule.get("spec", "host")
    if not isinstance(host, str) or not host:
        return None
    selector = kube.labels_of(rule.get("spec", "workloadSelector", "matchLabels"))
    return (rule.namespace, expand_host(host, rule.namespace), tuple(sorted(selector.items())))


# --------------------------------------------------------------------------- gateways

#: The reserved gateway name for the sidecars of the mesh.
MESH_GATEWAY = "mesh"
GATEWAY_API_GROUP = "gateway.networking.k8s.io"
#: Marks the internal gateways Istio generates for Gateway API objects.
GENERATED_GATEWAY_MARK = "~istio-autogenerated-k8s-gateway~"


def gateway_reference(reference: str, namespace: str | None) -> tuple[str, str] | None:
    """``(namespace, name)`` of a VirtualService's gateway reference, read the way Istio
    reads it: ``ns/name`` (``./name`` is the VirtualService's namespace), a bare name in
    the VirtualService's namespace, or the older ``name.ns`` and
    ``name.ns.svc.cluster.local``. None for ``mesh`` and for what names no object."""
    if not reference or reference == MESH_GATEWAY or GENERATED_GATEWAY_MARK in reference:
        return None
    gateway_namespace, slash, name = reference.partition("/")
    if slash:
        if gateway_namespace == ".":
            gateway_namespace = namespace or ""
    elif "." in reference:
        name, _, rest = reference.partition(".")
        gateway_namespace = rest.partition(".")[0]
    else:
        name, gateway_namespace = reference, namespace or ""
    if not name or not gateway_namespace:
        return None
    return gateway_namespace, name


def gateway_references(vs: K8sObject) -> Iterator[tuple[Path, str]]:
    """Every gateway name a VirtualService writes, and where: ``spec.gateways`` and the
    ``gateways`` of each route's matches (``http``, ``tcp`` and ``tls``)."""
    yield from _gateway_names(vs.get("spec", "gateways"), ("spec", "gateways"))
    for section in ("http", "tcp", "tls"):
        for i, route in enumerate(_list(vs.get("spec", section))):
            matches = route.get("match") if isinstance(route, dict) else None
            for j, match in enumerate(_list(matches)):
                if isinstance(match, dict):
                    path = ("spec", section, i, "match", j, "gateways")
                    yield from _gateway_names(match.get("gateways"), path)


def _gateway_names(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    for i, name in enumerate(_list(value)):
        if isinstance(name, str) and name:
            yield (*path, i), name


def resolve_gateway(index: ObjectIndex, reference: str, namespace: str | None) -> K8sObject | None:
    """The Gateway a VirtualService's ``spec.gateways`` entry names (see
    ``gateway_reference``): an Istio Gateway first, then a Gateway API Gateway. None when
    there is none (and for ``mesh``, which is not an object)."""
    parsed = gateway_reference(reference, namespace)
    if parsed is None:
        return None
    gateway_namespace, name = parsed
    for group in (NETWORKING_GROUP, GATEWAY_API_GROUP):
        found = index.get("Gateway", name, gateway_namespace, group=group)
        if found is not None and (group != NETWORKING_GROUP or is_networking(found)):
            return found
    return None


def gateways_named(index: ObjectIndex, name: str) -> list[K8sObject]:
    """Every Istio or Gateway API Gateway called ``name``, in any namespace."""

    def build(index: ObjectIndex) -> dict[str, list[K8sObject]]:
        table: dict[str, list[K8sObject]] = {}
        for gateway in index.of_kind("Gateway"):
            if is_networking(gateway) or gateway.group == GATEWAY_API_GROUP:
                table.setdefault(gateway.name, []).append(gateway)
        return table

    return index.derived("istio.gateways-by-name", build).get(name, [])


def gateway_names(index: ObjectIndex, namespace: str) -> list[str]:
    """Names of the Istio and Gateway API Gateways of ``namespace``."""
    return sorted(
        {
            g.name
            for g in index.of_kind("Gateway", namespace)
            if is_networking(g) or g.group == GATEWAY_API_GROUP
        }
    )


def find_gateway(index: ObjectIndex, reference: str, referrer: K8sObject) -> K8sObject | None:
    """The Gateway ``referrer`` (a VirtualService) names with ``reference``: resolved as
    Istio does, or a Gateway of that name that may be applied into the same namespace (one
    of the two writes no namespace)."""
    found = resolve_gateway(index, reference, referrer.namespace)
    if found is not None:
        return found
    parsed = gateway_reference(reference, referrer.namespace)
    if parsed is None:
        return None
    _, name = parsed
    explicit = "/" in reference or "." in reference
    for gateway in gateways_named(index, name):
        if gateway.written_namespace is None or (
            not explicit and may_share_namespace(gateway, referrer)
        ):
            return gateway
    return None


def gateway_ports(gateway: K8sObject) -> set[int]:
    """The ports a Gateway serves: Istio ``servers[].port.number``, Gateway API
    ``listeners[].port``."""
    if is_networking(gateway):
        numbers = (
            kube.get_path(s, ("port", "number")) for s in _list(gateway.get("spec", "servers"))
        )
    else:
        numbers = (
            s.get("port") for s in _list(gateway.get("spec", "listeners")) if isinstance(s, dict)
        )
    return {n for n in (_int(v) for v in numbers) if n is not None}


#: The TLS mode of a Gateway server that writes none (the first value of Istio's enum).
DEFAULT_TLS_MODE = "PASSTHROUGH"


class Credential(Record):
    """The Secret a TLS server of an Istio Gateway reads its certificate from."""

    __slots__ = ("mode", "name", "path")

    def __init__(self, name: str, path: Path, mode: str) -> None:
        self.name = name  # ``tls.credentialName``
        self.path = path  # of the name
        self.mode = mode  # ``tls.mode``, or its default


def server_credentials(gateway: K8sObject) -> Iterator[Credential]:
    """The ``credentialName`` of each TLS server of an Istio Gateway that is a plain Secret
    name (read where the gateway's pods run), not a reference of another form
    (``kubernetes://...``, ``ns/name``) nor a placeholder (``$CERT``)."""
    for i, server in enumerate(_list(gateway.get("spec", "servers"))):
        tls = server.get("tls") if isinstance(server, dict) else None
        if not isinstance(tls, dict):
            continue
        name = tls.get("credentialName")
        if not isinstance(name, str) or not name or any(c in name for c in "/:$"):
            continue
        mode = str(tls.get("mode") or DEFAULT_TLS_MODE)
        yield Credential(name, ("spec", "servers", i, "tls", "credentialName"), mode)


def gateway_selector(gateway: K8sObject) -> dict[str, str]:
    """An Istio Gateway's ``spec.selector``: the labels of the proxies that serve it."""
    return kube.labels_of(gateway.get("spec", "selector"))


def gateway_pods(index: ObjectIndex, gateway: K8sObject) -> list[PodSource]:
    """The pods of the linted set an Istio Gateway's selector picks, in any namespace (as
    Istio does by default); none for an empty selector."""
    selector = gateway_selector(gateway)
    if not selector:
        return []
    return sorted(selectable(index, selector), key=_source_order)


def _source_order(source: PodSource) -> tuple[str, str, str]:
    owner = source.owner
    return owner.namespace or "", owner.kind, owner.name


#: The pod-template annotation that picks the injection template; ``gateway`` makes the pod
#: an Istio gateway.
INJECT_TEMPLATES_ANNOTATION = "inject.istio.io/templates"


def runs_gateway(source: PodSource) -> bool:
    """Whether the pods look like an Istio gateway: injected with the ``gateway`` template,
    running nothing but Istio's proxy image (a pod that also runs an application has a
    sidecar written into it), or labelled ``istio: <something>gateway`` as Istio's
    installers label them."""
    owner = source.owner
    path = kube.template_labels_path(owner.group, owner.kind)
    if path is not None:
        annotations = kube.labels_of(owner.get(*path[:-1], "annotations"))
        templates = annotations.get(INJECT_TEMPLATES_ANNOTATION, "")
        if "gateway" in (t.strip() for t in templates.split(",")):
            return True
    if source.labels.get("istio", "").endswith("gateway"):
        return True
    images = [c.data.get("image") for c in owner.containers() if c.list_name == "containers"]
    return bool(images) and all(
        isinstance(image, str) and kube.split_image(image).repository.endswith("/proxyv2")
        for image in images
    )


#: Pod labels of the gateways Istio's installers deploy (istioctl profiles, and the Helm
#: ``gateway`` chart under its documented release names), assumed to run somewhere, as
#: ``ISTIO_INSTALLED_SERVICES`` are.
INSTALLED_GATEWAY_LABELS: tuple[Mapping[str, str], ...] = (
    {"istio": "ingressgateway", "app": "istio-ingressgateway"},
    {"istio": "egressgateway", "app": "istio-egressgateway"},
    {"istio": "eastwestgateway", "app": "istio-eastwestgateway"},
    {"istio": "ingress", "app": "istio-ingress"},
    {"istio": "egress", "app": "istio-egress"},
)
#: Labels an installer sets per cluster on its gateways, whatever their value.
_INSTALL_SPECIFIC_LABELS = frozenset({"topology.istio.io/network", "istio.io/rev"})


def selects_installed_gateway(selector: Mapping[str, str]) -> bool:
    """Whether a Gateway selector picks one of the gateways Istio installs itself."""
    wanted = {k: v for k, v in selector.items() if k not in _INSTALL_SPECIFIC_LABELS}
    return bool(wanted) and any(
        all(labels.get(k) == v for k, v in wanted.items()) for labels in INSTALLED_GATEWAY_LABELS
    )


def gateway_workloads(index: ObjectIndex) -> list[PodSource]:
    """The pod sources of the linted set that run Istio gateways."""

    def build(index: ObjectIndex) -> list[PodSource]:
        return sorted((s for s in pod_sources(index) if runs_gateway(s)), key=_source_order)

    return index.derived("istio.gateway-workloads", build)


def secrets_named(index: ObjectIndex, name: str) -> list[K8sObject]:
    """Every Secret called ``name`` in the run, whatever its namespace."""

    def build(index: ObjectIndex) -> dict[str, list[K8sObject]]:
        table: dict[str, list[K8sObject]] = {}
        for secret in index.of_kind("Secret", group=""):
            table.setdefault(secret.name, []).append(secret)
        return table

    return index.derived("istio.secrets-by-name", build).get(name, [])


#: Key pairs a gateway reads a certificate and its private key from (Istio accepts both).
CERTIFICATE_KEYS = (("tls.crt", "tls.key"), ("cert", "key"))
#: Keys holding the CA that verifies client certificates (mode MUTUAL).
CA_KEYS = ("ca.crt", "cacert")
#: The suffix of the separate Secret Istio also reads the client CA from.
CA_SECRET_SUFFIX = "-cacert"


def secret_keys(secret: K8sObject) -> set[str]:
    """The keys a Secret writes (``data`` and ``stringData``); never their values."""
    keys: set[str] = set()
    for field in ("data", "stringData"):
        value = secret.get(field)
        if isinstance(value, dict):
            keys.update(str(k) for k in value)
    return keys


def holds_certificate(secret: K8sObject) -> bool | None:
    """Whether a Secret holds a certificate and key a gateway can serve; None when its
    keys are not written (a placeholder something else fills)."""
    if secret.get("type") == "kubernetes.io/tls":
        return True  # the API server requires tls.crt and tls.key
    keys = secret_keys(secret)
    if not keys:
        return None
    return any(cert in keys and key in keys for cert, key in CERTIFICATE_KEYS)


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
        metadata = kube.get_path(owner.data, path[:-1])
        if not isinstance(metadata, dict):
            continue
        pod_labels, pod_annotations = metadata.get("labels"), metadata.get("annotations")
        if (
            _label(pod_labels, "sidecar.istio.io/inject") == "true"
            or _label(pod_annotations, "sidecar.istio.io/inject") == "true"
            or _label(pod_labels, "istio.io/rev")
        ):
            return True
    return False


def _label(mapping: Any, key: str) -> str:
    """``kube.labels_of(mapping).get(key, "")``, without converting the whole mapping."""
    return kube.label_text(mapping.get(key) if isinstance(mapping, dict) else None)


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


class PortProtocol(Record):
    """The protocol Istio chooses for a Service port, and what decided it."""

    __slots__ = ("protocol", "source")

    def __init__(self, protocol: str | None, source: str) -> None:
        self.protocol = protocol  # None: not declared, Istio sniffs the first bytes
        self.source = source  # "protocol" (UDP), "appProtocol", "name" or "port" (Istio's default)


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


class WellKnownPort(Record):
    """A port number that, in practice, always carries one non-HTTP protocol."""

    __slots__ = ("server_first", "service", "short")

    def __init__(self, service: str, short: str, server_first: bool) -> None:
        self.service = service  # as people write it: "MySQL"
        self.short = short  # for a port name: "tcp-mysql"
        # the server speaks first, so sniffing the client's bytes stalls
        self.server_first = server_first


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
