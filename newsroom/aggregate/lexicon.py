"""Word lists the aggregate stage reads as data: stop words, synonyms, places, aliases, cues."""

from __future__ import annotations

# Function words and newsroom filler: they say nothing about what a sentence reports.
STOP_WORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also although
    always am among amongst an and another any anyone anything anyway anywhere are around as at be
    became because become becomes been before being below beside besides between beyond both but by
    can cannot could did do does doing done down during each eg else elsewhere enough etc even ever
    every everyone everything except few for former formerly from further had has have having he her
    here hers herself him himself his how however i ie if in indeed into is it its itself just last
    latter least less made many may me meanwhile might mine more moreover most mostly much must my
    myself namely neither never nevertheless next no nobody none noone nor not nothing now nowhere of
    off often on once one only onto or other others otherwise our ours ourselves out over own per
    perhaps please quite rather re same seem seemed seems several she should since so some somehow
    someone something sometime sometimes somewhere still such than that the their theirs them
    themselves then thence there thereafter thereby therefore therein thereupon these they this those
    though through throughout thru thus to together too toward towards under until up upon us very via
    was we well were what whatever when whence whenever where whereas whereby wherein whether which
    while whither who whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves s t don didn doesn isn wasn weren won wouldn couldn shouldn
    according said says say saying told tell tells reported reports report noted notes stated states
    added adds claimed claims believes believe cited ask asked like also including include includes
    included new today yesterday tomorrow week weeks day days year years month months time times
    mr mrs ms dr one two three four five six seven eight nine ten first second third
    """.split()
)

# Number words fold into digits so "24 years" and "twenty-four years" compare equal.
NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "hundred": "100",
    "thousand": "1000",
    "million": "1000000",
    "billion": "1000000000",
    "first": "1st",
    "second": "2nd",
    "third": "3rd",
}

# Words that report the same thing in news prose; each group folds to its first word.
SYNONYM_GROUPS = (
    "assistance aid support help protection defense defence backing",
    "agreement pact treaty deal accord contract",
    "attack aggression invasion assault",
    "mutual either each reciprocal",
    "country nation",
    "sign conclude ink",
    "weapon weaponry arms munition ammunition shell",
    "gift present gave give presented",
    "visit trip travel",
    "strongest firmest powerful strong firm",
    "alliance bond link",
    "limousine car",
    "dagger sword",
    "painting artwork portrait picture image",
    "soldier troop",
    "sanction embargo",
    "condemn criticize denounce",
    "talk negotiation",
    "cooperation collaboration",
)

# Countries, capitals and regions: a capitalized name found here is a place.
PLACES = """
Afghanistan|Albania|Algeria|Argentina|Armenia|Australia|Austria|Azerbaijan|Bangladesh|Belarus|Belgium|
Bolivia|Bosnia|Brazil|Bulgaria|Cambodia|Canada|Chile|China|Colombia|Croatia|Cuba|Cyprus|Czech Republic|
Denmark|Egypt|Estonia|Ethiopia|Finland|France|Georgia|Germany|Greece|Hungary|Iceland|India|Indonesia|
Iran|Iraq|Ireland|Israel|Italy|Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|
Lebanon|Libya|Lithuania|Malaysia|Mexico|Moldova|Mongolia|Morocco|Myanmar|Nepal|Netherlands|New Zealand|
Nigeria|North Korea|Norway|Pakistan|Palestine|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|
Saudi Arabia|Serbia|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|Spain|Sri Lanka|Sudan|
Sweden|Switzerland|Syria|Taiwan|Tajikistan|Thailand|Turkey|Turkmenistan|Ukraine|United Arab Emirates|
United Kingdom|United States|Uzbekistan|Venezuela|Vietnam|Yemen|Soviet Union|Gaza|Crimea|Donbas|
Abu Dhabi|Amsterdam|Ankara|Athens|Baghdad|Bangkok|Beijing|Beirut|Berlin|Brussels|Budapest|Cairo|
Damascus|Delhi|New Delhi|Doha|Dubai|Geneva|Hanoi|Havana|Helsinki|Hong Kong|Islamabad|Istanbul|Jakarta|
Jerusalem|Kabul|Kharkiv|Kyiv|Kiev|Lisbon|London|Madrid|Manila|Minsk|Moscow|Mumbai|Nairobi|New York|
Oslo|Ottawa|Panmunjom|Paris|Prague|Pyongyang|Riyadh|Rome|Seoul|Shanghai|Singapore|Stockholm|Sydney|
Taipei|Tehran|Tokyo|Vienna|Vladivostok|Warsaw|Washington|Avdiivka|Belgorod|Sochi|Hiroshima|
Africa|Asia|Europe|East Asia|Southeast Asia|Central Asia|Middle East|Indo-Pacific|Korean Peninsula|
Latin America|North America|South America|Arctic|Pacific|Atlantic|Balkans|Caucasus|Siberia|Kursk
"""

# Organizations known by name alone (no cue word in them).
ORGANIZATIONS = """
United Nations|NATO|European Union|Kremlin|Pentagon|White House|Reuters|TASS|Yonhap|CNN|BBC|
Chatham House|Interpol|OPEC|IAEA|WHO|IMF|World Bank|G7|G20|BRICS|ASEAN|Hamas|Hezbollah|Taliban|
New York Times|Washington Post|Wall Street Journal|Associated Press|AP News|Financial Times|Al Jazeera|
"""

# Built-in variants: canonical name -> other ways the press writes it (config.yaml adds more).
DEFAULT_ALIASES: dict[str, tuple[str, ...]] = {
    "North Korea": ("DPRK", "Democratic People's Republic of Korea", "N Korea"),
    "South Korea": ("ROK", "Republic of Korea", "S Korea"),
    "Russia": ("Russian Federation", "RF"),
    "United States": ("US", "USA", "United States of America", "America"),
    "United Kingdom": ("UK", "Britain", "Great Britain"),
    "United Nations": ("UN",),
    "Soviet Union": ("USSR",),
    "European Union": ("EU",),
    "China": ("People's Republic of China", "PRC"),
    "Kyiv": ("Kiev",),
    "Vietnam": ("Viet Nam",),
}

# Adjectives of nationality: a mention of the place they name.
DEMONYMS: dict[str, str] = {
    "Russian": "Russia",
    "North Korean": "North Korea",
    "South Korean": "South Korea",
    "American": "United States",
    "Chinese": "China",
    "Japanese": "Japan",
    "Ukrainian": "Ukraine",
    "British": "United Kingdom",
    "French": "France",
    "German": "Germany",
    "Iranian": "Iran",
    "Vietnamese": "Vietnam",
    "Indian": "India",
    "Israeli": "Israel",
    "Syrian": "Syria",
    "Belarusian": "Belarus",
    "Polish": "Poland",
    "Turkish": "Turkey",
    "Italian": "Italy",
    "Soviet": "Soviet Union",
}

# Words naming a role: the capitalized words after them are a person's name.
PERSON_TITLES = frozenset(
    """
    president presidents leader leaders minister ministers secretary secretarygeneral chancellor premier
    king queen prince princess dictator dictators spokesman spokeswoman spokesperson ambassador envoy
    senator governor mayor chairman chairwoman chair director chief commander general pope sheikh emir
    sister brother father mother son daughter wife husband analyst expert head representative
    mr mrs ms dr prof sir lord lady colonel admiral marshal officer lawmaker
    """.split()
)

# Capitalized words that only qualify a role ("Defense Minister", "Secretary of State").
ROLE_WORDS = frozenset(
    """
    defense defence foreign prime vice deputy general state interior finance home acting supreme former
    affairs of the and for first national security executive chief
    """.split()
)

# Verbs that follow a person's name in reporting prose.
SPEECH_VERBS = frozenset(
    """
    said says told added noted stated warned claimed stressed emphasized emphasised criticized criticised
    voiced promised thanked described expressed believes believed suggested argued insisted urged
    announced wrote replied explained confirmed denied met visited arrived traveled travelled signed
    """.split()
)

# Words that make a capitalized run an organization.
ORG_CUES = frozenset(
    """
    ministry council agency institute institution party news center centre department committee
    commission organization organisation bank university times post journal guardian group forces army
    navy office court parliament assembly congress senate foundation association union federation
    corporation company inc ltd corp press service services fund alliance network
    """.split()
)

# Capitalized runs ending in these words are events or periods, not entities.
EVENT_CUES = frozenset("war wars summit games olympics cup era age revolution crisis day week".split())

# Capitalized words that are never entities on their own (weekdays, months, headline words).
NOT_NAMES = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december i we you he she it they this that these those there the
    a an in on at of for to and but or as if while when where after before during since with by from
    according however meanwhile also then thus yet still both either neither several many some all
    western eastern northern southern communist cold second world points attention details
    """.split()
)
