#!/usr/bin/env python3
"""The group-policy templates (installer/windows/policy) as the Group Policy editor reads
them: well-formed XML; every string and presentation tk.admx names is in each language's
.adml; every presentation control refers to an element of its policy; and the registry
key and value names are the ones the programs read (shared/core/include/tk/machine_policy.h)
and the tray's MSI writes (installer/windows/tk-tray.wxs). Usage: check_policy_templates.py ROOT"""
import re
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1]
ns = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}
failures = []

admx = ET.parse(f"{root}/installer/windows/policy/tk.admx").getroot()
strings_used = set()
presentations_used = {}
value_names = set()
for element in admx.iter():
    for attribute in element.attrib.values():
        strings_used.update(re.findall(r"\$\(string\.([^)]+)\)", attribute))
for policy in admx.iterfind(".//p:policies/p:policy", ns):
    if policy.get("key") != r"Software\Policies\TK":
        failures.append(f"policy {policy.get('name')} writes {policy.get('key')}, not Software\\Policies\\TK")
    presentation = re.fullmatch(r"\$\(presentation\.([^)]+)\)", policy.get("presentation", ""))
    elements = {e.get("id"): e.get("valueName") for e in policy.find("p:elements", ns)}
    value_names.update(elements.values())
    if presentation:
        presentations_used[presentation.group(1)] = elements

for language in ("es-MX", "en-US"):
    adml = ET.parse(f"{root}/installer/windows/policy/{language}/tk.adml").getroot()
    strings = {s.get("id") for s in adml.iterfind(".//p:stringTable/p:string", ns)}
    for missing in sorted(strings_used - strings):
        failures.append(f"{language}/tk.adml has no string {missing}")
    presentations = {p.get("id"): p for p in adml.iterfind(".//p:presentationTable/p:presentation", ns)}
    for name, elements in presentations_used.items():
        if name not in presentations:
            failures.append(f"{language}/tk.adml has no presentation {name}")
            continue
        for control in presentations[name]:
            if control.get("refId") not in elements:
                failures.append(f"{language}/tk.adml: {name} shows {control.get('refId')}, which is not an element of the policy")

header = open(f"{root}/shared/core/include/tk/machine_policy.h", encoding="utf-8").read()
read_by_programs = set(re.findall(r'kPolicy\w+ = "(\w+)"', header))
if value_names != read_by_programs:
    failures.append(f"tk.admx writes {sorted(value_names)}, the programs read {sorted(read_by_programs)}")
wxs = open(f"{root}/installer/windows/tk-tray.wxs", encoding="utf-8").read()
written_by_msi = set(re.findall(r'Key="Software\\Policies\\TK" Name="(\w+)"', wxs))
if written_by_msi != read_by_programs:
    failures.append(f"tk-tray.wxs writes {sorted(written_by_msi)}, the programs read {sorted(read_by_programs)}")

for failure in failures:
    print("FAIL:", failure)
print(f"policy templates: {len(value_names)} values ({', '.join(sorted(value_names))}), {len(failures)} problems")
sys.exit(1 if failures else 0)
