"""The documents' links: every relative link in README.md and docs/*.md leads to a file or
folder of the repository (docs/notation.md went missing once while two documents linked to it)."""
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent

FENCED_CODE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(`+).+?\1", re.DOTALL)
# [text](target) and ![alt](target), the target optionally in <...> and followed by a "title"
INLINE_LINK = re.compile(r"\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)", re.MULTILINE)
HTML_LINK = re.compile(r"<(?:img|a|source)\b[^>]*?\b(?:src|href)\s*=\s*([\"'])(.*?)\1", re.IGNORECASE | re.DOTALL)
URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # http:, https:, mailto:, ...


def documents(root=ROOT):
    """The Markdown files whose links are checked: README.md and docs/*.md."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def links_in(text):
    """Every link target of a Markdown text, in order; code blocks and code spans are not links."""
    text = FENCED_CODE.sub("", text)
    text = INLINE_CODE.sub("", text)
    targets = [m.group(1) for m in INLINE_LINK.finditer(text)]
    targets += [m.group(1) for m in REFERENCE_DEFINITION.finditer(text)]
    targets += [m.group(2) for m in HTML_LINK.finditer(text)]
    return [t[1:-1] if t.startswith("<") and t.endswith(">") else t for t in targets]


def relative_path(target):
    """The path part of a relative link, or None for a URL, a mail address or a pure #anchor."""
    if URL_SCHEME.match(target) or target.startswith("//") or target.startswith("#"):
        return None
    return unquote(re.split(r"[#?]", target, maxsplit=1)[0])


def git_ignored(paths, root):
    """The paths among `paths` that git ignores in `root` (none when root is not a git repository)."""
    if not paths:
        return set()
    try:
        result = subprocess.run(["git", "-C", str(root), "check-ignore", "--stdin"], capture_output=True,
                                text=True, input="\n".join(str(p) for p in paths), timeout=60)
    except (OSError, subprocess.SubprocessError):
        return set()
    if result.returncode not in (0, 1):  # 128: not a repository
        return set()
    return {Path(line) for line in result.stdout.splitlines()}


def broken_links(markdown_files, root=ROOT):
    """(file, link, reason) for every relative link that does not lead to a file or folder of `root`."""
    root = root.resolve()
    broken, existing = [], []
    for md in markdown_files:
        for link in links_in(md.read_text(encoding="utf-8")):
            path = relative_path(link)
            if path is None:
                continue
            name = md.relative_to(root).as_posix()
            if path == "":
                broken.append((name, link, "empty path"))
                continue
            resolved = ((root / path.lstrip("/")) if path.startswith("/") else (md.parent / path)).resolve()
            if not resolved.is_relative_to(root):
                broken.append((name, link, "outside the repository"))
            elif not resolved.exists():
                broken.append((name, link, "no such file or folder"))
            else:
                existing.append((name, link, resolved))
    ignored = git_ignored([resolved for _, _, resolved in existing], root)
    broken += [(name, link, "ignored by git, so missing from every clone")
               for name, link, resolved in existing if resolved in ignored]
    return broken


def assert_links_resolve(markdown_files, root=ROOT):
    broken = broken_links(markdown_files, root)
    assert not broken, f"{len(broken)} broken relative link(s):\n" + "\n".join(
        f"  {name}: ({link}) {reason}" for name, link, reason in broken)


def test_every_relative_link_in_the_readme_and_docs_resolves():
    assert_links_resolve(documents())


def test_the_link_check_reads_the_documents_links():
    # If the patterns stopped matching, the test above would pass on nothing.
    readme = links_in((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "docs/notation.md" in readme and "docs/teachers_guide.md" in readme
    assert {f"notebooks/{nb.name}" for nb in (ROOT / "notebooks").glob("0*.ipynb")} <= set(readme)
    assert "notation.md" in links_in((ROOT / "docs" / "teachers_guide.md").read_text(encoding="utf-8"))


GOOD = """# Title
[a file](docs/guide.md), [a folder](docs/), [with an anchor](docs/guide.md#section),
[an anchor](#title), [the web](https://example.org/missing.md), [http](http://example.org),
[mail](mailto:someone@example.org), ![a picture](assets/fig.png "its title"),
[spaces](<docs/a%20b.md>), [a space, encoded](docs/a%20b.md), [root-relative](/docs/guide.md),
<img src="assets/fig.png" width="200">, [ref]: docs/guide.md
`[code](missing-in-code.md)`

```
[fenced](missing-in-fence.md)
```
"""

BAD = """# Broken
[gone](docs/notation.md) and [gone with an anchor](docs/notation.md#symbols)
![a missing figure](assets/missing.png) <img src="assets/other.png">
[escapes](../outside.md) [ignored data](data/weights.npz)
[ref]: docs/nowhere.md
"""


@pytest.fixture()
def repo(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("[back](../README.md#title) [sibling](a%20b.md)\n")
    (tmp_path / "docs" / "a b.md").write_text("# A B\n")
    (tmp_path / "assets" / "fig.png").write_bytes(b"")
    (tmp_path / "data" / "weights.npz").write_bytes(b"")
    (tmp_path / ".gitignore").write_text("data/*\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=False, capture_output=True)
    return tmp_path


def test_the_link_check_passes_good_links(repo):
    (repo / "README.md").write_text(GOOD)
    assert broken_links(documents(repo), repo) == []
    assert_links_resolve(documents(repo), repo)


def test_the_link_check_names_every_broken_link(repo):
    (repo / "README.md").write_text(GOOD + BAD)
    broken = broken_links(documents(repo), repo)
    expected = [("README.md", link) for link in ("docs/notation.md", "docs/notation.md#symbols",
                                                 "assets/missing.png", "../outside.md", "docs/nowhere.md",
                                                 "assets/other.png")]
    if (repo / ".git").is_dir():  # git is installed: a git-ignored target counts as missing
        expected.append(("README.md", "data/weights.npz"))
    assert sorted((name, link) for name, link, _ in broken) == sorted(expected)
    with pytest.raises(AssertionError) as failure:
        assert_links_resolve(documents(repo), repo)
    message = str(failure.value)
    assert message.startswith(f"{len(expected)} broken relative link(s):")
    assert all(f"README.md: ({link})" in message for _, link in expected)


def test_the_link_check_reads_docs_files_relative_to_their_folder(repo):
    (repo / "README.md").write_text("[guide](docs/guide.md)\n")
    (repo / "docs" / "notes.md").write_text("[wrong base](docs/guide.md) [right](guide.md)\n")
    assert [(name, link) for name, link, _ in broken_links(documents(repo), repo)] == [
        ("docs/notes.md", "docs/guide.md")]


# ---------------------------------------------------------------------------
# The teacher's guide: every session's plan fits 90 minutes and rests on the course table
# ---------------------------------------------------------------------------

GUIDE = ROOT / "docs" / "teachers_guide.md"
PLAN = re.compile(r"^\*\*(?:Plan|Session \d)\*\*.*?(?=\n\n)", re.MULTILINE | re.DOTALL)
ARITHMETIC = re.compile(r"\((\d+) − (\d+) = (\d+)")  # (reading − homework = stepping through


def notebook_sections(text):
    """{'03': the guide's section on notebook 03, ...}."""
    parts = re.split(r"^## (\d\d) · ", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2]))


def test_every_session_of_the_guide_takes_90_minutes():
    sections = notebook_sections(GUIDE.read_text(encoding="utf-8"))
    assert sorted(sections) == [f"0{n}" for n in range(1, 10)]
    for number, section in sections.items():
        plans = PLAN.findall(section)
        assert plans, f"notebook {number} has no plan"
        for plan in plans:
            minutes = [int(m) for m in re.findall(r"(\d+) min\b", plan)]
            assert sum(minutes) == 90, f"notebook {number}: {minutes} in {plan[:60]!r}"


def test_the_guide_plans_from_the_reading_estimates_of_the_course_table():
    sys.path.insert(0, str(ROOT / "tools"))
    import tables

    sections = notebook_sections(GUIDE.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        section = sections[path.name[:2]]
        reading, homework, stepping = map(int, ARITHMETIC.search(section).groups())
        assert reading - homework == stepping
        assert abs(reading - tables.reading_minutes(path)) <= 5, path.name  # the guide's own tolerance
        # the sessions' stepping-through minutes add up to it (the second number of each plan)
        steps = [int(re.findall(r"(\d+) min\b", plan)[1]) for plan in PLAN.findall(section)]
        assert abs(sum(steps) - stepping) <= 5, (path.name, steps, stepping)
