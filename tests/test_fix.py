"""The fix engine: edits become exact text replacements, and files are written safely."""

from __future__ import annotations

import os
import stat
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from kubelint.cli import cli
from kubelint.engine import load_text
from kubelint.fix import (
    CannotApply,
    Fix,
    PendingFix,
    apply_fixes,
    delete,
    insert,
    quote,
    rename,
    set_value,
)
from kubelint.objects import SourceFile


def fixed(text: str, *edits, base_index: int = 0) -> str:
    """The text after applying ``edits`` to the ``base_index``-th object of ``text``."""
    source = SourceFile("test.yaml")
    load_text(source, textwrap.dedent(text).encode())
    obj = source.objects[base_index]
    result = apply_fixes(source, [PendingFix("test", obj, Fix.of(*edits))])
    assert result.applied
    return result.text


DEPLOYMENT = """\
    # the web tier
    apiVersion: extensions/v1beta1   # old
    kind: Deployment
    metadata:
      name: web
      labels: {app: web}
    spec:
      template:
        metadata:
          labels:
            app: web
        spec:
          containers:
            - name: web          # main
              image: nginx:1.27.3
              ports:
                - containerPort: 80
    """


def test_set_rename_and_insert_touch_nothing_else():
    out = fixed(
        DEPLOYMENT,
        set_value(("apiVersion",), "apps/v1"),
        insert(("spec",), "selector", {"matchLabels": {"app": "web"}}),
        rename(("metadata", "labels"), "annotations"),
    )
    assert out == textwrap.dedent(
        """\
        # the web tier
        apiVersion: apps/v1   # old
        kind: Deployment
        metadata:
          name: web
          annotations: {app: web}
        spec:
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web          # main
                  image: nginx:1.27.3
                  ports:
                    - containerPort: 80
          selector:
            matchLabels:
              app: web
        """
    )


def test_inserted_sequences_follow_the_documents_own_indentation():
    out = fixed(
        DEPLOYMENT,
        insert(("spec", "template", "spec"), "volumes", [{"name": "cache", "emptyDir": {}}]),
    )
    assert out.endswith(
        "            - containerPort: 80\n"
        "      volumes:\n"
        "        - name: cache\n"
        "          emptyDir: {}\n"
    )


def test_a_block_mapping_is_replaced_by_lines_at_its_own_column():
    text = """\
        apiVersion: networking.k8s.io/v1beta1
        kind: Ingress
        metadata:
          name: web
        spec:
          backend:      # default
            serviceName: web
            servicePort: 80
          tls: []
        """
    out = fixed(
        text,
        set_value(("spec", "backend"), {"service": {"name": "web", "port": {"number": 80}}}),
        rename(("spec", "backend"), "defaultBackend"),
    )
    assert out == textwrap.dedent(
        """\
        apiVersion: networking.k8s.io/v1beta1
        kind: Ingress
        metadata:
          name: web
        spec:
          defaultBackend:      # default
            service:
              name: web
              port:
                number: 80
          tls: []
        """
    )


def test_deleting_the_last_entries_of_a_mapping_removes_the_mapping():
    text = """\
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: |
              {"kind": "ConfigMap"}
            deployment.kubernetes.io/revision: "2"
        data: {a: "1", b: "2"}
        """
    out = fixed(
        text,
        delete(("metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration")),
        delete(("metadata", "annotations", "deployment.kubernetes.io/revision")),
        delete(("data", "a")),
    )
    assert out == 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata: {b: "2"}\n'


def test_the_first_entry_of_a_sequence_item_can_go():
    text = """\
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - status: copied
            name: web
            image: nginx:1.27.3
        """
    out = fixed(text, delete(("spec", "containers", 0, "status")))
    assert out.endswith("  containers:\n  - name: web\n    image: nginx:1.27.3\n")


def test_quote_keeps_the_text_as_written():
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  v: 1.10  # x\n  w: 0x1F\n"
    )
    out = fixed(text, quote(("data", "v")), quote(("data", "w")))
    assert out.endswith('  v: "1.10"  # x\n  w: "0x1F"\n')


def test_an_edit_whose_target_is_missing_is_not_applied():
    source = SourceFile("test.yaml")
    load_text(source, b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")
    result = apply_fixes(
        source, [PendingFix("t", source.objects[0], Fix.of(set_value(("data", "x"), "1")))]
    )
    assert not result.applied and result.text == source.text


def test_overlapping_fixes_wait_for_the_next_round():
    source = SourceFile("test.yaml")
    load_text(source, b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: x}\n")
    obj = source.objects[0]
    first = PendingFix("t", obj, Fix.of(set_value(("data", "a"), "y")))
    second = PendingFix("t", obj, Fix.of(set_value(("data", "a"), "z")))
    result = apply_fixes(source, [first, second])
    assert result.applied == [first] and result.skipped == [second]
    assert result.text.endswith("data: {a: y}\n")


def test_a_result_that_does_not_load_back_as_intended_is_refused(monkeypatch):
    import kubelint.fix as fix

    monkeypatch.setattr(fix, "render_scalar", lambda value: "[broken")
    source = SourceFile("test.yaml")
    load_text(source, b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: x}\n")
    with pytest.raises(CannotApply):
        apply_fixes(
            source, [PendingFix("t", source.objects[0], Fix.of(set_value(("data", "a"), "y")))]
        )


# ---------------------------------------------------------------- files on disk

EXPORTED = (
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n"
    '  resourceVersion: "42"\ndata:\n  PORT: 8080\n'
)
FIXED = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  PORT: "8080"\n'


def cli_run(cwd: Path, *args: str) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, ["--no-config", "--no-context", *args])
    finally:
        os.chdir(old)
    return result.exit_code, result.output


def test_fix_writes_atomically_and_keeps_mode_bom_and_crlf(tmp_path):
    path = tmp_path / "app.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + EXPORTED.replace("\n", "\r\n").encode())
    path.chmod(0o640)
    code, output = cli_run(tmp_path, "--fix", "app.yaml")
    assert code == 0, output
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.yaml"]  # no temporary left
    assert "fixed 2 problems in 1 file" in output


def test_diff_changes_nothing_and_exits_1(tmp_path):
    path = tmp_path / "app.yaml"
    path.write_text(EXPORTED)
    code, output = cli_run(tmp_path, "--diff", "app.yaml")
    assert code == 1 and path.read_text() == EXPORTED
    assert '-  PORT: 8080\n+  PORT: "8080"\n' in output and "--- a/app.yaml" in output
    code, output = cli_run(tmp_path, "--diff", "app.yaml")
    assert code == 1  # still there: nothing was written


def test_files_that_cannot_be_fixed_faithfully_are_left_alone(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(EXPORTED + "---\nkey: [unclosed\n")
    as_json = tmp_path / "app.json"
    as_json.write_text(
        '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"},'
        ' "data": {"PORT": 8080}}'
    )
    mixed = tmp_path / "mixed.yaml"
    mixed.write_bytes(EXPORTED.replace("\n", "\r\n", 2).encode())
    twice = tmp_path / "twice.yaml"
    twice.write_text(EXPORTED + "  PORT: 9090\n")
    before = {p: p.read_bytes() for p in (broken, as_json, mixed, twice)}
    code, output = cli_run(tmp_path, "--fix", ".")
    assert code == 1  # the syntax error and the unquoted numbers remain
    assert {p: p.read_bytes() for p in before} == before
    assert "app.json: not fixed: JSON files are not rewritten" in output
    assert "mixed.yaml: not fixed: it mixes line endings" in output
    assert "twice.yaml: not fixed: it repeats a key in a mapping" in output


def test_a_symlink_out_of_the_working_directory_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "app.yaml"
    target.write_text(EXPORTED)
    work = tmp_path / "work"
    work.mkdir()
    (work / "app.yaml").symlink_to(target)
    code, output = cli_run(work, "--fix", "app.yaml")
    assert code == 1 and target.read_text() == EXPORTED
    assert "symbolic link to a file outside the current directory" in output


def test_a_second_fix_changes_nothing(tmp_path):
    path = tmp_path / "app.yaml"
    path.write_text(EXPORTED)
    cli_run(tmp_path, "--fix", "app.yaml")
    first = path.read_bytes()
    code, output = cli_run(tmp_path, "--fix", "app.yaml")
    assert code == 0 and path.read_bytes() == first and "nothing to fix" in output


def test_flow_mappings_are_rewritten_once_for_all_their_edits():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: x, b: y, c: z}\n"
    assert fixed(text, delete(("data", "b")), delete(("data", "c"))).endswith("data: {a: x}\n")
    out = fixed(text, delete(("data", "a")), delete(("data", "b")), delete(("data", "c")),
                insert(("data",), "d", "w"))  # fmt: skip
    assert out.endswith("data: {d: w}\n")
    out = fixed(text, insert(("data",), "d", "w"), set_value(("data", "a"), "v"))
    assert out.endswith("data: {a: v, b: y, c: z, d: w}\n")


def test_insertions_at_one_point_keep_their_order():
    out = fixed(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: ClusterIP\n",
        insert(("spec",), "first", 1),
        insert(("spec",), "second", 2),
    )
    assert out.endswith("  type: ClusterIP\n  first: 1\n  second: 2\n")


def test_a_null_value_can_become_a_mapping_and_quotes_are_kept():
    out = fixed(
        'apiVersion: "apps/v1beta1"\nkind: Deployment\nmetadata:\n  name: w\nspec:\n'
        "  selector:\n  replicas: 1\n",
        set_value(("apiVersion",), "apps/v1"),
        set_value(("spec", "selector"), {"matchLabels": {"app": "w"}}),
    )
    assert out == (
        'apiVersion: "apps/v1"\nkind: Deployment\nmetadata:\n  name: w\nspec:\n'
        "  selector:\n    matchLabels:\n      app: w\n  replicas: 1\n"
    )


def test_two_fixes_adding_the_same_key_do_not_both_apply():
    source = SourceFile("test.yaml")
    load_text(source, b"apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  a: 1\n")
    obj = source.objects[0]
    first = PendingFix("t", obj, Fix.of(insert(("spec",), "b", 2)))
    second = PendingFix("t", obj, Fix.of(insert(("spec",), "b", 2, after="a")))
    result = apply_fixes(source, [first, second])
    assert result.applied == [first] and result.skipped == [second]


def test_edits_that_do_not_fit_together_skip_their_fix_without_a_crash():
    source = SourceFile("test.yaml")
    load_text(source, b"apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  a: 1\n")
    broken = PendingFix(
        "t",
        source.objects[0],
        Fix.of(rename(("spec", "a"), "z"), insert(("spec",), "b", 2, after="a")),
    )
    result = apply_fixes(source, [broken])
    assert result.skipped == [broken] and result.text == source.text
