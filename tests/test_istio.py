"""Istio host resolution, port protocols and the istio-* rules, as a user sees them."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixture_support import lint_clean, load_index, severities, write
from kubelint import istio
from kubelint.engine import Settings, assign_namespaces, lint, load_source
from kubelint.index import ExternalObject, ObjectIndex
from kubelint.registry import load_rules

ISTIO_RULES = tuple(sorted(r.id for r in load_rules().values() if r.category == "istio"))


def run(path: Path, *, external: tuple[ExternalObject, ...] = ()) -> list[tuple[int, str, str]]:
    settings = Settings(severities=severities(ISTIO_RULES), external=external)
    report = lint_clean([path], settings)
    return [(f.line, f.rule, f.message) for f in report.findings]


def index_of(tmp_path: Path, text: str) -> ObjectIndex:
    return load_index(text)[1]


# --------------------------------------------------------------------------- host helpers


@pytest.mark.parametrize(
    ("host", "namespace", "expected"),
    [
        ("reviews", "shop", "reviews.shop.svc.cluster.local"),
        ("reviews.shop", "shop", "reviews.shop"),  # has a dot: taken literally
        ("reviews.shop.svc.cluster.local", "other", "reviews.shop.svc.cluster.local"),
        ("*.example.com", "shop", "*.example.com"),
        ("*", "shop", "*"),
    ],
)
def test_expand_host_only_expands_short_names(host, namespace, expected):
    assert istio.expand_host(host, namespace) == expected


def test_split_service_host():
    assert istio.split_service_host("reviews.shop.svc.cluster.local") == ("reviews", "shop")
    assert istio.split_service_host("*.shop.svc.cluster.local") == ("*", "shop")
    assert istio.split_service_host("svc.cluster.local") is None
    assert istio.split_service_host("api.example.com") is None


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("reviews.shop", ("reviews", "shop")),
        ("reviews.shop.svc", ("reviews", "shop")),
        ("reviews.shop.svc.cluster", ("reviews", "shop")),
        ("api.example.com", None),
        ("reviews", None),
        ("*.shop", None),
    ],
)
def test_partial_service_host(host, expected):
    assert istio.partial_service_host(host) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("a.example.com", "a.example.com", True),
        ("*.example.com", "a.example.com", True),
        ("a.example.com", "*.example.com", True),
        ("*.example.com", "*.b.example.com", True),
        ("*.example.com", "example.com", False),
        ("a.example.com", "b.example.com", False),
        ("*", "anything.at.all", True),
    ],
)
def test_hosts_match_is_wildcard_aware_and_symmetric(a, b, expected):
    assert istio.hosts_match(a, b) is expected
    assert istio.hosts_match(b, a) is expected


def test_export_scope():
    assert istio.export_scope(None, "shop") == {"*"}
    assert istio.export_scope([], "shop") == {"*"}
    assert istio.export_scope(".", "shop") == {"shop"}
    assert istio.export_scope(".,frontend", "shop") == {"shop", "frontend"}
    assert istio.export_scope([".", "*"], "shop") == {"*"}
    assert istio.export_scope(["~"], "shop") == set()


def test_visibility_follows_export_scopes():
    assert istio.visible(frozenset({"*"}), frozenset({"frontend"}))
    assert istio.visible(frozenset({"shop"}), frozenset({"shop"}))
    assert not istio.visible(frozenset({"shop"}), frozenset({"frontend"}))
    assert not istio.visible(frozenset(), frozenset({"shop"}))
    # an object exported everywhere sees whatever is exported somewhere
    assert istio.visible(frozenset({"shop"}), frozenset({"*"}))


# --------------------------------------------------------------------------- registry

REGISTRY_YAML = """\
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec:
  ports: [{name: http, port: 9080}]
---
apiVersion: v1
kind: Service
metadata:
  name: private
  namespace: shop
  annotations: {networking.istio.io/exportTo: "."}
spec:
  ports: [{name: http, port: 80}]
---
apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata: {name: legacy, namespace: shop}
spec:
  hosts: [legacy-db, "*.partner.example.com"]
  exportTo: ["."]
  ports: [{number: 5432, name: tcp, protocol: TCP}]
---
apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry
metadata: {name: stripe, namespace: egress}
spec:
  hosts: [api.stripe.com]
  ports: [{number: 443, name: tls, protocol: TLS}]
"""


def described(entries: list[istio.RegistryHost]) -> list[str]:
    return [e.describe() for e in entries]


def test_registry_resolves_services_and_service_entries(tmp_path):
    registry = istio.registry(index_of(tmp_path, REGISTRY_YAML))
    assert described(registry.resolve("reviews", "shop")) == ["Service shop/reviews"]
    assert described(registry.resolve("reviews.shop.svc.cluster.local", "frontend")) == [
        "Service shop/reviews"
    ]
    assert registry.resolve("reviews", "frontend") == []  # reviews.frontend...
    assert registry.resolve("reviews.shop", "shop") == []
    # ServiceEntry short names are expanded in the ServiceEntry's namespace
    assert described(registry.resolve("legacy-db", "shop")) == ["ServiceEntry shop/legacy"]
    assert described(registry.resolve("api.partner.example.com", "shop")) == [
        "ServiceEntry shop/legacy"
    ]
    assert described(registry.resolve("api.stripe.com", "anywhere")) == [
        "ServiceEntry egress/stripe"
    ]


def test_registry_honours_export_to(tmp_path):
    registry = istio.registry(index_of(tmp_path, REGISTRY_YAML))
    host = "private.shop.svc.cluster.local"
    assert described(registry.resolve(host, "shop")) == ["Service shop/private"]
    assert registry.resolve(host, "frontend") == []
    assert described(registry.matching(host)) == ["Service shop/private"]
    # the referring object's own exportTo decides where it is used
    assert described(registry.resolve(host, "frontend", ["shop"])) == ["Service shop/private"]
    assert registry.resolve("api.partner.example.com", "frontend") == []


def test_registry_knows_the_services_istio_installs(tmp_path):
    registry = istio.registry(index_of(tmp_path, REGISTRY_YAML))
    found = registry.resolve("istiod.istio-system.svc.cluster.local", "shop")
    assert described(found) == ["Service istio-system/istiod"]
    assert found[0].source is None


def test_registry_knows_namespaces_with_services_or_workloads(tmp_path):
    registry = istio.registry(index_of(tmp_path, REGISTRY_YAML))
    assert registry.knows_namespace("shop")
    assert not registry.knows_namespace("egress")  # only a ServiceEntry there


def test_registry_is_built_once_per_index(tmp_path):
    index = index_of(tmp_path, REGISTRY_YAML)
    assert istio.registry(index) is istio.registry(index)


def test_declared_external_hosts(tmp_path):
    source = load_source(str(write(tmp_path, REGISTRY_YAML)), "manifests.yaml")
    assign_namespaces(source.objects, "default")
    index = ObjectIndex(
        source.objects,
        [
            ExternalObject("Service", "payments", "billing"),
            ExternalObject("ServiceEntry", "*.internal.example.com"),
        ],
    )
    registry = istio.registry(index)
    assert registry.declared_external("payments.billing.svc.cluster.local")
    assert not registry.declared_external("payments.shop.svc.cluster.local")
    assert registry.declared_external("vault.internal.example.com")
    assert not registry.declared_external("api.example.com")


# --------------------------------------------------------------------------- destinations


def test_route_destinations_cover_http_tcp_tls_and_mirrors(tmp_path):
    index = index_of(
        tmp_path,
        """\
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: echo}
        spec:
          hosts: [echo]
          http:
          - route:
            - destination: {host: echo, subset: v1, port: {number: 80}}
            mirror: {host: echo, subset: shadow}
            mirrors:
            - destination: {host: echo-audit}
          tcp:
          - route:
            - destination: {host: echo, subset: tcp}
          tls:
          - route:
            - destination: {host: echo.default.svc.cluster.local}
        """,
    )
    (vs,) = istio.networking_objects(index, "VirtualService")
    found = [(d.path, d.host, d.subset, d.port, d.mirror) for d in istio.route_destinations(vs)]
    assert found == [
        (("spec", "http", 0, "route", 0, "destination"), "echo", "v1", 80, False),
        (("spec", "http", 0, "mirror"), "echo", "shadow", None, True),
        (("spec", "http", 0, "mirrors", 0, "destination"), "echo-audit", None, None, True),
        (("spec", "tcp", 0, "route", 0, "destination"), "echo", "tcp", None, False),
        (
            ("spec", "tls", 0, "route", 0, "destination"),
            "echo.default.svc.cluster.local",
            None,
            None,
            False,
        ),
    ]


def test_gateway_api_objects_are_not_istio_networking(tmp_path):
    index = index_of(
        tmp_path,
        """\
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: web}
        spec: {gatewayClassName: istio, listeners: []}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: ingress}
        spec: {selector: {istio: ingressgateway}, servers: []}
        """,
    )
    assert [g.name for g in istio.networking_objects(index, "Gateway")] == ["ingress"]


# --------------------------------------------------------------------------- protocols


@pytest.mark.parametrize(
    ("port", "expected"),
    [
        ({"port": 80, "name": "http"}, ("HTTP", "name")),
        ({"port": 80, "name": "HTTP2-web"}, ("HTTP2", "name")),
        ({"port": 80, "name": "grpc-web-ui"}, ("GRPC-Web", "name")),
        ({"port": 80, "name": "httpfoo"}, (None, "name")),
        ({"port": 80}, (None, "name")),
        ({"port": 3306}, ("TCP", "port")),
        ({"port": 3306, "name": "database"}, ("TCP", "port")),
        ({"port": 6379}, (None, "name")),
        ({"port": 53, "name": "http", "protocol": "UDP"}, ("UDP", "protocol")),
        ({"port": 80, "name": "http", "appProtocol": "tcp"}, ("TCP", "appProtocol")),
        ({"port": 80, "name": "tcp", "appProtocol": "kubernetes.io/h2c"}, ("HTTP2", "appProtocol")),
        ({"port": 80, "name": "tcp", "appProtocol": "kubernetes.io/wss"}, ("HTTPS", "appProtocol")),
    ],
)
def test_port_protocol_follows_istio(port, expected):
    chosen = istio.port_protocol(port)
    assert (chosen.protocol, chosen.source) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "kind: Namespace\napiVersion: v1\nmetadata: {name: a, labels: {istio-injection: enabled}}",
            True,
        ),
        (
            "kind: Namespace\napiVersion: v1\nmetadata: {name: a, labels: {istio-injection: disabled}}",
            False,
        ),
        (
            "kind: Namespace\napiVersion: v1\nmetadata: {name: a, labels: {istio.io/dataplane-mode: ambient}}",
            True,
        ),
        (
            "kind: PeerAuthentication\napiVersion: security.istio.io/v1\nmetadata: {name: default}",
            True,
        ),
        (
            "kind: Deployment\napiVersion: apps/v1\nmetadata: {name: a}\nspec:\n  template:\n"
            "    metadata: {annotations: {sidecar.istio.io/inject: 'true'}}\n    spec: {containers: []}",
            True,
        ),
        ("kind: Service\napiVersion: v1\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}", False),
    ],
)
def test_mesh_in_use(tmp_path, text, expected):
    assert istio.mesh_in_use(index_of(tmp_path, text)) is expected


# --------------------------------------------------------------------------- rules

APP = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: eng-app-app, namespace: eng-app}
spec:
  selector: {matchLabels: {app: eng-app-app}}
  template:
    metadata: {labels: {app: eng-app-app, version: v1}}
    spec: {containers: [{name: app, image: "example/app:1"}]}
---
apiVersion: v1
kind: Service
metadata: {name: eng-app-app-service, namespace: eng-app}
spec:
  selector: {app: eng-app-app}
  ports: [{name: http, port: 3000}]
"""


def test_unknown_host_names_the_service_of_a_workload_with_that_name(tmp_path):
    path = write(
        tmp_path,
        APP
        + """\
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: eng-app-destination-rules, namespace: eng-app}
spec:
  host: eng-app-app
""",
    )
    assert run(path) == [
        (
            21,
            "istio-unknown-host",
            "host 'eng-app-app' matches no Service in namespace eng-app: Deployment "
            "eng-app-app has that name, but a DestinationRule needs a Service; did you mean "
            "'eng-app-app-service', the Service that selects its pods?",
        )
    ]


def test_unknown_host_keeps_the_fqdn_spelling_in_its_suggestion(tmp_path):
    path = write(
        tmp_path,
        APP
        + """\
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: app, namespace: other}
spec:
  host: eng-app-app.eng-app.svc.cluster.local
""",
    )
    [(_, _, message)] = run(path)
    assert "did you mean 'eng-app-app-service.eng-app.svc.cluster.local'" in message


def test_unknown_host_for_a_workload_no_service_selects(tmp_path):
    path = write(
        tmp_path,
        """\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: worker}
        spec:
          selector: {matchLabels: {app: worker}}
          template:
            metadata: {labels: {app: worker}}
            spec: {containers: [{name: w, image: "example/worker:1"}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: worker}
        spec: {host: worker}
        """,
    )
    [(_, _, message)] = run(path)
    assert message == (
        "host 'worker' matches no Service in namespace default: Deployment worker has that "
        "name, but no Service selects its pods; add a Service and use its name as the host"
    )


def test_unknown_host_silenced_by_declared_external_service(tmp_path):
    path = write(
        tmp_path,
        APP
        + """\
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: legacy, namespace: eng-app}
spec:
  host: legacy-api
""",
    )
    assert [rule for _, rule, _ in run(path)] == ["istio-unknown-host"]
    assert run(path, external=(ExternalObject("Service", "legacy-*", "eng-app"),)) == []


def test_unknown_host_quiet_for_namespaces_the_files_do_not_hold(tmp_path):
    path = write(
        tmp_path,
        APP
        + """\
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: payments, namespace: eng-app}
spec:
  host: payments.billing.svc.cluster.local
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: orders, namespace: orders}
spec:
  host: orders
""",
    )
    assert run(path) == []


def test_unknown_host_external_host_needs_a_service_entry(tmp_path):
    text = """\
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: stripe}
        spec:
          host: api.stripe.com
          trafficPolicy: {tls: {mode: SIMPLE}}
        """
    path = write(tmp_path, text)
    assert run(path) == [
        (
            5,
            "istio-unknown-host",
            "host 'api.stripe.com' matches no ServiceEntry visible in namespace default, so "
            "Istio ignores this DestinationRule; add a ServiceEntry for it or declare it in "
            "external-objects",
        )
    ]
    assert run(path, external=(ExternalObject("ServiceEntry", "*.stripe.com"),)) == []


def test_unused_subset_counts_routes_from_any_namespace(tmp_path):
    path = write(
        tmp_path,
        """\
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: shop}
        spec:
          host: reviews
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
          - {name: v3, labels: {version: v3}}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: frontend}
        spec:
          hosts: [reviews.shop.svc.cluster.local]
          http:
          - route:
            - destination: {host: reviews.shop.svc.cluster.local, subset: v1}
            mirror: {host: reviews.shop.svc.cluster.local, subset: v3}
          - route:
            - destination: {host: reviews, subset: v2}
        """,
    )
    # ``reviews`` in namespace frontend is another host: v2 is not routed
    assert run(path) == [
        (
            8,
            "istio-unused-subset",
            "subset 'v2' of host 'reviews' is not used by any VirtualService route; route to "
            "it or remove it",
        )
    ]


def test_unused_subset_of_a_wildcard_rule(tmp_path):
    path = write(
        tmp_path,
        """\
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: shop, namespace: shop}
        spec:
          host: "*.shop.svc.cluster.local"
          subsets:
          - {name: stable, labels: {track: stable}}
          - {name: edge, labels: {track: edge}}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: cart, namespace: shop}
        spec:
          hosts: [cart]
          http:
          - route:
            - destination: {host: cart, subset: stable}
        """,
    )
    assert [(line, rule) for line, rule, _ in run(path)] == [(8, "istio-unused-subset")]


def test_port_protocol_message_for_the_seed_mysql_service(tmp_path):
    path = write(
        tmp_path,
        """\
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: gw}
        spec: {selector: {istio: ingressgateway}, servers: []}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: eng-app-mysql-service}
        spec:
          ports:
          - port: 3306
            name: http
        """,
    )
    assert run(path) == [
        (
            12,
            "istio-port-protocol",
            "port 3306 is named 'http', so Istio handles its MySQL traffic as HTTP; name it "
            "'tcp-mysql' or set appProtocol: tcp",
        )
    ]


def test_port_protocol_skips_istio_own_services(tmp_path):
    path = write(
        tmp_path,
        """\
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata: {name: default, namespace: istio-system}
        spec: {mtls: {mode: STRICT}}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: istio-ingressgateway
          namespace: istio-system
          labels: {istio: ingressgateway}
        spec:
          ports:
          - {port: 15443, name: tls}
          - {port: 3306, name: http-mysql-passthrough}
        """,
    )
    assert run(path) == []


@pytest.mark.parametrize(
    ("port", "expected"),
    [
        (
            "{port: 587, name: submission, appProtocol: smtp}",
            "port 587 has appProtocol 'smtp', which Istio does not understand, so it sniffs the "
            "protocol from the client's first bytes, but SMTP servers speak first and "
            "connections stall; set appProtocol: tcp",
        ),
        (
            "{port: 9092, name: http-broker}",
            "port 9092 is named 'http-broker', so Istio handles its Kafka traffic as HTTP; name "
            "it 'tcp-broker' or set appProtocol: tcp",
        ),
        ("{port: 5432, name: tls-postgres}", None),  # may well be TLS: not judged
        ("{port: 5432}", None),  # the client speaks first: sniffing works
        ("{port: 25}", None),  # Istio's own default: TCP
        ("{port: 8080, name: http-admin}", None),
        ("{port: 3306, name: http, protocol: UDP}", None),
    ],
)
def test_port_protocol_cases(tmp_path, port, expected):
    path = write(
        tmp_path,
        f"""\
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {{name: default}}
        spec: {{egress: [{{hosts: ["./*"]}}]}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {{name: backend}}
        spec:
          ports:
          - {port}
        """,
    )
    assert [message for _, _, message in run(path)] == ([expected] if expected else [])


def test_unknown_host_suggests_the_service_of_pods_labelled_with_the_host(tmp_path):
    path = write(
        tmp_path,
        """\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: reviews-v1}
        spec:
          selector: {matchLabels: {app: reviews, version: v1}}
          template:
            metadata: {labels: {app: reviews, version: v1}}
            spec: {containers: [{name: r, image: "example/reviews:1"}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: storefront-backend}
        spec:
          selector: {app: reviews}
          ports: [{name: http, port: 9080}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec: {host: reviews}
        """,
    )
    assert [message for _, _, message in run(path)] == [
        "host 'reviews' matches no Service in namespace default; did you mean 'storefront-backend'?"
    ]


def test_subset_defined_resolves_hosts_like_istio(tmp_path):
    index = index_of(
        tmp_path,
        """\
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: shop}
        spec:
          host: reviews
          subsets: [{name: v1, labels: {version: v1}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: all, namespace: payments}
        spec:
          host: "*.payments.svc.cluster.local"
          subsets: [{name: blue, labels: {track: blue}}]
        """,
    )
    assert istio.subset_defined(index, "reviews", "shop", "v1")
    assert istio.subset_defined(index, "reviews.shop.svc.cluster.local", "frontend", "v1")
    assert not istio.subset_defined(index, "reviews", "frontend", "v1")
    assert not istio.subset_defined(index, "reviews", "shop", "v2")
    assert istio.subset_defined(index, "ledger.payments.svc.cluster.local", "shop", "blue")


def test_resolve_gateway_prefers_istio_then_gateway_api(tmp_path):
    index = index_of(
        tmp_path,
        """\
        apiVersion: networking.istio.io/v1beta1
        kind: Gateway
        metadata: {name: public, namespace: edge}
        spec: {selector: {istio: ingressgateway}, servers: []}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: public, namespace: edge}
        spec: {gatewayClassName: istio, listeners: []}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: internal, namespace: shop}
        spec: {gatewayClassName: istio, listeners: []}
        """,
    )
    found = istio.resolve_gateway(index, "edge/public", "shop")
    assert found is not None and found.group == "networking.istio.io"
    found = istio.resolve_gateway(index, "internal", "shop")
    assert found is not None and found.group == "gateway.networking.k8s.io"
    assert istio.resolve_gateway(index, "public", "shop") is None
    assert istio.resolve_gateway(index, "mesh", "shop") is None


# --------------------------------------------------------------------------- seeds

SEEDS = Path("/work/shared/seeds/manifests")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed manifests not available")
@pytest.mark.parametrize(
    ("project", "expected"),
    [
        # LESSONS rows 1, 2 and 3; row 9 (the VirtualService) stays quiet
        (
            "eng-app",
            [
                (
                    "deployment-eng-app-mysql.yaml",
                    52,
                    "istio-port-protocol",
                    "port 3306 is named 'http'",
                ),
                (
                    "eng_app_destination_rules.yaml",
                    7,
                    "istio-unknown-host",
                    "did you mean 'eng-app-app-service'",
                ),
                ("eng_app_destination_rules.yaml", 11, "istio-unused-subset", "subset 'v1'"),
            ],
        ),
        ("gke-ingress/as-published", []),
        ("gke-ingress/reconstructed", []),
        ("guestbook", []),  # row 23: unnamed Redis ports stay quiet
        ("k8s-guide", []),
        ("osba-istio", []),
    ],
)
def test_seed_findings(project, expected):
    root = SEEDS / project
    rules = load_rules()
    settings = Settings(severities={r.id: r.severity for r in rules.values() if r.default})
    report = lint([str(root)], settings)
    found = [
        (str(Path(f.file).relative_to(root)), f.line, f.rule, f.message)
        for f in report.findings
        if f.rule in ISTIO_RULES
    ]
    assert len(found) == len(expected), found
    for (file, line, rule, message), (want_file, want_line, want_rule, excerpt) in zip(
        sorted(found), sorted(expected), strict=True
    ):
        assert (file, line, rule) == (want_file, want_line, want_rule)
        assert excerpt in message


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed manifests not available")
def test_seed_virtual_service_resolves():  # LESSONS row 9
    sources = [load_source(str(p), p.name) for p in sorted((SEEDS / "eng-app").glob("*.yaml"))]
    objects = [o for s in sources for o in s.objects]
    assign_namespaces(objects, "default")
    index = ObjectIndex(objects)
    (vs,) = istio.networking_objects(index, "VirtualService")
    (destination,) = istio.route_destinations(vs)
    (target,) = istio.registry(index).resolve(destination.host, vs.namespace)
    assert target.describe() == "Service eng-app/eng-app-app-service"
    assert destination.port == 3000
    gateway = istio.resolve_gateway(index, vs.get("spec", "gateways", 0), vs.namespace)
    assert gateway is not None and gateway.name == "eng-app-gateway"
