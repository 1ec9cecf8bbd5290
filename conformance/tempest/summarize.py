"""Reads a 'tempest run' log and prints failures, skips and the totals.

A class whose setUpClass failed counts as one failure named after the class.
"""
import re
import sys

passed, failed, skipped = [], [], []
pat = re.compile(
    r"^\{\d+\} (?:setUpClass \((?P<cls>[^)]+)\)|(?P<name>\S+?)(?:\[[^\]]*\])?)"
    r"(?: \[[\d.]+s\])? \.\.\. (?P<status>ok|FAILED|SKIPPED(?::\s*(?P<reason>.*))?)\s*$")
for line in open(sys.argv[1], errors="replace"):
    m = pat.match(line)
    if not m:
        continue
    name = m.group("name") or (m.group("cls") + ".setUpClass")
    status = m.group("status")
    if status == "ok":
        passed.append(name)
    elif status == "FAILED":
        failed.append(name)
    else:
        skipped.append((name, (m.group("reason") or "").strip()))
for n in sorted(set(failed)):
    print(f"FAILED\t{n}")
for n, r in sorted(skipped):
    print(f"SKIPPED\t{n}\t{r}")
if len(sys.argv) > 2:
    with open(sys.argv[2], "w") as out:
        out.write("\n".join(sorted(passed)) + "\n")
print(f"tempest: {len(passed)} passed, {len(set(failed))} failed, {len(skipped)} skipped")
