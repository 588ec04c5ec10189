"""Service port name makes Istio pick a protocol the port does not speak.

## Why
Istio decides how its sidecars handle a Service port from `appProtocol`, or else from the
port name's prefix (`http-…`, `grpc-…`, `tcp-…`, `mysql`, `redis`…). A database or broker
port named `http` is parsed as HTTP requests: MySQL, PostgreSQL, Redis or Kafka
connections fail or are cut, with nothing in the application logs. A port whose name
Istio does not understand (or no name) is sniffed from the client's first bytes instead;
that is harmless for protocols where the client speaks first, but a server that greets
first (FTP, SMTP, POP3, IMAP, NATS) waits for bytes that never come. Istio already treats
unnamed ports 25, 53, 3306 and 27017 as TCP.

kubelint checks the registered ports of common non-HTTP protocols (MySQL 3306,
PostgreSQL 5432, Redis 6379, MongoDB 27017, Kafka 9092, AMQP 5672, Memcached 11211,
ZooKeeper 2181, Cassandra 9042, SQL Server 1433, …) and only when the linted files show
Istio in use: an Istio object, a Namespace labelled for injection or ambient mode, or a pod
template asking for a sidecar. Other unnamed or unconventional port names are not reported
(`istioctl analyze` lists them as information only), nor are `tls`/`https` names, since
many of these protocols can run inside TLS. Services of Istio's own installation are
skipped.

## Example
```yaml
kind: Service
metadata:
  name: mysql
spec:
  ports:
  - port: 3306
    name: http
```

## Fix
Name the port after what it carries with a TCP prefix (`tcp-mysql`; `mysql`, `redis` and
`mongo` also work), or set `appProtocol: tcp`, which takes precedence over the name.
"""

from collections.abc import Iterator

from kubelint import istio
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

#: How messages spell the protocols Istio parses as HTTP.
_SPELLING = {
    "HTTP": "HTTP",
    "HTTP2": "HTTP/2",
    "HTTP_PROXY": "HTTP",
    "GRPC": "gRPC",
    "GRPC-Web": "gRPC-Web",
}


@rule(
    "istio-port-protocol",
    category="istio",
    severity="warning",
    kinds={"Service"},
    messages={
        "name": "port {port} is named {name!r}, so Istio handles its {service} traffic as "
        "{protocol}; name it {suggestion!r} or set appProtocol: tcp",
        "app-protocol": "port {port} has appProtocol {app_protocol!r}, so Istio handles its "
        "{service} traffic as {protocol}; set appProtocol: tcp",
        "unnamed": "port {port} has no name, so Istio sniffs the protocol from the client's "
        "first bytes, but {service} servers speak first and connections stall; name it "
        "{suggestion!r} or set appProtocol: tcp",
        "unrecognised": "port {port} is named {name!r}, which Istio does not understand, so "
        "it sniffs the protocol from the client's first bytes, but {service} servers speak "
        "first and connections stall; name it {suggestion!r} or set appProtocol: tcp",
        "unrecognised-app-protocol": "port {port} has appProtocol {app_protocol!r}, which "
        "Istio does not understand, so it sniffs the protocol from the client's first bytes, "
        "but {service} servers speak first and connections stall; set appProtocol: tcp",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.group != "" or not istio.mesh_in_use(ctx.index):
        return
    ports = obj.get("spec", "ports")
    if not isinstance(ports, list) or istio.is_istio_own_service(obj):
        return
    for i, port in enumerate(ports):
        if not isinstance(port, dict):
            continue
        number = istio.port_number(port)
        known = istio.WELL_KNOWN_PORTS.get(number) if number is not None else None
        if known is None:
            continue
        chosen = istio.port_protocol(port)
        at = ("spec", "ports", i)
        name = port.get("name")
        name = name if isinstance(name, str) else ""
        suggestion = _suggest_name(name, known)
        if chosen.protocol in istio.HTTP_PROTOCOLS and chosen.source == "appProtocol":
            yield Problem(
                "app-protocol",
                (*at, "appProtocol"),
                port=number,
                service=known.service,
                app_protocol=port.get("appProtocol"),
                protocol=_SPELLING[chosen.protocol],
            )
        elif chosen.protocol in istio.HTTP_PROTOCOLS:
            yield Problem(
                "name",
                (*at, "name"),
                port=number,
                service=known.service,
                name=name,
                protocol=_SPELLING[chosen.protocol],
                suggestion=suggestion,
            )
        elif chosen.protocol is None and known.server_first:
            if chosen.source == "appProtocol":
                yield Problem(
                    "unrecognised-app-protocol",
                    (*at, "appProtocol"),
                    port=number,
                    app_protocol=port.get("appProtocol"),
                    service=known.service,
                )
            elif name:
                yield Problem(
                    "unrecognised",
                    (*at, "name"),
                    port=number,
                    name=name,
                    service=known.service,
                    suggestion=suggestion,
                )
            elif not name:
                yield Problem(
                    "unnamed",
                    (*at, "port"),
                    port=number,
                    service=known.service,
                    suggestion=suggestion,
                )


def _suggest_name(name: str, known: istio.WellKnownPort) -> str:
    """``http-db`` -> ``tcp-db``; ``http`` (or nothing to keep) -> ``tcp-mysql``."""
    _, dash, rest = name.partition("-")
    if dash and rest and not name.lower().startswith("grpc-web"):
        return f"tcp-{rest}"
    return f"tcp-{known.short}"
