#!/usr/bin/env python3
"""check-texts.py - the grading guides quote obrol-check's own words.

    python3 tests/docs/check-texts.py [--write] [FILE...]

docs/grading.md (English) and docs/penilaian.md (Indonesian) explain every
check under a heading "### `ID` — TITLE", with a paragraph that ends in
"*Why:* WHY" and "*Hint:* "HINT"" ("*Mengapa:*", "*Petunjuk:*"). TITLE, WHY
and HINT must be the check's own texts: the English of src/check/checks.c,
or their translation in src/po/id.po for penilaian.md (a text not translated
yet is left alone). The obrol-* checks have a heading only.

Without --write: prints one line per text that differs, then
"check texts: N checked, M differ", and exits 1 if M > 0. With --write: puts
the program's texts into the files (wrapped at 79 columns) instead.
"""
import re
import sys
import textwrap

LABELS = {"en": ("*Why:* ", "*Hint:* "), "id": ("*Mengapa:* ", "*Petunjuk:* ")}


def c_string(block, key):
    """The text of `.key = N_("..." "...")` in one entry of the checks table."""
    match = re.search(r"\." + key + r" = N_\((.*?)\),\n", block, re.S)
    if match is None:
        return None
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))).replace('\\"', '"')


def checks_table(path="src/check/checks.c"):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    return [(check_id, {key: c_string(block, key) for key in ("title", "why", "hint")})
            for check_id, block in re.findall(r'\{\.id = "([^"]+)",(.*?)\.run', source, re.S)]


def catalog(path="src/po/id.po"):
    """msgid -> msgstr of a .po file (translated, not fuzzy, entries)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    unquote = lambda s: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s)).replace('\\"', '"')
    entries = {}
    for entry in text.split("\n\n"):
        if "#, fuzzy" in entry:
            continue
        match = re.search(r'^msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)msgstr ((?:"(?:[^"\\]|\\.)*"\s*)+)', entry, re.M)
        if match and unquote(match.group(2)):
            entries[unquote(match.group(1))] = unquote(match.group(2))
    return entries


def flat(text):
    return " ".join(text.split())


def wrap(label, text):
    return "\n".join(textwrap.wrap(label + text, 79, break_on_hyphens=False, break_long_words=False))


def section_span(doc, check_id):
    """Where the body of check_id's section is: from after its heading to the next heading."""
    heading = re.search(r"^### `" + re.escape(check_id) + r"`.*\n\n", doc, re.M)
    if heading is None:
        return None
    end = re.compile(r"\n\n#{2,3} ", re.M).search(doc, heading.end())
    return heading, heading.end(), end.start() if end else len(doc)


def one_file(path, checks, translations, write):
    lang = "id" if path.endswith("penilaian.md") else "en"
    why_label, hint_label = LABELS[lang]
    with open(path, encoding="utf-8") as f:
        doc = f.read()
    checked, differ = 0, []
    for check_id, texts in checks:
        said = {k: (translations.get(v, v) if lang == "id" else v) for k, v in texts.items() if v}
        span = section_span(doc, check_id)
        if span is None:
            continue  # drift.sh reports a check that is not documented
        heading, start, end = span
        checked += 1
        wanted_heading = "### `%s` — %s\n\n" % (check_id, said["title"])
        if heading.group(0) != wanted_heading:
            differ.append("%s: the title of %s differs from the program's: %s"
                          % (path, check_id, said["title"]))
            doc = doc[:heading.start()] + wanted_heading + doc[heading.end():]
            heading, start, end = section_span(doc, check_id)
        if check_id.startswith("obrol-"):
            continue
        body = doc[start:end]
        checked += 2
        at = body.find(why_label)
        if at < 0 or hint_label not in body:
            differ.append("%s: %s has no %s or %s" % (path, check_id, why_label.strip(), hint_label.strip()))
            continue
        quoted = flat(body[at:])
        wanted = flat(why_label + said["why"] + " " + hint_label + '"' + said["hint"] + '"')
        if quoted != wanted:
            for label, key in ((why_label, "why"), (hint_label, "hint")):
                if flat(label + ('"%s"' if key == "hint" else "%s") % said[key]) not in quoted:
                    differ.append("%s: the %s of %s differs from the program's: %s"
                                  % (path, key, check_id, said[key]))
            new_body = body[:at] + wrap(why_label, said["why"]) + "\n" + wrap(hint_label, '"' + said["hint"] + '"')
            doc = doc[:start] + new_body + doc[end:]
    if write:
        with open(path, "w", encoding="utf-8") as f:
            f.write(doc)
    return checked, differ


def main(argv):
    write = "--write" in argv
    files = [a for a in argv if a != "--write"] or ["docs/grading.md", "docs/penilaian.md"]
    checks, translations = checks_table(), catalog()
    checked, differ = 0, []
    for path in files:
        n, problems = one_file(path, checks, translations, write)
        checked += n
        differ += problems
    if write:
        print("check texts: %d checked, %d rewritten" % (checked, len(differ)))
        return 0
    for line in differ:
        print("docs: " + line)
    print("check texts: %d checked, %d differ" % (checked, len(differ)))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
