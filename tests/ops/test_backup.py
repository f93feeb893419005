"""Backup → restore into an empty instance, everything real: each instance is its own
KHAMRAP_VAR_DIR (SQLite file, media, private evidence files) driven through manage.py in a
subprocess (``tests.instances``), so nothing is shared with the test database."""
import json
import tarfile
from pathlib import Path

import pytest

from tests.instances import demo_instance, migrated_instance

pytestmark = pytest.mark.slow  # run early: tests/conftest.py puts slow files first


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    base = tmp_path_factory.mktemp("backup")
    # the target: an instance just migrated (a copy of the run's migrated template)
    source, target = demo_instance(base / "source"), migrated_instance(base / "target")
    added = source.script("add_evidence_and_draft")
    archive = base / "khamrap.tar.gz"
    backup = source.manage("backup", "--out", str(archive))
    restore = target.manage("restore", str(archive))
    return dict(source=source, target=target, archive=archive, added=added, backup=backup.stdout, restore=restore.stdout,
                before=source.script("snapshot"), after=target.script("snapshot"))


def test_restore_into_an_empty_instance_gives_back_every_page_revision_and_file(round_trip):
    before, after = round_trip["before"], round_trip["after"]
    assert round_trip["added"]["statuses"] == ["indexed", "indexed"]
    # the source holds what we mean to check: a draft, files, a search hit
    drafts = [p for p in before["pages"] if p["latest_content"] and p["latest_content"]["title"] != p["title"]]
    assert any("(ฉบับร่างแก้ไข)" in p["latest_content"]["title"] for p in drafts)
    assert len(before["private"]) == 2 and before["search"]
    assert len(before["pages"]) > 50 and len(before["revisions"]) > 50
    for key in before.keys() - {"admin_search"}:
        assert after[key] == before[key], key
    # Wagtail's page search is rebuilt by the restore (the source's waits for its task worker)
    assert after["admin_search"] and set(after["admin_search"]) >= set(before["admin_search"])
    for stored in after["evidence_files"]:
        assert stored["stored_sha256"] == stored["sha256"]
    print(round_trip["backup"], round_trip["restore"])


def test_archive_carries_a_manifest_with_counts_and_hashes(round_trip):
    with tarfile.open(round_trip["archive"]) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[-1] == "manifest.json" and "db/data.jsonl" in names
    assert manifest["version"] == 1 and manifest["created_at"]
    assert manifest["counts"]["wagtailcore.revision"] == len(round_trip["before"]["revisions"])
    assert manifest["counts"]["wagtailcore.page"] == len(round_trip["before"]["pages"])
    private = {n for n in manifest["files"] if n.startswith("private/")}
    assert private == {f"private/{name}" for name in round_trip["before"]["private"]}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())


def test_restore_refuses_a_non_empty_target_without_force(round_trip):
    result = round_trip["target"].manage("restore", str(round_trip["archive"]), check=False)
    assert result.returncode != 0
    assert "ปลายทางไม่ว่าง" in result.stderr


def rewrite_archive(source: Path, dest: Path, change):
    """Copy an archive, letting ``change(name, data)`` alter members (manifest included)."""
    import io

    with tarfile.open(source) as tar_in, tarfile.open(dest, "w:gz") as tar_out:
        for member in tar_in.getmembers():
            data = tar_in.extractfile(member).read() if member.isfile() else None
            if data is not None:
                data = change(member.name, data)
                member.size = len(data)
            tar_out.addfile(member, io.BytesIO(data) if data is not None else None)


def test_a_tampered_file_is_refused_and_the_target_is_left_as_it_was(round_trip, tmp_path):
    target = round_trip["target"]
    bad = tmp_path / "tampered.tar.gz"
    rewrite_archive(round_trip["archive"], bad, lambda name, data: data + b"x" if name.startswith("private/") and name.endswith(".txt") else data)
    result = target.manage("restore", "--force", str(bad), check=False)
    assert result.returncode != 0 and "ค่าแฮชของไฟล์ไม่ตรง" in result.stderr
    assert target.script("snapshot") == round_trip["after"]


def test_a_failure_while_loading_rolls_back_database_and_files(round_trip, tmp_path):
    """Hashes fine, but the rows loaded do not match the manifest's counts: the database load
    has already emptied and filled the tables when this is found, so this shows the rollback."""
    target = round_trip["target"]

    def change(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["counts"]["wagtailcore.revision"] += 1
            return json.dumps(manifest).encode()
        return data

    bad = tmp_path / "wrong-counts.tar.gz"
    rewrite_archive(round_trip["archive"], bad, change)
    result = target.manage("restore", "--force", str(bad), check=False)
    assert result.returncode != 0 and "wagtailcore.revision" in result.stderr
    assert target.script("snapshot") == round_trip["after"]
