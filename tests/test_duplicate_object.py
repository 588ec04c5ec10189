"""duplicate-object across files: the rule sees the whole run, which fixtures (one file each)
cannot show."""

from __future__ import annotations

from pathlib import Path

from kubelint.engine import Settings, lint

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}
  namespace: shop
data:
  LOG_LEVEL: {level}
"""

DEPLOYMENT = """\
apiVersion: {api_version}
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
"""


def _run(*paths: Path, context: tuple[Path, ...] = ()) -> list[tuple[str, int, str]]:
    settings = Settings(severities={"duplicate-object": "warning"})
    report = lint([str(p) for p in paths], settings, context=[str(p) for p in context])
    assert not report.internal_errors, report.internal_errors
    return [(Path(f.file).name, f.line, f.message) for f in report.findings]


def _write(path: Path, *documents: str) -> Path:
    path.write_text("---\n".join(documents), encoding="utf-8")
    return path


def test_second_file_points_at_the_first(tmp_path):
    first = _write(tmp_path / "a.yaml", CONFIGMAP.format(name="settings", level="info"))
    second = _write(tmp_path / "b.yaml", CONFIGMAP.format(name="settings", level="debug"))
    [(file, line, message)] = _run(first, second)
    assert (file, line) == ("b.yaml", 4)
    assert message.startswith("ConfigMap shop/settings is defined again, differently from ")
    assert f"{first}:4;" in message


def test_files_sharing_several_objects_are_called_alternatives(tmp_path):
    names = ("settings", "features", "limits")
    docs = [CONFIGMAP.format(name=n, level="info") for n in names]
    first = _write(tmp_path / "install.yaml", *docs)
    second = _write(tmp_path / "install-ha.yaml", *docs)
    findings = _run(first, second)
    # The first definition is the one in the file whose path sorts first, whatever the
    # order the files were given in.
    assert [(f, line) for f, line, _ in findings] == [
        ("install.yaml", 4),
        ("install.yaml", 12),
        ("install.yaml", 20),
    ]
    assert all("this file shares 3 objects with that one" in m for _, _, m in findings)
    assert all("lint them separately" in m for _, _, m in findings)


def test_old_group_names_are_the_same_object(tmp_path):
    old = _write(tmp_path / "a.yaml", DEPLOYMENT.format(api_version="extensions/v1beta1"))
    new = _write(tmp_path / "b.yaml", DEPLOYMENT.format(api_version="apps/v1"))
    [(file, _, message)] = _run(old, new)
    assert file == "b.yaml"
    assert message.startswith("Deployment default/web is defined again")


def test_context_files_count_so_one_file_reports_what_its_folder_reports(tmp_path):
    linted = _write(tmp_path / "app.yaml", CONFIGMAP.format(name="settings", level="info"))
    base = tmp_path / "base"
    base.mkdir()
    _write(base / "settings.yaml", CONFIGMAP.format(name="settings", level="debug"))
    # app.yaml sorts before base/settings.yaml: it holds the first definition, no finding
    assert _run(linted, context=(base,)) == []
    later = _write(tmp_path / "zz-app.yaml", CONFIGMAP.format(name="settings", level="info"))
    [(file, _, message)] = _run(later, context=(base,))
    assert file == "zz-app.yaml" and "base/settings.yaml" in message


def test_the_index_knows_which_objects_share_an_identity(tmp_path):
    from kubelint import engine

    (tmp_path / "a.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: twice}\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: once}\n"
    )
    (tmp_path / "b.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: twice}\n")
    run = engine.load_run([str(tmp_path)], engine.Settings(severities={}))
    shared = {(o.file.path[-6:], o.name): run.index.shares_identity(o) for o in run.objects}
    assert shared == {
        ("a.yaml", "twice"): True,
        ("a.yaml", "once"): False,
        ("b.yaml", "twice"): True,
    }
