"""The GitHub workflows hold no logic the tests cannot reach, pin every action, and grant least privilege."""

from __future__ import annotations

import os
import re
import runpy
import shlex
import shutil
import subprocess
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


_DIGEST = re.compile(r"^[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$")


def _container_jobs():
    for path in WORKFLOWS:
        for name, job in load(path)["jobs"].items():
            if "container" in job:
                yield path, name, job


def test_container_images_are_pinned_by_digest() -> None:
    """Every container image names its sha256 digest (zizmor's unpinned-images), the tag kept for readers."""
    jobs = list(_container_jobs())
    assert jobs
    for path, name, job in jobs:
        image = job["container"] if isinstance(job["container"], str) else job["container"]["image"]
        assert _DIGEST.match(image), f"{path.name}/{name}: {image} is not pinned by digest"


def test_container_jobs_check_out_with_git() -> None:
    """A container job installs git before the checkout its make steps use, so they run in a real clone."""
    for path, name, job in _container_jobs():
        job_steps = job["steps"]
        install = next(
            i for i, step in enumerate(job_steps) if "install-system-packages" in step.get("run", "")
        )
        checkouts = [
            i for i, step in enumerate(job_steps) if step.get("uses", "").startswith("actions/checkout@")
        ]
        makes = [i for i, step in enumerate(job_steps) if step.get("run", "").startswith("make")]
        assert makes and any(install < checkout < makes[0] for checkout in checkouts), f"{path.name}/{name}"


def test_workflow_lint_runs_without_git(tmp_path: Path) -> None:
    """``make lint-workflows`` passes in an export of the project with no .git (what a tarball checkout is)."""
    export = tmp_path / "export"
    skip = shutil.ignore_patterns(".git", ".venv", "_build", "__pycache__", ".mypy_cache", ".ruff_cache")
    shutil.copytree(REPO, export, ignore=skip)
    (export / ".venv").symlink_to((REPO / ".venv").resolve())
    done = subprocess.run(["make", "lint-workflows"], cwd=export, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (export / ".git").exists()


def test_the_sync_job_keeps_its_key_from_installs_and_checks_before_the_pull_request() -> None:
    """Installs run before the key is in scope; the job runs in an environment; the synced tree is checked
    (site, README, lint of the changed entries) before the pull request, which a failed check labels."""
    workflow = load(REPO / ".github" / "workflows" / "sync.yml")
    job = workflow["jobs"]["sync"]
    assert job["environment"] == "zotero-sync"
    job_steps = job["steps"]
    runs = [step.get("run", "") for step in job_steps]
    keyed = [i for i, step in enumerate(job_steps) if "secrets.ZOTERO_API_KEY" in str(step.get("env", {}))]
    assert len(keyed) == 1 and runs[keyed[0]].startswith("make sync ")
    assert runs.index("make venv") < keyed[0]
    verify = runs.index("make sync-verify SYNC_REPORT=_build/sync-report.md")
    pr = next(i for i, step in enumerate(job_steps) if "create-pull-request" in step.get("uses", ""))
    assert keyed[0] < verify < pr
    assert (
        job_steps[verify]["id"] == "verify"
        and "steps.verify.outcome == 'failure'" in job_steps[pr]["with"]["labels"]
    )
    assert "steps.sync.outcome == 'success'" in job_steps[pr]["if"]
    assert job_steps[pr]["with"]["token"] == "${{ secrets.SYNC_PR_TOKEN || github.token }}"
    recipe = subprocess.run(["make", "-n", "sync-verify"], cwd=REPO, capture_output=True, text=True).stdout
    assert all(check in recipe for check in ("html", "check-readme", "lint-since SINCE=HEAD")), recipe


def test_check_annotates_the_entries_a_pull_request_changes() -> None:
    """check.yml lints the entries added or changed since the pull request's base, as annotations."""
    workflow = load(REPO / ".github" / "workflows" / "check.yml")
    job_steps = workflow["jobs"]["test"]["steps"]
    step = next(step for step in job_steps if step.get("run", "").startswith("make lint-since"))
    assert step["run"] == "make lint-since LINT_FORMAT=github"
    assert step["env"]["SINCE"] == "${{ github.event.pull_request.base.sha }}"
    assert any(s.get("with", {}).get("fetch-depth") == 0 for s in job_steps)  # the base commit is there
    recipe = subprocess.run(
        ["make", "-n", "lint-since", "LINT_FORMAT=github"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "SINCE": "abc123"},
    ).stdout
    assert '-m ext lint --since "abc123" --format github sparsity.bib' in recipe


def test_the_site_publishes_the_pdf_and_knows_its_url(monkeypatch) -> None:
    """``make site`` builds the PDF before the pages and hands it to them; site.yml gives them the Pages URL."""
    recipe = subprocess.run(
        ["make", "-n", "site"], cwd=REPO, capture_output=True, text=True
    ).stdout.splitlines()
    pdf = next(i for i, line in enumerate(recipe) if "-M latexpdf" in line)
    html = next(i for i, line in enumerate(recipe) if "-M html" in line)
    handed = next(i for i, line in enumerate(recipe) if "PAPERS_PDF=_build/latex/sparsity.pdf" in line)
    assert pdf < handed < html
    monkeypatch.setenv("PAPERS_PDF", "_build/latex/sparsity.pdf")
    monkeypatch.setenv("PAPERS_BASEURL", "https://owner.github.io/repo")
    conf = runpy.run_path(str(REPO / "conf.py"))
    assert (
        conf["papers_pdf"] == "_build/latex/sparsity.pdf"
        and conf["html_baseurl"] == "https://owner.github.io/repo"
    )
    assert conf["latex_documents"][0][1] == "sparsity.tex"  # the PDF make site names
    site = load(REPO / ".github" / "workflows" / "site.yml")
    job_steps = site["jobs"]["build"]["steps"]
    pages = next(
        i for i, step in enumerate(job_steps) if step.get("uses", "").startswith("actions/configure-pages@")
    )
    build = next(i for i, step in enumerate(job_steps) if step.get("run") == "make site")
    assert job_steps[pages]["id"] == "pages" and pages < build
    assert job_steps[build]["env"]["PAPERS_BASEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert site["jobs"]["build"]["permissions"]["pages"] == "read"
