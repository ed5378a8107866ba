#!/usr/bin/env python3
"""Checks that each target in Package.swift declares, as a direct dependency, every module
its Swift files import (a target that builds only because another target pulls the module
in breaks when that other target changes), and that it declares nothing it does not use.

Reads Package.swift's targets (name, path, dependencies: "Name", .target(name:),
.product(name:package:), and the `let x: Target.Dependency = ...` variables at its top)
and the import lines of the .swift files under each target's folder. Exits 1 listing each
undeclared import and each declared dependency that no file imports (unless KEEP names
it). System and standard-library modules are not dependencies and are ignored.

Usage: scripts/check_imports.py [path/to/package/root]   (stdlib only)
"""
import os
import re
import sys

# Not declared in Package.swift: the toolchain's and the system's own modules.
SYSTEM = {
    "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML", "Dispatch",
    "Glibc", "Musl", "Darwin", "XCTest", "Testing", "Synchronization", "RegexBuilder",
    "Observation", "Distributed", "_Concurrency", "_StringProcessing", "Swift", "CoreFoundation",
}

# Declared dependencies that no file imports but that are needed all the same.
KEEP = {
    ("GlimpseCLITests", "glimpse"): "the tests run the built `glimpse` binary, so it must be built first",
}

TARGET_KINDS = ("target", "executableTarget", "testTarget", "systemLibrary", "binaryTarget", "macro", "plugin")


def strip_comments(text):
    """Package.swift without // and /* */ comments (string literals there hold no `//`)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def call_body(text, start):
    """The text between the parenthesis at `start` and its match."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
    raise ValueError("unbalanced parentheses in Package.swift")


def argument(body, label):
    """The value of `label:` at the top level of a call's arguments (a string, an array, ...)."""
    depth, i = 0, 0
    while i < len(body):
        c = body[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == '"':
            i = body.index('"', i + 1)
        elif depth == 0 and re.match(r"\b%s\s*:" % label, body[i:]) and (i == 0 or not (body[i - 1].isalnum() or body[i - 1] == "_")):
            rest = body[i:].split(":", 1)[1].lstrip()
            if rest.startswith('"'):
                return rest[1:rest.index('"', 1)]
            if rest.startswith("["):
                return bracket_body(rest)
            return None
        i += 1
    return None


def bracket_body(text):
    depth = 0
    for i, c in enumerate(text):
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return text[1:i]
    raise ValueError("unbalanced brackets in Package.swift")


def dependency_modules(expression, variables):
    """The module names a dependency list (or one dependency expression) names."""
    modules = []
    for match in re.finditer(r'\.(?:product|target|byName)\s*\(\s*name\s*:\s*"([^"]+)"[^)]*\)|"([^"]+)"|\b([A-Za-z_]\w*)\b', expression):
        name = match.group(1) or match.group(2)
        if name:
            modules.append(name)
        elif match.group(3) in variables:
            modules.append(variables[match.group(3)])
    return modules


def parse_package(text):
    text = strip_comments(text)
    variables = {}
    for match in re.finditer(r"\blet\s+(\w+)\s*:\s*Target\.Dependency\s*=\s*(\.[^\n]+)", text):
        named = dependency_modules(match.group(2), {})
        if named:
            variables[match.group(1)] = named[0]
    targets = []
    for match in re.finditer(r"\.(%s)\s*\(" % "|".join(TARGET_KINDS), text):
        kind = match.group(1)
        body = call_body(text, match.end() - 1)
        name = argument(body, "name")
        if name is None:
            continue
        dependencies = argument(body, "dependencies")
        path = argument(body, "path") or os.path.join("Tests" if kind == "testTarget" else "Sources", name)
        targets.append({
            "kind": kind, "name": name, "path": path,
            "dependencies": dependency_modules(dependencies, variables) if dependencies else [],
        })
    return targets


IMPORT = re.compile(r"^\s*(?:@[\w]+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?"
                    r"import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?([A-Za-z_]\w*)(?:\.[\w.]+)?\s*(?://.*)?$")


def imports(folder):
    """{module: [file, ...]} for the .swift files under `folder`."""
    found = {}
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for file in sorted(files):
            if not file.endswith(".swift"):
                continue
            path = os.path.join(root, file)
            with open(path, encoding="utf-8") as handle:
                source = handle.read()
            # Multi-line string literals and block comments may hold lines that read like imports.
            source = re.sub(r'(#*)""".*?"""\1', "", source, flags=re.S)
            source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
            for line in source.splitlines():
                match = IMPORT.match(line)
                if match:
                    found.setdefault(match.group(1), []).append(path)
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    with open(os.path.join(root, "Package.swift"), encoding="utf-8") as handle:
        targets = parse_package(handle.read())
    problems = []
    for target in targets:
        if target["kind"] in ("systemLibrary", "binaryTarget"):
            continue
        used = imports(os.path.join(root, target["path"]))
        declared = set(target["dependencies"])
        for module in sorted(set(used) - declared - SYSTEM - {target["name"]}):
            files = sorted({os.path.relpath(f, root) for f in used[module]})
            problems.append(f"{target['name']}: imports {module} without declaring it ({files[0]}"
                            + (f" and {len(files) - 1} more)" if len(files) > 1 else ")"))
        for module in sorted(declared - set(used)):
            if (target["name"], module) not in KEEP:
                problems.append(f"{target['name']}: declares {module}, which none of its files imports")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in Package.swift's dependencies (see scripts/check_imports.py)")
        return 1
    print(f"Package.swift: the {len(targets)} targets declare what they import")
    return 0


if __name__ == "__main__":
    sys.exit(main())
