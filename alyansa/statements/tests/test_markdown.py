from alyansa.core.markdown import markdown_to_text, render_markdown


def test_markdown_becomes_html_and_raw_html_stays_text():
    html = render_markdown("**Bold** <script>alert(1)</script> <b onclick=x>hi</b>")
    assert "<strong>Bold</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "onclick" not in html or "&lt;b onclick" in html


def test_links_keep_their_address_but_scripts_in_links_are_dropped():
    html = render_markdown("[ok](https://example.org) [bad](javascript:alert(1))")
    assert 'href="https://example.org"' in html and 'rel="nofollow noopener noreferrer"' in html
    assert "javascript:" not in html.split("[bad]")[0] and 'href="javascript' not in html


def test_pictures_from_other_hosts_are_removed_and_our_own_are_kept():
    html = render_markdown(
        "![tracker](https://evil.example/pixel.gif) ![ours](/media/statements/a.jpg)"
    )
    assert "evil.example" not in html
    assert '<img src="/media/statements/a.jpg" alt="ours">' in html


def test_plain_text_for_search_and_summaries():
    assert markdown_to_text("## Title\n\n*one* [two](https://x.org)") == "Title\none two"
