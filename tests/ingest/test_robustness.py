"""Any bytes, any text: normalize and explain raise UserError or succeed, never anything else."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.errors import UserError
from newsroom.ingest import explain, normalize

from .factories import dump

LINES = st.sampled_from([
    "", "-", "•", "Share on Facebook", "Comments", "Source: X", "By Jane Doe", "June 19, 2024",
    "Popular posts from this blog", "Points of attention", "• An item.", "1. A numbered item.",
    "Heading Here: The text of a section that goes on for a while.", "apnews.com reported, The text.",
    "A sentence of ordinary prose that ends with a full stop and has words.", "# * _ [x](y) <b> &amp;",
])


def _never_raises_other_errors(data: bytes, name: str) -> None:
    for call in (normalize, explain):
        try:
            call(data, name)
        except UserError as error:
            assert str(error).startswith(name)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from(["raw/x.txt", "raw/x.html", "raw/x"]))
def test_arbitrary_bytes_never_raise_anything_but_user_error(data, name):
    _never_raises_other_errors(data, name)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=1500))
def test_arbitrary_text_never_raises_anything_but_user_error(text):
    _never_raises_other_errors(text.encode("utf-8", "surrogatepass"), "raw/x.txt")


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=40))
def test_dumps_made_of_typical_lines_never_raise_anything_but_user_error(lines):
    _never_raises_other_errors("\n".join(lines).encode(), "raw/x.txt")


@settings(max_examples=100, deadline=None)
@given(st.lists(LINES, max_size=10), st.lists(LINES, max_size=10))
def test_normalizing_is_deterministic(before, after):
    data = dump(before=tuple(before), after=tuple(after)).encode()
    assert normalize(data, "raw/x.txt") == normalize(data, "raw/x.txt")
