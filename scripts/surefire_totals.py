"""Prints 'passed failed' summed over every Surefire report below a directory."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

passed = failed = 0
for f in glob.glob(os.path.join(sys.argv[1], "*", "target", "surefire-reports", "TEST-*.xml")):
    s = ET.parse(f).getroot()
    tests, fails = int(s.get("tests", 0)), int(s.get("failures", 0)) + int(s.get("errors", 0))
    skipped = int(s.get("skipped", 0))
    passed += tests - fails - skipped
    failed += fails
print(passed, failed)
