"""An export with an archive index keeps each issue's summary on disk (summaries.SummaryShelf),
not in the main process: what it reads back must be the summary validation made, whatever the
order it is asked for in, and the main process must keep only numbers."""

from __future__ import annotations

import datetime

import pytest
from conftest import EXAMPLES, SEED_ISSUE
from helpers import article, issue, write_series

from bulletin_cli.model.numbers import IssueNumbers


@pytest.fixture
def big_series(tmp_path):
    """A series large enough for worker processes, each issue with its own titles and columns."""
    from bulletin_cli.operations.validate import PARALLEL_FROM

    files = {}
    for index in range(PARALLEL_FROM + 8):
        month, day = 1 + index // 28, 1 + index % 28
        articles = "\n".join(article(f"a{k}", column=("工作动态", "基层经验")[k % 2], title=f"第{index}期第{k}篇")
                             for k in range(1 + index % 3))
        files[f"{index:03}.toml"] = issue(index + 1, f"2024-{month:02}-{day:02}", articles=articles)
    return write_series(tmp_path / "series", files)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_shelf_gives_back_each_summary_and_the_result_keeps_numbers(big_series, jobs):
    from bulletin_cli.operations.validate import validate_paths

    summaries = validate_paths([big_series], keep_issues="summary", jobs=jobs).issues
    shelved = validate_paths([big_series], keep_issues="shelf", jobs=jobs)
    try:
        assert set(shelved.issues) == set(summaries) and len(summaries) > 64 // jobs
        assert all(isinstance(numbers, IssueNumbers) for numbers in shelved.issues.values())
        paths = sorted(summaries, key=str, reverse=True)  # not the order they were shelved in
        for path in paths + paths[:3]:  # and some asked for twice
            issue = shelved.shelf.get(path)
            assert issue == summaries[path]
            assert issue.path == path and issue.labels == summaries[path].labels
            assert all(article.body == () for article in issue.articles)  # a summary: no texts
            assert IssueNumbers.of(issue) == shelved.issues[path]
    finally:
        shelved.shelf.close()


def test_a_summary_shelved_after_others_were_read_is_read_back_whole(tmp_path):
    from bulletin_cli import api
    from bulletin_cli.operations.summaries import ShelvedIssues, SummaryShelf

    issues = [api.load(path) for path in sorted(EXAMPLES.glob("*/20*.toml"))][:4]
    shelf = SummaryShelf()
    try:
        shelf.put(issues[0].path, issues[0])
        assert shelf.get(issues[0].path) == issues[0]
        for issue in issues[1:]:  # writing again after a read: appended, nothing overwritten
            shelf.put(issue.path, issue)
        lazy = ShelvedIssues(shelf, [issue.path for issue in reversed(issues)])
        assert len(lazy) == len(issues)
        assert list(lazy) == issues[::-1] and lazy[0] == issues[-1] and lazy[1:3] == issues[::-1][1:3]
        assert lazy[0].labels is issues[-1].labels  # what the issues share is not read again
        # places kept compact once validation ends: found as before, and more may follow
        shelf.compact()
        assert len(shelf) == len(issues) and issues[2].path in shelf and shelf.get(issues[2].path) == issues[2]
        extra = api.load(SEED_ISSUE)
        shelf.put(extra.path, extra)
        assert shelf.get(extra.path) == extra and shelf.get(issues[0].path) == issues[0] and len(shelf) == len(issues) + 1
        shelf.compact()
        assert [shelf.get(issue.path) for issue in (*issues, extra)] == [*issues, extra]
        # the reader holds the places it reads: the shelf may let go of its table of them
        shelf.forget_places()
        assert list(lazy) == issues[::-1] and lazy[-1] == issues[0]
        with pytest.raises(KeyError):
            shelf.get(issues[0].path)
    finally:
        shelf.close()


def test_a_folder_plan_that_let_go_of_its_issues_still_names_every_page(tmp_path):
    from bulletin_cli.operations.export_plan import PageTasks

    tasks = PageTasks(tmp_path / "site", ".html")
    issue_numbers = IssueNumbers(datetime.date(2024, 1, 5), 1)
    tasks.append(issue_numbers, tmp_path / "a.toml", "2024/a")
    assert tasks.issue(0) is issue_numbers and tasks[0].issues == (issue_numbers,)
    tasks.forget_issues()
    assert tasks.source(0) == tmp_path / "a.toml"
    assert tasks.target_text(0) == str(tmp_path / "site" / "2024" / "a.html")
    with pytest.raises(RuntimeError, match="let go"):
        tasks.issue(0)
