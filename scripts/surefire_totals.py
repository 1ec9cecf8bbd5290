"""Prints 'passed failed' summed over every Surefire report below a directory.

With --failures, prints instead each failed test with the first lines of its message, so a CI log
says why a test failed without the reports themselves.
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1]
show = "--failures" in sys.argv[2:]
passed = failed = 0
for f in sorted(glob.glob(os.path.join(root, "*", "target", "surefire-reports", "TEST-*.xml"))):
    s = ET.parse(f).getroot()
    tests, fails = int(s.get("tests", 0)), int(s.get("failures", 0)) + int(s.get("errors", 0))
    skipped = int(s.get("skipped", 0))
    passed += tests - fails - skipped
    failed += fails
    if not show:
        continue
    for case in s.iter("testcase"):
        for bad in list(case.iter("failure")) + list(case.iter("error")):
            text = (bad.get("message") or bad.text or "").strip().splitlines()
            print("FAILED %s.%s" % (case.get("classname"), case.get("name")))
            for line in text[:40]:
                print("    " + line[:300])
if not show:
    print(passed, failed)
