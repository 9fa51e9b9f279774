"""Test helper: the W3C Feed Validator, read from ../shared/tools at test time."""

from __future__ import annotations

import os
import sys
from types import ModuleType
from typing import Any

import pytest

from seedutil import REPO

VALIDATOR = REPO.parent / "shared" / "tools" / "feedvalidator" / "src"


def validator() -> ModuleType:
    """The `feedvalidator` package: skipped on a developer's machine without it, a failure in CI."""
    if not (VALIDATOR / "feedvalidator" / "__init__.py").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the W3C Feed Validator: {VALIDATOR} is missing")
        pytest.skip("../shared/tools/feedvalidator is not beside the repo")
    if str(VALIDATOR) not in sys.path:
        sys.path.insert(0, str(VALIDATOR))
    import feedvalidator

    return feedvalidator


def feed_events(xml_bytes: bytes, url: str) -> list[Any]:
    """Every event the validator logs for a feed, filtered as validator.w3.org does."""
    feedvalidator = validator()
    from feedvalidator import compatibility

    try:
        found = feedvalidator.validateString(xml_bytes, firstOccurrenceOnly=0, base=url)
    except feedvalidator.logging.ValidationFailure as failure:
        return [failure.event]
    return list(compatibility.AA(found["loggedEvents"]))


def feed_errors(xml_bytes: bytes, url: str) -> list[str]:
    """The validator's errors for a feed, each as 'Name line N: params'."""
    errors = validator().logging.Error
    return [describe(e) for e in feed_events(xml_bytes, url) if isinstance(e, errors)]


def feed_warnings(xml_bytes: bytes, url: str) -> list[str]:
    """The validator's warnings for a feed, described as `feed_errors` does."""
    warnings = validator().logging.Warning
    return [describe(e) for e in feed_events(xml_bytes, url) if isinstance(e, warnings)]


def describe(event: Any) -> str:
    params = {k: v for k, v in event.params.items() if k in ("element", "parent", "value")}
    return f"{type(event).__name__} line {event.params.get('line')}: {params}"
