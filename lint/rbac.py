"""What a Role or ClusterRole grants, and to whom and where a binding grants it.

A role is a list of policy rules, each allowing some verbs on some resources of some API
groups (or on some non-resource URLs), optionally only on named objects. A binding grants
one role to its subjects: a ClusterRoleBinding in every namespace (and on cluster-scoped
resources), a RoleBinding only in its own namespace, even when the role it grants is a
ClusterRole. A ClusterRole with an ``aggregationRule`` is filled by the control plane with
the rules of every ClusterRole whose labels its selectors match; the built-in ``admin``,
``edit`` and ``view`` are aggregated that way too, from ClusterRoles labelled
``rbac.authorization.k8s.io/aggregate-to-<name>: "true"``.

This module answers, as far as the linted files and the built-in roles tell: the rules of
a role as written (``rules_of``), the rules a binding really grants (``granted_rules``,
aggregation included), whether a rule grants a verb on a resource (``PolicyRule.allows``),
and who a binding's subjects are (``subjects``). Roles defined elsewhere (by an operator, a
cluster installer) are unknown: ``granted_rules`` returns None for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kubelint.index import ObjectIndex
from kubelint.kube import BUILTIN_GROUPS, RBAC_GROUP, Path, labels_of, selector_matches
from kubelint.lazy import Record
from kubelint.objects import K8sObject, per_object
from kubelint.references import directory_of, may_share_namespace, names_of_kind

ROLE_KINDS = frozenset({"Role", "ClusterRole"})
BINDING_KINDS = frozenset({"RoleBinding", "ClusterRoleBinding"})
#: The label prefix that aggregates a ClusterRole into the built-in admin, edit and view.
AGGREGATE_LABEL = "rbac.authorization.k8s.io/aggregate-to-"
#: Verbs that read objects.
READ_VERBS = ("get", "list", "watch")


def is_rbac(obj: K8sObject, kinds: Iterable[str]) -> bool:
    """Whether ``obj`` is one of ``kinds`` of the rbac.authorization.k8s.io group."""
    return obj.group == RBAC_GROUP and obj.kind in kinds


# --------------------------------------------------------------------------- policy rules


class PolicyRule(Record):
    """One entry of a role's ``rules``."""

    __slots__ = (
        "api_groups",
        "non_resource_urls",
        "path",
        "resource_names",
        "resources",
        "role",
        "role_name",
        "verbs",
    )

    def __init__(
        self,
        role: K8sObject | None,
        role_name: str,
        path: Path,
        verbs: tuple[str, ...],
        api_groups: tuple[str, ...],
        resources: tuple[str, ...],
        resource_names: tuple[str, ...],
        non_resource_urls: tuple[str, ...],
    ) -> None:
        self.role = role  # the role it is written in; None for a built-in role
        self.role_name = role_name
        self.path = path  # ("rules", i) inside ``role``; () for a built-in role
        self.verbs = verbs
        self.api_groups = api_groups
        self.resources = resources
        self.resource_names = resource_names
        self.non_resource_urls = non_resource_urls

    def item(self, field: str, value: str) -> Path:
        """The path of the first ``value`` in the list ``field`` (``verbs``, ``resources``...),
        or of the rule itself when it is not there (a built-in role's rule has no path)."""
        values = {
            "verbs": self.verbs,
            "apiGroups": self.api_groups,
            "resources": self.resources,
            "resourceNames": self.resource_names,
            "nonResourceURLs": self.non_resource_urls,
        }[field]
        if self.role is None or value not in values:
            return self.path
        return (*self.path, field, _raw_index(self.role.get(*self.path, field), value))

    def has_verb(self, verb: str) -> bool:
        return verb in self.verbs or "*" in self.verbs

    def has_group(self, group: str) -> bool:
        return group in self.api_groups or "*" in self.api_groups

    def names_resource(self, resource: str) -> bool:
        """Whether the rule names ``resource`` (``pods/exec``) itself, or all of its
        subresource (``*/exec``); a bare ``*`` does not count."""
        if resource in self.resources:
            return True
        _, slash, sub = resource.partition("/")
        return bool(slash) and f"*/{sub}" in self.resources

    def has_resource(self, resource: str) -> bool:
        return "*" in self.resources or self.names_resource(resource)

    def allows(self, verb: str, group: str, resource: str, *, named: bool = False) -> bool:
        """Whether the rule allows ``verb`` on ``resource`` of ``group``: on every object
        (no ``resourceNames``), or on some named ones too with ``named=True``."""
        if self.resource_names and not named:
            return False
        return self.has_verb(verb) and self.has_group(group) and self.has_resource(resource)


def _raw_index(values: Any, value: str) -> int:
    if isinstance(values, list):
        for i, item in enumerate(values):
            if item == value:
                return i
    return 0


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str))


@per_object
def rules_of(role: K8sObject) -> Iterator[PolicyRule]:
    """The rules written in a Role or ClusterRole."""
    rules = role.get("rules")
    if not isinstance(rules, list):
        return
    for i, entry in enumerate(rules):
        if isinstance(entry, dict):
            yield _policy_rule(entry, role, role.name, ("rules", i))


def _policy_rule(
    entry: Mapping[str, Any], role: K8sObject | None, name: str, path: Path
) -> PolicyRule:
    return PolicyRule(
        role=role,
        role_name=name,
        path=path,
        verbs=_strings(entry.get("verbs")),
        api_groups=_strings(entry.get("apiGroups")),
        resources=_strings(entry.get("resources")),
        resource_names=_strings(entry.get("resourceNames")),
        non_resource_urls=_strings(entry.get("nonResourceURLs")),
    )


def reaches_builtin_groups(rule: PolicyRule) -> bool:
    """Whether the rule's API groups include Kubernetes' own (or every group)."""
    return any(g == "*" or g in BUILTIN_GROUPS for g in rule.api_groups)


def wildcard_resources(rule: PolicyRule) -> bool:
    """Whether the rule grants every resource (``*``) of Kubernetes' own API groups: a
    project's own group with ``*`` grants nothing of Kubernetes itself."""
    return "*" in rule.resources and bool(rule.verbs) and reaches_builtin_groups(rule)


# --------------------------------------------------------------------------- built-in roles

_W = ("create", "delete", "deletecollection", "patch", "update")
_R = READ_VERBS
#: Core resources ``view`` reads, and those ``edit`` and ``admin`` also write (and read).
_CORE_VIEW = ("pods", "pods/log", "pods/status", "replicationcontrollers", "services",
              "configmaps", "endpoints", "persistentvolumeclaims", "serviceaccounts",
              "namespaces", "events")  # fmt: skip
_CORE_EDIT = ("pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy",
              "replicationcontrollers", "services", "services/proxy", "configmaps",
              "endpoints", "persistentvolumeclaims", "secrets", "serviceaccounts")  # fmt: skip
_APPS = ("daemonsets", "deployments", "replicasets", "statefulsets")
_EDIT = (
    (("",), _CORE_VIEW, _R, ()),
    (("",), _CORE_EDIT, (*_R, *_W), ()),
    (("",), ("serviceaccounts",), ("impersonate",), ()),
    (("apps",), _APPS, (*_R, *_W), ()),
    (("batch",), ("jobs", "cronjobs"), (*_R, *_W), ()),
)

_HEALTH_URLS = ("/healthz", "/livez", "/readyz", "/version", "/version/")
_DISCOVERY_URLS = (*_HEALTH_URLS, "/api", "/api/*", "/apis", "/apis/*", "/openapi", "/openapi/*")
_OIDC_URLS = (
    "/.well-known/openid-configuration",
    "/.well-known/openid-configuration/",
    "/openid/v1/jwks",
    "/openid/v1/jwks/",
)
#: Requests about oneself that every authenticated user may make.
_SELF_REVIEWS = ("selfsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews")

#: The rules of the built-in ClusterRoles that matter here, as (apiGroups, resources,
#: verbs, nonResourceURLs). For admin, edit and view this is a part of what they grant
#: (enough to tell that they read or write, and whether they read Secrets), not all of it;
#: for the others it is all of it. Other ``system:`` roles are unknown.
_BUILTIN: dict[str, tuple[tuple[tuple[str, ...], ...], ...]] = {
    "cluster-admin": (
        (("*",), ("*",), ("*",), ()),
        ((), (), ("*",), ("*",)),
    ),
    "view": (
        (("",), _CORE_VIEW, _R, ()),
        (("apps",), _APPS, _R, ()),
        (("batch",), ("jobs", "cronjobs"), _R, ()),
    ),
    "edit": _EDIT,
    "admin": (*_EDIT, ((RBAC_GROUP,), ("roles", "rolebindings"), (*_R, *_W), ())),
    "system:discovery": (((), (), ("get",), _DISCOVERY_URLS),),
    "system:public-info-viewer": (((), (), ("get",), _HEALTH_URLS),),
    "system:basic-user": (
        (("authorization.k8s.io",), _SELF_REVIEWS[:2], ("create",), ()),
        (("authentication.k8s.io",), _SELF_REVIEWS[2:], ("create",), ()),
    ),
    "system:service-account-issuer-discovery": (((), (), ("get",), _OIDC_URLS),),
}
#: The built-in ClusterRoles filled by aggregation from labelled ClusterRoles, and the
#: ``aggregate-to-`` labels each collects: ``view`` is itself labelled aggregate-to-edit
#: and ``edit`` aggregate-to-admin, so what is added to view reaches edit and admin too.
AGGREGATED_BUILTINS: dict[str, tuple[str, ...]] = {
    "view": ("view",),
    "edit": ("edit", "view"),
    "admin": ("admin", "edit", "view"),
}


def builtin_rules(name: str) -> tuple[PolicyRule, ...] | None:
    """What kubelint knows of the built-in ClusterRole ``name`` (see ``_BUILTIN``)."""
    table = _BUILTIN.get(name)
    if table is None:
        return None
    return tuple(
        PolicyRule(None, name, (), verbs, groups, resources, (), urls)
        for groups, resources, verbs, urls in table
    )


# --------------------------------------------------------------------------- bindings


class RoleRef(Record):
    """The role a binding grants, as its ``roleRef`` names it."""

    __slots__ = ("kind", "name", "path")

    def __init__(self, kind: str, name: str, path: Path) -> None:
        self.kind = kind  # Role or ClusterRole
        self.name = name
        self.path = path  # the node holding the name

    def describe(self) -> str:
        return f"{self.kind} {self.name!r}"


def role_ref(binding: K8sObject) -> RoleRef | None:
    """The binding's ``roleRef``, when it names a Role or ClusterRole the API accepts for
    this kind of binding (a ClusterRoleBinding cannot grant a Role)."""
    ref = binding.get("roleRef")
    if not isinstance(ref, dict):
        return None
    kind, name = ref.get("kind"), ref.get("name")
    if not isinstance(kind, str) or kind not in ROLE_KINDS or not isinstance(name, str) or not name:
        return None
    if kind == "Role" and binding.kind != "RoleBinding":
        return None
    return RoleRef(kind, name, ("roleRef", "name"))


def same_directory(a: K8sObject, b: K8sObject) -> bool:
    return directory_of(a) == directory_of(b)


def is_cluster_wide(binding: K8sObject) -> bool:
    """A ClusterRoleBinding grants its role in every namespace; a RoleBinding in its own."""
    return binding.kind == "ClusterRoleBinding"


class Subject(Record):
    """One entry of a binding's ``subjects``."""

    __slots__ = ("kind", "name", "namespace", "path")

    def __init__(self, kind: str, name: str, namespace: str | None, path: Path) -> None:
        self.kind = kind  # User, Group or ServiceAccount
        self.name = name
        self.namespace = namespace  # a ServiceAccount's namespace
        self.path = path  # the node holding the name

    def describe(self) -> str:
        if self.kind == "ServiceAccount" and self.namespace:
            return f"ServiceAccount {self.namespace}/{self.name}"
        return f"{self.kind} {self.name}"


def subjects(binding: K8sObject) -> list[Subject]:
    """The subjects of a binding; a ServiceAccount without a namespace is in the binding's."""
    found: list[Subject] = []
    entries = binding.get("subjects")
    if not isinstance(entries, list):
        return found
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        kind, name = entry.get("kind"), entry.get("name")
        if not isinstance(kind, str) or not isinstance(name, str) or not name:
            continue
        namespace = entry.get("namespace")
        if kind == "ServiceAccount" and not (isinstance(namespace, str) and namespace):
            namespace = binding.namespace if binding.kind == "RoleBinding" else None
        found.append(Subject(kind, name, namespace, ("subjects", i, "name")))
    return found


def describe_subjects(found: list[Subject], most: int = 3) -> str:
    """``ServiceAccount ns/a, Group b`` (``and N more`` past ``most``)."""
    names = [s.describe() for s in found[:most]]
    if len(found) > most:
        names.append(f"{len(found) - most} more")
        return ", ".join(names[:-1]) + f" and {names[-1]}"
    return ", ".join(names)


# --------------------------------------------------------------------------- resolution


def find_role(index: ObjectIndex, ref: RoleRef, binding: K8sObject) -> K8sObject | None:
    """The role the files define for the binding's ``ref`` (a Role in its namespace). When
    several files define it (variants of one installation), the one nearest the binding:
    in its file, else in its directory."""
    candidates = names_of_kind(index, ref.kind, group=RBAC_GROUP).by_name.get(ref.name, [])
    if ref.kind == "Role":  # of the binding's namespace, or one it may be applied to
        candidates = sorted(
            (r for r in candidates if may_share_namespace(r, binding)),
            key=lambda r: r.namespace != binding.namespace,
        )
    if len(candidates) > 1:
        for near in (lambda r: r.file is binding.file, lambda r: same_directory(r, binding)):
            close = [r for r in candidates if near(r)]
            if close:
                return close[0]
    return candidates[0] if candidates else None


def _cluster_role(index: ObjectIndex, name: str, near: K8sObject | None) -> K8sObject | None:
    if near is None:
        return index.get("ClusterRole", name, None, group=RBAC_GROUP)
    return find_role(index, RoleRef("ClusterRole", name, ()), near)


def granted_rules(index: ObjectIndex, binding: K8sObject) -> tuple[PolicyRule, ...] | None:
    """The rules the binding grants: those of its role in the files (a ClusterRole with an
    aggregationRule: of the ClusterRoles it selects), else those kubelint knows of the
    built-in role (plus the ClusterRoles aggregated into admin, edit or view); None when
    the role is defined elsewhere."""
    ref = role_ref(binding)
    if ref is None:
        return None
    role = find_role(index, ref, binding)
    if role is not None:
        return role_rules(index, role)
    if ref.kind == "Role":
        return None
    return cluster_role_rules(index, ref.name, binding)


def cluster_role_rules(
    index: ObjectIndex, name: str, near: K8sObject | None = None
) -> tuple[PolicyRule, ...] | None:
    """The rules of the ClusterRole ``name``: from the files (the definition nearest
    ``near`` when several files define it), else the built-in one."""
    role = _cluster_role(index, name, near)
    if role is not None:
        return role_rules(index, role)
    known = builtin_rules(name)
    if known is None:
        return None
    if name in AGGREGATED_BUILTINS:
        selectors = [
            {"matchLabels": {AGGREGATE_LABEL + n: "true"}} for n in AGGREGATED_BUILTINS[name]
        ]
        return known + _aggregated(index, selectors, {name})
    return known


def role_rules(index: ObjectIndex, role: K8sObject) -> tuple[PolicyRule, ...]:
    """The rules a role in the files grants. The control plane replaces the rules of a
    ClusterRole with an aggregationRule by those of the ClusterRoles it selects."""
    selectors = aggregation_selectors(role)
    if selectors is None:
        return rules_of(role)
    return _aggregated(index, selectors, {role.name})


def aggregation_selectors(role: K8sObject) -> list[Any] | None:
    """The ``clusterRoleSelectors`` of a ClusterRole's aggregationRule, or None."""
    if role.kind != "ClusterRole":
        return None
    rule = role.get("aggregationRule")
    if not isinstance(rule, dict):
        return None
    selectors = rule.get("clusterRoleSelectors")
    return list(selectors) if isinstance(selectors, list) else []


def _aggregated(index: ObjectIndex, selectors: list[Any], seen: set[str]) -> tuple[PolicyRule, ...]:
    found: list[PolicyRule] = []
    for builtin in AGGREGATED_BUILTINS:  # the built-in ClusterRoles carrying these labels
        labels = {AGGREGATE_LABEL + builtin: "true"}
        if builtin not in seen and any(
            selector_matches(s, labels) for s in selectors if isinstance(s, dict)
        ):
            seen.add(builtin)
            found.extend(builtin_rules(builtin) or ())
    for other in index.of_kind("ClusterRole", group=RBAC_GROUP):
        if other.name in seen:
            continue
        labels = labels_of(other.metadata.get("labels"))
        if not any(selector_matches(s, labels) for s in selectors if isinstance(s, dict)):
            continue
        seen.add(other.name)
        nested = aggregation_selectors(other)
        found.extend(rules_of(other) if nested is None else _aggregated(index, nested, seen))
    return tuple(found)


# --------------------------------------------------------------------------- questions


def secret_read(rule: PolicyRule) -> tuple[str, ...]:
    """The read verbs (get, list, watch) the rule allows on every Secret."""
    return tuple(v for v in READ_VERBS if rule.allows(v, "", "secrets"))


#: Non-resource URLs every cluster serves to anyone: health, version and API discovery,
#: and the service account issuer's OIDC discovery documents.
PUBLIC_URLS = frozenset({*_DISCOVERY_URLS, *_OIDC_URLS, "/healthz/*", "/livez/*", "/readyz/*"})


def is_public(rule: PolicyRule) -> bool:
    """Whether the rule only exposes what a cluster shows everyone: health, version and
    discovery URLs, reviews of one's own access, reading a few named objects that are not
    Secrets (a published ConfigMap such as kube-public's cluster-info), or using a named
    PodSecurityPolicy."""
    if rule.non_resource_urls:
        return (
            not rule.resources
            and set(rule.verbs) <= {"get", "head"}
            and all(url in PUBLIC_URLS for url in rule.non_resource_urls)
        )
    if "*" in rule.verbs or "*" in rule.resources or "*" in rule.api_groups:
        return False
    if set(rule.verbs) <= {"create"} and set(rule.resources) <= set(_SELF_REVIEWS):
        return True
    if not rule.resource_names:
        return False
    if set(rule.verbs) <= {"use"} and set(rule.resources) <= {"podsecuritypolicies"}:
        return True
    return set(rule.verbs) <= set(READ_VERBS) and not any(
        r == "secrets" or "/" in r for r in rule.resources
    )


def describe_rule(rule: PolicyRule, most: int = 4) -> str:
    """``get, list on secrets``, ``* on every resource``, ``get on /metrics``; past ``most``
    resources, ``get on pods, services, configmaps, endpoints and 7 more``."""
    verbs = ", ".join(rule.verbs) or "nothing"
    if "*" in rule.resources:
        return f"{verbs} on every resource"
    targets = rule.non_resource_urls or rule.resources
    shown = ", ".join(targets[:most]) or "nothing"
    if len(targets) > most:
        shown += f" and {len(targets) - most} more"
    return f"{verbs} on {shown}"


def broadest_not_public(rules: Iterable[PolicyRule]) -> PolicyRule | None:
    """Of the rules that grant more than ``is_public`` allows, the one that says most about
    it: the first reading Secrets, else the first writing, else the first; None if none."""
    wider = [r for r in rules if r.verbs and not is_public(r)]
    for telling in (secret_read, lambda r: set(r.verbs) - set(READ_VERBS)):
        found = next((r for r in wider if telling(r)), None)
        if found is not None:
            return found
    return wider[0] if wider else None


#: Subjects that stand for every request without credentials.
ANONYMOUS = frozenset({("User", "system:anonymous"), ("Group", "system:unauthenticated")})
#: Subjects that stand for everyone with credentials, or every ServiceAccount.
EVERYONE = frozenset({("Group", "system:authenticated"), ("Group", "system:serviceaccounts")})


class GroupGrant(Record):
    """A subject standing for many requesters, and what a binding gives it beyond public
    information (``grant`` None: the role is defined outside the linted files)."""

    __slots__ = ("grant", "role", "subject")

    def __init__(self, subject: Subject, role: RoleRef, grant: str | None) -> None:
        self.subject = subject
        self.role = role
        self.grant = grant


def grants_to(index: ObjectIndex, binding: K8sObject, who: frozenset[tuple[str, str]]
              ) -> Iterator[GroupGrant]:  # fmt: skip
    """The subjects of ``binding`` among ``who`` ((kind, name) pairs) that receive more than
    public information, or a role kubelint cannot see."""
    if not is_rbac(binding, BINDING_KINDS):
        return
    ref = role_ref(binding)
    if ref is None:
        return
    chosen = [s for s in subjects(binding) if (s.kind, s.name) in who]
    if not chosen:
        return
    rules = granted_rules(index, binding)
    if rules is None:
        yield from (GroupGrant(s, ref, None) for s in chosen)
        return
    broad = broadest_not_public(rules)
    if broad is not None:
        grant = describe_rule(broad)
        yield from (GroupGrant(s, ref, grant) for s in chosen)


# --------------------------------------------------------------------------- escalation

#: The first release whose API server also asks for ``create`` when pods/exec, pods/attach
#: or pods/portforward is opened through a WebSocket (a GET request); before it ``get`` on
#: those subresources was enough to run commands in a pod.
EXEC_NEEDS_CREATE = (1, 35)


class Grant(Record):
    """A dangerous permission found in one policy rule: what it is (a message id of the
    rules that report it), where to point, and the verb and resources concerned."""

    __slots__ = ("path", "resources", "verbs", "what")

    def __init__(self, what: str, path: Path, verbs: str, resources: str) -> None:
        self.what = what
        self.path = path
        self.verbs = verbs  # as messages show them: "escalate", "create, patch"
        self.resources = resources  # "clusterroles", "pods/exec, pods/attach"


#: Resources a Role cannot grant: they are not namespaced.
_CLUSTER_SCOPED = frozenset(
    {
        "users", "groups", "uids", "userextras", "nodes", "signers", "persistentvolumes",
        "namespaces", "mutatingwebhookconfigurations", "validatingwebhookconfigurations",
        "mutatingadmissionpolicies", "mutatingadmissionpolicybindings",
    }
)  # fmt: skip


def _grant(
    rule: PolicyRule,
    what: str,
    group: str,
    resources: Iterable[str],
    verbs: Iterable[str],
    *,
    cluster_role: bool,
    at_verb: bool = False,
) -> Grant | None:
    """A Grant when the rule allows one of ``verbs`` on one of ``resources`` (named
    explicitly, not through a bare ``*``) of ``group``; pointing at the verb when it is
    written (``at_verb``), else at the first resource."""
    if not rule.has_group(group):
        return None
    named = [
        written
        for resource in resources
        if cluster_role or resource.partition("/")[0] not in _CLUSTER_SCOPED
        for written in _written(rule, resource)
    ]
    allowed = [v for v in verbs if rule.has_verb(v)]
    if not named or not allowed:
        return None
    listed = [v for v in allowed if v in rule.verbs]
    shown = ", ".join(listed) if listed else f"'*' (including {allowed[0]})"
    unique = list(dict.fromkeys(named))
    if at_verb and listed:
        path = rule.item("verbs", listed[0])
    else:
        path = rule.item("resources", unique[0])
    return Grant(what, path, shown, ", ".join(unique))


def _written(rule: PolicyRule, resource: str) -> list[str]:
    """How the rule names ``resource``: itself, or its subresource through ``*/sub``;
    ``userextras/*`` names every user extra."""
    if resource.endswith("/*"):
        prefix = resource[:-1]
        return [r for r in rule.resources if r.startswith(prefix)]
    if resource in rule.resources:
        return [resource]
    _, slash, sub = resource.partition("/")
    return [f"*/{sub}"] if slash and f"*/{sub}" in rule.resources else []


def escalations(
    rule: PolicyRule, *, cluster_role: bool, kube_version: tuple[int, int]
) -> Iterator[Grant]:
    """Permissions that let their holder gain permissions it was not given: write roles
    beyond its own (``escalate``), bind any role (``bind``), act as another user or account
    (``impersonate``, service account tokens), run commands in pods (exec, attach,
    ephemeral containers, the kubelet API through nodes/proxy), or approve certificates for
    the API server's own signers. Roles without the escalate or bind verbs can be written
    freely without these: the API server refuses a role or binding granting more than its
    author holds."""
    options: dict[str, Any] = {"cluster_role": cluster_role}
    roles = ("roles", "clusterroles")
    found: list[Grant | None] = [
        _grant(rule, "escalate", RBAC_GROUP, roles, ("escalate",), at_verb=True, **options),
        _grant(rule, "bind", RBAC_GROUP, roles, ("bind",), at_verb=True, **options),
        _grant(rule, "impersonate", "", ("users", "groups", "serviceaccounts"),
               ("impersonate",), at_verb=True, **options),
        _grant(rule, "impersonate", "authentication.k8s.io", ("uids", "userextras/*"),
               ("impersonate",), at_verb=True, **options),
        _grant(rule, "token", "", ("serviceaccounts/token",), ("create",), **options),
        _grant(rule, "exec", "", ("pods/exec", "pods/attach"),
               ("create", "get") if kube_version < EXEC_NEEDS_CREATE else ("create",),
               **options),
        _grant(rule, "ephemeral", "", ("pods/ephemeralcontainers",), ("update", "patch"),
               **options),
        _grant(rule, "node-proxy", "", ("nodes/proxy",), ("get", "create", "update", "patch",
               "delete"), **options),
    ]  # fmt: skip
    escalate, bind = found[0], found[1]
    if escalate is not None and bind is not None and escalate.path == bind.path:
        verbs = "escalate, bind" if "*" not in escalate.verbs else "'*' (escalate, bind)"
        found[:2] = [Grant("escalate-bind", escalate.path, verbs, escalate.resources)]
    if _approves_builtin_signers(rule):
        found.append(
            _grant(rule, "approve", "certificates.k8s.io", ("signers",), ("approve",), **options)
        )
    seen: set[str] = set()
    for grant in found:
        if grant is not None and grant.what not in seen:
            seen.add(grant.what)
            yield grant


def _approves_builtin_signers(rule: PolicyRule) -> bool:
    """Whether ``approve`` on signers reaches the signers of Kubernetes itself (whose
    certificates the API server and kubelets trust): no resourceNames, or kubernetes.io/
    names."""
    if not rule.resource_names:
        return True
    return any(n == "*" or n.startswith("kubernetes.io/") for n in rule.resource_names)


#: Kinds that run pods, by API group and resource.
_POD_RUNNERS = (
    ("", ("pods", "replicationcontrollers")),
    ("apps", ("deployments", "replicasets", "statefulsets", "daemonsets")),
    ("batch", ("jobs", "cronjobs")),
)
_WRITE = ("create", "update", "patch")
_ADMISSION = "admissionregistration.k8s.io"


def indirect_escalations(rule: PolicyRule, *, cluster_role: bool) -> Iterator[Grant]:
    """Permissions that reach beyond RBAC less directly: running pods (which may use any
    ServiceAccount, Secret and ConfigMap of their namespace), writing admission webhooks
    and mutating admission policies (which see or change every request they match),
    creating PersistentVolumes (which may mount the node's filesystem) and changing
    namespaces (whose labels choose the Pod Security level enforced in them)."""
    options: dict[str, Any] = {"cluster_role": cluster_role}
    found: list[Grant | None] = []
    for group, resources in _POD_RUNNERS:
        found.append(_grant(rule, "workloads", group, resources, _WRITE, **options))
    found += [
        _grant(rule, "webhooks", _ADMISSION,
               ("mutatingwebhookconfigurations", "validatingwebhookconfigurations",
                "mutatingadmissionpolicies", "mutatingadmissionpolicybindings"),
               _WRITE, **options),
        _grant(rule, "persistent-volumes", "", ("persistentvolumes",), ("create",), **options),
        _grant(rule, "namespaces", "", ("namespaces",), ("update", "patch"), **options),
    ]  # fmt: skip
    seen: set[str] = set()
    for grant in found:
        if grant is not None and grant.what not in seen:
            seen.add(grant.what)
            yield grant
