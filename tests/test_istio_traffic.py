"""Istio traffic rules as a user sees them: VirtualService destinations (host, port, subset),
gateways, DestinationRule subsets and merges, and gateway credentials."""

from __future__ import annotations

import time
from pathlib import Path

from fixture_support import lint_clean, load_index, severities, write
from kubelint import istio
from kubelint.engine import Settings, lint
from kubelint.index import ExternalObject, ObjectIndex
from kubelint.registry import load_rules

ISTIO_RULES = tuple(sorted(r.id for r in load_rules().values() if r.category == "istio"))


def run(
    *paths: Path, external: tuple[ExternalObject, ...] = (), context: tuple[Path, ...] = ()
) -> list[tuple[str, int, str, str]]:
    settings = Settings(severities=severities(ISTIO_RULES), external=external)
    report = lint_clean(paths, settings, context=[str(c) for c in context])
    return [(Path(f.file).name, f.line, f.rule, f.message) for f in report.findings]


def messages(found: list[tuple[str, int, str, str]], rule: str) -> list[str]:
    return [message for _, _, r, message in found if r == rule]


def index_of(tmp_path: Path, text: str) -> ObjectIndex:
    return load_index(text)[1]


# Two versions of reviews behind one Service, in namespace shop.
REVIEWS = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: shop}
spec:
  selector: {matchLabels: {app: reviews, version: v1}}
  template:
    metadata: {labels: {app: reviews, version: v1}}
    spec: {containers: [{name: r, image: "example/reviews:1"}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v2, namespace: shop}
spec:
  selector: {matchLabels: {app: reviews, version: v2}}
  template:
    metadata: {labels: {app: reviews, version: v2}}
    spec: {containers: [{name: r, image: "example/reviews:2"}]}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec:
  selector: {app: reviews}
  ports:
  - {name: http, port: 9080, targetPort: 8080}
  - {name: grpc, port: 9090}
---
"""


# --------------------------------------------------------------------------- hosts


def test_destination_hosts_resolve_like_destination_rule_hosts(tmp_path):
    path = write(
        tmp_path,
        REVIEWS
        + """\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews-v1, port: {number: 9080}}
    mirror: {host: reviews.shop, port: {number: 9080}}
  tcp:
  - route:
    - destination: {host: reviews.shop.svc.cluster.local, port: {number: 9090}}
    - destination: {port: {number: 9090}}
""",
    )
    assert messages(run(path), "istio-unknown-host") == [
        "destination host 'reviews-v1' matches no Service in namespace shop: Deployment "
        "reviews-v1 has that name, but Istio routes to Services; did you mean 'reviews', the "
        "Service that selects its pods?",
        "mirror host 'reviews.shop' is taken literally by Istio and matches nothing; write the "
        "full name 'reviews.shop.svc.cluster.local'",
        "destination has no host; name the Service to send this traffic to",
    ]


def test_destination_host_honours_the_virtual_service_export_to(tmp_path):
    text = """\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ledger, namespace: billing}
        spec:
          selector: {matchLabels: {app: ledger}}
          template:
            metadata: {labels: {app: ledger}}
            spec: {containers: [{name: l, image: "example/ledger:1"}]}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: ledger
          namespace: billing
          annotations: {networking.istio.io/exportTo: "."}
        spec:
          selector: {app: ledger}
          ports: [{name: grpc, port: 7000}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: ledger, namespace: shop}
        spec:
          hosts: [ledger.billing.svc.cluster.local]
          {export}
          tcp:
          - route:
            - destination: {host: ledger.billing.svc.cluster.local, port: {number: 7000}}
        """
    hidden = write(tmp_path, text.replace("{export}", ""), "hidden.yaml")
    assert messages(run(hidden), "istio-unknown-host") == [
        "destination host 'ledger.billing.svc.cluster.local' is Service billing/ledger, which "
        "is not exported to namespace shop; add shop to its exportTo or move the VirtualService"
    ]
    exported = write(tmp_path, text.replace("{export}", "exportTo: [billing]"), "exported.yaml")
    assert run(exported) == []


def test_destination_to_istio_system_is_not_judged(tmp_path):
    # cert-manager's and other integrations' Services live there without manifests
    path = write(
        tmp_path,
        """\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: kiali, namespace: istio-system}
        spec:
          selector: {matchLabels: {app: kiali}}
          template:
            metadata: {labels: {app: kiali}}
            spec: {containers: [{name: k, image: "example/kiali:2"}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: acme, namespace: istio-system}
        spec:
          hosts: ["*"]
          gateways: [acme-gateway]
          http:
          - route:
            - destination: {host: cert-manager-resolver, port: {number: 8089}}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: acme-gateway, namespace: istio-system}
        spec:
          selector: {istio: ingressgateway}
          servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
        """,
    )
    assert run(path) == []


# --------------------------------------------------------------------------- ports


def test_unknown_port_names_the_service_ports_and_the_target_port_slip(tmp_path):
    path = write(
        tmp_path,
        REVIEWS
        + """\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, port: {number: 8080}}
  - route:
    - destination: {host: reviews, port: {number: 80}}
""",
    )
    found = run(path)
    assert [(line, rule) for _, line, rule, _ in found] == [
        (35, "istio-unknown-port"),
        (37, "istio-unknown-port"),
    ]
    assert messages(found, "istio-unknown-port") == [
        "destination port 8080 is the targetPort of Service shop/reviews, not one of its "
        "ports; route to its port 9080 instead",
        "destination port 80 is not a port of Service shop/reviews (it exposes 9080, 9090); "
        "route to one of those or add the port to the Service",
    ]


def test_unknown_port_of_a_service_entry(tmp_path):
    path = write(
        tmp_path,
        """\
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: stripe, namespace: shop}
        spec:
          hosts: [api.stripe.com]
          ports: [{number: 443, name: tls, protocol: TLS}]
          resolution: DNS
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: stripe, namespace: shop}
        spec:
          hosts: [api.stripe.com]
          tls:
          - match: [{port: 443, sniHosts: [api.stripe.com]}]
            route:
            - destination: {host: api.stripe.com, port: {number: 8443}}
        """,
    )
    assert messages(run(path), "istio-unknown-port") == [
        "destination port 8443 is not a port of ServiceEntry shop/stripe (it exposes 443); "
        "route to one of those or add the port to the ServiceEntry"
    ]


def test_ambiguous_port_follows_the_port_requests_arrive_on(tmp_path):
    gateway = """\
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: PORT, name: http, protocol: HTTP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: public, namespace: shop}
spec:
  hosts: ["*"]
  gateways: [public]
  http:
  - route:
    - destination: {host: reviews}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews}
"""
    on_80 = write(tmp_path, REVIEWS + gateway.replace("PORT", "80"), "on-80.yaml")
    assert messages(run(on_80), "istio-ambiguous-port") == [
        "destination host 'reviews' has no port, and Service shop/reviews exposes several "
        "(9080, 9090); Istio then uses the port the request arrived on, so requests arriving "
        "on 80 go to a port it does not expose; set port.number"
    ]
    # a gateway on a port the Service exposes, and the sidecars' own routes, are fine
    on_9080 = write(tmp_path, REVIEWS + gateway.replace("PORT", "9080"), "on-9080.yaml")
    assert run(on_9080) == []


def test_listener_ports(tmp_path):
    index = index_of(
        tmp_path,
        REVIEWS
        + """\
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}
  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: ["*"], tls: {mode: SIMPLE}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: shop}
spec:
  hosts: [reviews]
  gateways: [public, mesh]
  http:
  - match: [{port: 8000}, {port: 8001}]
    route: [{destination: {host: reviews}}]
  - route: [{destination: {host: reviews}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: b, namespace: shop}
spec:
  hosts: [reviews]
  gateways: [elsewhere/gateway]
  http:
  - route: [{destination: {host: reviews}}]
""",
    )
    a, b = sorted(istio.networking_objects(index, "VirtualService"), key=lambda v: v.name)
    matched, default = istio.route_destinations(a)
    assert istio.listener_ports(index, a, matched) == {8000, 8001}
    assert istio.listener_ports(index, a, default) == {80, 443, 9080, 9090}
    (unknown,) = istio.route_destinations(b)
    assert istio.listener_ports(index, b, unknown) is None


# --------------------------------------------------------------------------- subsets

SUBSET_RULE = """\
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
---
"""


def test_unknown_subset_lists_the_subsets_defined(tmp_path):
    path = write(
        tmp_path,
        REVIEWS
        + SUBSET_RULE
        + """\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: frontend}
spec:
  hosts: [reviews.shop.svc.cluster.local]
  http:
  - route:
    - destination: {host: reviews.shop.svc.cluster.local, subset: v1, port: {number: 9080}}
    - destination: {host: reviews.shop.svc.cluster.local, subset: v2, port: {number: 9080}}
    mirror: {host: reviews.shop.svc.cluster.local, subset: v3, port: {number: 9080}}
""",
    )
    assert messages(run(path), "istio-unknown-subset") == [
        "mirror subset 'v3' is not defined for host 'reviews.shop.svc.cluster.local' (subsets "
        "defined by DestinationRule shop/reviews: 'v1', 'v2'); route to one of those or add "
        "the subset"
    ]


def test_unknown_subset_points_at_the_rule_written_for_a_wrong_host(tmp_path):
    # the README's example: the rule names the Deployment, the route the Service
    path = write(
        tmp_path,
        REVIEWS
        + SUBSET_RULE.replace("host: reviews", "host: reviews-v1")
        + """\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v2, port: {number: 9080}}
""",
    )
    assert messages(run(path), "istio-unknown-subset") == [
        "destination subset 'v2' is not defined for host 'reviews': no DestinationRule has "
        "that host, but DestinationRule shop/reviews defines the subset for host 'reviews-v1', "
        "which matches no Service; point its host at 'reviews'"
    ]


def test_unknown_subset_needs_a_resolved_host(tmp_path):
    # a host that does not resolve is istio-unknown-host's finding, not a second one
    path = write(
        tmp_path,
        REVIEWS
        + """\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reveiws, subset: v1, port: {number: 9080}}
""",
    )
    assert [rule for _, _, rule, _ in run(path)] == ["istio-unknown-host"]


def test_subset_selects_nothing_shows_the_labels_the_pods_have(tmp_path):
    path = write(
        tmp_path,
        REVIEWS
        + SUBSET_RULE.replace("version: v2", "version: v3")
        + """\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1, port: {number: 9080}}
    - destination: {host: reviews, subset: v2, port: {number: 9080}}
""",
    )
    assert messages(run(path), "istio-subset-selects-nothing") == [
        "subset 'v2' selects no pod of Service shop/reviews: its pods have version=v1, "
        "version=v2 where the subset wants version=v3; fix the subset's labels or the pod "
        "template labels"
    ]


def test_subset_selects_nothing_is_quiet_when_the_pods_are_elsewhere(tmp_path):
    service_only = REVIEWS[REVIEWS.index("apiVersion: v1\nkind: Service") :]
    path = write(
        tmp_path,
        service_only
        + SUBSET_RULE.replace("version: v2", "version: v3")
        + """\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1, port: {number: 9080}}
    - destination: {host: reviews, subset: v2, port: {number: 9080}}
""",
    )
    assert run(path) == []


def test_rules_for_host_by_exact_host_and_wildcard(tmp_path):
    index = index_of(
        tmp_path,
        SUBSET_RULE
        + """\
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: shop-wide, namespace: mesh}
spec:
  host: "*.shop.svc.cluster.local"
""",
    )
    names = sorted(r.name for r in istio.rules_for_host(index, "reviews", "shop"))
    assert names == ["reviews", "shop-wide"]
    assert [r.name for r in istio.rules_for_host(index, "cart", "shop")] == ["shop-wide"]
    assert istio.rules_for_host(index, "reviews", "frontend") == []


# --------------------------------------------------------------------------- duplicates


def test_duplicate_rule_reported_on_the_later_file_only(tmp_path):
    first = write(
        tmp_path,
        """\
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews, namespace: shop}
        spec:
          host: reviews
          trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
        """,
        "a-reviews.yaml",
    )
    second = write(
        tmp_path,
        """\
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews-lb, namespace: shop}
        spec:
          host: reviews.shop.svc.cluster.local
          trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
        """,
        "b-reviews-lb.yaml",
    )
    expected = [
        (
            "b-reviews-lb.yaml",
            6,
            "istio-duplicate-destination-rule",
            "trafficPolicy for host 'reviews.shop.svc.cluster.local' is also set by "
            "DestinationRule reviews; Istio merges the two rules and keeps only the "
            "trafficPolicy of the one created first; put the settings in one rule",
        )
    ]
    assert run(tmp_path) == expected
    # the same finding whichever file is asked about, the other loaded as context
    assert run(second, context=(tmp_path,)) == expected
    assert run(first, context=(tmp_path,)) == []


def test_merged_rules_need_the_same_namespace_and_selector(tmp_path):
    index = index_of(
        tmp_path,
        """\
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: a, namespace: shop}
        spec: {host: reviews}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: b, namespace: shop}
        spec: {host: reviews.shop.svc.cluster.local}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: c, namespace: frontend}
        spec: {host: reviews.shop.svc.cluster.local}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: d, namespace: shop}
        spec: {host: reviews, workloadSelector: {matchLabels: {app: batch}}}
        """,
    )
    rules = {r.name: r for r in istio.networking_objects(index, "DestinationRule")}
    assert [r.name for r in istio.merged_rules(index, rules["b"])] == ["a", "b"]
    assert [r.name for r in istio.merged_rules(index, rules["c"])] == ["c"]
    assert [r.name for r in istio.merged_rules(index, rules["d"])] == ["d"]


# --------------------------------------------------------------------------- gateways


def test_gateway_reference_forms():
    assert istio.gateway_reference("public", "shop") == ("shop", "public")
    assert istio.gateway_reference("edge/public", "shop") == ("edge", "public")
    assert istio.gateway_reference("./public", "shop") == ("shop", "public")
    assert istio.gateway_reference("public.edge", "shop") == ("edge", "public")
    assert istio.gateway_reference("public.edge.svc.cluster.local", "shop") == ("edge", "public")
    assert istio.gateway_reference("mesh", "shop") is None
    assert istio.gateway_reference("", "shop") is None


def test_unknown_gateway_suggests_the_namespace_it_lives_in(tmp_path):
    path = write(
        tmp_path,
        REVIEWS
        + """\
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: edge}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: ["*"]
  gateways: [public, edge/pubilc]
  http:
  - route:
    - destination: {host: reviews, port: {number: 9080}}
""",
    )
    assert messages(run(path), "istio-unknown-gateway") == [
        "gateway 'public' matches no Gateway in namespace shop, only in edge; write it as "
        "'edge/public'",
        "gateway 'edge/pubilc' matches no Gateway in namespace edge; did you mean 'edge/public'?",
    ]


def test_unknown_gateway_silenced_by_external_objects_and_unknown_namespaces(tmp_path):
    path = write(
        tmp_path,
        REVIEWS
        + """\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: ["*"]
  gateways: [shop-gateway, platform/ingress]
  http:
  - route:
    - destination: {host: reviews, port: {number: 9080}}
""",
    )
    assert messages(run(path), "istio-unknown-gateway") == [
        "gateway 'shop-gateway' matches no Gateway in namespace shop; add the Gateway, correct "
        "the name, or declare it under external-objects"
    ]
    external = (ExternalObject("Gateway", "shop-*", "shop"),)
    assert run(path, external=external) == []


GATEWAY_POD = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: public-gateway, namespace: edge}
spec:
  selector: {matchLabels: {istio: public-gateway}}
  template:
    metadata:
      labels: {istio: public-gateway}
      annotations: {inject.istio.io/templates: gateway}
    spec: {containers: [{name: istio-proxy, image: "docker.io/istio/proxyv2:1.24.2"}]}
---
"""


def test_gateway_selects_nothing_only_when_gateway_pods_are_here(tmp_path):
    gateway = """\
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: shop}
spec:
  selector: {istio: public}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
"""
    with_pods = write(tmp_path, GATEWAY_POD + gateway, "with-pods.yaml")
    assert messages(run(with_pods), "istio-gateway-selects-nothing") == [
        "selector istio=public matches no pod; the closest gateway, Deployment "
        "edge/public-gateway, has istio=public-gateway where the selector wants istio=public; "
        "fix the selector or the gateway's labels"
    ]
    without = write(tmp_path, gateway, "without-pods.yaml")
    assert run(without) == []


def test_runs_gateway(tmp_path):
    index = index_of(
        tmp_path,
        GATEWAY_POD
        + """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: egress, namespace: edge}
spec:
  selector: {matchLabels: {app: egress}}
  template:
    metadata: {labels: {app: egress}}
    spec: {containers: [{name: proxy, image: "gcr.io/istio-release/proxyv2:1.20.0"}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}, annotations: {inject.istio.io/templates: sidecar}}
    spec: {containers: [{name: web, image: "example/web:1"}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: pre-injected, namespace: shop}
spec:
  selector: {matchLabels: {app: pre-injected}}
  template:
    metadata: {labels: {app: pre-injected}}
    spec:
      containers:
      - {name: app, image: "example/app:1"}
      - {name: istio-proxy, image: "docker.io/istio/proxyv2:1.24.2"}
""",
    )
    assert [s.owner.name for s in istio.gateway_workloads(index)] == ["egress", "public-gateway"]


def test_selects_installed_gateway():
    assert istio.selects_installed_gateway({"istio": "ingressgateway"})
    assert istio.selects_installed_gateway(
        {"istio": "eastwestgateway", "topology.istio.io/network": "network1"}
    )
    assert istio.selects_installed_gateway({"app": "istio-ingress"})
    assert not istio.selects_installed_gateway({"istio": "ingresgateway"})
    assert not istio.selects_installed_gateway({})


def test_gateway_credential_in_the_gateway_namespace(tmp_path):
    path = write(
        tmp_path,
        GATEWAY_POD
        + """\
apiVersion: v1
kind: Secret
metadata: {name: shop-cert, namespace: shop}
type: kubernetes.io/tls
data: {tls.crt: "", tls.key: ""}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: shop}
spec:
  selector: {istio: public-gateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*"]
    tls: {mode: SIMPLE, credentialName: shop-cert}
""",
    )
    assert messages(run(path), "istio-gateway-credential") == [
        "credentialName 'shop-cert' names no Secret in namespace edge, where gateway "
        "Deployment public-gateway runs, only in shop; a gateway reads its certificates from "
        "its own namespace, so create the Secret there"
    ]
    external = (ExternalObject("Secret", "shop-cert", "edge"),)
    assert run(path, external=external) == []


def test_gateway_credential_keys_judged_when_the_namespace_is_unknown(tmp_path):
    path = write(
        tmp_path,
        """\
        apiVersion: v1
        kind: Secret
        metadata: {name: shop-cert, namespace: istio-system}
        type: Opaque
        stringData: {certificate: "", private-key: ""}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: public, namespace: shop}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 443, name: https, protocol: HTTPS}
            hosts: ["*"]
            tls: {mode: SIMPLE, credentialName: shop-cert}
          - port: {number: 8443, name: https-other, protocol: HTTPS}
            hosts: ["*"]
            tls: {mode: SIMPLE, credentialName: not-in-these-files}
        """,
    )
    assert messages(run(path), "istio-gateway-credential") == [
        "credentialName 'shop-cert' names Secret istio-system/shop-cert, which has no tls.crt "
        "and tls.key (nor cert and key); its keys are certificate, private-key; recreate it "
        "with kubectl create secret tls"
    ]


def test_holds_certificate(tmp_path):
    index = index_of(
        tmp_path,
        """\
        apiVersion: v1
        kind: Secret
        metadata: {name: tls}
        type: kubernetes.io/tls
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: generic}
        stringData: {cert: "", key: "", cacert: ""}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: wrong}
        stringData: {tls.crt: ""}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: placeholder}
        """,
    )
    held = {s.name: istio.holds_certificate(s) for s in index.of_kind("Secret")}
    assert held == {"tls": True, "generic": True, "wrong": False, "placeholder": None}


# --------------------------------------------------------------------------- whole project


def test_one_file_reports_what_its_folder_reports(tmp_path):
    write(
        tmp_path,
        REVIEWS
        + SUBSET_RULE
        + """\
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
""",
        "platform.yaml",
    )
    routes = write(
        tmp_path,
        """\
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: ["*"]
          gateways: [public, missing]
          http:
          - route:
            - destination: {host: reviews, subset: v1, port: {number: 9080}}
            - destination: {host: reviews, subset: v3, port: {number: 80}}
            - destination: {host: reviews, subset: v2}
        """,
        "routes.yaml",
    )
    whole = [f for f in run(tmp_path) if f[0] == "routes.yaml"]
    assert [(line, rule) for _, line, rule, _ in whole] == [
        (6, "istio-unknown-gateway"),
        (10, "istio-unknown-subset"),
        (10, "istio-unknown-port"),
        (11, "istio-ambiguous-port"),
    ]
    assert run(routes, context=(tmp_path,)) == whole


def test_reference_rules_stay_fast_on_a_large_mesh(tmp_path):
    """1,000 namespaces of a Service, its pods, a DestinationRule, a VirtualService and a
    Gateway: the Istio rules must not scan every object for every object (that would cost
    seconds here, not a fraction of the loading time)."""
    parts = []
    for i in range(1000):
        ns = f"team-{i}"
        parts.append(
            f"""\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: app, namespace: {ns}}}
spec:
  selector: {{matchLabels: {{app: app, version: v1}}}}
  template:
    metadata: {{labels: {{app: app, version: v1}}}}
    spec: {{containers: [{{name: a, image: "example/app:1"}}]}}
---
apiVersion: v1
kind: Service
metadata: {{name: app, namespace: {ns}}}
spec:
  selector: {{app: app}}
  ports: [{{name: http, port: 80}}, {{name: grpc, port: 81}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {{name: app, namespace: {ns}}}
spec:
  host: app
  subsets: [{{name: v1, labels: {{version: v1}}}}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {{name: gw, namespace: {ns}}}
spec:
  selector: {{istio: ingressgateway}}
  servers:
  - port: {{number: 443, name: https, protocol: HTTPS}}
    hosts: ["*"]
    tls: {{mode: SIMPLE, credentialName: app-cert}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {{name: app, namespace: {ns}}}
spec:
  hosts: [app]
  gateways: [gw, mesh]
  http:
  - route:
    - destination: {{host: app, subset: v1, port: {{number: 80}}}}
    mirror: {{host: app.{ns}.svc.cluster.local, port: {{number: 81}}}}
"""
        )
    path = tmp_path / "mesh.yaml"
    path.write_text("---\n".join(parts))
    rules = load_rules()
    none = Settings(severities={})
    istio_only = Settings(severities={r: rules[r].severity for r in ISTIO_RULES})

    def fastest(settings: Settings) -> float:
        """The best of three runs after a warm-up (the first run imports the rules and
        reads the schemas): a busy machine only ever slows a run down."""
        lint([str(path)], settings)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            report = lint([str(path)], settings)
            times.append(time.perf_counter() - started)
            assert report.findings == []
        return min(times)

    # The run without rules is loading and indexing; the rules may add a fraction of it.
    loading, with_istio = fastest(none), fastest(istio_only)
    assert with_istio - loading < 0.75 * loading + 0.1, (loading, with_istio)
