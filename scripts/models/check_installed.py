"""Is a prepared model folder complete and intact? Standard library only (runs on the system python3
before any venv exists, so a warm run of prepare_models.sh takes seconds).

usage: check_installed.py FOLDER ID RECIPE   -> exit 0 when manifest.json is schema 1, has this id and
recipe, names only files that exist, and every sha256 matches; otherwise prints why and exits 1.
"""
import hashlib
import json
import sys
from pathlib import Path


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def problem(folder: Path, model_id: str, recipe: str):
    manifest_path = folder / "manifest.json"
    if not folder.is_dir():
        return "not prepared yet"
    if not manifest_path.is_file():
        return f"{manifest_path} is missing"
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError) as error:
        return f"{manifest_path} is unreadable: {error}"
    if manifest.get("schema") != 1:
        return f"{manifest_path} has schema {manifest.get('schema')!r}, expected 1"
    if manifest.get("id") != model_id:
        return f"{manifest_path} has id {manifest.get('id')!r}, expected {model_id!r}"
    if (manifest.get("extra") or {}).get("recipe") != recipe:
        return "prepared by another version of the conversion scripts"
    hashes = manifest.get("sha256") or {}
    named = set((manifest.get("files") or {}).values())
    if not named or "model" not in manifest["files"]:
        return f"{manifest_path} names no model file"
    for name in sorted(named | set(hashes)):
        path = folder / name
        if not path.is_file():
            return f"{path} is missing"
        if name not in hashes:
            return f"{manifest_path} has no sha256 for {name}"
        actual = sha256(path)
        if actual != hashes[name]:
            return f"{path} has sha256 {actual[:12]}..., manifest says {hashes[name][:12]}... (corrupt or partial)"
    verification = manifest.get("verification") or {}
    if not isinstance(verification.get("maxAbsDiff"), (int, float)) or not verification["maxAbsDiff"] <= 1e-4:
        return f"{manifest_path} records no passing verification"
    return None


def main() -> int:
    folder, model_id, recipe = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    reason = problem(folder, model_id, recipe)
    if reason:
        print(reason)
        return 1
    manifest = json.loads((folder / "manifest.json").read_text())
    print(f"max abs diff {manifest['verification']['maxAbsDiff']:.3e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
