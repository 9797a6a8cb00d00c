"""Generate news-like Japanese training sentences with ORG / PERSON / ORG_OTHER spans.

Everything here is invented or generic: company and person names are composed
from parts at random, so the model sees names no list can hold and has to
learn the *contexts* (corporate forms, titles and honorifics, mixed-script
Latin names, country prefixes, tables) instead of memorising names. None of
the names of the seed articles are used.

Conventions follow ``shared/eval/GUIDELINES.md``:
- titles and honorifics (氏, さん, 社長, CEO, 会長 ...) stay outside PERSON spans;
- legal forms (株式会社, （株）, Inc., Corp., Ltd., ホールディングス, 銀行 ...) are inside ORG;
- a country prefix (米, 英, 中 ...) stays outside ORG;
- products, services and "company + product word" names are not entities;
- regulators, ministries and governments are ORG_OTHER (Stockmark's
  政治的組織名; the model learns them as a label of their own, which is dropped);
- universities, exchanges, indices and generic words are not entities.

Output records have the Stockmark shape: ``{"id", "text", "entities": [{start, end, label, text}]}``.

    python train/gen_news.py -n 3000 --seed 13 > /tmp/gen.jsonl
    python train/gen_news.py -n 2500 --seed 13 --v2    # train_ner.py --gen-v2 (not shipped)

v2 (``generate(..., v2=True)``; `train_ner.py --gen-v2`, measured and not shipped) adds encyclopedia-style
sentences (the Stockmark training text is Wikipedia), more company shapes
(X社, regional kanji + industry, 有限会社/合資会社, multi-part katakana names),
sports teams, leagues, armies, councils and parties as ORG_OTHER, and leaves
universities and exchanges *unlabelled* (label ``"-"``: train_ner.py marks them
missing, so they carry no loss): Stockmark annotates universities as ORG
(法人名) while the project guidelines do not, and the generated data should not
contradict either. Without ``v2`` the output is exactly that of the first version.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys

# --------------------------------------------------------------------------- people

JA_SURNAME_A = list("中高小大石松竹森林吉桜青黒北南西東宮今長白赤金岩浅深早香杉柳梅菊堀荒細若福")
JA_SURNAME_B = ["田", "川", "山", "野", "井", "村", "本", "木", "藤", "原", "島", "岡", "沢", "崎",
                "谷", "口", "内", "橋", "尾", "部", "坂", "瀬", "浦", "塚", "畑", "見", "園", "屋"]
JA_SURNAME_COMMON = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
                     "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "清水", "斎藤", "池田",
                     "橋本", "阿部", "石川", "前田", "藤田", "小川", "岡田", "後藤", "長谷川", "村上",
                     "近藤", "坂本", "遠藤", "青木", "西村", "福田", "太田", "三浦", "藤井", "岡本",
                     "松田", "中川", "中野", "原田", "小野", "竹内", "金子", "和田", "中山", "石井",
                     "上田", "森田", "柴田", "酒井", "工藤", "横山", "宮崎", "宮本", "内田", "高木",
                     "安藤", "島田", "谷口", "大野", "丸山", "今井", "河野", "藤原", "小島", "久保",
                     "松井", "千葉", "岩崎", "桜井", "野村", "菅原", "市川", "杉山", "大塚", "平野",
                     "東", "榊原", "五十嵐", "二階堂", "勅使河原", "日下部", "鳳", "湊", "芦田", "真柴"]
JA_GIVEN_A = list("健翔大雄直和誠浩美恵由真優拓達修秀亮光智俊悠陽結彩凛千裕康正信昌英孝隆紀")
JA_GIVEN_B = ["一", "太", "介", "輔", "樹", "也", "人", "斗", "平", "郎", "彦", "司", "志", "文",
              "子", "香", "美", "奈", "菜", "希", "花", "恵", "代", "江", "乃", "衣", "実", "一郎",
              "太郎", "次郎", "之", "男", "夫", "治"]
JA_GIVEN_KANA = ["さくら", "ひかり", "あおい", "まなみ", "ゆうこ", "かおる", "しのぶ", "みのり",
                 "ケン", "ジョージ", "エリカ", "マリ", "あきら", "ひろし", "たかし", "つよし"]

LATIN_FIRST = ["Maria", "Daniel", "Priya", "Lucas", "Elena", "Omar", "Sofia", "James", "Wei",
               "Aisha", "Tomas", "Hannah", "Ravi", "Julia", "Mateo", "Chloe", "Noah", "Ingrid",
               "Kwame", "Laura", "Yusuf", "Nadia", "Peter", "Mei", "Carlos", "Emma", "Felix",
               "Grace", "Hugo", "Irene", "Jonas", "Kira", "Leon", "Mira", "Nikolai", "Olivia",
               "Pablo", "Quinn", "Rosa", "Stefan", "Tara", "Uma", "Victor", "Wendy", "Xavier",
               "Yara", "Zoe", "Arjun", "Bianca", "Connor", "Dmitri", "Esther", "Farid", "Gemma",
               "Hiro", "Ji-woo", "Kenji", "Lars", "Marco", "Nora", "Oscar", "Rahul", "Sven",
               "Thea", "Ulrich", "Vera", "Will", "Anika", "Brandon", "Celine", "Diego", "Fatima",
               "Tom", "Ben", "Max", "Joe", "Tim", "Ann", "Eva", "Ian", "Lee", "Ray", "Dan", "Ken",
               "Liz", "Meg", "Ted", "Zac", "Kai", "Jay", "Roy", "Amy", "Bob", "Ed", "Al", "Jo"]
LATIN_LAST = ["Chen", "Okafor", "Fischer", "Rossi", "Kowalski", "Haddad", "Lindqvist", "Moreau",
              "Novak", "Patel", "Santos", "Schmidt", "Tanaka", "Varga", "Walsh", "Yilmaz", "Zhang",
              "Abbott", "Brennan", "Castillo", "Dubois", "Eriksen", "Fontaine", "Gallagher",
              "Horvath", "Ivanova", "Jensen", "Keller", "Larsen", "Mendoza", "Nakashima", "Oduya",
              "Petrov", "Quintero", "Reyes", "Sorensen", "Thornton", "Ueda", "Vasquez", "Whitaker",
              "Xu", "Yamashiro", "Zielinski", "Albrecht", "Barros", "Cavendish", "Delacroix",
              "Engel", "Ferrante", "Greenberg", "Hollis", "Iyer", "Kaplan", "Lowell", "Marsh",
              "Nair", "Ostrowski", "Pereira", "Rahman", "Stroud", "Tran", "Underwood", "Voss",
              "Wexler", "Young", "Zamora", "Ashford", "Bishop", "Calloway", "Drummond", "Ellison"]
LATIN_MIDDLE = ["J.", "A.", "K.", "R.", "M.", "T.", "L."]
KATA_FIRST = ["マリア", "ダニエル", "プリヤ", "ルーカス", "エレナ", "オマール", "ソフィア", "ジェームズ",
              "アイシャ", "トーマス", "ハンナ", "ラヴィ", "ジュリア", "マテオ", "クロエ", "ノア",
              "イングリッド", "クワメ", "ローラ", "ユスフ", "ナディア", "ピーター", "カルロス", "エマ",
              "フェリックス", "グレース", "ユーゴ", "ヨナス", "レオン", "ミラ", "ニコライ", "オリビア",
              "パブロ", "ローザ", "シュテファン", "ビクター", "ザビエル", "アルジュン", "ディエゴ",
              "ジョン", "マイケル", "デビッド", "サラ", "リサ", "ケビン", "ブライアン", "ジェシカ"]
KATA_LAST = ["チェン", "オカフォー", "フィッシャー", "ロッシ", "コワルスキー", "ハダド", "リンドクヴィスト",
             "モロー", "ノヴァク", "パテル", "サントス", "シュミット", "ヴァルガ", "ウォルシュ",
             "ユルマズ", "チャン", "アボット", "ブレナン", "カスティーヨ", "デュボワ", "エリクセン",
             "フォンテーヌ", "ギャラガー", "ホルヴァート", "イワノワ", "イェンセン", "ケラー",
             "ラーセン", "メンドーサ", "ペトロフ", "レイエス", "ソレンセン", "ソーントン", "バスケス",
             "ウィテカー", "ジエリンスキ", "アルブレヒト", "バロス", "キャベンディッシュ", "エンゲル",
             "グリーンバーグ", "ホリス", "カプラン", "ローウェル", "マーシュ", "ナイル", "ペレイラ",
             "ラーマン", "ストラウド", "ヴォス", "ウェクスラー", "スミス", "ジョンソン", "ミラー"]
ZH_NAMES = ["王建国", "李明華", "張偉", "劉洋", "陳静", "楊帆", "黄志強", "趙立新", "周海濱", "呉暁東",
            "林志玲", "郭台生", "馬雲飛", "孫立平", "徐光耀", "何振宇"]
KO_NAMES_KATA = ["キム・ジフン", "イ・スンヒ", "パク・ミンジュン", "チェ・ユナ", "チョン・ウソン", "カン・ドンウォン"]

# --------------------------------------------------------------------------- companies

JA_CORE_KANJI_A = list("東西南北中大新日本光旭朝昭明和正豊富福栄共協興信三双丸岡国第太平洋")
JA_CORE_KANJI_B = ["和", "陽", "栄", "光", "洋", "星", "邦", "菱", "友", "進", "成", "亜", "央", "港",
                   "都", "山", "川", "精", "電", "化", "鋼", "紙", "産", "海", "空", "桜"]
KATA_SYL = ["ア", "イ", "カ", "キ", "ク", "サ", "シ", "ス", "タ", "テ", "ト", "ナ", "ノ", "ハ", "フ",
            "マ", "ミ", "ム", "ラ", "リ", "ル", "レ", "ロ", "ヴァ", "ゼ", "ゾ", "ジ", "ダ", "バ", "ビ",
            "ベ", "ポ", "パ", "プ", "エ", "オ", "ネ", "ヤ", "ユ", "ヨ", "ワ", "ク", "グ", "ド", "ニ"]
KATA_TAIL = ["ン", "ス", "ル", "ト", "クス", "ラ", "ア", "オ", "ニクス", "テック", "リア", "ード", "ーナ",
             "ックス", "ンド", "ーム", "ロン", "ティス", "ジア", "ノヴァ"]
KATA_WORDS = ["サクラ", "ミライ", "ヒカリ", "アスカ", "ソラ", "ノゾミ", "ツバサ", "コスモ", "ネクスト",
              "グローバル", "デジタル", "スマート", "クラウド", "データ", "ロボ", "メディカル", "バイオ",
              "フィンテック", "エナジー", "モビリティ", "ブルー", "グリーン", "オーシャン", "スター",
              "サン", "ムーン", "フォレスト", "リバー", "アーク", "ゲート", "ブリッジ", "ライト"]
JA_INDUSTRY = ["商事", "電機", "工業", "製薬", "自動車", "建設", "化学", "不動産", "物産", "重工",
               "電子", "製作所", "精機", "食品", "薬品", "興業", "通信", "技研", "産業", "運輸",
               "海運", "航空", "生命", "損保", "電力", "ガス", "鉄道", "電工", "製鉄", "紡績",
               "システムズ", "テクノロジーズ", "ソリューションズ", "ネットワークス", "エレクトロニクス",
               "ファーマ", "キャピタル", "パートナーズ", "ベンチャーズ", "ラボ", "インダストリーズ",
               "ロボティクス", "ジャパン", "エンタテインメント", "メディア", "新聞社", "出版", "放送"]
JA_FINANCE = ["銀行", "証券", "信託銀行", "信用金庫", "生命保険", "海上火災保険", "アセットマネジメント",
              "フィナンシャルグループ", "投資顧問", "リース"]
JA_GROUPFORM = ["ホールディングス", "グループ", "HD", "グループホールディングス"]

LATIN_SYL_A = ["Zen", "Quor", "Hel", "Nex", "Lum", "Vel", "Ark", "Sol", "Ter", "Cyr", "Vor", "Oct",
               "Pyx", "Bri", "Cal", "Dra", "Ely", "Fen", "Gal", "Hyp", "Ion", "Jun", "Kai", "Lyr",
               "Mor", "Nov", "Orb", "Pol", "Rhe", "Syn", "Tal", "Ul", "Vex", "Wyn", "Xer", "Yor", "Zyl"]
LATIN_SYL_B = ["trix", "abyte", "ixa", "ora", "ion", "ara", "eon", "ica", "ant", "igo", "ex", "yn",
               "aro", "ova", "ium", "is", "os", "era", "ity", "ent", "ux", "ai", "iq", "ata"]
# English words used as company names (single tokens that look like ordinary words)
LATIN_WORDNAME = ["Synthetic", "Holistic", "Empiric", "Kinetic", "Galactic", "Cosmic", "Lyric",
                  "Ardent", "Cognition", "Lucid", "Vanguard", "Paramount", "Sentinel", "Verity",
                  "Candor", "Tenacity", "Radiant", "Ember", "Keystone", "Momentum", "Parallax",
                  "Quantic", "Resolute", "Solace", "Tandem", "Umbra", "Vivid", "Wayfarer",
                  "Axiom", "Cadence", "Dialectic", "Epoch", "Fathom", "Gravity", "Heuristic",
                  "Insight", "Juniper", "Kismet", "Lattice", "Mosaic Labs", "Nuance", "Overture"]
LATIN_WORD = ["Robotics", "Labs", "Systems", "Dynamics", "Networks", "Analytics", "Energy",
              "Biosciences", "Therapeutics", "Semiconductor", "Software", "Payments", "Mobility",
              "Logistics", "Capital", "Ventures", "Partners", "Holdings", "Group", "Technologies",
              "Media", "Foods", "Motors", "Bank", "Financial", "Security", "Cloud Services",
              "Intelligence", "AI", "Research", "Digital", "Health", "Materials", "Aerospace"]
LATIN_ADJ = ["Northwind", "Bluefin", "Silver Oak", "Red Maple", "Bright Harbor", "Iron Peak",
             "Blue Lantern", "Clearwater", "Stonebridge", "Golden Gate", "Evergreen", "Summit",
             "Pioneer", "Atlas", "Meridian", "Crescent", "Horizon", "Beacon", "Granite", "Cobalt",
             "Falcon", "Harbor", "Lakeside", "Polaris", "Redwood", "Sapphire", "Vertex", "Willow"]
LATIN_LEGAL = ["Inc.", "Corp.", "Ltd.", "LLC", "Co., Ltd.", "plc", "AG", "GmbH", "S.A.", "Corporation",
               "Inc", "Co.", "N.V.", "SE", "Pte. Ltd."]
DOMAIN_TLD = [".ai", ".io", ".com", ".co"]
# real corporate-form patterns on a few universal words; none of these is a real company
CAMEL_A = ["Deep", "Open", "Data", "Cloud", "Quantum", "Neural", "Hyper", "Meta", "Smart", "Tera",
           "Pixel", "Code", "Stack", "Block", "Chain", "Brain", "Sky", "Star", "Sun", "Wave"]
CAMEL_B = ["Quill", "Lattice", "Forge", "Harbor", "Mint", "Nest", "Pilot", "Sprout", "Loom", "Dock",
           "Vault", "Spire", "Pulse", "Orbit", "Field", "Grid", "Bloom", "Shift", "Frame", "Scope"]

COUNTRY_PREFIX = ["米", "英", "独", "仏", "中", "韓", "台湾", "印", "加", "豪", "蘭", "スイス", "イスラエル"]

# --------------------------------------------------------------------------- not entities

PRODUCT_WORD = ["Cloud", "Studio", "Assistant", "Pro", "Max", "OS", "Pay", "Drive", "Maps",
                "Chat", "Vision", "Engine", "Hub", "Edge", "One", "Air", "Lens", "Note"]
PRODUCT_STANDALONE = ["NovaChat", "QuillPad", "Helio-5", "Orion-2", "Zephyr", "SkyLens", "TeraPilot",
                      "Lumos X", "Atlas-7", "PixelPhone 9", "Kestrel", "DataLoom", "Nimbus OS",
                      "Sparrow", "ルミナス", "ミライノート", "スマートレジ", "ゼファー", "ヒカリ号",
                      "CodePilot", "VisionGlass", "ChatNova", "Gemstone-3", "Aurora LLM", "NeoBank App",
                      "Quasar", "Mosaic", "Halcyon", "Ember", "Tachyon", "ZX-900", "Model Q", "Falcon 12",
                      "Lyra", "Nimbus", "Corvid", "Juno", "Vesper", "Sora-X", "Pax-4", "Kite", "Onyx",
                      "ミューズ", "ステラ", "アトラス", "ノヴァ", "Brio-2", "Tessera", "Cirrus", "Helix Pro"]
CHIP_WORD = ["チップ", "プロセッサ", "GPU", "アクセラレータ", "半導体"]
REGULATOR = ["金融庁", "公正取引委員会", "経済産業省", "総務省", "財務省", "国土交通省", "厚生労働省",
             "消費者庁", "デジタル庁", "米証券取引委員会", "米司法省", "米商務省", "欧州連合", "EU",
             "SEC", "英競争・市場庁", "中国国家市場監督管理総局", "内閣府", "東京都", "大阪府",
             "国際通貨基金", "IMF", "世界銀行", "OECD", "国連", "自民党", "立憲民主党", "欧州議会",
             "米連邦準備制度理事会", "FRB", "韓国公正取引委員会", "ドイツ連邦カルテル庁", "NATO"]
REGULATOR_PAIRS = [("公正取引委員会", "Japan Fair Trade Commission"), ("金融庁", "Financial Services Agency"),
                   ("米証券取引委員会", "Securities and Exchange Commission"),
                   ("ドイツ連邦カルテル庁", "Bundeskartellamt"), ("英金融行動監視機構", "Financial Conduct Authority"),
                   ("韓国公正取引委員会", "Korea Fair Trade Commission"), ("米司法省", "Department of Justice"),
                   ("豪競争・消費者委員会", "ACCC"), ("経済産業省", "METI"), ("米連邦通信委員会", "FCC")]
GENERIC = ["ビッグテック", "AIスタートアップ", "大手銀行", "同社", "両社", "同行", "テック大手",
           "半導体大手", "関係者", "大手商社", "新興企業", "競合他社", "外資系企業", "メガバンク",
           "スタートアップ", "ベンチャー企業", "投資ファンド", "アナリスト", "業界団体", "各社"]
NON_ORG_INSTITUTION = ["東都大学", "北辰工業大学", "Northgate University", "東京証券取引所", "東証",
                       "ナスダック", "ニューヨーク証券取引所", "日経平均", "S&P500", "TOPIX", "ダウ平均",
                       "東証プライム市場", "グロース市場"]
TECH_TERM = [("人工知能", "Artificial Intelligence"), ("大規模言語モデル", "Large Language Model"),
             ("量子計算", "Quantum Computing"), ("機械学習", "Machine Learning"),
             ("生成AI", "Generative AI"), ("自動運転", "Autonomous Driving"),
             ("サプライチェーン", "Supply Chain"), ("合併・買収", "M&A"),
             ("新規株式公開", "IPO"), ("株式公開買い付け", "TOB"), ("研究開発", "R&D"),
             ("デジタルトランスフォーメーション", "Digital Transformation"),
             ("エッジコンピューティング", "Edge Computing"), ("計算資源", "Compute")]
TECH_TERM_ACR = [("量子計算", "Quantum Computing", "QC"), ("大規模言語モデル", "Large Language Model", "LLM"),
                 ("汎用ロボット", "General Purpose Robotics", "GPR"),
                 ("自然言語処理", "Natural Language Processing", "NLP"),
                 ("検索拡張生成", "Retrieval-Augmented Generation", "RAG"),
                 ("中央銀行デジタル通貨", "Central Bank Digital Currency", "CBDC"),
                 ("電気自動車", "Electric Vehicle", "EV"), ("国内総生産", "Gross Domestic Product", "GDP"),
                 ("拡張現実", "Augmented Reality", "AR"), ("最高経営責任者", "Chief Executive Officer", "CEO")]
EVENTS = ["CES 2026", "MWC", "Computex", "SXSW", "ダボス会議", "東京モーターショー", "Web Summit", "Tech Forum 2025",
          "AIサミット", "Developer Day"]
ACRONYM_TERM = ["API", "GPU", "LLM", "SaaS", "IoT", "ESG", "DX", "GX", "KPI", "ROE", "EBITDA",
                "CPU", "HBM", "EV", "5G", "SDK", "B2B", "M&A", "IPO", "TOB", "CVC", "PoC"]
PLACE = ["東京都港区", "東京都千代田区", "大阪市北区", "名古屋市中村区", "福岡市博多区", "横浜市西区",
         "京都市下京区", "札幌市中央区", "米カリフォルニア州", "シンガポール", "ロンドン", "深圳"]

# --------------------------------------------------------------------------- titles

TITLE_AFTER_NAME = ["氏", "さん", "社長", "会長", "CEO", "会長兼CEO", "社長兼CEO", "頭取", "副社長",
                    "専務", "常務", "取締役", "CFO", "CTO", "COO", "代表", "所長", "部長", "氏ら",
                    "最高経営責任者", "最高技術責任者", "理事長", "代表理事", "議長", "元社長", "前会長",
                    "共同創業者", "創業者", "教授", "准教授", "アナリスト", "記者", "弁護士", "監督"]
TITLE_BEFORE_NAME = ["CEO", "社長", "会長", "代表取締役", "代表取締役社長", "創業者", "共同創業者",
                     "最高経営責任者(CEO)", "最高経営責任者（CEO）", "CFO", "CTO", "最高財務責任者",
                     "社長兼CEO", "会長兼社長", "取締役", "執行役員", "Founder", "President"]
SPACE_TITLES = ["CEO", "CTO", "CFO", "COO", "President", "Founder", "Chairman"]

MONEY_JA = ["{n}億円", "{n}億ドル", "{n}兆円", "{n}万ドル", "約{n}億円", "最大{n}億ドル", "{n}億ユーロ",
            "{n}百万ドル", "数十億ドル", "{n}億円規模", "{n}億ドル以上", "$ {n} billion", "${n} billion",
            "${n} million", "US${n}m", "{n},000万円", "{n}.5兆円"]
DATE_JA = ["{m}月{d}日", "2025年{m}月", "2026年{m}月{d}日", "今月{d}日", "先月", "昨年", "同日", "{d}日"]
DATE_EN = ["January 2025", "March 2024", "June 2026", "September 2023", "Q3 2025", "2024-11-05",
           "December 2026 (Projected)", "April 2025", "Feb 2026"]


# --------------------------------------------------------------------------- v2 (encyclopedic style)
# ``generate(..., v2=True)``: more company shapes, encyclopedia-style sentences
# (the Stockmark training text is Wikipedia), sports teams, armies, councils
# and parties as ORG_OTHER, and universities / exchanges left *unlabelled*
# (label "-": no loss either way; Stockmark annotates universities as 法人名
# while the project guidelines do not count them as ORG).

JA_INDUSTRY2 = ["酒造", "製紙", "商店", "監査法人", "テレビ", "汽車", "バス", "交通", "観光", "映画",
                "百貨店", "ストア", "製菓", "紡織", "醸造", "印刷", "書店", "楽器", "汽船", "炭鉱",
                "鉄道", "電鉄", "銀行", "放送", "新聞", "出版社", "製作所", "重工業", "工業", "電機",
                "商事", "物産", "建設", "化成", "自動車", "光学", "製薬", "ハム", "乳業", "硝子"]
JA_PLACE_PART = ["北見", "越後", "信州", "播磨", "三河", "甲州", "紀州", "土佐", "筑豊", "房総",
                 "会津", "出雲", "備前", "伊予", "讃岐", "近江", "飛騨", "陸奥", "丹波", "日向",
                 "湘東", "北陸", "山陰", "東北", "九州", "関東", "中央", "太平", "大洋", "昭和"]
KATA_ORG_TAIL = ["アンド・カンパニー", "コーポレーション", "インダストリーズ", "プロダクション", "エアクラフト",
                 "モーターズ", "エンタープライズ", "アソシエイツ", "ブラザーズ", "エア", "レコード",
                 "ピクチャーズ", "カンパニー", "オートモーティブ", "エアラインズ", "マニュファクチャリング"]
JA_LEGAL2 = ["有限会社", "合資会社", "合名会社", "株式会社"]
TEAM_CITY = ["札幌", "仙台", "横浜", "名古屋", "神戸", "広島", "福岡", "長崎", "静岡", "金沢",
             "岡山", "松山", "鹿児島", "那覇", "盛岡", "青森", "宇都宮", "高崎", "奈良", "徳島",
             "北九州", "大阪", "東京", "京都", "千葉", "埼玉", "浜松", "岐阜", "富山", "秋田"]
TEAM_WORD = ["ファルコンズ", "スターズ", "ブレイブス", "イーグルス", "ドルフィンズ", "サンダーズ",
             "ウォリアーズ", "フェニックス", "ホークス", "レッズ", "ブルーウェーブ", "ユナイテッド",
             "グランパス", "ヴォルティス", "アルテ", "シャイニーズ", "ブレイザーズ", "ロケッツ"]
LEAGUE = ["Jリーグ", "J1", "J2", "プロ野球", "セ・リーグ", "パ・リーグ", "Bリーグ", "NBA", "MLB",
          "プレミアリーグ", "ブンデスリーガ", "セリエA", "Vリーグ", "日本サッカー協会", "FIFA"]
GOV_COUNTRY = ["日本", "アメリカ", "イギリス", "フランス", "ドイツ", "ロシア", "中国", "清", "オスマン帝国",
               "大日本帝国", "ソビエト連邦", "イタリア", "スペイン", "オランダ", "朝鮮", "ベトナム", "タイ"]
GOV_BODY = ["陸軍", "海軍", "空軍", "軍", "国防省", "外務省", "議会", "政府", "共産党", "労働党",
            "海兵隊", "陸軍航空隊", "内務省", "大蔵省", "中央委員会", "憲兵隊", "艦隊", "民主党"]
GOV_LOCAL = ["市議会", "県議会", "市教育委員会", "県警", "町役場", "市役所", "府議会"]
UNI_FORM = ["{c}大学", "{c}工業大学", "{c}女子大学", "{c}医科大学", "{c}大学大学院", "私立{c}大学",
            "{k}大学", "{k}カレッジ", "{l} University", "University of {l}", "{c}中学", "{c}高等学校"]
EXCHANGE = ["東京証券取引所", "東証", "大阪証券取引所", "ニューヨーク証券取引所", "ロンドン証券取引所",
            "名古屋証券取引所", "ジャスダック", "東証一部", "日経平均"]
IND_DESC = ["電機メーカー", "自動車メーカー", "出版社", "鉄道会社", "航空会社", "酒造会社", "玩具メーカー",
            "総合商社", "化学メーカー", "食品メーカー", "ゲーム会社", "アニメ制作会社", "レコード会社",
            "広告代理店", "製薬会社", "建設会社", "バス会社", "家電量販店", "投資銀行", "放送局",
            "新聞社", "ソフトウェア会社", "楽器メーカー", "百貨店", "映画会社", "芸能事務所"]
REGION_DESC = ["日本の", "アメリカ合衆国の", "イギリスの", "ドイツの", "フランスの", "韓国の", "中国の",
               "台湾の", "かつて存在した日本の", "{pl}に本社を置く", "{pl}に本社を置く日本の"]
PROD_GENERIC = ["エンジン", "機関車", "冷蔵庫", "ラジオ", "カメラ", "ピアノ", "旅客機", "客車", "バス車両",
                "ゲームソフト", "楽曲", "雑誌", "漫画", "テレビアニメ", "映画", "洗濯機", "腕時計", "清酒"]


class Gen:
    """Random names and sentences; all randomness goes through ``self.r``."""

    def __init__(self, seed: int, v2: bool = False):
        self.r = random.Random(seed)
        self.v2 = v2

    def c(self, seq):
        return self.r.choice(seq)

    def p(self, prob: float) -> bool:
        return self.r.random() < prob

    # ----------------------------------------------------------- people
    def ja_person(self):
        if self.p(0.5):
            sur = self.c(JA_SURNAME_COMMON)
        else:
            sur = self.c(JA_SURNAME_A) + self.c(JA_SURNAME_B)
        if self.p(0.12):
            given = self.c(JA_GIVEN_KANA)
        else:
            given = self.c(JA_GIVEN_A) + self.c(JA_GIVEN_B)
        return sur, given

    def person(self, kind=None):
        """(full, short) surface forms of a new person."""
        kind = kind or self.c(["ja", "ja", "ja", "latin", "latin", "latin", "kata", "kata", "zh", "ko"])
        if kind == "ja":
            sur, given = self.ja_person()
            sep = " " if self.p(0.05) else ""
            return sur + sep + given, sur
        if kind == "latin":
            first, last = self.c(LATIN_FIRST), self.c(LATIN_LAST)
            if self.p(0.1):
                return f"{first} {self.c(LATIN_MIDDLE)} {last}", last
            return f"{first} {last}", last
        if kind == "kata":
            first, last = self.c(KATA_FIRST), self.c(KATA_LAST)
            sep = self.c(["・", "・", "・", "＝", " "])
            return first + sep + last, last
        if kind == "zh":
            n = self.c(ZH_NAMES)
            return n, n[:1] if self.p(0.3) else n
        n = self.c(KO_NAMES_KATA)
        return n, n.split("・")[0]

    # ----------------------------------------------------------- companies
    def latin_core(self):
        k = self.r.random()
        if k < 0.35:
            return self.c(LATIN_SYL_A) + self.c(LATIN_SYL_B)
        if k < 0.55:
            return self.c(CAMEL_A) + self.c(CAMEL_B)
        if k < 0.7:
            return self.c(LATIN_ADJ)
        if k < 0.85:
            return self.c(LATIN_WORDNAME)
        core = self.c(LATIN_SYL_A) + self.c(LATIN_SYL_B)
        return core.upper() if self.p(0.5) else core

    def kata_core(self):
        if self.p(0.4):
            return self.c(KATA_WORDS)
        n = self.r.randint(1, 3)
        return "".join(self.c(KATA_SYL) for _ in range(n)) + self.c(KATA_TAIL)

    def ja_core(self):
        k = self.r.random()
        if k < 0.45:
            return self.c(JA_CORE_KANJI_A) + self.c(JA_CORE_KANJI_B)
        if k < 0.85:
            return self.kata_core()
        # kanji + katakana (e.g. 日本ロボ), or a surname
        if self.p(0.5):
            return self.c(["日本", "東京", "関西", "九州", "北海道", "中部", "大和", "新日本"]) + self.kata_core()
        return self.c(JA_SURNAME_COMMON)

    def acronym(self):
        return "".join(self.c("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(self.r.randint(2, 4)))

    def company(self, kind=None):
        """(full, short) surface forms of a new company; ``short`` may equal ``full``."""
        if self.v2 and kind is None and self.p(0.3):
            return self.company_v2()
        return self.company_v1(kind)

    def company_v2(self):
        """Shapes common in encyclopedic text: X社, regional kanji + industry,
        older legal forms, multi-part katakana names."""
        k = self.r.random()
        if k < 0.25:
            core = self.kata_core() if self.p(0.6) else self.latin_core()
            return core + "社", core + "社"
        if k < 0.5:
            core = self.c(JA_PLACE_PART) if self.p(0.5) else self.ja_core()
            full = core + self.c(JA_INDUSTRY2)
            return full, full
        if k < 0.65:
            core = self.ja_core() + self.c(["", self.c(JA_INDUSTRY2)])
            legal = self.c(JA_LEGAL2)
            return (legal + core if self.p(0.6) else core + legal), core
        if k < 0.85:
            head = self.c(KATA_LAST) if self.p(0.6) else self.kata_core()
            return head + "・" + self.c(KATA_ORG_TAIL), head
        core = self.kata_core()
        return core, core

    def team(self):
        city, word = self.c(TEAM_CITY), self.c(TEAM_WORD) if self.p(0.7) else self.kata_core()
        k = self.r.random()
        if k < 0.35:
            return city + word
        if k < 0.6:
            return word + city
        if k < 0.75:
            return self.c(["FC", "FC ", "ＦＣ"]) + city
        if k < 0.9:
            return city + self.c(["FC", "SC", "ユナイテッド", "シティ"])
        return self.c(LATIN_ADJ) + " " + self.c(["FC", "United", "City"])

    def gov(self, army=False):
        if army:
            return self.c(GOV_COUNTRY) + self.c(["陸軍", "海軍", "空軍", "軍", "海兵隊", "陸軍航空隊", "艦隊"])
        k = self.r.random()
        if k < 0.6:
            country = self.c(GOV_COUNTRY)
            empire = ["", "帝国"] if country in ("日本", "ドイツ", "ロシア") else [""]
            return country + self.c(empire) + self.c(GOV_BODY)
        if k < 0.8:
            return self.c(TEAM_CITY) + self.c(GOV_LOCAL)
        return self.kata_core() + self.c(["党", "党", "解放戦線", "連合"])

    def uni(self):
        form = self.c(UNI_FORM)
        c = self.c(JA_PLACE_PART + TEAM_CITY) if self.p(0.6) else self.ja_core()
        return form.format(c=c, k=self.kata_core(), l=self.c(LATIN_ADJ))

    def company_v1(self, kind=None):
        kind = kind or self.c(["ja", "ja", "ja", "ja", "latin", "latin", "latin", "latin", "kata", "acro"])
        if kind == "ja":
            core = self.ja_core()
            k = self.r.random()
            if k < 0.2:
                return "株式会社" + core + self.c(["", "", self.c(JA_INDUSTRY)]), core
            if k < 0.3:
                return core + self.c(JA_INDUSTRY) + "株式会社", core
            if k < 0.4:
                form = self.c(["（株）", "(株)", "㈱"])
                return form + core, core
            if k < 0.45:
                return core + self.c(JA_INDUSTRY) + self.c(["（株）", "(株)"]), core
            if k < 0.6:
                return core + self.c(JA_GROUPFORM), core
            if k < 0.72:
                return core + self.c(JA_FINANCE), core
            full = core + self.c(JA_INDUSTRY)
            return full, (core if self.p(0.5) else full)
        if kind == "latin":
            core = self.latin_core()
            k = self.r.random()
            if k < 0.3:
                return core, core
            if k < 0.55:
                return f"{core} {self.c(LATIN_WORD)}", core
            if k < 0.8:
                sep = ", " if self.p(0.2) else " "
                return f"{core}{sep}{self.c(LATIN_LEGAL)}", core
            if k < 0.9:
                full = f"{core} {self.c(LATIN_WORD)} {self.c(LATIN_LEGAL)}"
                return full, core
            return core.lower().capitalize() + self.c(DOMAIN_TLD), None
        if kind == "kata":
            core = self.kata_core()
            if self.p(0.4):
                core = core + "・" + self.c(["ラボ", "テクノロジーズ", "キャピタル", "アンド・カンパニー",
                                              "ホールディングス", "パートナーズ", "インク"])
            return core, core
        a = self.acronym()
        return a, a

    # ----------------------------------------------------------- negatives
    def product(self, org_short=None):
        if org_short and self.p(0.4):
            return f"{org_short} {self.c(PRODUCT_WORD)}"
        return self.c(PRODUCT_STANDALONE)

    def money(self):
        t = self.c(MONEY_JA)
        return t.format(n=self.c([1, 2, 3, 5, 8, 10, 12, 15, 30, 40, 50, 100, 120, 300, 500, 800, 1200, 3500]))

    def date(self):
        return self.c(DATE_JA).format(m=self.r.randint(1, 12), d=self.r.randint(1, 28))


# --------------------------------------------------------------------------- templates
#
# Slots: {O1} {O2} {O3}: companies (full form on first use, short form with
# {O1s}); {P1} {P2}: people ({P1s} short form); {CO}: optional country prefix,
# outside the span; {PR}: a product; {PRo}: a product of O1 (O1's short name +
# product word, not an entity); {REG}/{REG2}: regulator (ORG_OTHER); {GEN}: generic word;
# {INST}: university/exchange/index; {M}/{M2}: money; {D}: date; {TA}: title after
# a name; {TB}: title before a name; {TS}: English title followed by a space;
# {HON}: 氏/さん; {PL}: place; {TERM}: "日本語(English)"; {AC}: tech acronym;
# {DE}: English date.

TEMPLATES = [
    "{CO}{O1}は{D}、{CO2}{O2}に{M}を出資すると発表した。",
    "{O1}は{O2}と資本業務提携を結んだと{D}発表した。",
    "{O1}の{P1}{TA}は{D}の記者会見で「{PR}の販売は好調だ」と述べた。",
    "{O1}の{TB}、{P1}{HON}は「{AC}への投資を加速する」と語った。",
    "{O1}のCEO {P1}は、{O2}の{TS}{P2}と直接協議を行っている。",
    "{P1}{TA}率いる{O1}は、{REG}の承認を待っている。",
    "{O1}（本社：{PL}、代表取締役社長：{P1}）は、{PR}の提供を開始しました。",
    "{O1}（本社：{PL}、代表取締役：{P1}、以下{O1s}）は{D}、{O2}と業務提携したことをお知らせします。",
    "関係者によると、{O1}は{O2}の買収に向けて{M}規模の資金を用意している。",
    "{REG}は{D}、{O1}に対して業務改善命令を出した。",
    "{REG}と{REG2}は、{GEN}による{GEN2}への出資を精査している。",
    "{O1}の{P1}社長は{P1s}氏の後任となる。",
    "{P1}氏は{O1}で{AC}事業を統括し、{D}付で{O2}に移った。",
    "{O1}は{PR}を発表し、{O2}の{PR2}に対抗する。",
    "{O1}の{PRo}は、{O2}の{PR2}と競合する。",
    "{O1}が{O2}に最大{M}を投資するための詳細な交渉を進めていると報じられている。",
    "{O1}にとって、{O2}を顧客として獲得することは宣伝効果が大きい。",
    "{O1}と{O2}の結びつきに、{O1s}が{O3}にも既に{M}規模の出資をしている事実が加わる。",
    "この規模の取引は、{REG}や{REG2}の注目を集める。",
    "{O1}の{D}の投資は、{O2}の投資の5倍にあたる。",
    "{O1}は{INST}に上場しており、株価は{D}に急騰した。",
    "{P1}{TA}は{INST}の会見で、{O1}との協業について説明した。",
    "{TERM}の分野で、{O1}と{O2}が主導権を争っている。",
    "{O1}（{O1x}）は{D}、{PL}に新工場を建設すると発表した。",
    "{O1}({O1x})は{D}、{O2}との提携を発表した。",
    "{O1}({O1x})上での{AC}の利用が拡大している。",
    "{PR}（{O1}）は{GEN}の間で人気が高い。",
    "| {PR} ({O1}) | {PR2} | {GEN} |",
    "{PR}や{PR2}の専用ホストとして知られる{PRo}は、{O1}の主力サービスだ。",
    "{TERM2}への参入コストが劇的に上昇している。",
    "{TERM2}の実現には、国家規模の資源が必要になる。",
    "{AC}や{AC2}の需要が高まり、{GEN}は{CH}の確保を急いでいる。",
    "{PR}は{D}に公開され、{PR2}と比較されることが多い。",
    "{PR}の新版では{AC}が強化された。",
    "{PL}で開かれた{EV}には{GEN}が集まった。",
    "{P1}氏は{EV}で基調講演を行った。",
    "{PL1}と{PL2}の間の協議が進展する中、{GEN}は息を呑んで見守っている。",
    "{O1}のガバナンス構造は、{PL1}に対して大きな裁量を与えている。",
    "{O1}のCEO {PL1}と{O2}のCEO {PL2}は、提携について直接協議した。",
    "{PL1}は{D}、{O1}を去ると発表した。",
    "{PL1}が{PL2}に宛てた書簡が公開された。",
    "{PL1}によれば、{PR}の開発は順調だ。",
    "{REGP}は{O1}の買収計画を精査している。",
    "{REGP}や{REGP2}は、{GEN}による{AC}企業への出資を調べている。",
    "{PR}は{O1}の{CH}上で動作する。",
    "{PR}の利用者は{D}に1億人を超えた。",
    "{PR}（{PR2}）は{O1}が提供する{AC}サービスだ。",
    "{O1}の{PR}と{PR2}は{AC}市場で首位を争う。",
    "{TERMJ}({ENG})として運営される{O1}は、{PL1}のもとで成長した。",
    'title: "{O1}が{O2}へ{M}の出資を検討、{GEN}の勢力図に変化"',
    'description: "{O1}が{O2}に対して{M}規模の投資を行う方向で交渉中と報じられました。"',
    "{O1}が開発した{PR}は、{GEN}の間で広く使われている。",
    "{P1}さんは{O1}を退社し、{O2}を創業した。",
    "{O1}の創業者である{P1}氏と、{O2}の{P2}{TA}が会談した。",
    "{O1}/{O2}が共同で{M}を拠出する。",
    "主な支援者は{O1} / {O2}で、{O3}も関心を示している。",
    "{O1}中心のクラスターに対する代替手段として、{O2}の{CH}が注目されている。",
    "この進展で最も複雑な側面の一つは「{O1}要因」です。",
    "{O1}で関連書籍を探す",
    "{O1}の{PRo}上でも{O2}の最新モデルが利用できるようになる。",
    "{TERM}への参入コストが上昇しており、{O1}は{O2}の{CH}を採用した。",
    "{CO}{O1}の{P1}{TA}は、{CO2}{O2}の{P2}{TA2}とともに登壇した。",
    "{O1}は、{O2}傘下の{O3}を{M}で買収することで合意した。",
    "{O1}は{D}、{O2}に対する株式公開買い付け（TOB）を開始すると発表した。1株あたり{M}。",
    "{P1}氏は「{O1}の{PR}は{GEN}の中でも突出している」と指摘する。",
    "{O1}の{D}期の純利益は{M}だった。",
    "{GEN}の{P1}氏によれば、{O1}の{AC}戦略は{O2}より先行している。",
    "{O1}と{O2}が合弁会社{O3}を設立する。",
    "{O1}は{O2}との提携を解消し、{O3}と新たに契約した。",
    "{O1}社長の{P1}氏は{D}、{PL}で記者団の取材に応じた。",
    "{P1}（{O1}{TA}）",
    "{O1}の{P1}・{TA}",
    "{P1}・{O1}社長は「{AC}は成長の柱だ」と話す。",
    "{O1}の株価は{D}、{M}で取引を終えた。",
    "{P1}{TA}は{O1}が{O2}に{M}を出資すると明らかにした。",
    "{O1}は{PR}向けに{O2}の{CH}を{M}分購入する契約を結んだ。",
    "{REG}は{O1}と{O2}の合併計画を承認した。",
    "{O1}をめぐっては、{REG}が独占禁止法違反の疑いで調査している。",
    "{P1}元首相は{O1}の顧問に就任した。",
    "{O1}は{INST}と共同で{TERM}の研究を進める。",
    "{P1}と{P2}の間の協議が進展する中、{O1}は{O2}への投資を検討している。",
    "{O1}のバックエンドに{O2}が組み込まれることは、{GEN}にとって大きな変化となる。",
    "{O1}からの巨額の資本注入は、{O2}にとって懸念材料だ。",
    "{D}、{O1}は{O2}（{PR}）への追加出資を決めた。",
    "{O1}（{PR}）と{O2}（{PR2}）を比較すると、{O1s}の方が安全性で優れる。",
    "{P1s}氏は{O1}の取締役会で再任された。",
    "{O1}の{TB}である{P1}は、{D}に辞任した。",
    "{O1} {TS}{P1}: 「{AC}の普及は始まったばかりだ」",
    "{P1}, {TS}of {O1}",
    "{O1} announced a {M} investment in {O2}.",
    "{P1} joined {O1} as {TS}in {DE}.",
    "{O1}の{PRo}は{D}から提供される。",
    "{O1}の{PRo}や{PR}の普及で、{O2}の業績が伸びた。",
    "{GEN}や{GEN2}が{AC}に資金を投入している。",
    "{TERM}の急速な進化を追ううえで、このニュースは重要だ。",
    "{PR}や{PR2}の専用ホストとして{O1}が名声を得た。",
    "{O1}のワークロードをホストすることで、{O2}は自社の{CH}を実証するだろう。",
    "{REG}（{REGx}）は{O1}の事業を調査している。",
    "- {O1}が{O2}に{M}を出資する方向で交渉中と報じられました。",
    "## {O1}と{O2}の提携",
    "### {P1}{TA}インタビュー",
    "{O1}による「{AC}の囲い込み」が完成する。",
    "{O1}一社に依存しすぎない体制を築く。",
    "{O1}の本気度が伺えます。",
    "{O1}は{O2}から{M}を調達したと発表した。調達額は累計{M2}。",
    "{O1}は{D}、シリーズBラウンドで{M}を調達した。リード投資家は{O2}。",
    "{P1}が率いる{O1}は、{O2}や{O3}などから出資を受けた。",
]

TABLE_TEMPLATES = [
    "| {DE} | {O1} | {O2} | {M} |",
    "| {DE} | {O1} | {O2}/{O3} | {M} |",
    "| {DE} | {O1} | {M} | |",
    "| 主な支援者 | {O1}（交渉中） | {O2} | {O1s} / {O3} |",
    "| 利用クラウド | {PRo}（想定） | {PR} | {PR2} / {PR} |",
    "| {O1} | {P1} | {TB} | {M} |",
    "| 出資元 | {O1} | {O2} | {O3} |",
    "| {AC} | {O1} | {PR} | {GEN} |",
    "|------|-----------|---------|--------|",
    "| Date | Company | Investor | Approximate Amount (USD) |",
    "| 企業名 | 代表者 | 調達額 |",
    "| {O1} | {P1} | {M} |",
]


# encyclopedia-style sentences (v2 only); new slots: {TEAM} {LEAGUE} {GOV}: ORG_OTHER;
# {UNI} {EXCH}: unlabelled institutions; {Y}/{YM}: year; {IND}: industry noun;
# {REGION}: "日本の" / "...に本社を置く"; {PROD}: generic product noun.
ENCY_TEMPLATES = [
    "{O1}は、{REGION}{IND}である。",
    "{O1}は、{REGION}{IND}。{O2}の子会社。",
    "{Y}、{O1}に入社。",
    "{UNI}を卒業後、{Y}に{O1}へ入社し、{YM}に同社の取締役に就任した。",
    "{P1}は{Y}に{O1}を設立した。",
    "{Y}に{O1}と{O2}が合併して発足した。",
    "{YM}、{O1}に吸収合併された。",
    "{O1}は{Y}に{O2}と合併し、{O3}となった。",
    "{O1}の子会社である{O2}が製造を担当している。",
    "{O1}製の{PROD}を搭載している。",
    "{O1}が発売した{PROD}は、{Y}に生産を終了した。",
    "{O1}（現・{O2}）の{TB}を務めた。",
    "父は{O1}の元社長の{P1}。",
    "{P1}は{O1}の創業者で、{O2}の会長も務めた。",
    "{O1}と共同で開発し、{O2}から発売された。",
    "{O1}の{PROD}の製造権を{O2}が取得した。",
    "{Y}には{O1}が経営権を握り、{O2}の傘下に入った。",
    "{O1}の{PROD}を{O2}が輸入販売していた。",
    "{O1}が制作し、{O2}が配給した{PROD}。",
    "その後、{O1}の{TB}に就任した{P1}は、経営再建に取り組んだ。",
    "{O1}を経て、{Y}に{O2}へ移籍した。",
    "{Y}、{P1}は{O1}を退社し、独立した。",
    "{O1}・{O2}・{O3}の3社が出資している。",
    "{O1}の{PROD}部門は{Y}に{O2}へ売却された。",
    "{Y}、{TEAM}に入団。",
    "{Y}から{TEAM}に移籍し、{Y}に現役を引退した。",
    "{LEAGUE}・{TEAM}の{P1}は、{TEAM2}戦で決勝点を挙げた。",
    "{P1}は{Y}に{TEAM}の監督に就任した。",
    "{Y}シーズンは{TEAM}と{TEAM2}でプレーした。",
    "{TEAM}のスポンサーは{O1}で、親会社の{O2}も支援している。",
    "{TEAM}の親会社である{O1}は、{Y}に球団を{O2}へ売却した。",
    "{Y}、{P1}は{TEAM}から{TEAM2}へ完全移籍した。",
    "{LEAGUE}に加盟する{TEAM}の本拠地である。",
    "{GOV}の命令により、{P1}は{O1}の工場を接収した。",
    "{GOV}は{Y}、{O1}に{PROD}を発注した。",
    "{P1}は{Y}に{ARMY}に入隊し、戦後は{O1}に勤めた。",
    "{GOV}と{GOV2}の交渉は、{Y}に決裂した。",
    "{ARMY}の{P1}大佐は、{O1}製の{PROD}を高く評価した。",
    "{P1}は{GOV}議員を務めた後、{O1}の顧問に就いた。",
    "{UNI}教授の{P1}は、{O1}と共同で研究を行った。",
    "{P1}は{UNI}を卒業し、{O1}に入社した。",
    "{O1}は{EXCH}に上場している。",
    "{O1}の株式は{Y}に{EXCH}に上場された。",
    "{P1}は{UNI}で学んだ後、{GOV}に勤務した。",
]


class Builder:
    def __init__(self):
        self.parts: list[str] = []
        self.ents: list[tuple[int, int, str]] = []
        self.pos = 0

    def add(self, text: str, label: str | None = None):
        if label and text:
            self.ents.append((self.pos, self.pos + len(text), label))
        self.parts.append(text)
        self.pos += len(text)

    def text(self):
        return "".join(self.parts)


_SLOT = re.compile(r"\{([A-Za-z]+[0-9]?[a-z]?)\}")


def fill(g: Gen, template: str) -> tuple[str, list[tuple[int, int, str]]]:
    orgs, people = {}, {}

    def org(i):
        if i not in orgs:
            orgs[i] = g.company()
        return orgs[i]

    def per(i):
        if i not in people:
            people[i] = g.person()
        return people[i]

    b = Builder()
    pos = 0
    for m in _SLOT.finditer(template):
        b.add(template[pos:m.start()])
        pos = m.end()
        slot = m.group(1)
        if slot in ("O1", "O2", "O3"):
            b.add(org(slot)[0], "ORG")
        elif slot in ("O1s",):
            full, short = org("O1")
            b.add(short or full, "ORG")
        elif slot == "O1x":  # a second name of O1 in parentheses: acronym or Latin form
            b.add(g.acronym() if g.p(0.6) else g.latin_core(), "ORG")
        elif slot in ("PL1", "PL2"):  # a Latin-script person, full name
            if slot not in people:
                people[slot] = g.person("latin")
            b.add(people[slot][0], "PERSON")
        elif slot in ("REGP", "REGP2"):  # regulator with its English name in parentheses
            ja, en = g.c(REGULATOR_PAIRS)
            b.add(ja, "ORG_OTHER")
            b.add("(" if g.p(0.5) else "（")
            b.add(en, "ORG_OTHER")
            b.add(")" if g.p(0.5) else "）")
        elif slot == "TERMJ":
            b.add(g.c(["非営利法人", "公益法人", "上限付き営利組織", "合同会社", "持株会社"]))
        elif slot == "ENG":
            b.add(g.c(["non-profit entity", "public benefit corporation", "capped-return company",
                       "holding structure", "limited partnership"]))
        elif slot in ("P1", "P2"):
            b.add(per(slot)[0], "PERSON")
        elif slot == "P1s":
            b.add(per("P1")[1], "PERSON")
        elif slot in ("CO", "CO2"):
            if g.p(0.3):
                b.add(g.c(COUNTRY_PREFIX))
        elif slot in ("PR", "PR2"):
            b.add(g.product())
        elif slot == "PRo":
            full, short = org("O1")
            b.add(g.product(short or full.split()[0]))
        elif slot in ("REG", "REG2"):
            b.add(g.c(REGULATOR), "ORG_OTHER")
        elif slot == "REGx":
            b.add(g.c(["SEC", "DOJ", "EC", "JFTC", "FSA", "ACCC", "BaFin"]), "ORG_OTHER")
        elif slot in ("GEN", "GEN2"):
            b.add(g.c(GENERIC))
        elif slot == "INST":
            b.add(g.c(NON_ORG_INSTITUTION), "-" if g.v2 else None)
        elif slot == "UNI":
            b.add(g.uni(), "-")
        elif slot == "EXCH":
            b.add(g.c(EXCHANGE), "-")
        elif slot in ("TEAM", "TEAM2"):
            b.add(g.team(), "ORG_OTHER")
        elif slot == "LEAGUE":
            b.add(g.c(LEAGUE), "ORG_OTHER")
        elif slot in ("GOV", "GOV2"):
            b.add(g.gov(), "ORG_OTHER")
        elif slot == "ARMY":
            b.add(g.gov(army=True), "ORG_OTHER")
        elif slot == "Y":
            b.add(f"{g.r.randint(1890, 2020)}年")
        elif slot == "YM":
            b.add(f"{g.r.randint(1890, 2020)}年{g.r.randint(1, 12)}月")
        elif slot == "IND":
            b.add(g.c(IND_DESC))
        elif slot == "REGION":
            b.add(g.c(REGION_DESC).format(pl=g.c(PLACE[:9] + ["大阪府大阪市", "兵庫県神戸市", "愛知県豊田市"])))
        elif slot == "PROD":
            b.add(g.c(PROD_GENERIC))
        elif slot in ("M", "M2"):
            b.add(g.money())
        elif slot == "D":
            b.add(g.date())
        elif slot == "DE":
            b.add(g.c(DATE_EN))
        elif slot in ("TA", "TA2"):
            title = g.c(TITLE_AFTER_NAME)
            if b.parts and b.parts[-1][-1:].isascii() and b.parts[-1][-1:].isalpha() and g.p(0.5):
                title = " " + title  # "Maria Chen CEO" as often as "Maria ChenCEO"
            b.add(title)
        elif slot == "TB":
            b.add(g.c(TITLE_BEFORE_NAME))
        elif slot == "TS":
            b.add(g.c(SPACE_TITLES) + " ")
        elif slot == "HON":
            b.add(g.c(["氏", "氏", "さん", ""]))
        elif slot == "PL":
            b.add(g.c(PLACE))
        elif slot == "TERM":
            ja, en = g.c(TECH_TERM)
            b.add(f"{ja}({en})" if g.p(0.5) else f"{ja}（{en}）")
        elif slot in ("AC", "AC2"):
            b.add(g.c(ACRONYM_TERM))
        elif slot == "TERM2":
            ja, en, acr = g.c(TECH_TERM_ACR)
            sep = g.c(["、", ", ", "; "])
            b.add(f"{ja}({en}{sep}{acr})" if g.p(0.5) else f"{ja}（{en}{sep}{acr}）")
        elif slot == "EV":
            b.add(g.c(EVENTS))
        elif slot == "CH":
            b.add(g.c(CHIP_WORD))
        else:
            raise ValueError(f"unknown slot {slot!r} in {template!r}")
    b.add(template[pos:])
    return b.text(), b.ents


def generate(n: int, seed: int = 13, table_share: float = 0.1, v2: bool = False,
             ency_share: float = 0.4):
    """``v2``: see the v2 lists above; ``ency_share`` of the records then start
    with an encyclopedia-style sentence."""
    g = Gen(seed, v2=v2)
    out = []
    for i in range(n):
        if v2 and g.p(ency_share):
            tpl = g.c(ENCY_TEMPLATES)
        else:
            tpl = g.c(TABLE_TEMPLATES) if g.p(table_share) else g.c(TEMPLATES)
        text, ents = fill(g, tpl)
        if g.p(0.25):  # two sentences per record now and then
            text2, ents2 = fill(g, g.c(TEMPLATES))
            if text.endswith("|") or text.startswith(("#", "-")):
                text += "\n"
            off = len(text)
            text += text2
            ents += [(s + off, e + off, lab) for s, e, lab in ents2]
        out.append({"id": f"gen:{seed}:{i}", "text": text,
                    "entities": [{"start": s, "end": e, "label": lab, "text": text[s:e]}
                                 for s, e, lab in ents]})
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--v2", action="store_true", help="the v2 data (train_ner.py --gen-v2; not shipped)")
    args = ap.parse_args(argv)
    for rec in generate(args.n, args.seed, v2=args.v2):
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
