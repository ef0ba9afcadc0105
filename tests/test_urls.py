"""Only http, https and ftp links are ever shown; DOIs are normalised."""

from __future__ import annotations

import pytest

from ext.reader.urls import bare_doi, doi_url, safe_url


@pytest.mark.parametrize("url", ["https://a.org/x", "http://a.org", "ftp://f.org/file", " https://a.org/x "])
def test_safe_urls_pass(url: str) -> None:
    """Web and FTP links are kept, without surrounding blanks."""
    assert safe_url(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:x",
        "data:text/html,x",
        "file:///etc/passwd",
        'https://a.org/"onmouseover=x',
        "//a.org",
        "",
        "https://",
    ],
)
def test_unsafe_urls_rejected(url: str) -> None:
    """Script, data and file URLs, and URLs that could break out of an attribute, are dropped."""
    assert safe_url(url) is None


@pytest.mark.parametrize(
    ("doi", "bare"),
    [
        ("10.1/x", "10.1/x"),
        ("https://doi.org/10.1/x", "10.1/x"),
        ("https://doi.org/https://doi.org/10.1/x", "10.1/x"),
        ("http://dx.doi.org/10.1/x", "10.1/x"),
        ("https://www.doi.org/10.1/x", "10.1/x"),
        ("doi:10.1/x", "10.1/x"),
    ],
)
def test_doi_normalised(doi: str, bare: str) -> None:
    """A DOI stored as a URL (even twice) links to https://doi.org/<doi> exactly once."""
    assert bare_doi(doi) == bare
    assert doi_url(doi) == f"https://doi.org/{bare}"


def test_not_a_doi() -> None:
    """A DOI field that is not a DOI gives no link."""
    assert doi_url("javascript:alert(1)") is None


def test_links_with_invisible_or_direction_characters_are_refused() -> None:
    """An override (U+202E), a zero-width space or a control character makes a value no link at all."""
    from ext.reader.urls import doi_url, safe_url

    for url in (
        "https://\u202eevil.com",
        "https://exa\u200bmple.org",
        "https://example.org/\x1b[31m",
        "https://example.org/\u2066x",
        "https://exa\u0085mple.org",
    ):
        assert safe_url(url) is None, repr(url)
    assert doi_url("10.1000/abc\u202e") is None and doi_url("10.1000/a\u200bbc") is None
    assert (
        safe_url("https://example.org/\u05e9\u05dc\u05d5\u05dd")
        == "https://example.org/\u05e9\u05dc\u05d5\u05dd"
    )
