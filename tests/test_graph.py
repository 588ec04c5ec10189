"""``kubelint graph``: what a user sees of a project's objects and references, in Mermaid,
DOT and HTML; the HTML page rendered in headless Chromium when one is installed."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from browser_support import headless
from click.testing import CliRunner

from kubelint.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KUBELINT_SHARED", ROOT.parent / "shared"))
ENG_APP = SHARED / "seeds" / "manifests" / "eng-app"

# A small shop: Istio in front, plain Kubernetes behind, spread over files the way people
# write them. Two references are broken, one of each family: the DestinationRule names the
# Deployment api-server instead of its Service api, and api-server reads a Secret that no
# file defines. The Ingress's TLS Secret is not written but made by a cert-manager
# Certificate, so it counts as present; the ConfigMap "unrelated" is referenced by nothing.
PROJECT = {
    "web.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, version: v1}}
    spec:
      serviceAccountName: web
      containers:
      - name: web
        image: example/web:1.0
        envFrom:
        - secretRef: {name: web-env}
        volumeMounts: [{name: config, mountPath: /etc/web}]
      volumes:
      - name: config
        configMap: {name: web-config}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
""",
    "api.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api-server, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: example/api:2.1
        envFrom:
        - secretRef: {name: api-credentials}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: http, port: 8080}]
""",
    "config.yaml": """\
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, namespace: shop}
data: {LOG_LEVEL: info}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: unrelated, namespace: shop}
data: {x: "1"}
---
apiVersion: v1
kind: Secret
metadata: {name: web-env, namespace: shop}
stringData: {MODE: production}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
""",
    "istio/routing.yaml": """\
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: shop-gateway, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["shop.example.com"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: shop}
spec:
  hosts: ["shop.example.com"]
  gateways: [shop-gateway]
  http:
  - match: [{uri: {prefix: /api}}]
    route:
    - destination: {host: api, port: {number: 8080}}
  - route:
    - destination: {host: web, subset: v1, port: {number: 80}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: shop}
spec:
  host: web
  subsets:
  - {name: v1, labels: {version: v1}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec:
  host: api-server
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
""",
    "ingress.yaml": """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  tls:
  - hosts: [shop.example.com]
    secretName: shop-tls
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: shop-tls, namespace: shop}
spec:
  secretName: shop-tls
  dnsNames: [shop.example.com]
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
""",
}

#: What every rendering must show: (source, target, label, broken).
EXPECTED_EDGES = {
    ("VirtualService/shop/shop", "Gateway/shop/shop-gateway", "gateway", False),
    ("VirtualService/shop/shop", "Service/shop/web", "route :80 v1", False),
    ("VirtualService/shop/shop", "Service/shop/api", "route :8080", False),
    ("DestinationRule/shop/web", "Service/shop/web", "subsets v1", False),
    ("DestinationRule/shop/api", "Service/shop/api-server", "host", True),
    ("Ingress/shop/shop", "Service/shop/web", "backend :80", False),
    ("Ingress/shop/shop", "Secret/shop/shop-tls", "tls", False),
    ("Certificate/shop/shop-tls", "Secret/shop/shop-tls", "creates", False),
    ("Service/shop/web", "Deployment/shop/web", "selects", False),
    ("Service/shop/api", "Deployment/shop/api-server", "selects", False),
    ("Deployment/shop/web", "Secret/shop/web-env", "envFrom", False),
    ("Deployment/shop/web", "ConfigMap/shop/web-config", "volume", False),
    ("Deployment/shop/web", "ServiceAccount/shop/web", "runs as", False),
    ("Deployment/shop/api-server", "Secret/shop/api-credentials", "envFrom", True),
}
MISSING = {"Service/shop/api-server", "Secret/shop/api-credentials"}


def write_project(root: Path) -> Path:
    for name, text in PROJECT.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / ".kubelint.yaml").write_text("# the project root\n")
    return root


def graph(cwd: Path, *args: str) -> str:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, ["graph", *args], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return write_project(tmp_path / "shop")


# --------------------------------------------------------------------------- Mermaid


def mermaid_parts(text: str):
    """(ids by node label, edges as (source id, target id, label, dotted), classes, lines)."""
    lines = text.splitlines()
    nodes = {}
    edges = []
    classes: dict[str, set[str]] = {}
    for line in lines:
        node = re.fullmatch(r'\s+([A-Za-z0-9_]+)\["([^"]*)"\]', line)
        edge = re.fullmatch(r'\s+([A-Za-z0-9_]+) (-->|-\.->)\|"([^"]*)"\| ([A-Za-z0-9_]+)', line)
        member = re.fullmatch(r"\s+class ([A-Za-z0-9_,]+) ([a-z]+)", line)
        if node:
            nodes[node.group(1)] = node.group(2)
        elif edge:
            edges.append((edge.group(1), edge.group(4), edge.group(3), edge.group(2) == "-.->"))
        elif member:
            classes[member.group(2)] = set(member.group(1).split(","))
    return nodes, edges, classes, lines


def test_mermaid_shows_every_reference_and_marks_the_broken_ones(shop):
    nodes, edges, classes, _ = mermaid_parts(graph(shop, "."))
    # Nodes read "Kind<br/>name"; their ids are the node names made safe.
    by_name = {
        f"{label.split('<br/>')[0]}/shop/{label.split('<br/>')[1]}": ident
        for ident, label in nodes.items()
    }
    seen = {
        (src, dst, label.removesuffix(" (broken)"), dotted) for src, dst, label, dotted in edges
    }
    expected = {(by_name[s], by_name[t], label, broken) for s, t, label, broken in EXPECTED_EDGES}
    assert seen == expected
    assert all(label.endswith(" (broken)") == dotted for _, _, label, dotted in edges)
    assert classes["missing"] == {by_name[n] for n in MISSING}
    assert nodes[by_name["Secret/shop/api-credentials"]].endswith("<br/>(missing)")
    assert nodes[by_name["Secret/shop/shop-tls"]] == (
        "Secret<br/>shop-tls<br/>(created by Certificate shop/shop-tls)"
    )
    assert classes["produced"] == {by_name["Secret/shop/shop-tls"]}
    assert not any("unrelated" in label for label in nodes.values())


def test_mermaid_is_well_formed(shop):
    text = graph(shop, ".")
    nodes, edges, classes, lines = mermaid_parts(text)
    assert lines[0] == "%% kubelint graph: 16 objects, 14 references, 2 broken"
    assert lines[1] == "flowchart LR"
    depth = 0
    for line in lines[2:]:
        if line.lstrip().startswith("subgraph "):
            assert depth == 0, "subgraphs are not nested"
            depth += 1
        elif line.strip() == "end":
            depth -= 1
            assert depth == 0
    assert depth == 0
    assert sum(1 for line in lines if line.lstrip().startswith("subgraph ")) == 1
    # Every edge joins declared nodes; every class member is declared.
    assert {e[0] for e in edges} | {e[1] for e in edges} <= set(nodes)
    assert set().union(*classes.values()) <= set(nodes)
    # linkStyle names exactly the dotted (broken) edges, by their position.
    style = next(line for line in lines if line.lstrip().startswith("linkStyle "))
    indexes = {int(i) for i in style.split()[1].split(",")}
    assert indexes == {i for i, e in enumerate(edges) if e[3]}
    # Every line is a declaration the parser above understood, or structure.
    structural = re.compile(
        r"\s*(%%.*|flowchart LR|subgraph \w+\[\"[^\"]*\"\]|end|classDef .*|"
        r"class .*|linkStyle .*)"
    )
    understood = len(nodes) + len(edges)
    assert understood + sum(1 for line in lines if structural.fullmatch(line)) == len(lines)


def test_output_is_deterministic_whatever_the_order_of_the_paths(shop):
    files = sorted(PROJECT)
    first = graph(shop, *files)
    assert graph(shop, *files) == first
    assert graph(shop, *reversed(files)) == first
    assert graph(shop, "--format", "dot", *files) == graph(
        shop, "--format", "dot", *reversed(files)
    )


# --------------------------------------------------------------------------- DOT


def dot_edges(text: str) -> dict[tuple[str, str], str]:
    return {
        (m.group(1), m.group(2)): m.group(3)
        for m in re.finditer(r'^  "([^"]+)" -> "([^"]+)" \[(.*)\];$', text, re.M)
    }


def test_dot_shows_every_reference_and_marks_the_broken_ones(shop):
    text = graph(shop, ".", "--format", "dot")
    edges = dot_edges(text)
    assert len(edges) == len(EXPECTED_EDGES)
    for source, target, label, broken in EXPECTED_EDGES:
        if label == "gateway":  # drawn from the Gateway so traffic reads left to right
            attributes = edges[(target, source)]
            assert "dir=back" in attributes
        else:
            attributes = edges[(source, target)]
        assert f'label="{label}"' in attributes
        assert ("style=dashed" in attributes) == broken, (source, target)
        assert ('color="#c62828"' in attributes) == broken
    declared = re.findall(r'^    "([^"]+)" \[(.*)\];$', text, re.M)
    missing = {name for name, attributes in declared if 'fillcolor="#fdecea"' in attributes}
    assert missing == MISSING
    assert "subgraph cluster_shop {" in text
    assert 'label="namespace shop";' in text


def test_dot_is_well_formed(shop):
    text = graph(shop, ".", "--format", "dot")
    lines = text.splitlines()
    assert lines[0] == "// kubelint graph: 16 objects, 14 references, 2 broken"
    assert lines[1] == "digraph kubelint {" and lines[-1] == "}"
    assert text.count("{") == text.count("}")
    assert all(line.replace('\\"', "").count('"') % 2 == 0 for line in lines)
    declared = set(re.findall(r'^    "([^"]+)" \[', text, re.M))
    assert {n for pair in dot_edges(text) for n in pair} <= declared


def test_dot_is_valid_graphviz(shop):
    text = graph(shop, ".", "--format", "dot")
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("Graphviz dot is not installed; structural checks only")
    svg = subprocess.run(
        [dot, "-Tsvg"], input=text, capture_output=True, text=True, check=True
    ).stdout
    assert "<svg" in svg
    assert "api&#45;credentials" in svg or "api-credentials" in svg


# --------------------------------------------------------------------------- HTML


def test_html_is_one_self_contained_page(shop):
    page = graph(shop, ".", "--format", "html")
    assert page.startswith("<!DOCTYPE html>")
    # Nothing is fetched: no external script, style, image or font.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert "@import" not in page and "url(http" not in page
    ids = set(re.findall(r'<g class="node [^"]*" data-id="([^"]+)"', page))
    assert ids == {s for s, *_ in EXPECTED_EDGES} | {t for _, t, *_ in EXPECTED_EDGES}
    broken = re.findall(r'<g class="edge broken" data-from="([^"]+)" data-to="([^"]+)"', page)
    assert set(broken) == {(s, t) for s, t, _, b in EXPECTED_EDGES if b}
    assert '<g class="node missing' in page
    assert "Broken references (2)" in page
    assert (
        "host &#x27;api-server&#x27; matches no Service in namespace shop: Deployment api-server "
        "has that name; did you mean &#x27;api&#x27;?"
    ) in page
    assert "no Secret &#x27;api-credentials&#x27; in namespace shop" in page
    for legend in (
        "written in the files",
        "created by another object",
        "missing",
        "broken reference",
    ):
        assert legend in page


def test_output_file_suffix_chooses_the_format(shop):
    old = os.getcwd()
    os.chdir(shop)
    try:
        result = CliRunner().invoke(cli, ["graph", ".", "-o", "graph.html"])
        assert result.exit_code == 0, result.output
        assert "wrote graph.html (16 objects, 14 references, 2 broken)" in result.output
        assert (shop / "graph.html").read_text().startswith("<!DOCTYPE html>")
        result = CliRunner().invoke(cli, ["graph", ".", "-o", "graph.dot"])
        assert (shop / "graph.dot").read_text().startswith("// kubelint graph")
        result = CliRunner().invoke(cli, ["graph", "no-such-dir"])
        assert result.exit_code == 2
        assert "no-such-dir: no such file or directory" in result.output
    finally:
        os.chdir(old)


def test_references_resolve_against_the_project_but_edges_start_in_the_paths(shop):
    """Graphing one file draws that file's references, resolved against the whole
    project: the Service web defined in another file is present, not broken."""
    nodes, edges, classes, _ = mermaid_parts(graph(shop, "ingress.yaml"))
    assert {(nodes[s], nodes[t], label) for s, t, label, _ in edges} == {
        ("Ingress<br/>shop", "Service<br/>web", "backend :80"),
        (
            "Ingress<br/>shop",
            "Secret<br/>shop-tls<br/>(created by Certificate shop/shop-tls)",
            "tls",
        ),
        (
            "Certificate<br/>shop-tls",
            "Secret<br/>shop-tls<br/>(created by Certificate shop/shop-tls)",
            "creates",
        ),
    }
    assert "missing" not in classes
    # Without the project around it, the Service is missing.
    nodes, edges, classes, _ = mermaid_parts(graph(shop, "ingress.yaml", "--no-context"))
    assert {nodes[n] for n in classes["missing"]} == {"Service<br/>web<br/>(missing)"}


def test_objects_declared_external_in_the_configuration_are_present(shop):
    (shop / ".kubelint.yaml").write_text(
        "external-objects:\n- {kind: Secret, name: api-credentials, namespace: shop}\n"
    )
    nodes, edges, classes, _ = mermaid_parts(graph(shop, "api.yaml"))
    assert "missing" not in classes
    assert [nodes[t] for _, t, label, _ in edges if label == "envFrom"] == [
        "Secret<br/>api-credentials<br/>(declared in external-objects)"
    ]
    # --no-config forgets it again.
    nodes, edges, classes, _ = mermaid_parts(graph(shop, "api.yaml", "--no-config"))
    assert {nodes[n] for n in classes["missing"]} == {"Secret<br/>api-credentials<br/>(missing)"}


# --------------------------------------------------------------------------- browser


def test_html_renders_in_chromium(shop, browser, tmp_path):
    page = tmp_path / "graph.html"
    page.write_text(graph(shop, ".", "--format", "html"))
    result = headless(browser, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    # The page's script ran after layout and measured every node it drew.
    assert 'data-rendered="nodes=16 drawn=16 edges=14"' in result.stdout
    assert result.stdout.count('<g class="edge broken" data-from=') == 2


def test_html_screenshot_shows_the_graph_and_its_broken_edges(shop, browser, tmp_path):
    page = tmp_path / "graph.html"
    page.write_text(graph(shop, ".", "--format", "html"))
    shot = tmp_path / "graph.png"
    result = headless(
        browser, "--hide-scrollbars", "--window-size=1400,900", f"--screenshot={shot}",
        page.as_uri(),
    )  # fmt: skip
    assert shot.exists(), result.stderr[-2000:]
    width, height, pixels = read_png(shot.read_bytes())
    assert (width, height) == (1400, 900)
    inked = sum(1 for p in pixels if max(p) < 200)
    red = sum(1 for r, g, b in pixels if r > 170 and g < 90 and b < 90)  # broken: #c62828
    assert inked > width * height * 0.01, "the page has text, boxes and lines"
    assert red > 200, "broken edges and missing nodes are drawn in red"


def read_png(data: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Decode an 8-bit RGB or RGBA PNG (what Chromium writes) into RGB pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos : pos + 4]), data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and color in (2, 6) and header[12] == 0, "8-bit, not interlaced"
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    pixels: list[tuple[int, int, int]] = []
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        pixels.extend((line[i], line[i + 1], line[i + 2]) for i in range(0, stride, channels))
        previous = line
    return width, height, pixels


# --------------------------------------------------------------------------- seeds


@pytest.mark.skipif(not ENG_APP.is_dir(), reason="../shared/seeds is not present")
def test_eng_app_destination_rule_edge_is_broken_and_the_virtual_service_edge_is_not(tmp_path):
    work = tmp_path / "eng-app"
    shutil.copytree(ENG_APP, work)
    text = graph(work, ".", "--format", "dot")
    edges = dot_edges(text)
    rule = edges[
        ("DestinationRule/eng-app/eng-app-destination-rules", "Service/eng-app/eng-app-app")
    ]
    assert "style=dashed" in rule and 'label="subsets v1"' in rule
    assert "did you mean 'eng-app-app-service'?" in rule
    route = edges[("VirtualService/eng-app/eng-app-virtual-service",
                   "Service/eng-app/eng-app-app-service")]  # fmt: skip
    assert "style=dashed" not in route and 'label="route :3000"' in route
    assert '"Service/eng-app/eng-app-app" [label="Service\\neng-app-app\\n(missing)"' in text
