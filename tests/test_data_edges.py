"""The edges of reading data/ (issue #22): encodings known, not guessed; files that are not plain files of a
plausible size; cells a document cannot print. Each problem names the file (and line and column where there is
one); none is a fault in the code. The bad-input cases in tests/bad_inputs run the same through scripts/check.py;
these pin what the cases do not (a linked folder, a pipe, every encoding of every data file)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kyosai import dataio

DATA = Path(__file__).resolve().parents[1] / "data"
ERAS = (DATA / "common" / "eras.csv").read_text(encoding="utf-8")
NAMES = (DATA / "common" / "asset_classes.csv").read_text(encoding="utf-8")


def decoded(raw: bytes, name: str = "x.csv") -> tuple[str | None, list[str]]:
    problems = dataio.Problems(base=DATA.parent)
    return dataio.decode(raw, DATA / name, problems), problems.items


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.csv")), ids=lambda p: p.name)
def test_every_data_file_in_utf8_and_in_shift_jis_is_read_as_written(path):
    text = path.read_text(encoding="utf-8")
    assert decoded(text.encode("utf-8")) == (text, [])
    assert decoded(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, [])
    try:
        sjis = text.encode("cp932")
    except UnicodeEncodeError:
        return   # (a text cp932 cannot hold: ▶)
    assert decoded(sjis) == (sjis.decode("cp932"), [])


@pytest.mark.parametrize("path", sorted(DATA.rglob("*.csv")), ids=lambda p: p.name)
@pytest.mark.parametrize("encoding", ["euc_jp", "gb18030", "big5", "cp949", "utf-16", "utf-16-le", "iso2022_jp"])
def test_no_other_encoding_is_ever_read_as_shift_jis(path, encoding):
    text = path.read_text(encoding="utf-8")
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        return
    if text.isascii() and encoding in ("euc_jp", "gb18030", "big5", "cp949", "iso2022_jp"):
        return   # the same bytes as UTF-8
    got, problems = decoded(raw)
    assert got is None, f"{path.name} in {encoding} was read"
    [problem] = problems
    assert problem.startswith("data/x.csv, line ") and "it could be" in problem and "UTF-8" in problem


def test_an_euc_jp_file_names_the_encodings_it_could_be():
    got, [problem] = decoded(ERAS.encode("euc_jp"), "common/eras.csv")
    assert got is None
    assert problem.startswith("data/common/eras.csv, line 2: ")   # line 1 is ASCII: the first Japanese is on line 2
    assert "it could be EUC-JP, Shift_JIS (cp932)" in problem and "not guessed" in problem


def test_latin1_that_reads_as_a_kanji_in_shift_jis_is_refused():
    raw = "code,name\ncafe,Cafés Bond Fund\n".encode("latin-1")
    assert raw.decode("cp932")   # "és" is a kanji in Shift_JIS (駸), and the detector rates Big5 as likely
    got, [problem] = decoded(raw)
    assert got is None and "it could be Big5 (Chinese), Shift_JIS (cp932)" in problem and "line 2" in problem


def test_shift_jis_with_half_width_katakana_mojibake_is_refused():
    raw = "code,name\nx,ﾃｽﾄ債券\n".encode("cp932")   # half-width kana: what EUC-JP read as Shift_JIS looks like
    got, [problem] = decoded(raw)
    assert got is None and "it could be" in problem and "Save it again as UTF-8" in problem


@pytest.fixture
def copy(tmp_path):
    import shutil
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"


def refused(data_dir: Path) -> list[str]:
    with pytest.raises(dataio.DataError) as exc:
        dataio.load_all(data_dir)
    return exc.value.problems


def test_a_linked_folder_of_data_files_is_refused_without_reading_them(copy, tmp_path):
    import shutil
    shutil.move(copy / "unyo", tmp_path / "elsewhere")
    (copy / "unyo").symlink_to(tmp_path / "elsewhere")
    problems = refused(copy)
    assert "data/unyo/holdings.csv: the folder data/unyo is a symbolic link, which is not read" in "\n".join(problems)
    assert not any("line" in p for p in problems)


def test_a_link_to_a_missing_file_is_named_as_a_link(copy):
    (copy / "unyo" / "holdings.csv").unlink()
    (copy / "unyo" / "holdings.csv").symlink_to("/nonexistent/secret.csv")
    [problem] = refused(copy)
    assert problem.startswith("data/unyo/holdings.csv: the file is a symbolic link") and "secret" not in problem


def test_a_named_pipe_is_refused_and_never_waited_for(copy):
    path = copy / "unyo" / "holdings.csv"
    path.unlink()
    os.mkfifo(path)
    [problem] = refused(copy)
    assert problem.startswith("data/unyo/holdings.csv: is not a regular file")


def test_a_file_over_its_max_bytes_is_refused_unread(copy):
    descriptor = dataio.load_descriptor(copy / "datapackage.yaml")
    eras = next(r for r in descriptor["resources"] if r["name"] == "eras")
    assert eras["max_bytes"] == 5_000_000            # the package's default, set in data/datapackage.yaml
    eras["max_bytes"] = 81                           # eras.csv has 82 bytes
    with pytest.raises(dataio.DataError) as exc:
        dataio.load_all(copy, descriptor)
    assert exc.value.problems == ["data/common/eras.csv: the file has 82 bytes; data/datapackage.yaml allows at "
                                  "most 81 (max_bytes) for it, and it is not read (a wrong file saved over it?)"]


@pytest.mark.parametrize("cell, expected", [
    ("1" * 19, "a number of 19 digits; a figure has at most 18"),
    ("0." + "0" * 30 + "1", "a number of 32 digits"),
    ("1" + "0" * 299, "a number of 300 digits"),
])
def test_a_number_with_more_digits_than_a_figure_has_is_a_data_problem(cell, expected):
    with pytest.raises(ValueError, match=expected):
        dataio.parse_cell(cell, {"type": "number"})
    assert dataio.parse_cell("1" * 18, {"type": "number"}) == int("1" * 18)


@pytest.mark.parametrize("text, found", [
    ("国内\u202e債券", "a control character (U+202E)"), ("国内\x85債券", "a control character (U+0085)"),
    ("国内\u2028債券", "a control character (U+2028)"), ("国内\n債券", "a tab or line break (U+000A)"),
    ("国内url(#p1)", "'url(' in the text"), ("<a href='x'>", "\"href='\" in the text"),
    ("x @import y", "'@import' in the text"), ('<g id="p1">', "'id=\"' in the text"),
])
def test_a_name_a_document_cannot_print_is_refused_with_its_line_and_column(copy, text, found):
    path = copy / "common" / "asset_classes.csv"
    path.write_text(NAMES.replace("短期資産", '"' + text.replace('"', '""') + '"'), encoding="utf-8")
    problems = refused(copy)
    assert any(p.startswith("data/common/asset_classes.csv, line 3, column name_ja: ") and found in p
               for p in problems), problems


def test_line_breaks_stay_allowed_in_texts_and_markup_without_a_reference_is_printed_literally(copy):
    path = copy / "unyo" / "texts.csv"
    text = path.read_text(encoding="utf-8")
    assert "\n" in dataio.load_all(DATA)["texts"][18]["text"]  # 前年\n同期比 and the like
    path.write_text(text.replace("中小機構では", '中小機構<b>では</b> href=x', 1), encoding="utf-8")
    assert "<b>では</b> href=x" in "".join(r["text"] for r in dataio.load_all(copy)["texts"])


def test_every_figure_and_date_of_every_resource_has_a_range():
    """Each numeric or date column has a minimum and a maximum (or a list of values); a column whose unit each row
    names has a range for every unit it may be in; a key–value file, one for every typed key."""
    missing = []
    for res in dataio.load_descriptor()["resources"]:
        schema = res["schema"]
        values = schema.get("values") or {}
        for f in schema["fields"]:
            c = f.get("constraints", {})
            if f.get("type") in ("number", "integer", "date") and "enum" not in c \
                    and not ("minimum" in c and "maximum" in c):
                missing.append(f"{res['name']}.{f['name']}")
            if f.get("unit_ranges"):
                unit = next(u for u in schema["fields"] if u["name"] == f["unit_ranges"]["column"])
                missing += [f"{res['name']}.{f['name']} in {u}" for u in unit["constraints"]["enum"]
                            if u not in f["unit_ranges"]["ranges"]]
        for key, spec in values.get("by_key", {}).items():
            c = spec.get("constraints", {})
            if spec.get("type") in ("number", "integer", "date") and not ("minimum" in c and "maximum" in c):
                missing.append(f"{res['name']}: {key}")
    assert missing == []


def test_the_ranges_admit_a_twelve_trillion_yen_fund_and_negative_years():
    """Amounts: the fund (12兆円 = 120,000億円 = 12,000,000百万円) and its flows with headroom, losses below zero."""
    fields = {(r["name"], f["name"]): f for r in dataio.load_descriptor()["resources"] for f in r["schema"]["fields"]}
    for key, most in [(("holdings_totals", "amount"), 120000), (("balance_history", "total_assets"), 120000),
                      (("fund_performance", "average_balance"), 12000000), (("shikyuritsu_fiscal_projection", "value"), 150000)]:
        assert fields[key]["constraints"]["maximum"] >= most * 2, key
    for key in [("balance_history", "surplus"), ("balance_history", "net_income"), ("investment_returns", "income"),
                ("investment_returns", "yield"), ("fund_performance", "income"), ("carried_figures", "value"),
                ("shikyuritsu_surplus_components", "amount"), ("bunseki_interest_rates", "jgb_10y")]:
        assert fields[key]["constraints"]["minimum"] < 0, key


def test_an_unusual_but_possible_value_is_kept_and_listed_in_the_qa_log(copy):
    from kyosai.bunseki import model as bunseki

    path = copy / "bunseki" / "interest_rates.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2006,1.00,1.83,", "2006,1.00,6.83,"), encoding="utf-8")
    data = dataio.load_all(copy)                       # within 10% (its range): read
    assert data["bunseki_interest_rates"].unusual == [(3, "jgb_10y", __import__("decimal").Decimal("6.83"), "-1–5%")]
    entries = [e for e in bunseki.build(data, 2024)["qa"] if e["kind"] == "unusual"]
    assert entries == [{"kind": "unusual", "subject": "data/bunseki/interest_rates.csv 3行目 jgb_10y",
                        "detail": "6.83 は通常の範囲 (-1–5%) の外にある。誤りでないことを確認する", "ok": False}]
    assert not any(e["kind"] == "unusual" for e in bunseki.build(dataio.load_all(DATA), 2024)["qa"])


# ---------------------------------------------------------------- config.yaml's chart_font_path

IPAEX = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")


def dejavu() -> Path:
    import matplotlib
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def test_a_font_path_that_is_not_a_font_is_named_by_its_config_key(tmp_path):
    from kyosai import chartkit, fonts

    assert fonts.missing(DATA / "README.md") == [
        f"config.yaml, chart_font_path: {DATA / 'README.md'} is not a TrueType or OpenType font. Set chart_font_path to a "
        f"Japanese TrueType/OpenType font (IPAexGothic: ipaexg.ttf)."]
    cut = tmp_path / "cut.ttf"                              # a font file cut short (a download broken off)
    cut.write_bytes(dejavu().read_bytes()[:3000])
    [problem] = fonts.missing(cut)
    assert problem.startswith(f"config.yaml, chart_font_path: {cut} ") and "font" in problem
    with pytest.raises(fonts.FontError, match="config.yaml, chart_font_path: .* not a TrueType or OpenType font"):
        chartkit.setup(str(DATA / "README.md"))            # where the charts load it


def test_a_font_without_japanese_is_refused_naming_what_it_lacks():
    from kyosai import fonts

    [problem] = fonts.missing(dejavu(), ["令和6年度の運用状況"])
    assert problem.startswith(f"config.yaml, chart_font_path: {dejavu()} has no glyph for ")
    assert "年" in problem and "運" in problem and "the charts would be drawn in another font" in problem


@pytest.mark.skipif(not IPAEX.is_file(), reason="IPAexGothic is not installed")
def test_ipaexgothic_covers_what_every_document_prints_but_not_everything(tables):
    from kyosai import fonts
    from kyosai.documents import ENTRIES

    for entry in ENTRIES:
        model, slug = entry.model, entry.slug
        for fy in model.years(tables):
            assert fonts.missing(IPAEX, fonts.printed(model.build(tables, fy), slug)) == [], (slug, fy)
    [problem] = fonts.missing(IPAEX, ["𠮷野家"])          # a character outside its JIS set: named
    assert "has no glyph for 1 of the characters the documents print (𠮷)" in problem


def test_an_excel_workbook_saved_under_a_csv_name_is_named_as_such():
    got, [problem] = decoded(b"PK\x03\x04" + bytes(range(256)) * 4, "unyo/holdings.csv")
    assert got is None and problem.startswith("data/unyo/holdings.csv: the file is an Excel workbook (.xlsx")


def test_a_control_character_in_a_header_is_named_by_its_code_point_never_echoed(copy):
    path = copy / "common" / "asset_classes.csv"
    path.write_text(NAMES.replace("name_ja", "name_ja\x1b[2J", 1), encoding="utf-8")
    problems = refused(copy)
    assert "data/common/asset_classes.csv, line 1: column 2 of the header has a control character (U+001B)" in problems[0]
    assert not any("\x1b" in p for p in problems)


def test_a_file_wrong_throughout_lists_fifty_problems_then_how_many_more(copy):
    path = copy / "common" / "asset_classes.csv"
    path.write_text(NAMES + "".join(f"X{i},名前,self_managed,{i + 20}\n" for i in range(2000)), encoding="utf-8")
    problems = [p for p in refused(copy) if p.startswith("data/common/asset_classes.csv")]
    assert len(problems) == 51
    assert problems[-1].startswith("data/common/asset_classes.csv: … and ") and problems[-1].endswith(
        " more problem(s) in this file, not listed") and int(problems[-1].split()[3].replace(",", "")) > 1950


def test_bytes_no_encoding_reads_are_refused_as_such():
    got, [problem] = decoded(bytes([0x82, 0xa0, 0x00, 0xff, 0xfe, 0x81]) * 3)
    assert got is None and problem.startswith("data/x.csv, line 1: the file is neither UTF-8 nor Shift_JIS")
