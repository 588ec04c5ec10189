"""Files and the Kubernetes objects found in them."""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from kubelint import kube
from kubelint.loader import Document, LoadProblem, PosList, PosMap, entry_offsets
from kubelint.suppress import Directives

Path = tuple[Any, ...]
_UNSET: Any = object()


class SourceFile:
    """A file (or standard input) as read, with what came out of it."""

    __slots__ = (
        "_line_starts",
        "context_only",
        "directives",
        "objects",
        "path",
        "problems",
        "real_path",
        "text",
    )

    def __init__(
        self,
        path: str,
        text: str = "",
        problems: list[LoadProblem] | None = None,
        objects: list[K8sObject] | None = None,
        directives: Directives | None = None,
        context_only: bool = False,
        real_path: str = "",
    ) -> None:
        self.path = path  # as shown to the user
        self.text = text
        self.problems: list[LoadProblem] = problems if problems is not None else []
        self.objects: list[K8sObject] = objects if objects is not None else []
        self.directives = directives if directives is not None else Directives()
        self.context_only = context_only  # loaded to resolve references; never reported on
        #: The file's real path: orders files the same whichever way they were named.
        self.real_path = real_path
        self._line_starts: list[int] | None = None

    def __repr__(self) -> str:
        return f"SourceFile({self.path!r})"

    def problems_of(self, *kinds: str) -> Iterator[LoadProblem]:
        return (p for p in self.problems if p.kind in kinds)

    def _starts(self) -> list[int]:
        if self._line_starts is None:
            lines = self.text.split("\n")
            self._line_starts = [0, *itertools.accumulate(len(line) + 1 for line in lines)]
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        starts = self._starts()
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def offset_at(self, line: int, column: int) -> int:
        """Character offset of a 1-based line and column."""
        starts = self._starts()
        return starts[min(max(line, 1), len(starts)) - 1] + column - 1


class K8sObject:
    """One Kubernetes object: a document, or one item of a ``kind: List``."""

    __slots__ = (
        "api_version",
        "base",
        "data",
        "document",
        "file",
        "group",
        "kind",
        "kind_guessed",
        "memo",
        "name",
        "namespace",
        "spec_path",
        "version",
        "written_namespace",
    )

    def __init__(
        self,
        data: PosMap,
        file: SourceFile,
        document: Document,
        base: Path,
        api_version: str,
        kind: str,
        name: str,
        written_namespace: str | None,
        namespace: str | None = None,
        kind_guessed: bool = False,
    ) -> None:
        self.data = data
        self.file = file
        self.document = document
        self.base = base  # where the object sits inside its document: () or ("items", i)
        self.api_version = api_version
        self.kind = kind
        self.name = name
        #: metadata.namespace as written (None when absent).
        self.written_namespace = written_namespace
        #: The namespace the object lives in: None for cluster-scoped kinds, else the written
        #: namespace or the default one. Set by the engine once CRDs are known.
        self.namespace = namespace
        #: True when ``kind`` was missing and guessed from the object's shape.
        self.kind_guessed = kind_guessed
        #: The API group and version of ``api_version`` ("" for the core group).
        self.group, self.version = kube.split_api_version(api_version)
        #: Where the kind keeps its pod spec (see ``pod_spec_path``).
        self.spec_path = kube.pod_spec_path(self.group, kind)
        #: What helpers derived from this object, kept for the run (see ``per_object``).
        self.memo: dict[Any, Any] = {}

    def __repr__(self) -> str:
        return f"K8sObject({self.api_version!r}, {self.kind!r}, {self.name!r})"

    @property
    def display_name(self) -> str:
        """``Kind namespace/name`` (or ``Kind name`` when cluster-scoped)."""
        if self.namespace:
            return f"{self.kind} {self.namespace}/{self.name}"
        return f"{self.kind} {self.name}"

    def get(self, *path: Any) -> Any:
        return kube.get_path(self.data, path)

    @property
    def metadata(self) -> Mapping[str, Any]:
        meta = self.data.get("metadata")
        return meta if isinstance(meta, dict) else {}

    @property
    def labels(self) -> dict[str, str]:
        return kube.labels_of(self.metadata.get("labels"))

    @property
    def annotations(self) -> Mapping[str, Any]:
        value = self.metadata.get("annotations")
        return value if isinstance(value, dict) else {}

    # ---- pods

    def pod_spec_path(self) -> Path | None:
        return self.spec_path

    def pod_spec(self) -> Mapping[str, Any] | None:
        spec = self.memo.get("pod-spec", _UNSET)
        if spec is _UNSET:  # asked a dozen times per object: found once
            path = self.spec_path
            spec = kube.get_path(self.data, path) if path is not None else None
            spec = self.memo["pod-spec"] = spec if isinstance(spec, dict) else None
        return spec

    def containers(self) -> tuple[kube.Container, ...]:
        """Every container, init container and ephemeral container of the pod template."""
        found = self.memo.get("containers")
        if found is None:
            path = self.spec_path
            found = tuple(kube.iter_containers(self.get(*path), path)) if path is not None else ()
            self.memo["containers"] = found
        return found

    def pod_labels(self) -> dict[str, str] | None:
        """Labels of the pods this object creates, or None if it creates none."""
        path = kube.template_labels_path(self.group, self.kind)
        if path is None:
            return None
        return kube.labels_of(self.get(*path))

    # ---- positions

    def offset(self, path: Path, *, key: bool = False) -> int:
        """Character offset of the node at ``path`` (of its key with ``key=True``).

        Where the path leaves the document, the deepest existing key is used, so a finding
        about a missing field points at the mapping that should hold it.
        """
        node: Any = self.document.data
        best = self.document.offset
        last: tuple[int, int, int] | None = None
        for step in (*self.base, *path):
            if not isinstance(node, (PosMap, PosList)):
                break
            where = entry_offsets(node, step)
            if where is None:
                break
            last = where
            best = where[1]
            node = node[step]
        else:
            if last is not None and key:
                return last[0]
            return best
        return last[0] if last is not None else best

    def is_empty_value(self, path: Path) -> bool:
        """True when the value at ``path`` was written as nothing at all (``key:``)."""
        parent = self.get(*path[:-1]) if len(path) > 1 else self.data
        where = entry_offsets(parent, path[-1]) if path else None
        return where is not None and bool(where[2] & 1)


T = TypeVar("T")


def per_object(derive: Callable[..., Iterable[T]]) -> Callable[..., tuple[T, ...]]:
    """Cache what ``derive(obj, *args)`` yields on ``obj`` for the run: several rules ask
    the same question of every object (its Secret references, its route destinations), and
    on large repositories answering it once per object is what keeps them cheap."""
    name = f"{derive.__module__}.{derive.__qualname__}"

    @functools.wraps(derive)
    def cached(obj: K8sObject, *args: Any) -> tuple[T, ...]:
        key = (name, *args) if args else name
        found = obj.memo.get(key)
        if found is None:
            found = obj.memo[key] = tuple(derive(obj, *args))
        return found

    return cached


def objects_from_document(doc: Document, source: SourceFile) -> list[K8sObject]:
    """The Kubernetes objects in a document: none for non-Kubernetes YAML, the items of a
    ``List``, or the document itself."""
    data = doc.data
    if not isinstance(data, PosMap):
        return []
    api_version = data.get("apiVersion")
    kind = data.get("kind")
    if api_version is None and kind is None:
        return []  # a values file, a CI workflow...: not ours
    if isinstance(kind, str) and kind.endswith("List") and isinstance(data.get("items"), PosList):
        items: list[K8sObject] = []
        for i, item in enumerate(data["items"]):
            if isinstance(item, PosMap) and ("apiVersion" in item or "kind" in item):
                items.append(_make_object(item, doc, source, ("items", i)))
        return items
    return [_make_object(data, doc, source, ())]


def _make_object(data: PosMap, doc: Document, source: SourceFile, base: Path) -> K8sObject:
    api_version = data.get("apiVersion")
    kind = data.get("kind")
    guessed = False
    if not isinstance(kind, str) or not kind:
        guess = kube.guess_kind(data)
        kind, guessed = (guess, True) if guess else ("", False)
    meta = data.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    name = meta.get("name")
    if not isinstance(name, str):
        name = str(name) if name is not None else (meta.get("generateName") or "")
    namespace = meta.get("namespace")
    return K8sObject(
        data=data,
        file=source,
        document=doc,
        base=base,
        api_version=api_version if isinstance(api_version, str) else "",
        kind=kind,
        name=name if isinstance(name, str) else str(name),
        written_namespace=str(namespace) if namespace not in (None, "") else None,
        kind_guessed=guessed,
    )
