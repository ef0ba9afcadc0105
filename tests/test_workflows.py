"""The GitHub workflows hold no logic the tests cannot reach, pin every action, and grant least privilege."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
_PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def make_targets() -> set[str]:
    """The targets the Makefile defines."""
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return {name for line in re.findall(r"^([\w][\w .-]*):(?!=)", text, re.M) for name in line.split()}


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key "on" as true
    return data


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_the_three_workflows_exist() -> None:
    """sync, site and check are there."""
    assert {path.stem for path in WORKFLOWS} == {"check", "site", "sync"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_every_run_step_calls_a_make_target_or_a_ci_script(path: Path) -> None:
    """Each ``run:`` is one command: a Makefile target (with variables) or a script under .ci/."""
    targets = make_targets()
    for job, step in steps(load(path)):
        if "run" not in step:
            continue
        words = shlex.split(step["run"].strip())
        assert "\n" not in step["run"].strip(), f"{path.name}/{job}: one command per step"
        if words[0] == "make":
            named = [word for word in words[1:] if "=" not in word]
            assert named and set(named) <= targets, (
                f"{path.name}/{job}: unknown make target in {step['run']!r}"
            )
        else:
            script = REPO / words[0]
            assert words[0].startswith(".ci/") and script.is_file(), f"{path.name}/{job}: {step['run']!r}"
            assert script.stat().st_mode & 0o111, f"{words[0]} is not executable"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_actions_are_pinned_to_commits(path: Path) -> None:
    """Every ``uses:`` names a full 40-hex commit, with the version it stands for in a comment."""
    for job, step in steps(load(path)):
        if "uses" in step:
            assert _PINNED.match(step["uses"]), f"{path.name}/{job}: {step['uses']} is not pinned to a commit"
    for line in path.read_text(encoding="utf-8").splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d", line), line


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_least_privilege(path: Path) -> None:
    """No permission by default, each job asks for its own; fork pull requests never see secrets."""
    workflow = load(path)
    assert workflow["permissions"] == {}
    assert all("permissions" in job for job in workflow["jobs"].values())
    assert "pull_request_target" not in workflow["on"]
    assert "concurrency" in workflow
    for _, step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    if "pull_request" in workflow["on"]:
        assert "secrets." not in path.read_text(encoding="utf-8")


def test_sync_never_races_and_reports() -> None:
    """Two syncs queue rather than run together; the pull request body is the change report."""
    workflow = load(REPO / ".github" / "workflows" / "sync.yml")
    assert workflow["concurrency"] == {"group": "zotero-sync", "cancel-in-progress": False}
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    runs = [step["run"] for _, step in steps(workflow) if "run" in step]
    assert "make sync SYNC_REPORT=_build/sync-report.md" in runs
    pr = next(step for _, step in steps(workflow) if "create-pull-request" in step.get("uses", ""))
    assert pr["with"]["body-path"] == "_build/sync-report.md" and pr["with"]["branch"] == "zotero-sync"


def test_workflows_install_what_ci_installs() -> None:
    """The workflows install system packages only through the script .ci/run uses."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ".ci/install-system-packages all" in ci
    for path in WORKFLOWS:
        workflow = load(path)
        for name, job in workflow["jobs"].items():
            runs = [step["run"] for step in job.get("steps", []) if "run" in step]
            if any(run.startswith("make") for run in runs):
                assert runs[0].startswith(".ci/install-system-packages"), f"{path.name}/{name}"
            assert "apt-get" not in path.read_text(encoding="utf-8")
