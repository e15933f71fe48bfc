"""placeholder"""
from __future__ import annotations
import markdown
def markdown_to_html(text: str) -> str:
    return markdown.markdown(text, extensions=["extra", "smarty", "toc", "sane_lists"])
