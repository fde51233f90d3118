"""Draft policy versions shared by the tests (not a test module itself): the 2008 strategy with rules
removed, under an id of its own, as a coordinator would upload one."""

from __future__ import annotations


def draft_yaml(policy_id: str, title: str, *removed_rules: str) -> str:
    """The YAML of a draft that derives from ``stockholm-2008`` without ``removed_rules``."""
    removed = "".join(f"  - {rule}\n" for rule in removed_rules)
    return (
        f"id: {policy_id}\n"
        f"title: {title}\n"
        "status: alternative\n"
        "effective_from: 2008-12-03\n"
        "derives_from: stockholm-2008\n"
        "source:\n"
        "  file: utl-2008-204.txt\n"
        f"remove_rules:\n{removed}"
    )
