"""Entities and canonical names: a table of sentences written for these tests."""

import pytest

from pipeline.canonical import canonical_name, link_mentions
from pipeline.entities import (
    Candidate,
    EntityRecognizer,
    _extended,
    alias_candidates,
    company_cue_candidates,
    corporate_candidates,
    find_candidates,
    japanese_person_candidates,
    officer_candidates,
)
from pipeline.extract import extract_article
from pipeline.ingest import article_from_text
from pipeline.nlp import detect_language, shared_nlp


def ents(text, lang=None):
    """Entities as the run finds them: the pipeline of the text's language."""
    doc = shared_nlp(lang or detect_language(text))(text)
    return [(e.label_, e.text, e._.jnews_canonical) for e in doc.ents if e.label_ != "MONEY"]


def weak_finds(text, label, name):
    """The weak tier when the model finds ``name`` (its first occurrence) as ``label``,
    each distinct "LABEL surface" once (a 人名 run beside a title is a find of its own)."""
    doc = shared_nlp("ja", ner=None).make_doc(text)
    start = text.index(name)
    found = Candidate(start, start + len(name), label, 0)
    _, weak = find_candidates(doc, model=[found], person_tags_alone=False)
    return list(dict.fromkeys(f"{c.label} {text[c.start:c.end]}" for c in weak))


@pytest.mark.parametrize("text, expected", [
    # Latin-script people with titles before / honorifics after; titles stay outside.
    ("GoogleのCEO Sundar Pichai氏が語った。",
     [("ORG", "Google", "Google"), ("PERSON", "Sundar Pichai", "Sundar Pichai")]),
    ("共同創業者のMaria Chenさんは述べた。", [("PERSON", "Maria Chen", "Maria Chen")]),
    # English titles before a name, or after it behind a comma; a middle initial and a
    # surname's particles are inside the name.
    ("Kawasemi said Chief Financial Officer Susan Hale will speak.",
     [("PERSON", "Susan Hale", "Susan Hale")]),
    ("said Mary T. Hale, chair and CEO of the group.", [("PERSON", "Mary T. Hale", "Mary T. Hale")]),
    ("Kawasemi named Kenji Hale, head of its battery unit, as president.",
     [("PERSON", "Kenji Hale", "Kenji Hale")]),
    ("Kawasemi Robotics, headquartered in Osaka, said.",
     [("ORG", "Kawasemi Robotics", "Kawasemi Robotics")]),  # no person: "head" is no "head of"
    ("Kawasemi Inc. Chief Executive Officer Susan Hale met reporters.",
     [("ORG", "Kawasemi Inc.", "Kawasemi Inc."), ("PERSON", "Susan Hale", "Susan Hale")]),
    ("Commission President Ursula von der Hale spoke.",
     [("PERSON", "Ursula von der Hale", "Ursula von der Hale")]),
    # A run that begins with a given name is a person with no title beside it; not one
    # that begins with a company's first word (Morgan), nor a product's (Claude).
    ("Jane Hale told reporters the deal would close.", [("PERSON", "Jane Hale", "Jane Hale")]),
    ("The deal will close, said Kenji Hale, an analyst at Kawasemi Securities.",
     [("PERSON", "Kenji Hale", "Kenji Hale"), ("ORG", "Kawasemi Securities", "Kawasemi Securities")]),
    ("Morgan Kawasemi raised its target.", []),
    # Accented given names, and the credits of a wire story.
    ("Harukaze was founded by Chloé Hale, a former banker.",
     [("PERSON", "Chloé Hale", "Chloé Hale")]),
    ("(Reporting by Taro Kawasemi; Editing by Ann Hale)",
     [("PERSON", "Taro Kawasemi", "Taro Kawasemi"), ("PERSON", "Ann Hale", "Ann Hale")]),
    # Funding news names the investors and the startup after its own words; a given name
    # makes a person there, a country no company.
    ("The round was led by Kawasemi Ventures, with participation from Japan's Harukaze "
     "Capital and Paris-based Orvalis.",
     [("ORG", "Kawasemi Ventures", "Kawasemi Ventures"), ("ORG", "Harukaze Capital", "Harukaze Capital"),
      ("ORG", "Orvalis", "Orvalis")]),
    ("The startup is backed by Jane Hale and led by Japan.", [("PERSON", "Jane Hale", "Jane Hale")]),
    # ... and a startup's name before raises and an amount; not before other objects.
    ("Orvalis raises $42 million for warehouse robots", [("ORG", "Orvalis", "Orvalis")]),
    ("Harukaze has raised €20M in new funding.", [("ORG", "Harukaze", "Harukaze")]),
    ("Harukaze raised its outlook.", []),
    ("The Company raised $5 million.", []),
    ("Bill Passes Senate After Long Debate", []),  # a title-case headline
    # "The" is no word of a company's name; a regulator's name hides the form in it.
    ("The Kawasemi Systems unit grew.", [("ORG", "Kawasemi Systems", "Kawasemi Systems")]),
    ("The Federal Communications Commission approved it.", []),
    ("Jane Hale's startup raised funds.", [("PERSON", "Jane Hale", "Jane Hale")]),
    # A product after a known company hides it in English text too (the dictionary knows
    # Windows); not a common word, nor a headline's next word.
    ("Microsoft Windows and Sony Group shares rose.", [("ORG", "Sony Group", "Sony Group")]),
    ("Sony Shares Rise", [("ORG", "Sony", "Sony Group")]),
    # A country after a known company names its subsidiary, in English text too.
    ("Google Japan hired Jane Hale.", [("ORG", "Google Japan", "Google Japan"), ("PERSON", "Jane Hale", "Jane Hale")]),
    ("Kawasemi released Claude Hale 2 on Monday.", []),
    # An officer "of" a capitalized name: the company.
    ("Emma Hale stepped down as chief executive of Kawasemi last year.",
     [("PERSON", "Emma Hale", "Emma Hale"), ("ORG", "Kawasemi", "Kawasemi")]),
    ("He is the president of Kawasemi.", []),
    # Japanese names from Sudachi's 人名 tags: 姓+名, and a surname with 氏.
    ("田中健一氏は記者会見で説明した。", [("PERSON", "田中健一", "田中健一")]),
    # Katakana names joined by ・.
    ("ラフル・メータ氏が登壇した。", [("PERSON", "ラフル・メータ", "ラフル・メータ")]),
    # Corporate forms belong to the name.
    ("株式会社カワセミ電機は新工場を建てる。", [("ORG", "株式会社カワセミ電機", "株式会社カワセミ電機")]),
    # Katakana renderings of English forms; the ・ between parts does not shorten the name.
    ("ジョージ・ピーボディ・アンド・カンパニーに勤務した。",
     [("ORG", "ジョージ・ピーボディ・アンド・カンパニー", "ジョージ・ピーボディ・アンド・カンパニー")]),
    ("Example Robotics Inc. announced a round.", [("ORG", "Example Robotics Inc.",
                                                   "Example Robotics Inc.")]),
    # A corporate name never runs back across a sentence end; a comma may precede the form.
    ("It said so on Monday. Separately, Acme Robotics Inc. raised funds.",
     [("ORG", "Acme Robotics Inc.", "Acme Robotics Inc.")]),
    ("Example Labs, Inc. agreed.", [("ORG", "Example Labs, Inc.", "Example Labs, Inc.")]),
    # A lone & joins the words of a name, and Co. is a legal form; a hyphenated
    # participle (-owned, -based) is no word of the name, another hyphen is.
    ("Procter & Gamble Co. and Johnson & Johnson Inc. reported results.",
     [("ORG", "Procter & Gamble Co.", "Procter & Gamble Co."),
      ("ORG", "Johnson & Johnson Inc.", "Johnson & Johnson Inc.")]),
    ("SoftBank-owned Kawasemi Holdings plc said.",
     [("ORG", "SoftBank", "SoftBank"), ("ORG", "Kawasemi Holdings plc", "Kawasemi Holdings plc")]),
    ("The Tokyo-based Sakura Labs Inc. said.", [("ORG", "Sakura Labs Inc.", "Sakura Labs Inc.")]),
    ("Dai-ichi Kawasemi Co. said.", [("ORG", "Dai-ichi Kawasemi Co.", "Dai-ichi Kawasemi Co.")]),
    ("JPMorgan Chase & Co. raised its forecast.", [("ORG", "JPMorgan Chase & Co.", "JPMorgan Chase")]),
    # A possessive ends a name only right before its form; Plc is a form.
    ("Volkswagen AG will work with China's Kawasemi Inc.",
     [("ORG", "Volkswagen AG", "Volkswagen"), ("ORG", "Kawasemi Inc.", "Kawasemi Inc.")]),
    ("Macy's Inc. and Sakura Pharma Plc said.",
     [("ORG", "Macy's Inc.", "Macy's Inc."), ("ORG", "Sakura Pharma Plc", "Sakura Pharma Plc")]),
    # A country prefix is outside the name a corporate form ends.
    ("ソフトバンク傘下の英アーム・ホールディングスは発表した。",
     [("ORG", "ソフトバンク", "SoftBank"), ("ORG", "アーム・ホールディングス", "アーム・ホールディングス")]),
    # A known company takes its legal form, across the "of" the Latin rule does not cross.
    ("Bank of America Corp. led the loan.", [("ORG", "Bank of America Corp.", "Bank of America")]),
    # Cross-script aliases share one canonical name.
    ("アマゾンとAmazon.comは同じ会社だ。", [("ORG", "アマゾン", "Amazon"), ("ORG", "Amazon.com", "Amazon")]),
    # Products and regulators are not ORG, even when they contain a company name.
    ("Microsoft AzureとChatGPTを米FTCが調べる。", []),
    ("MicrosoftのCopilot製品", [("ORG", "Microsoft", "Microsoft")]),
    # A company as a modifier is still a mention.
    ("NVIDIA中心のクラスター", [("ORG", "NVIDIA", "NVIDIA")]),
    # International bodies, ministries and central banks are not companies, even when
    # their name ends like one (銀行).
    ("世界銀行とみずほ銀行が協調融資する。", [("ORG", "みずほ銀行", "みずほ銀行")]),
    # Indices and exchanges are not companies, even when a company's name starts them.
    ("日経平均株価とS&P500が上昇し、東証プライムの売買代金が増えた。", []),
    ("日経の調べでは、日経平均は続伸した。", [("ORG", "日経", "Nikkei")]),
    ("経済産業省とASEANがソニーグループと組む。", [("ORG", "ソニーグループ", "Sony Group")]),
])
def test_entities_table(text, expected):
    assert ents(text) == expected


@pytest.mark.parametrize("text, alone, cued", [
    # Between kanji names ・ separates a list; between katakana parts it joins one name.
    ("慶應同窓の高橋義雄・渡辺治が紙面を引き継いだ。", ["高橋義雄", "渡辺治"], []),
    ("サティア・ナデラ氏が登壇した。", ["サティア・ナデラ"], ["サティア・ナデラ"]),
    ("作曲は山田耕筰。", ["山田耕筰"], []),
    ("山田耕筰社長が語った。", ["山田耕筰"], ["山田耕筰"]),
    # A rare two-kanji given name Sudachi splits (穣 + 一) is one name, and its title
    # then stands right after it; a word of its own after a name is not in it.
    ("会長の石川正貫、副会長", ["石川正貫"], []),
    ("会長の石川正貫会長が語った。", ["石川正貫"], ["石川正貫"]),
    ("主演の飯塚伸役で知られる。", ["飯塚伸"], []),
    # The honorific glued to a name by Sudachi (岸氏, 一氏) is a cue outside the name.
    ("元首相の岸氏が語った。", ["岸"], ["岸"]),
    ("社長の佐藤一氏は語った。", ["佐藤一"], ["佐藤一"]),
])
def test_person_tag_runs(text, alone, cued):
    """With ``tags_alone`` off (after the statistical NER) only cued runs are people."""
    doc = shared_nlp("ja", ner=None).make_doc(text)
    for tags_alone, expected in ((True, alone), (False, cued)):
        found = japanese_person_candidates(doc, text, tags_alone)
        assert [text[c.start:c.end] for c in found] == expected


@pytest.mark.parametrize("text, known, model, expected", [
    ("シーメンスAGは発表した。", "シーメンス", "シーメンスAG", "シーメンスAG"),  # a capital: the name goes on
    ("東芝エレベータの工事", "東芝", "東芝エレベータ", "東芝エレベータ"),  # a common noun, as the model reads it
    ("AWSのインフラを使う。", "AWS", "AWSのインフラ", "AWS"),  # a particle is no part of a name
    ("東芝と日立が組む。", "東芝", "東芝と日立", "東芝"),  # a model span across two names
    ("パナソニック エナジーの社長", "パナソニック", "パナソニック エナジー", "パナソニック エナジー"),  # a space
    ("Microsoft Windowsを使う。", "Microsoft", "Microsoft Windows", "Microsoft"),  # not between Latin words
    ("楽天モバイルの契約", "楽天", "モバイル", "楽天モバイル"),  # the model's company right after
    ("Kawasemi Japanの社長", "Kawasemi", "Kawasemi", "Kawasemi Japan"),  # a country: a subsidiary
    ("Kawasemi Mapsを使う。", "Kawasemi", "Kawasemi", "Kawasemi"),
])
def test_the_model_extends_a_known_name_only_by_name_tokens(text, known, model, expected):
    doc = shared_nlp("ja", ner=None).make_doc(text)
    start = text.index(model)
    found = _extended(doc, text, Candidate(0, len(known), "ORG", 3), [Candidate(start, start + len(model), "ORG", 0)])
    assert text[found.start:found.end] == expected


def test_people_the_alias_table_knows_take_their_latin_name():
    assert ents("孫正義氏とジェンスン・フアンCEOが会談した。") == [
        ("PERSON", "孫正義", "Masayoshi Son"), ("PERSON", "ジェンスン・フアン", "Jensen Huang")]


def test_short_forms_link_to_the_full_name():
    found = ents("CEO Andy Jassy氏は語った。Jassy氏によれば、日産自動車と日産は同じだ。")
    assert ("PERSON", "Jassy", "Andy Jassy") in found
    assert ("ORG", "日産", "Nissan Motor") in found


def test_every_name_the_alias_table_gives_is_one_it_finds():
    """A canonical name is an alias of its row (Seven & i Holdings in English news),
    except descriptions and common English words, which the table's comment names."""
    from pipeline import lexicon

    surfaces = {a.surface for a in lexicon.aliases()}
    missing = {a.canonical for a in lexicon.aliases()} - surfaces
    assert missing == {"Sharp", "Kao", "artificial intelligence", "technology terms",
                       "business terms", "industry terms", "business structure terms", "groups of companies",
                       "funding rounds", "investor roles"}
    assert ents("Seven & i Holdings rejected the bid.", "en") == [
        ("ORG", "Seven & i Holdings", "Seven & i Holdings")]


def test_english_text():
    found = ents("Amazon invested $4 billion in Anthropic, CEO Dario Amodei said.", "en")
    assert ("ORG", "Amazon", "Amazon") in found
    assert ("PERSON", "Dario Amodei", "Dario Amodei") in found


def test_an_english_paragraph_in_a_japanese_article_is_read_as_english():
    text = ("# 河蝉の新工場\n\nカワセミ電機は米国に新工場を建てる。\n\n"
            "Kawasemi Electric Corp. said it would build a new plant in Ohio. "
            "Sakura Group shares rose.\n\n"
            "Taro Hale, the chief executive of Harukaze Holdings, resigned.\n")
    records = extract_article(article_from_text(text, doc_id="mixed")).entities
    found = [(r.label, r.text) for r in records]
    assert ("ORG", "Kawasemi Electric Corp.") in found
    assert ("ORG", "Harukaze Holdings") in found
    assert ("PERSON", "Taro Hale") in found
    assert all(text[r.start:r.end] == r.text for r in records)


@pytest.mark.parametrize("surface, canonical", [
    ("アマゾン・ドット・コム", "Amazon"),
    ("ＡＷＳ", "Amazon Web Services"),
    ("Amazon Web Services", "Amazon Web Services"),
    ("三菱ＵＦＪ銀行", "MUFG Bank"),
    ("未知の会社", "未知の会社"),
    # 社 ("the company") after a known name is no part of it.
    ("NVIDIA社", "NVIDIA"),
    ("新聞社", "新聞社"),
    # Nor is a legal form: SoftBank Group Corp. is the alias table's SoftBank Group ...
    ("SoftBank Group Corp.", "SoftBank Group"),
    ("Toyota Motor Corporation", "Toyota Motor"),
    ("株式会社メルカリ", "Mercari"),
    ("ソフトバンクグループ株式会社", "SoftBank Group"),
    # ... but an unknown name keeps its form, and a business word is part of the name.
    ("Kawasemi Labs Inc.", "Kawasemi Labs Inc."),
    ("ソニー銀行", "ソニー銀行"),
])
def test_canonical_name(surface, canonical):
    assert canonical_name(surface) == canonical


@pytest.mark.parametrize("text, expected", [
    # A company's acronym in brackets right after its name is the same company ...
    ("Kawasemi Superintelligence（KSI）が発表した。KSIは新興企業だ。",
     ["Kawasemi Superintelligence", "Kawasemi Superintelligence", "Kawasemi Superintelligence"]),
    ("カワセミホールディングス(KWH)の株価", ["カワセミホールディングス"] * 2),
    # ... but an acronym the alias table knows keeps its own name, and an unknown name
    # before it is that company.
    ("Amazon（AWS）の発表", ["Amazon", "Amazon Web Services"]),
    ("中国の河蝉汽車（BYD）と競う。河蝉汽車は値下げした。", ["BYD"] * 3),
])
def test_an_acronym_in_brackets_after_a_company_is_that_company(text, expected):
    assert [e[2] for e in ents(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # A name's reading in the other script, in brackets right after it, is the same
    # entity: its label and canonical name, at every mention (the model reads イライザ
    # as a person).
    ("KDDIは、ELYZA（イライザ）を子会社にした。イライザは",  # the model reads the last one as a person
     [("ORG", "KDDI", "KDDI"), ("ORG", "ELYZA", "ELYZA"), ("ORG", "イライザ", "ELYZA"),
      ("ORG", "イライザ", "ELYZA")]),
    ("Sakana AI（サカナAI）は", [("ORG", "Sakana AI", "Sakana AI"), ("ORG", "サカナAI", "Sakana AI")]),
    ("米OpenAIのサム・アルトマン（Sam Altman）CEOは",
     [("ORG", "OpenAI", "OpenAI"), ("PERSON", "サム・アルトマン", "Sam Altman"),
      ("PERSON", "Sam Altman", "Sam Altman")]),
    # A reading no model finds is a mention too; a number is none.
    ("カワセミ・ラボ（Kawasemi Lab）は", [("ORG", "カワセミ・ラボ", "Kawasemi Lab"),
                                       ("ORG", "Kawasemi Lab", "Kawasemi Lab")]),
    ("ソニー（6758）の株価", [("ORG", "ソニー", "Sony Group")]),
    # A kanji name's brackets hold something else: an affiliation stays a company.
    ("山田太郎（トヨタ自動車）が優勝した。",
     [("PERSON", "山田太郎", "山田太郎"), ("ORG", "トヨタ自動車", "Toyota Motor")]),
    # A person's kana reading in parts: hiragana for a Japanese name (replacing a piece of
    # it the model took), katakana for a Chinese or Korean one, also when only the reading
    # was found.
    ("社長　川添雅美（かわぞえ・まさみ）が就任した。",
     [("PERSON", "川添雅美", "川添雅美"), ("PERSON", "かわぞえ・まさみ", "川添雅美")]),
    ("同社の郭宏文（ケビン・クオ）会長は語った。",
     [("PERSON", "郭宏文", "郭宏文"), ("PERSON", "ケビン・クオ", "郭宏文")]),
    # A kanji company's name abroad in brackets is the same company.
    ("台湾の鴻海精密工業（フォックスコン）が出資した。",
     [("ORG", "鴻海精密工業", "Foxconn"), ("ORG", "フォックスコン", "Foxconn")]),
    # A Latin reading names an entity the alias table does not know (GUIDELINES.md: the
    # usual Latin form), at every mention.
    ("中国の京東集団（JD.com）が出資した。京東集団は",
     [("ORG", "京東集団", "JD.com"), ("ORG", "JD.com", "JD.com"), ("ORG", "京東集団", "JD.com")]),
    # A company's Japanese name before its name with a legal form in brackets is that
    # company, whatever the model made of it.
    ("決済SaaSを開発するハルカゼ（Harukaze Inc.）は18日",
     [("ORG", "ハルカゼ", "Harukaze Inc."), ("ORG", "Harukaze Inc.", "Harukaze Inc.")]),
    # A known company in brackets after common words says what they are about.
    ("今回の出資報道（OpenAI）は", [("ORG", "OpenAI", "OpenAI")]),
])
def test_a_reading_in_brackets_after_a_name_is_that_name(text, expected):
    assert ents(text) == expected


def after_model(text, *found):
    """The entity stage's spans when the statistical model finds ``found``: (surface,
    label) pairs, each at its first occurrence."""
    doc = shared_nlp("ja", ner=None).make_doc(text)
    doc.ents = [doc.char_span(text.index(s), text.index(s) + len(s), label=label) for s, label in found]
    return [(e.label_, e.text) for e in EntityRecognizer(person_tags_alone=False)(doc).ents]


@pytest.mark.parametrize("text, found, expected", [
    # A Latin acronym in brackets after a name is the company's: the name the model
    # read as a person is that company, at every mention ...
    ("中国の河蝉汽車（KWC）は新車を出した。河蝉汽車は",
     [("河蝉汽車", "PERSON"), ("KWC", "ORG")], [("ORG", "河蝉汽車"), ("ORG", "KWC"), ("ORG", "河蝉汽車")]),
    ("ハルカゼ・モータース（HZM）が", [("ハルカゼ・モータース", "ORG"), ("HZM", "PERSON")],
     [("ORG", "ハルカゼ・モータース"), ("ORG", "HZM")]),
    # ... but a person's age or an affiliation in brackets changes nothing.
    ("河蝉太郎（KWC）が語った。", [("河蝉太郎", "PERSON"), ("KWC", "PERSON")],
     [("PERSON", "河蝉太郎"), ("PERSON", "KWC")]),
    ("山田太郎（ハルカゼ工業）が語った。", [("山田太郎", "PERSON"), ("ハルカゼ工業", "ORG")],
     [("PERSON", "山田太郎"), ("ORG", "ハルカゼ工業")]),
    # A noun that says what the name after it is makes the model's span a company,
    # whatever its label: a subsidiary, a maker, a major, a startup ...
    ("米グーグルの親会社は、自動運転子会社カワセミへの出資を決めた。", [("カワセミ", "PERSON")],
     [("ORG", "グーグル"), ("ORG", "カワセミ")]),
    ("半導体大手ハルカゼ・テクノロジーは", [("ハルカゼ・テクノロジー", "PERSON")],
     [("ORG", "ハルカゼ・テクノロジー")]),
    ("親会社の河蝉電鉄が", [("河蝉電鉄", "PERSON")], [("ORG", "河蝉電鉄")]),
    ("AIスタートアップのカワセミと", [("カワセミ", "PERSON")], [("PERSON", "カワセミ")]),
    ("AIスタートアップカワセミと", [("カワセミ", "PERSON")], [("ORG", "カワセミ")]),
    # Not an affiliation with の (銀行の + a banker), nor a name a title follows.
    ("日本銀行の河蝉太郎総裁", [("河蝉太郎", "PERSON")], [("PERSON", "河蝉太郎")]),
    ("子会社のハルカゼ社長が語った。", [("ハルカゼ", "PERSON")], [("PERSON", "ハルカゼ")]),
    # A country's name before a company's stays outside its span, like 米 of 米Apple ...
    ("韓国ハルカゼとの提携", [("韓国ハルカゼ", "ORG")], [("ORG", "ハルカゼ")]),
    ("中国カワセミ・テクノロジーは", [("中国カワセミ・テクノロジー", "ORG")], [("ORG", "カワセミ・テクノロジー")]),
    # ... a kanji name is all one name.
    ("韓国河蝉電力が", [("韓国河蝉電力", "ORG")], [("ORG", "韓国河蝉電力")]),
    # An address in brackets (the press's head office) is no company.
    ("同社（東京・港）は", [("東京・港", "ORG")], []),
    ("ハルカゼ（本社：大阪市）が", [("ハルカゼ", "ORG"), ("大阪市", "ORG")], [("ORG", "ハルカゼ")]),
    ("投資家（ハルカゼ電力）が", [("ハルカゼ電力", "ORG")], [("ORG", "ハルカゼ電力")]),
    # A plant, a division, a branch is a part of a company, no company; nor is an exchange;
    # the company before a place and a unit word is (日産九州工場: GUIDELINES.md).
    ("ハルカゼ広島工場で生産する。", [("ハルカゼ広島工場", "ORG")], [("ORG", "ハルカゼ")]),
    ("ウェルスマネジメント部門が伸びた。", [("ウェルスマネジメント部門", "ORG")], []),
    ("カワセミ証券取引所に上場した。", [], []),
    # Where the model saw nothing, a company a rule finds glued to a common noun is a
    # modifier in a longer word (an estate, a service); before a particle it stays ...
    ("ハルカゼ工業団地に工場を建てた。", [], []),
    ("楽天市場に出店した。", [], []),
    ("Netflix配信のドラマ", [], []),
    ("ハルカゼ工業に出資した。", [], [("ORG", "ハルカゼ工業")]),
    # ... and so it does before a noun that relates something to the company.
    ("トヨタ出身の山田太郎氏が", [("山田太郎", "PERSON")], [("ORG", "トヨタ"), ("PERSON", "山田太郎")]),
    ("ソニー傘下の映画会社", [], [("ORG", "ソニー")]),
    # ... and before an officer's title or a unit of the company.
    ("トヨタ社長が語った。", [], [("ORG", "トヨタ")]),
    ("トヨタ工場で働く。", [], [("ORG", "トヨタ")]),
    # A Latin name after a noun that says it is a company (with の or not) is one where
    # the model saw nothing; not a common word (EV, LLM) nor a term (M&A), nor a name
    # Japanese script goes on from, nor one a person's honorific follows.
    ("生成AIスタートアップのELYZAは新モデルを公開した。", [], [("ORG", "ELYZA")]),
    ("国内SaaS企業のHENNGEは上場した。", [], [("ORG", "HENNGE")]),
    ("米新興企業Zorblax Roboticsが", [], [("ORG", "Zorblax Robotics")]),
    ("自動車メーカーのEVが売れた。", [], []),
    ("AI企業のLLMは", [], []),
    ("企業のM&Aが増えた。", [], []),
    ("大手のNTTデータは", [], [("ORG", "NTTデータ")]),
    ("スタートアップのJohn Smith氏は", [], [("PERSON", "John Smith")]),
    # Known companies joined by ・ are a list, whether a rule or the model joins them.
    ("米アップル・グーグル・アマゾンの3社は", [], [("ORG", "アップル"), ("ORG", "グーグル"), ("ORG", "アマゾン")]),
    ("アップル・グーグルが反対した。", [("アップル・グーグル", "ORG")], [("ORG", "アップル"), ("ORG", "グーグル")]),
    # A group of companies is no company (GAFA, like ビッグテック).
    ("GAFAと呼ばれる4社", [("GAFA", "ORG")], []),
    # A form fixes one edge, the model the other, except where it stops at a ・ that
    # joins the name's katakana parts ...
    ("株式会社ハルカゼ・カワセミを設立した。", [("株式会社ハルカゼ", "ORG")], [("ORG", "株式会社ハルカゼ・カワセミ")]),
    ("カワセミ・ハルカゼ株式会社が", [("ハルカゼ株式会社", "ORG")], [("ORG", "カワセミ・ハルカゼ株式会社")]),
    # ... elsewhere the model's edge stands (企業 is no word of the name).
    ("企業カワセミ株式会社が", [("カワセミ株式会社", "ORG")], [("ORG", "カワセミ株式会社")]),
    # A company name may begin with Latin letters the model leaves out ...
    ("フランスのKWHハルカゼ・カワセミが", [("ハルカゼ・カワセミ", "ORG")], [("ORG", "KWHハルカゼ・カワセミ")]),
    ("提携先のB.A.Rカワセミと", [("カワセミ", "ORG")], [("ORG", "B.A.Rカワセミ")]),
    ("イスラエルの3Kw社を買収した。", [("Kw社", "ORG")], [("ORG", "3Kw社")]),
    # ... not a person's (a player's position), nor a word that begins in lower case.
    ("FWカワセミが得点した。", [("カワセミ", "PERSON")], [("PERSON", "カワセミ")]),
    ("iPhoneカワセミ", [("カワセミ", "ORG")], [("ORG", "カワセミ")]),
    ("ハルカゼ（Harukaze）は", [("ハルカゼ", "ORG")], [("ORG", "ハルカゼ"), ("ORG", "Harukaze")]),
    # A lower-case gloss, a ticker or a number in the brackets is no reading.
    ("ハルカゼクレジット（harukaze credits）は", [("ハルカゼクレジット", "ORG")], [("ORG", "ハルカゼクレジット")]),
    ("ハルカゼ（HRKZ）と河蝉（7203）", [("ハルカゼ", "ORG")], [("ORG", "ハルカゼ")]),
    # A prefix form right before the model's name is its first word (the walk stops at
    # hiragana).
    ("有限会社スタジオはるかぜは", [("スタジオはるかぜ", "ORG")], [("ORG", "有限会社スタジオはるかぜ")]),
    # The counter 社 after a company belongs to it; 社長 does not.
    ("カワセミ社が参入した。", [("カワセミ", "ORG")], [("ORG", "カワセミ社")]),
    ("スペースX社によって", [("スペースX", "ORG")], [("ORG", "スペースX社")]),
    ("カワセミ社長が語った。", [("カワセミ", "ORG")], [("ORG", "カワセミ")]),
    # A credit or the company's own head office the model ran into is no part of the
    # name; nor is the place of a branch.
    ("ハルカゼ映画撮影所製作、", [("ハルカゼ映画撮影所製作", "ORG")], [("ORG", "ハルカゼ映画撮影所")]),
    ("ハルカゼ本社の意向により", [("ハルカゼ本社", "ORG")], [("ORG", "ハルカゼ")]),
    ("カワセミテレビ札幌支局が", [("カワセミテレビ札幌", "ORG")], [("ORG", "カワセミテレビ")]),
    # Companies in a list: a ・ after a kanji word separates them, in katakana it joins.
    ("河蝉鉄道・春風鉄道と契約した。", [("河蝉鉄道・春風鉄道", "ORG")], [("ORG", "河蝉鉄道"), ("ORG", "春風鉄道")]),
    ("河蝉・あさひ銀行などが", [("河蝉・あさひ銀行", "ORG")], [("ORG", "河蝉"), ("ORG", "あさひ銀行")]),
    ("カワセミ・ハルカゼ・アンド・カンパニーに勤務", [("カワセミ・ハルカゼ・アンド・カンパニー", "ORG")],
     [("ORG", "カワセミ・ハルカゼ・アンド・カンパニー")]),
    # A word the model tags at fewer than a third of its free mentions is a word at all
    # of them; a name it tags at one in three is a name at all of them.
    ("森林の調査。森林を守る。森林組合と森林管理。", [("森林", "ORG")], []),
    ("河蝉電鉄は伸びた。河蝉電鉄の株。河蝉電鉄が買う。", [("河蝉電鉄", "ORG")],
     [("ORG", "河蝉電鉄")] * 3),
    # A country alone is no company nor person.
    ("日本の山中湖畔で", [("日本", "ORG")], []),
    ("ラオスとヴェトナムで", [("ラオス", "PERSON")], []),
    # A funding round or an investor's role is no company, nor a reading in brackets.
    ("シリーズBで15億円を調達", [("シリーズB", "ORG")], []),
    ("ベンチャーキャピタルのハルカゼ・キャピタル", [("ベンチャーキャピタル", "ORG"), ("ハルカゼ・キャピタル", "ORG")],
     [("ORG", "ハルカゼ・キャピタル")]),
    ("Kawasemi Ventures（リード）が", [("Kawasemi Ventures", "ORG")], [("ORG", "Kawasemi Ventures")]),
    # A company at the start of a longer name in 「」 (a service, a project) is no mention;
    # in a quoted sentence, or alone in the bracket, it is.
    ("「カワセミ配車」を導入した。", [("カワセミ", "ORG")], []),
    ("「河蝉電鉄プロジェクト」が始まった。", [("河蝉電鉄", "ORG")], []),
    ("「河蝉電鉄に撤退の形跡なし」と報じた。", [("河蝉電鉄", "ORG")], [("ORG", "河蝉電鉄")]),
    ("「河蝉電鉄」の株価", [("河蝉電鉄", "ORG")], [("ORG", "河蝉電鉄")]),
    # A company officer's title is no part of the company's name (titles stay outside) ...
    ("デュラントはGMバイスプレジデントの立場を保った。", [("GMバイスプレジデント", "ORG")], [("ORG", "GM")]),
    ("河蝉電鉄取締役の山田太郎は", [("河蝉電鉄取締役", "ORG"), ("山田太郎", "PERSON")],
     [("ORG", "河蝉電鉄"), ("PERSON", "山田太郎")]),
    # ... nor are the nouns before it that say what it names ...
    ("スウェーデン企業シンボックスが開発した。", [("スウェーデン企業シンボックス", "ORG")], [("ORG", "シンボックス")]),
    ("物流機器メーカKawasemi社を買収した。", [("物流機器メーカKawasemi社", "ORG")], [("ORG", "Kawasemi社")]),
    ("株式会社ハルカゼが", [("株式会社ハルカゼ", "ORG")], [("ORG", "株式会社ハルカゼ")]),
    # ... nor the branch it ends in (a place and 店, a place and a unit word) ...
    ("1984年にはカワセミ商会恒富店に出店した。", [("カワセミ商会恒富店", "ORG")], [("ORG", "カワセミ商会")]),
    ("河蝉バス東北青森支店より", [("河蝉バス東北青森支店", "ORG")], [("ORG", "河蝉バス東北")]),
    # ... and a count of companies after names joined by ・ makes them a list.
    ("カワセミレコード・ハルカゼ・河蝉堂の3社による企画", [("カワセミレコード・ハルカゼ・河蝉堂", "ORG")],
     [("ORG", "カワセミレコード"), ("ORG", "ハルカゼ"), ("ORG", "河蝉堂")]),
    ("ハルカゼ・テクノロジーの2社目の工場", [("ハルカゼ・テクノロジー", "ORG")], [("ORG", "ハルカゼ・テクノロジー")]),
    # A name in 「」 that someone founds is a company's; one a project or shop opens is not.
    ("撮影スタジオ「カワセミぎゃろっぷ」を設立し、代表に就任。", [], [("ORG", "カワセミぎゃろっぷ")]),
    ("演劇ユニット「劇団ハルカゼ」を立ち上げた。", [], []),
    ("「ハルカゼ財団」を設立した。", [], []),
    # A name its bracket pairs with another form is a name at its other mentions too.
    ("SaaSのハナミズキ、調達へ。ハナミズキ（Hanamizuki Inc.）は18日", [],
     [("ORG", "ハナミズキ"), ("ORG", "ハナミズキ"), ("ORG", "Hanamizuki Inc.")]),
])
def test_what_the_entity_stage_makes_of_the_models_spans(text, found, expected):
    assert after_model(text, *found) == expected


def test_a_latin_company_name_written_on_in_japanese_has_its_short_form():
    mentions = [("Nexaflow社", "ORG", ""), ("Nexaflow", "ORG", ""), ("Nexa", "ORG", "")]
    assert link_mentions(mentions) == ["Nexaflow社", "Nexaflow社", "Nexa"]


def test_sudachi_norm_links_katakana_to_latin():
    # Two unknown names with the same Sudachi normalized form are one entity.
    assert link_mentions([("Zeta", "ORG", "ゼータ"), ("ゼータ", "ORG", "ゼータ")]) == ["Zeta", "Zeta"]


def test_components_load_through_entry_points_alone():
    """After install, spacy.blank + add_pipe finds our factories without importing pipeline."""
    import subprocess
    import sys
    code = ("import spacy\n"
            "nlp = spacy.blank('ja')\n"
            "for n in ('jnews_sentences', 'jnews_money', 'jnews_entities', 'jnews_canonical'):\n"
            "    nlp.add_pipe(n)\n"
            "d = nlp('アマゾンは約30億円を出資した。')\n"
            "print([(e.text, e.label_, e._.jnews_canonical) for e in d.ents])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[('アマゾン', 'ORG', 'Amazon'), ('30億円', 'MONEY', None)]"


def test_pipeline_round_trips_through_disk(tmp_path):
    """nlp.to_disk, then spacy.load in a fresh process (entry points only) gives the same."""
    import subprocess
    import sys

    from pipeline.nlp import build_nlp
    text = "アマゾンのCEO Andy Jassy氏は約30億円を出資した。"
    nlp = build_nlp("ja")
    nlp.to_disk(tmp_path / "p")
    expected = str([(e.text, e.label_, e._.jnews_canonical) for e in nlp(text).ents])
    code = (f"import spacy\nnlp = spacy.load({str(tmp_path / 'p')!r})\n"
            f"print([(e.text, e.label_, e._.jnews_canonical) for e in nlp({text!r}).ents])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    assert out.stdout.strip() == expected
    assert "Andy Jassy" in expected and "30億円" in expected


@pytest.mark.parametrize("text, model, walk, expected", [
    # The walk across name tokens stops at hiragana; the model's span goes on.
    ("有限会社スタジオぎゃろっぷは設立された。", "有限会社スタジオぎゃろっぷ", "有限会社スタジオ",
     "有限会社スタジオぎゃろっぷ"),
    # A generic noun before the name: the walk takes it, the model does not.
    ("映像制作企業フューチャー・プラネット株式会社の作品。", "フューチャー・プラネット株式会社",
     "企業フューチャー・プラネット株式会社", "フューチャー・プラネット株式会社"),
    # The model's span must share the form's edge: elsewhere the walk stands.
    ("新生ソニーグループが発足した。", "新生ソニー", "ソニーグループ", "ソニーグループ"),
])
def test_a_corporate_form_takes_the_models_other_edge(text, model, walk, expected):
    doc = shared_nlp("ja", ner=None).make_doc(text)
    start = text.index(model)
    spans = [[text[c.start:c.end] for c in corporate_candidates(doc, text, m)]
             for m in ([], [Candidate(start, start + len(model), "ORG", 0)])]
    assert spans == [[walk], [expected]]


@pytest.mark.parametrize("text, other, expected", [
    # A name the model's ORG_OTHER span goes on after is a modifier of another name.
    ("ヤマハ音楽振興会が主催する。", "ヤマハ音楽振興会", []),
    ("オリックス・ブルーウェーブの選手。", "オリックス・ブルーウェーブ", []),
    # A span that only starts before the name is the model's slip: the name stays.
    ("もしOpenAIがAWSを使えば", "もしOpenAI", ["OpenAI", "AWS"]),
    ("ヤマハが発表した。", None, ["ヤマハ"]),
])
def test_a_name_inside_the_models_org_other_span_is_a_modifier(text, other, expected):
    doc = shared_nlp("ja", ner=None).make_doc(text)
    model_other = [Candidate(text.index(other), text.index(other) + len(other), "ORG_OTHER", 0)
                   ] if other else []
    strong, _ = find_candidates(doc, model_other=model_other)
    assert [text[c.start:c.end] for c in strong if c.label == "ORG"] == expected


@pytest.mark.parametrize("text, model, kept", [
    # An English function word is never a name, wherever the model puts one.
    ("| Up to $50 Billion |", "Up", False),
    # A corporate form alone is no name.
    ("博友社として再統合され、株式会社となる。", "株式会社", False),
    # A generic term of the alias table with common nouns beside it (GUIDELINES.md:
    # AIスタートアップ is a generic word) ...
    ("これはAIラボへの大型投資だ。", "AIラボ", False),
    ("世界有数のAI研究ラボにとって", "AI研究ラボ", False),
    ("両社はEV電池の共同開発で提携した。", "EV電池", False),
    # ... but a capital or a name beside the term makes a name.
    ("Sakana AIが資金を調達した。", "Sakana AI", True),
    ("カワセミラボが発表した。", "カワセミラボ", True),
    # A term that is only part of a word is not in the span (アレクサ, a product).
    ("アレクサンドロとのトレードで", "アレクサンドロ", True),
    # Common words only, in Japanese script, are no name: the model's slips in news ...
    ("払込期日は7月31日の予定だ。", "払込期日", False),
    ("ハイブリッド車向けの好調が続く", "ハイブリッド車", False),
    ("業界初の試みとなる。", "業界初", False),
    # ... but a company word, another body's head, a proper noun, an unknown word, a
    # capital, or one katakana word (companies take loanwords for names) make one.
    ("カワセミ電機が発表した。", "カワセミ電機", True),
    ("公認会計士協会が発表した。", "公認会計士協会", True),
    ("松竹映画が配給した。", "松竹映画", True),
    ("ハルカゼスタジオが発表した。", "ハルカゼスタジオ", True),
    ("カワセミが発表した。", "カワセミ", True),
    ("DECが発表した。", "DEC", True),
])
def test_model_spans_that_cannot_be_names_are_dropped(text, model, kept):
    doc = shared_nlp("ja", ner=None).make_doc(text)
    start = text.index(model)
    found = Candidate(start, start + len(model), "ORG", 0)
    _, weak = find_candidates(doc, model=[found], model_names=[found])
    assert (found in weak) is kept


@pytest.mark.parametrize("text, expected", [
    # A known company right before another proper noun is part of a product's name ...
    ("Microsoft Windowsの販売を始めた。", []),
    ("ドコモWi-Fiのエリアで使える。", []),
    # ... or inside the name of a foundation, an association, a venue or an event ...
    ("トヨタ財団が助成する。", []),
    ("日本電気協会と提携した。", []),
    ("ソニー杯の決勝", []),
    # ... also where a few nouns stand between it and the head (an event's name) ...
    ("東京電力福島第一原発事故では", []),
    ("ソニー本社爆破事件の現場", []),
    # ... and so is a company found by its corporate form.
    ("カワセミ建設爆破事件の犯人", []),
    # ... which needs the whole head word (賞与 is no 賞).
    ("ソニー賞与の支給", ["ソニー"]),
    # ... but not before a place, a person, a title or another company.
    ("トヨタ東京本社で会見した。", ["トヨタ"]),
    ("日本製紙釧路工場が稼働した。", ["日本製紙"]),
    ("ソフトバンク孫正義社長が語った。", ["ソフトバンク"]),
    ("Amazon CEOのAndy Jassy氏が語った。", ["Amazon"]),
    ("ソニーパナソニック両社の協業", ["ソニー", "パナソニック"]),
])
def test_a_known_company_before_another_proper_noun_is_inside_a_longer_name(text, expected):
    doc = shared_nlp("ja", ner=None).make_doc(text)
    strong, _ = find_candidates(doc)
    assert [text[c.start:c.end] for c in strong if c.label == "ORG"] == expected


@pytest.mark.parametrize("text, expected", [
    # After a prefix form the name runs over nouns Sudachi reads as suffixes or
    # adverbial nouns, up to the particle.
    ("株式会社松風堂は老舗だ。", ["株式会社松風堂"]),
    ("株式会社鈴乃屋萬とは無関係である。", ["株式会社鈴乃屋萬"]),
    ("株式会社カワセミの新工場", ["株式会社カワセミ"]),
    # Audit firms: the form before or after the name.
    ("有限責任監査法人カワセミは", ["有限責任監査法人カワセミ"]),
    ("ハルカゼ監査法人が調査した", ["ハルカゼ監査法人"]),
    # Industry words end a name after a proper noun (印刷, 製紙, 電鉄, プロダクション ...) ...
    ("カワセミ印刷が受注した。", ["カワセミ印刷"]),
    ("富士見製紙の工場", ["富士見製紙"]),
    ("ハルカゼ・プロダクションが制作した。", ["ハルカゼ・プロダクション"]),
    ("大谷印刷所は操業を続けた。", ["大谷印刷所"]),
    ("田中工房の職人", ["田中工房"]),
    # ... but not after common nouns alone, ...
    ("同社は印刷と製紙を手がける。", []),
    ("同社は印刷所と事務所を構える。", []),
    # ... nor across the ・ that separates a list between kanji, nor from the ・ itself.
    ("酒造会社・カワセミ酒造が登録した。", ["カワセミ酒造"]),
    ("ゲームの制作・出版を自ら行う。", []),
    ("固定電話・携帯電話・通信事業", []),
    # A form after a person's full name is part of a title: companies take a surname.
    ("カワセミの山田太郎グローバルグループ代表は", []),
    ("山田製薬が発売した。", ["山田製薬"]),
    # A form inside a common word is no form (電機 in 発電機, 航空 in 航空機).
    ("新型のディーゼル発電機を追加した。", []),
    ("カワセミ航空機の開発", []),
    # Plural business words in katakana end company names ...
    ("サクラ・ベンチャーズが出資した。", ["サクラ・ベンチャーズ"]),
    ("ハルカゼ・テクノロジーズは発表した。", ["ハルカゼ・テクノロジーズ"]),
    ("カワセミ・ブラザーズの破綻", ["カワセミ・ブラザーズ"]),
    ("ハルカゼ・モーターズが発表した。", ["ハルカゼ・モーターズ"]),
    # ... and so do the -ics fields, which alone are common nouns.
    ("韓国のLGエレクトロニクスが", ["LGエレクトロニクス"]),
    ("米ボストン・ダイナミクスは", ["ボストン・ダイナミクス"]),
    ("ロボティクス事業を拡大する。", []),
    # ... the singular is the generic word ...
    ("同社はクラウドソリューションを提供する。", []),
    ("ベンチャーキャピタルから資金を得た。", []),
    # ... except a few after the ・ of a katakana name.
    ("ハルカゼ・ヘリコプターが受注した。", ["ハルカゼ・ヘリコプター"]),
    ("カワセミ・エアクラフトの機体", ["カワセミ・エアクラフト"]),
    ("サクラ・ニュークリア・エナジーは", ["サクラ・ニュークリア・エナジー"]),
    ("ドクターヘリコプターが出動した。", []),
    ("クリーンエナジーの普及を目指す。", []),
    # Chinese company names keep their Chinese forms (group, holdings, technology).
    ("中国の海爾集団が", ["海爾集団"]),
    ("騰訊控股は", ["騰訊控股"]),
    ("中国の武装集団が", []),
    ("イスラム集団のメンバー", []),
    ("国内の企業集団", []),
])
def test_corporate_form_names(text, expected):
    doc = shared_nlp("ja", ner=None).make_doc(text)
    assert [text[c.start:c.end] for c in corporate_candidates(doc, text)] == expected


def test_a_known_company_read_as_a_common_word_takes_a_form_after_it():
    # Sudachi reads 楽天 as a common word; the alias table knows the company.
    assert [e[1] for e in ents("楽天証券とSBI証券の口座数")] == ["楽天証券", "SBI証券"]


@pytest.mark.parametrize("text, expected", [
    # A one-kanji country prefix standing alone marks a company (GUIDELINES.md keeps it
    # outside: 米Apple gives Apple) ...
    ("仏カワセミエレクトリックと提携した。", ["カワセミエレクトリック"]),
    ("同社は米ハルカゼ・ロボティクスの株を持つ。", ["ハルカゼ・ロボティクス"]),
    ("独Sakura Labsが発表した。", ["Sakura Labs"]),
    # ... not where a title makes the name a person, nor after kanji (日米, 欧米).
    ("英ジョンソン首相が語った。", []),
    ("米カワセミ本社で会見した。", ["カワセミ"]),
    ("米カリフォルニア州に本社を置く。", []),
    ("米アマゾンが発表した。", ["アマゾン"]),
    # ... nor a sector, which a noun that says what the next name is follows.
    ("米テック大手が相次ぎ出資した。", []),
    ("米EVメーカーのカワセミが", []),
    ("米ハルカゼ子会社のカワセミが", ["ハルカゼ"]),
    ("日米カワセミ協議", []),
    ("欧米企業のカワセミが", []),
    ("米ベンチャーキャピタルのハルカゼが出資", []),
    # A city after the prefix is where a company is, no company.
    ("米サンフランシスコを拠点とするハルカゼが", []),
    # A country's name marks no company by itself (中国メーカー: a maker from China).
    ("中国メーカーが増えた。", []),
    ("台湾プロ野球のハルカゼと契約。", []),
    # A head-office parenthesis after a name marks a company: a place name or 本社 first.
    ("国内AIベンチャーのカケハシ（東京都中央区）は", ["カケハシ"]),
    ("ハルカゼ（本社：大阪市）が発表した。", ["ハルカゼ"]),
    ("カワセミ・ジャパン（東京・港）が", ["カワセミ・ジャパン"]),
    ("ハルカゼ（米カリフォルニア州）が", ["ハルカゼ"]),
    # A person's age, or a person's name alone before a place, is no company.
    ("中尾豊氏（45）は語った。", []),
    ("当選は山田太郎（東京都）だった。", []),
])
def test_company_cues_of_news(text, expected):
    doc = shared_nlp("ja", ner=None).make_doc(text)
    assert [text[c.start:c.end] for c in company_cue_candidates(doc, text) if c.label == "ORG"] == expected


@pytest.mark.parametrize("text, expected", [
    # A Japanese subsidiary of a foreign company the alias table knows: 日本 before it, or
    # a country after ・; not 日本 inside a longer kanji word.
    ("日本マイクロソフトが発表した。", ["日本マイクロソフト"]),
    ("東日本マイクロソフト", ["マイクロソフト"]),
    ("日本法人のセールスフォース・ジャパンが販売する。", ["セールスフォース・ジャパン"]),
    # 株 after a company is its shares; a number of companies is a count.
    ("カワセミ銀行株は前日比4%高の1,050円", ["カワセミ銀行"]),
    ("3社の出資総額は約300億円", []),
])
def test_subsidiaries_shares_and_counts(text, expected):
    assert [e[1] for e in ents(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # A name whose officer follows with の is a company: the title alone, or the
    # officer's name and title.
    ("KawasemiのCEOが語った。", ["Kawasemi"]),
    ("LayerXの福島良典CEOは語った。", ["LayerX"]),
    ("Sakura Labsのジョン・スミス社長が", ["Sakura Labs"]),
    ("Kawasemi Holdingsの山田太郎会長兼社長", ["Kawasemi Holdings"]),
    # Not a person or a place (日本の社長), a generic acronym (AIの代表的な企業, EVの社長),
    # a number, nor a title that is part of a longer word or a national team (代表).
    ("ジョン・スミスのCEO就任", []),
    ("日本の社長の多くは", []),
    ("EVの社長", []),
    ("AIの代表的な企業", []),
    ("プレミア12のキューバ代表に選ばれた。", []),
    ("同社の取材に対しCEOは", []),
])
def test_a_company_before_its_officer(text, expected):
    doc = shared_nlp("ja", ner=None).make_doc(text)
    assert [text[c.start:c.end] for c in officer_candidates(doc, text)] == expected


def test_a_person_span_beginning_a_found_company_is_its_short_form():
    text = "仏カワセミエレクトリックが発表した。カワセミの社長は語った。"
    doc = shared_nlp("ja", ner=None).make_doc(text)
    short = text.rindex("カワセミ")
    model = [Candidate(short, short + 4, "PERSON", 0)]
    _, weak = find_candidates(doc, model=model, person_tags_alone=False)
    assert Candidate(short, short + 4, "ORG", 0) in weak
    # ... unless a person's longer name holds it (本田 of 本田宗一郎 beside 本田技研工業).
    text = "カワセミ太郎が創業した仏カワセミエレクトリックは、カワセミの死後も続いた。"
    doc = shared_nlp("ja", ner=None).make_doc(text)
    short = text.rindex("カワセミ")
    model = [Candidate(0, 6, "PERSON", 0), Candidate(short, short + 4, "PERSON", 0)]
    _, weak = find_candidates(doc, model=model, person_tags_alone=False)
    assert Candidate(short, short + 4, "PERSON", 0) in weak


@pytest.mark.parametrize("text, model, expected", [
    # Between kanji the ・ or & of a model's person span separates a list ...
    ("明治政府は板垣・後藤への責任追及を避けた。", "板垣・後藤", ["PERSON 板垣", "PERSON 後藤"]),
    ("高橋義雄・渡辺治・石河幹明が継いだ。", "高橋義雄・渡辺治・石河幹明",
     ["PERSON 高橋義雄", "PERSON 渡辺治", "PERSON 石河幹明"]),
    ("坂口&小林の北米タッグ王座", "坂口&小林", ["PERSON 坂口", "PERSON 小林"]),
    # ... between katakana parts it joins one name.
    ("サティア・ナデラが語った。", "サティア・ナデラ", ["PERSON サティア・ナデラ"]),
    # A person span with & (or アンド, エンド) between katakana parts is a firm named
    # after its founders.
    ("ハルカゼ&カワセミの新製品", "ハルカゼ&カワセミ", ["ORG ハルカゼ&カワセミ"]),
    ("ハルカゼ・エンド・カワセミが発表した。", "ハルカゼ・エンド・カワセミ", ["ORG ハルカゼ・エンド・カワセミ"]),
    # Sudachi splits a rare two-kanji given name into a one-kanji name and a noun, and
    # the model stops there: the lone kanji after it is the rest of the name ...
    ("理事の山田穣一が語った。", "山田穣", ["PERSON 山田穣一"]),
    ("会長の石川正貫、副会長", "石川正", ["PERSON 石川正貫"]),
    ("原田徳順は作家である。", "原田徳", ["PERSON 原田徳順"]),
    # ... but not a word that follows names as a word of its own, nor a title, nor more
    # than one kanji.
    ("主演の飯塚伸役で知られる。", "飯塚伸", ["PERSON 飯塚伸"]),
    ("社長の田中実氏が語った。", "田中実", ["PERSON 田中実"]),
    ("社長の田中実会長が語った。", "田中実", ["PERSON 田中実"]),
    # A name does not end in the ・ joining its parts: the part after it is in the name.
    ("台本はデビッド・ハルカゼ・ファン、作曲は", "デビッド・ハルカゼ・", ["PERSON デビッド・ハルカゼ・ファン"]),
    ("ジョン・カワセミ・12の", "ジョン・カワセミ・", ["PERSON ジョン・カワセミ"]),
    # A title at the end of a model's person span stays outside the name.
    ("祝辞は山村総理大臣代理が述べた。", "山村総理大臣", ["PERSON 山村"]),
    ("同年秋に美和夫人と結婚した。", "美和夫人", ["PERSON 美和"]),
    ("ジョン・カワセミ知事が語った。", "ジョン・カワセミ知事", ["PERSON ジョン・カワセミ"]),
])
def test_a_model_person_span_that_is_no_one_person(text, model, expected):
    assert weak_finds(text, "PERSON", model) == expected


@pytest.mark.parametrize("text, model, expected", [
    # A model's company before an honorific or an office only people hold is a person ...
    ("ウィン・ハルカゼ大統領が任命した。", "ORG ウィン・ハルカゼ", ["PERSON ウィン・ハルカゼ"]),
    ("ジョン・カワセミ氏が語った。", "ORG ジョン・カワセミ", ["PERSON ジョン・カワセミ"]),
    # ... not before a title companies have too, nor さん (news quotes say カワセミさん).
    ("カワセミ社長が語った。", "ORG カワセミ", ["ORG カワセミ"]),
    ("カワセミさんとは協力している。", "ORG カワセミ", ["ORG カワセミ"]),
])
def test_a_model_company_before_an_honorific_is_a_person(text, model, expected):
    assert weak_finds(text, *model.split()) == expected


@pytest.mark.parametrize("text, model, expected", [
    # A model span followed by the head noun of a place, venue, event or foundation is
    # inside that name ...
    ("ハルカゼ空港に着陸した。", "PERSON ハルカゼ", []),
    ("モーリッツ・カワセミ宣言が出された。", "PERSON モーリッツ・カワセミ", []),
    ("カワセミ杯で優勝した。", "ORG カワセミ", []),
    ("カワセミ新聞阪神支局襲撃事件を", "ORG カワセミ新聞", []),
    # ... and so of a government, cabinet or armed force (Stockmark: 政治的組織名).
    ("山村政権の発足", "PERSON 山村", []),
    ("川添内閣が成立した。", "PERSON 川添", []),
    # A company span that ends in a government's head, or goes on into one, is none; a
    # person's name before one stays (李万建党中央委員会副委員長).
    ("ハルカゼ国農林水産省によると", "ORG ハルカゼ国農林水産省", []),
    ("ハルカゼ国工業情報化省は", "ORG ハルカゼ国工業", []),
    ("郭宏文党中央委員会副委員長が", "PERSON 郭宏文", ["PERSON 郭宏文"]),
    # ... and a person's name never ends in one; a company's may.
    ("ノヴィ・ハルカゼ市の人口", "PERSON ノヴィ・ハルカゼ市", []),
    ("川添艦隊は囮であった。", "PERSON 川添艦隊", []),
    ("カワセミ協会が発表した。", "ORG カワセミ協会", ["ORG カワセミ協会"]),
    # A head only on token edges: 市 in 市長 is none.
    ("ジョン・カワセミが市長に就いた。", "PERSON ジョン・カワセミ", ["PERSON ジョン・カワセミ"]),
    ("ジョン・カワセミ市長が語った。", "PERSON ジョン・カワセミ", ["PERSON ジョン・カワセミ"]),
])
def test_a_model_span_in_the_name_of_a_place_or_event_is_no_mention(text, model, expected):
    assert weak_finds(text, *model.split()) == expected


@pytest.mark.parametrize("text, expected", [
    # An acronym in brackets after common nouns abbreviates a term: no company, there or
    # anywhere in the article.
    ("後払い決済（BNPL）を提供する。BNPL市場は拡大している。", []),
    ("企業間（BtoB）取引の決済", []),
    # After a proper noun, or a company word, it is a company's.
    ("日本電信電話（NTT）は", [("ORG", "日本電信電話", "NTT"), ("ORG", "NTT", "NTT")]),
])
def test_an_acronym_after_common_words_is_a_term(text, expected):
    assert ents(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A company's later mentions go by its name without the legal form ...
    ("京都の（株）ハルカゼスタジオの全株式を取得した。ハルカゼスタジオ代表の川添氏は",
     [("ORG", "（株）ハルカゼスタジオ", "(株)ハルカゼスタジオ"),
      ("ORG", "ハルカゼスタジオ", "(株)ハルカゼスタジオ"), ("PERSON", "川添", "川添")]),
    # ... and an English one by the first word of its name, if no dictionary has it;
    ("Kawasemi Robotics Inc. said on Tuesday. Kawasemi's robots sort parcels.",
     [("ORG", "Kawasemi Robotics Inc.", "Kawasemi Robotics Inc."),
      ("ORG", "Kawasemi", "Kawasemi Robotics Inc.")]),
    # but a short form that goes on into a longer name is none of it.
    ("ハルカゼ社は「ハルカゼ・ビルディング」に移った。", [("ORG", "ハルカゼ社", "ハルカゼ社")]),
    ("川添情報開発株式会社と合併し、現川添情報株式会社となった。",
     [("ORG", "川添情報開発株式会社", "川添情報開発株式会社"), ("ORG", "川添情報株式会社", "川添情報株式会社")]),
])
def test_short_forms_of_a_company_found_with_its_legal_form(text, expected):
    assert ents(text) == expected


def test_a_repeat_before_the_head_of_a_place_is_inside_its_name():
    text = "スミスが着いた。スミス空港は遠い。スミスは笑った。"
    doc = shared_nlp("ja", ner=None).make_doc(text)
    found = Candidate(0, 3, "PERSON", 0)
    _, weak = find_candidates(doc, model=[found], model_names=[found], person_tags_alone=False)
    assert sorted({c.start for c in weak}) == [0, 17]


def test_a_model_asked_for_by_path_must_exist(tmp_path):
    from pipeline.nlp import build_nlp

    with pytest.raises(FileNotFoundError, match="no NER model"):
        build_nlp("ja", ner_model=tmp_path / "missing")


@pytest.mark.parametrize("text, expected", [
    ("AmazonとAzureの発表", [("Amazon", "ORG"), ("Azure", "BLOCK")]),
    # A known name inside a longer word is no find: アレクサ (a product) in a person's name,
    # Amazon in Amazonian.
    ("アレクサンドロとのトレードで", []),
    ("Amazonian rainforest", []),
    ("Amazon's results", [("Amazon", "ORG")]),
    # Industry words are terms, never companies (GUIDELINES.md: ビッグテック).
    ("インドのフィンテック企業とビッグテック", [("フィンテック", "BLOCK"), ("ビッグテック", "BLOCK")]),
])
def test_known_names_are_found_on_token_edges_only(text, expected):
    doc = shared_nlp(detect_language(text), ner=None).make_doc(text)
    assert [(text[c.start:c.end], c.label) for c in alias_candidates(doc)] == expected


@pytest.mark.parametrize("text, expected", [
    # A company right before a model number is inside a product's name ...
    ("ボーイング767型機を発注した。", []),
    ("エアバスA320neoを20機発注した。", []),
    ("Boeing 737 MAX deliveries resumed.", []),
    # ... not before a particle, a count, an amount or a year.
    ("ボーイングが767型機を納入した。", ["ボーイング"]),
    ("ホンダ2社が提携した。", ["ホンダ"]),
    ("トヨタ1000億円投資", ["トヨタ"]),
    ("Apple 2024 results beat forecasts.", ["Apple"]),
])
def test_a_company_before_a_model_number_is_inside_a_product_name(text, expected):
    assert [name for label, name, _ in ents(text) if label == "ORG"] == expected


def test_a_name_is_one_entity_in_every_passage_of_the_article():
    """The English quote is a doc of its own: the name the Japanese prose gave is found
    there, and the surname after it links to the full name before it."""
    text = ("ハナミズキ（Hanamizuki Inc.）の和泉 千尋社長は18日、シリーズAで500万ドルを調達した。\n\n"
            "\"We expect Hanamizuki to become the default payment layer for Japanese business,\" "
            "said Rachel Whitmore, a partner at the fund.\n\n"
            "　調達資金は営業人員の拡充に充てる。和泉氏によれば、来年の黒字化を目指す。\n")
    found = [(e.label, e.text, e.canonical) for e in extract_article(article_from_text(text)).entities]
    assert ("ORG", "Hanamizuki", "Hanamizuki Inc.") in found
    assert ("PERSON", "和泉", "和泉 千尋") in found
    assert found.count(("PERSON", "Rachel Whitmore", "Rachel Whitmore")) == 1


def test_a_katakana_surname_and_a_legal_form_link_to_the_full_name():
    assert link_mentions([("マリア・ロッシ", "PERSON", ""), ("ロッシ", "PERSON", "")]) == ["マリア・ロッシ"] * 2
    assert link_mentions([("ロッシ", "ORG", ""), ("マリア・ロッシ", "ORG", "")]) == ["ロッシ", "マリア・ロッシ"]
    assert link_mentions([("（株）カワセミ", "ORG", ""), ("株式会社カワセミ", "ORG", ""), ("カワセミ", "ORG", "")]) \
        == ["(株)カワセミ"] * 3
