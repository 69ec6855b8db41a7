"""The prose of a document as its pages print it (build/<FY>/<slug>/<slug>.html, the publication edition), for the
comparison of two documents' texts (kyosai.diff.summary.text_changes):

* ``whole_sentences``: a text of the data that the document prints inside a sentence of its own (the 概況's
  overview.self_managed_driver, 「日銀の追加利上げによる金利上昇によって」, within 「国内債券を中心とした自家運用資産は、
  …によって+832億円を獲得しました。」) is shown as that whole sentence;
* ``chapter_texts``: the paragraphs and list items of each chapter, for a document whose wording is written from
  its figures by its templates and has no texts in its model (the analysis pack): keyed by chapter and place, and
  paired between two documents by ``paired_texts``.

Only the text of the pages is read (no attribute, no table cell in chapter_texts: the tables are compared figure by
figure)."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .summary import merged_order, relative_years, text_changes, text_status, without_figures

BLOCKS = {"p", "li", "td", "th", "caption", "figcaption", "h1", "h2", "h3", "h4", "div", "section", "nav", "ul", "ol",
          "table", "tr", "tbody", "thead", "figure", "body", "dt", "dd"}
PROSE = {"p", "li"}                              # what chapter_texts reads
SKIPPED_CLASSES = {"unit", "part-label", "date", "org"}   # 金額単位, 【運用環境】, the cover
SENTENCE_END = "。"


@dataclass
class Block:
    tag: str
    classes: set[str]
    section: str          # the id of the chapter (<section id>) the block stands in, "" outside one
    text: str
    in_table: bool


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.titles: dict[str, str] = {}
        self.stack: list[tuple[str, set[str], list[str]]] = []
        self.sections: list[str] = []
        self.tables = 0
        self.skip = 0
        self.nav = 0
        self.links: list[tuple[str, str, str]] = []   # (chapter id, href, text) of each link to another file
        self.link: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href") and not a["href"].startswith("#"):
            self.link = [self.sections[-1] if self.sections else "", a["href"], []]
        if tag == "nav":
            self.nav += 1
        if tag in ("style", "script"):
            self.skip += 1
        elif tag == "section":
            self.sections.append(a.get("id") or "")
        elif tag == "table":
            self.tables += 1
        if tag == "br" and self.stack:
            self.stack[-1][2].append("\n")
        elif tag in BLOCKS:
            self.stack.append((tag, set((a.get("class") or "").split()), []))

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            self.links.append((self.link[0], self.link[1], " ".join("".join(self.link[2]).split())))
            self.link = None
        if tag == "nav":
            self.nav -= 1
        if tag in ("style", "script"):
            self.skip -= 1
        if tag in BLOCKS and self.stack:
            # close up to the matching block (the pages are well formed; a stray end tag closes nothing)
            if not any(t == tag for t, _, _ in self.stack):
                return
            while self.stack:
                t, classes, parts = self.stack.pop()
                text = "".join(parts).strip()
                section = self.sections[-1] if self.sections else ""
                if text and not self.nav:   # the table of contents is the headings again
                    self.blocks.append(Block(t, classes, section, text, self.tables > 0))
                    if t in ("h1", "h2") and section and section not in self.titles:   # a section's h2
                        self.titles[section] = text
                if t == tag:
                    break
        if tag == "section" and self.sections:
            self.sections.pop()
        elif tag == "table":
            self.tables -= 1

    def handle_data(self, data):
        if self.link is not None:
            self.link[2].append(data)
        if self.skip or not self.stack:
            return
        self.stack[-1][2].append(" ".join(data.split("\n")) if data.strip() else (" " if data else ""))


def reader_of(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def read(html: str) -> tuple[list[Block], dict[str, str]]:
    """The text blocks of a page (innermost block elements, in order; the table of contents apart) and each
    chapter's title (its h1)."""
    reader = reader_of(html)
    return reader.blocks, reader.titles


def link_changes(html_old: str | None, html: str | None) -> list[dict]:
    """The links to other files (関連資料: 000 links four documents of 中小機構's site, the next year one) that one
    page has and the other has not, by their address (a link whose words changed is ``reworded``): each named with
    its words and address, in the chapter it stands in."""
    if not html_old or not html:
        return []
    old, new = reader_of(html_old), reader_of(html)
    titles = {**old.titles, **new.titles}
    a = {href: (chapter, text) for chapter, href, text in old.links}
    b = {href: (chapter, text) for chapter, href, text in new.links}
    out = []
    for href in merged_order(list(a), list(b)):
        if a.get(href) == b.get(href) or (href in a and href in b and a[href][1] == b[href][1]):
            continue
        chapter = (b.get(href) or a[href])[0]
        shown = {side: f"{x[1]}（{href}）" for side, x in (("old", a.get(href)), ("new", b.get(href))) if x}
        status = "reworded" if len(shown) == 2 else "added" if "new" in shown else "removed"
        out.append({"key": f"link.{href}", "where": f"{relative_title(titles.get(chapter, chapter))}（リンク）",
                    "status": status, "old": shown.get("old"), "new": shown.get("new")})
    return out


def bare(text: str) -> str:
    """A text without its white space (a text's line breaks print as <br>, its lines as list items)."""
    return re.sub(r"\s+", "", text)


def list_items(html: str, texts: list[str]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The list items of each chapter outside its tables that are no part of a text of the models and hold none
    (a list its template writes from the data: compared here; the texts are compared as texts), and each chapter's
    title."""
    blocks, titles = read(html)
    own = [bare(t) for t in texts if t and bare(t)]
    return [(b.section, b.text) for b in blocks if b.tag == "li" and b.section and not b.in_table
            and not any(t in bare(b.text) or bare(b.text) in t for t in own)], titles


def sentence_around(text: str, block: str) -> str | None:
    """The whole sentence(s) of ``block`` that ``text`` stands in (from the end of the sentence before to the end
    of its own), or None when the block does not contain it."""
    at = block.find(text)
    if at < 0:
        return None
    start = block.rfind(SENTENCE_END, 0, at) + 1
    end = block.find(SENTENCE_END, at + len(text))
    end = len(block) if end < 0 else end + 1
    return block[start:end].strip()


def whole_sentences(texts: dict[str, str], html: str | None) -> dict[str, str]:
    """For each text that the page prints as part of a longer sentence, that sentence (keys of ``texts``; a text
    printed as it is, or not found on the page, is left out)."""
    if not html:
        return {}
    blocks = [b.text for b in read(html)[0]]
    out = {}
    for key, text in texts.items():
        if not text or not text.strip():
            continue
        for block in blocks:
            found = sentence_around(text.strip(), block)
            if found is not None:
                if found != text.strip():
                    out[key] = found
                break
    return out


def chapter_texts(html: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The prose of each chapter: (chapter id, text) of every paragraph and list item outside tables, in order
    (the unit lines, part labels and cover apart), and each chapter's title."""
    blocks, titles = read(html)
    return [(b.section, b.text) for b in blocks
            if b.tag in PROSE and b.section and not b.in_table and not (b.classes & SKIPPED_CLASSES)], titles


def paired_texts(old_html: str, new_html: str, fy_old: int, fy_new: int) -> list[dict]:
    """The prose of two documents that differs, chapter by chapter (kyosai.diff.summary.text_changes's entries,
    each naming its chapter in ``where``): within a chapter the texts are paired in order by difflib on their
    wording with years and figures set aside, so that a sentence whose figures moved meets its counterpart
    (``figures_only``) and an inserted paragraph is ``added``, not a rewording of everything after it."""
    old, titles_old = chapter_texts(old_html)
    new, titles_new = chapter_texts(new_html)
    return paired(old, new, {**titles_old, **titles_new}, fy_old, fy_new)


def paired(old: list[tuple[str, str]], new: list[tuple[str, str]], titles: dict[str, str], fy_old: int,
           fy_new: int) -> list[dict]:
    """Two documents' (chapter, text) lists paired chapter by chapter (paired_texts)."""
    titles_new, titles_old = titles, {}
    chapters = list(dict.fromkeys([c for c, _ in new] + [c for c, _ in old]))
    out = []
    for chapter in chapters:
        a = [t for c, t in old if c == chapter]
        b = [t for c, t in new if c == chapter]
        where = relative_title(titles_new.get(chapter) or titles_old.get(chapter) or chapter)
        norm_a = [without_figures(relative_years(t, fy_old)) for t in a]
        norm_b = [without_figures(relative_years(t, fy_new)) for t in b]
        matcher = difflib.SequenceMatcher(None, norm_a, norm_b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            pairs = list(zip(range(i1, i2), range(j1, j2)))
            if op in ("equal", "replace"):
                for i, j in pairs:
                    if a[i] != b[j]:
                        out.append({"key": f"{chapter}.{j + 1}", "where": where,
                                    "status": text_status(a[i], b[j], fy_old, fy_new), "old": a[i], "new": b[j]})
            if op in ("replace", "delete"):
                for i in range(i1 + len(pairs), i2):
                    out.append({"key": f"{chapter}.old{i + 1}", "where": where, "status": "removed", "old": a[i],
                                "new": None})
            if op in ("replace", "insert"):
                for j in range(j1 + len(pairs), j2):
                    out.append({"key": f"{chapter}.{j + 1}", "where": where, "status": "added", "old": None,
                                "new": b[j]})
    return out


def relative_title(title: str) -> str:
    """A chapter's title without its number (1．キャッシュ・フローの推移 → キャッシュ・フローの推移)."""
    head, sep, rest = title.partition("．")
    return rest if sep and head.isdigit() else title


def sentences(html: str | None) -> list[str]:
    """Every sentence of a page's text blocks (up to and with its 。)."""
    out = []
    for block in (b.text for b in read(html)[0]) if html else ():
        at = 0
        while at < len(block):
            end = block.find(SENTENCE_END, at)
            end = len(block) if end < 0 else end + 1
            if block[at:end].strip():
                out.append(block[at:end].strip())
            at = end
    return out


def without(sentence: str, texts: list[str]) -> str:
    """A sentence with some of its texts cut out, and the brackets they leave empty: （内訳）自家運用資産 0.85%
    （安定的だが低下傾向）、… without 安定的だが低下傾向 → （内訳）自家運用資産 0.85%、…"""
    for text in texts:
        sentence = sentence.replace(text, "")
    return re.sub(r"[（(]\s*[）)]", "", sentence)


def counterparts(found: list[dict], pages: dict[str, str | None], years: dict[str, int]) -> None:
    """For a text removed from (added to) a sentence that stays, that sentence as the other document prints it
    (``new_shown`` / ``old_shown``), so that the comparison shows the phrase gone from a sentence, not the sentence
    gone: the sentence without the text meets a sentence of the other page in its words (figures and years apart)."""
    for status, side, other in (("removed", "old", "new"), ("added", "new", "old")):
        by_sentence: dict[str, list[str]] = {}
        for x in found:
            if x["status"] == status and x.get(f"{side}_shown"):
                by_sentence.setdefault(x[f"{side}_shown"], []).append(x[side])
        if not by_sentence:
            continue
        theirs = {without_figures(relative_years(t, years[other])): t for t in sentences(pages[other])}
        for sentence, texts in by_sentence.items():
            match = theirs.get(without_figures(relative_years(without(sentence, texts), years[side])))
            if match:
                for x in found:
                    if x["status"] == status and x.get(f"{side}_shown") == sentence:
                        x[f"{other}_shown"] = match


def table_only(html: str | None, texts: dict[str, str] | None = None):
    """A test: whether a text is printed only inside the page's tables (a heading cell: 000's yields.change_head
    「前年 同期比」, funds.overlay_mark in 「みずほ信託銀行（注３）」), so that it is not prose: the tables are compared
    figure by figure, their heading cells are not sentences: a text printed in a table cell and outside the tables
    only within another, longer text of the model (the mark （注３） also begins the note funds.note3 「（注３） (20)
    はオーバーレイファンド。」 below the table)."""
    blocks = read(html)[0] if html else []
    others = [t.strip() for t in (texts or {}).values() if t and t.strip()]

    def test(text: str) -> bool:
        text = text.strip()
        return bool(text) and any(b.in_table and text in b.text for b in blocks) and all(
            any(text in o and o != text and o in b.text for o in others)
            for b in blocks if not b.in_table and text in b.text)
    return test


def document_texts(meta_old: dict, meta: dict, html_old: str, html: str, fy_old: int, fy: int) -> list[dict]:
    """The prose of two documents that differs: the texts of their models (model.json "texts": data/unyo/texts.csv,
    data/shikyuritsu/notes.csv), each shown (``old_shown``, ``new_shown``) as the whole sentence its page prints
    it in; or, for a document whose wording its templates write from its figures (no texts in either model: the
    analysis pack), the paragraphs of its pages, chapter by chapter (paired_texts). A phrase removed from (added
    to) a sentence that stays is shown in both wordings of that sentence (counterparts). A text printed only in a
    table (a heading cell: table_only) is not prose and not listed."""
    if "texts" not in meta and "texts" not in meta_old:
        return paired_texts(html_old, html, fy_old, fy) + link_changes(html_old, html)
    found = text_changes(meta_old.get("texts", {}), meta.get("texts", {}), fy_old, fy)
    cells = {"old": table_only(html_old, meta_old.get("texts")), "new": table_only(html, meta.get("texts"))}
    found = [x for x in found if not any(x[side] and cells[side](x[side]) for side in ("old", "new"))]
    for side, page in (("old", html_old), ("new", html)):
        shown = whole_sentences({x["key"]: x[side] for x in found if x[side]}, page)
        for x in found:
            if x["key"] in shown:
                x[f"{side}_shown"] = shown[x["key"]]
    counterparts(found, {"old": html_old, "new": html}, {"old": fy_old, "new": fy})
    items = []
    if html_old and html:
        # a list item holding a text of the model, or the sentence a text left or entered, is said with the texts
        shown = [x[k] for x in found for k in ("old_shown", "new_shown") if x.get(k)]
        texts = [*meta_old.get("texts", {}).values(), *meta.get("texts", {}).values()]
        (a, titles_a), (b, titles_b) = (
            ([(c, t) for c, t in got if not any(s in t for s in shown)], titles)
            for got, titles in (list_items(page, texts) for page in (html_old, html)))
        items = [{**x, "key": f"item.{x['key']}", "where": f"{x['where']}（箇条書き）"}
                 for x in paired(a, b, {**titles_a, **titles_b}, fy_old, fy)]
    return found + items + link_changes(html_old, html) + heading_changes(html_old, html, fy_old, fy)


HEADINGS = {"h1", "h2", "h3", "h4"}
NUMBERING = re.compile(r"^\s*(?:[0-9０-９]+\s*[.．]|[➤▶■●◆・])\s*")


def headings(html: str | None, fy: int) -> dict[str, str]:
    """The chapter and section headings of a page outside its tables, by their wording with numbering, years and
    figures set aside (１．運用利回りの推移 and 3. 運用利回りの推移 are one heading): wording → as printed."""
    if not html:
        return {}
    out: dict[str, str] = {}
    for b in read(html)[0]:
        if b.tag in HEADINGS and not b.in_table:
            out.setdefault(without_figures(relative_years(NUMBERING.sub("", b.text), fy)), b.text)
    return out


def heading_changes(html_old: str | None, html: str | None, fy_old: int, fy: int) -> list[dict]:
    """A chapter or section that only one document has (001's ➤ 繰越欠損金削減計画, which 000 drops): its heading,
    added or removed, so that what its templates print without a text of the data is not passed over in silence."""
    if not html_old or not html:
        return []
    old, new = headings(html_old, fy_old), headings(html, fy)
    return ([{"key": f"heading.{k}", "where": "見出し", "status": "removed", "old": old[k], "new": None}
             for k in old if k not in new] +
            [{"key": f"heading.{k}", "where": "見出し", "status": "added", "old": None, "new": new[k]}
             for k in new if k not in old])
