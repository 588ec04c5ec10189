"""Gateway TLS credentialName names a Secret the gateway cannot use.

## Why
A Gateway server with `tls.mode: SIMPLE` or `MUTUAL` reads its certificate from the Secret
named by `tls.credentialName`, in the namespace where the gateway's pods run, which is
often not the Gateway's own (`istio-system`, `istio-ingress`). When the Secret is missing
there, the gateway does not serve that port's TLS: clients see the handshake fail, and
nothing is logged at apply time. The Secret must hold `tls.crt` and `tls.key` (a
`kubernetes.io/tls` Secret) or `cert` and `key`; for `MUTUAL` also the CA that signs client
certificates (`ca.crt` or `cacert`, or a separate Secret `<name>-cacert`).

The Secret's namespace is known when the gateway's pods are in the linted files; otherwise
only the keys of Secrets with that name are checked. Secrets made by other objects (a
cert-manager Certificate, a SealedSecret, an ExternalSecret...) count as present; Secrets
created outside these files are declared under `external-objects`.

## Example
```yaml
kind: Gateway
metadata: {name: shop, namespace: shop}
spec:
  selector: {istio: shop-gateway}     # pods in namespace edge
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [shop.example.com]
    tls:
      mode: SIMPLE
      credentialName: shop-cert       # created in namespace shop, not edge
```

## Fix
Create the Secret in the gateway's namespace with `kubectl create secret tls NAME
--cert=... --key=...` (or have cert-manager issue it there), and add the client CA for
`MUTUAL`.
"""

from collections.abc import Iterator
from typing import Any

from kubelint import istio
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.references import PodSource, find, other_namespaces, secret_available
from kubelint.registry import Problem, rule

#: TLS modes whose server certificate comes from credentialName.
_SERVING_MODES = frozenset({"SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL"})
_CLIENT_CA_MODES = frozenset({"MUTUAL", "OPTIONAL_MUTUAL"})


@rule(
    "istio-gateway-credential",
    category="istio",
    severity="warning",
    kinds={"Gateway"},
    messages={
        "missing": "credentialName {secret!r} names no Secret in namespace {namespace}, "
        "where gateway {gateway} runs; create it there as type kubernetes.io/tls, or declare "
        "it under external-objects",
        "elsewhere": "credentialName {secret!r} names no Secret in namespace {namespace}, "
        "where gateway {gateway} runs, only in {others}; a gateway reads its certificates "
        "from its own namespace, so create the Secret there",
        "not-tls": "credentialName {secret!r} names Secret {where}, which has no tls.crt and "
        "tls.key (nor cert and key); its keys are {keys}; recreate it with kubectl create "
        "secret tls",
        "no-ca": "tls mode {mode} verifies client certificates, but Secret {where} has no "
        "ca.crt or cacert key and there is no Secret {ca!r}; add the client CA to one of them",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not istio.is_networking(obj, "Gateway"):
        return
    pods = istio.gateway_pods(ctx.index, obj)
    for credential in istio.server_credentials(obj):
        name, at, mode = credential.name, credential.path, credential.mode
        if mode not in _SERVING_MODES:
            continue
        if pods:
            yield from _in_gateway_namespaces(ctx, pods, name, mode, at)
        else:
            yield from _anywhere(ctx, name, mode, at)


def _in_gateway_namespaces(
    ctx: Context, pods: list[PodSource], name: str, mode: str, at: tuple[Any, ...]
) -> Iterator[Problem]:
    """The Secret must be in every namespace the gateway's pods run in."""
    seen: set[str | None] = set()
    for pod in pods:
        owner = pod.owner
        if owner.namespace in seen:
            continue
        seen.add(owner.namespace)
        gateway = f"{owner.kind} {owner.name}"
        secret = find(ctx.index, "Secret", name, owner)
        if secret is None:
            if secret_available(ctx.index, name, owner):
                continue
            others = other_namespaces(ctx.index, "Secret", name, owner)
            fields: dict[str, Any] = {"secret": name, "namespace": owner.namespace}
            if others:
                yield Problem("elsewhere", at, gateway=gateway, others=", ".join(others), **fields)
            else:
                yield Problem("missing", at, gateway=gateway, **fields)
            return
        yield from _check_secret(ctx, secret, name, mode, at, owner)


def _anywhere(ctx: Context, name: str, mode: str, at: tuple[Any, ...]) -> Iterator[Problem]:
    """The gateway's namespace is unknown: judge the Secrets of that name the files hold,
    and only when none of them would do."""
    secrets = istio.secrets_named(ctx.index, name)
    if not secrets or any(istio.holds_certificate(s) is not False for s in secrets):
        if len(secrets) == 1:
            yield from _check_ca(ctx, secrets[0], mode, at, secrets[0])
        return
    yield _not_tls(secrets[0], name, at)


def _check_secret(
    ctx: Context, secret: K8sObject, name: str, mode: str, at: tuple[Any, ...], owner: K8sObject
) -> Iterator[Problem]:
    holds = istio.holds_certificate(secret)
    if holds is False:
        yield _not_tls(secret, name, at)
    elif holds:
        yield from _check_ca(ctx, secret, mode, at, owner)


def _not_tls(secret: K8sObject, name: str, at: tuple[Any, ...]) -> Problem:
    keys = ", ".join(sorted(istio.secret_keys(secret)))
    return Problem("not-tls", at, secret=name, where=_where(secret), keys=keys)


def _check_ca(
    ctx: Context, secret: K8sObject, mode: str, at: tuple[Any, ...], referrer: K8sObject
) -> Iterator[Problem]:
    if mode not in _CLIENT_CA_MODES or istio.holds_certificate(secret) is None:
        return
    if secret.get("type") == "kubernetes.io/tls" and not istio.secret_keys(secret):
        return  # keys not written here
    if any(key in istio.secret_keys(secret) for key in istio.CA_KEYS):
        return
    ca = secret.name + istio.CA_SECRET_SUFFIX
    if secret_available(ctx.index, ca, referrer):
        return
    yield Problem("no-ca", at, mode=mode, where=_where(secret), ca=ca)


def _where(secret: K8sObject) -> str:
    return f"{secret.namespace}/{secret.name}"
