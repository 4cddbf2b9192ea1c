"""Outlet ratings tables and their join to articles, by the host name of each article's ``url``.

A table maps domains to ratings (``{domain: rating}``). An article takes the rating of its most specific
host name found in the table, walking up to the registrable domain: ``politicalticker.blogs.cnn.com``,
then ``blogs.cnn.com``, then ``cnn.com``; ``www.`` is ignored on both sides.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from biasmeter.corpus import read_table
from biasmeter.errors import BiasmeterError
from biasmeter.outlets import host_of, registrable_domain


def read_ratings(path: str | os.PathLike[str], key: str = "domain", value: str = "pc1") -> dict[str, str]:
    """Read an outlet ratings table (CSV or TSV with a header row) into ``{domain: rating}``.

    See `biasmeter.corpus.read_table`; for example ``read_ratings("mbfc-2018-2020.tsv", value="factuality")``.
    """
    return read_table(path, key, value)


def _ratings(
    ratings: Mapping[str, str] | str | os.PathLike[str] | None, key: str, value: str | None
) -> tuple[Mapping[str, str] | None, str]:
    if ratings is None:
        return None, ""
    if isinstance(ratings, Mapping):
        return ratings, "the ratings table"
    if not isinstance(ratings, (str, os.PathLike)):
        raise BiasmeterError(
            f"ratings must be a table's path or a mapping of outlet to rating, got {type(ratings).__name__}"
        )
    if value is None:
        raise BiasmeterError(
            f"name the column of {os.fspath(ratings)} that holds the rating with --ratings-value, e.g. pc1 "
            "or factuality"
        )
    return read_ratings(ratings, key, value), f"{os.fspath(ratings)} ({value})"


def _rating_keys(record: Mapping[str, Any]) -> list[str]:
    """Keys to look up in a ratings table, most specific first: host names of ``url``, then of ``domain``.

    ``https://www.politicalticker.blogs.cnn.com/x`` gives ``politicalticker.blogs.cnn.com``,
    ``blogs.cnn.com`` and ``cnn.com`` (the registrable domain, where the walk stops).
    """
    keys: list[str] = []
    for name in ("url", "domain"):
        host = host_of(record.get(name))
        domain = registrable_domain(record.get(name))
        if host is None or domain is None:
            continue
        host = host.removeprefix("www.")
        while host not in keys:
            keys.append(host)
            if host == domain or "." not in host or not host.endswith("." + domain):
                break
            host = host.split(".", 1)[1]
        if domain not in keys:
            keys.append(domain)
    return keys


def _normalised_table(table: Mapping[str, str]) -> dict[str, str]:
    normalised: dict[str, str] = {}
    for key, value in table.items():
        host = host_of(str(key)) or str(key).strip().lower()
        normalised.setdefault(host.removeprefix("www."), value)
    return normalised
