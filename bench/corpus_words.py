"""The fixed vocabulary of the synthetic news corpus: topics, event kinds, names, sentence templates."""

from __future__ import annotations

# Topic tags (60); the other ~90 tags are the places events happen in (see corpus_world.py).
TOPICS = (
    "politics", "elections", "parliament", "economy", "inflation", "trade", "jobs", "housing", "energy",
    "oil-and-gas", "renewables", "climate", "environment", "wildlife", "agriculture", "food", "water",
    "health", "hospitals", "public-health", "education", "universities", "science", "space", "technology",
    "artificial-intelligence", "cybersecurity", "telecoms", "transport", "rail", "aviation", "shipping",
    "roads", "cities", "crime", "courts", "policing", "defence", "diplomacy", "migration", "human-rights",
    "labour", "strikes", "business", "banking", "markets", "mining", "manufacturing", "retail", "tourism",
    "culture", "film", "music", "sport", "football", "weather", "floods", "wildfires", "earthquakes",
    "infrastructure",
)

# Event kinds: (noun phrase, topic tags, keywords the coverage repeats, what the key figure counts).
KINDS = (
    ("rail strike", ("rail", "strikes", "labour"), ("drivers", "walkout", "timetable", "pay offer"),
     "commuters"),
    ("budget vote", ("politics", "parliament", "economy"), ("deficit", "spending plan", "tax rise",
     "coalition"), "million in new spending"),
    ("port blockade", ("shipping", "trade", "labour"), ("dockworkers", "containers", "cranes", "cargo"),
     "containers held up"),
    ("river flood", ("floods", "weather", "infrastructure"), ("levees", "evacuation", "rainfall", "sandbags"),
     "residents evacuated"),
    ("wildfire", ("wildfires", "climate", "environment"), ("firefighters", "evacuation", "drought", "smoke"),
     "hectares burned"),
    ("earthquake", ("earthquakes", "infrastructure", "health"), ("aftershocks", "rescue teams", "rubble",
     "magnitude"), "buildings damaged"),
    ("bank merger", ("banking", "business", "markets"), ("shareholders", "regulator", "branches", "takeover"),
     "jobs at stake"),
    ("data breach", ("cybersecurity", "technology", "business"), ("hackers", "passwords", "customer records",
     "ransom"), "accounts exposed"),
    ("hospital strike", ("hospitals", "health", "strikes"), ("nurses", "waiting lists", "shifts",
     "pay award"), "appointments cancelled"),
    ("mine collapse", ("mining", "labour", "infrastructure"), ("shaft", "miners", "safety inspectors",
     "ventilation"), "workers trapped"),
    ("election result", ("elections", "politics", "parliament"), ("turnout", "ballots", "recount", "runoff"),
     "votes counted"),
    ("trade deal", ("trade", "diplomacy", "economy"), ("tariffs", "quotas", "negotiators", "exports"),
     "million in annual exports"),
    ("heatwave", ("weather", "climate", "public-health"), ("temperatures", "cooling centres", "water supply",
     "alerts"), "heat-related calls"),
    ("satellite launch", ("space", "science", "technology"), ("rocket", "orbit", "launch pad", "payload"),
     "kilograms of payload"),
    ("teachers strike", ("education", "strikes", "labour"), ("classrooms", "exams", "union ballot",
     "staffing"), "pupils affected"),
    ("housing plan", ("housing", "cities", "economy"), ("rents", "planning permits", "developers", "tenants"),
     "new homes"),
    ("power outage", ("energy", "infrastructure", "cities"), ("grid operator", "substation", "blackout",
     "generators"), "households without power"),
    ("gas price rise", ("oil-and-gas", "energy", "inflation"), ("tariff cap", "wholesale prices", "pipeline",
     "bills"), "households affected"),
    ("wind farm approval", ("renewables", "energy", "environment"), ("turbines", "offshore site", "grid link",
     "permits"), "megawatts of capacity"),
    ("court ruling", ("courts", "human-rights", "politics"), ("judges", "appeal", "verdict", "constitution"),
     "pages in the judgment"),
    ("police inquiry", ("policing", "crime", "courts"), ("detectives", "arrests", "evidence", "witnesses"),
     "officers assigned"),
    ("border dispute", ("diplomacy", "defence", "migration"), ("checkpoints", "envoys", "patrols",
     "ceasefire"), "troops deployed"),
    ("migrant rescue", ("migration", "human-rights", "shipping"), ("coast guard", "boats", "shelters",
     "asylum claims"), "people rescued"),
    ("factory closure", ("manufacturing", "jobs", "business"), ("assembly line", "redundancies", "suppliers",
     "plant"), "jobs lost"),
    ("airline strike", ("aviation", "strikes", "tourism"), ("pilots", "cancellations", "airport", "holiday"),
     "flights cancelled"),
    ("drought emergency", ("water", "agriculture", "climate"), ("reservoirs", "hosepipe ban", "crops",
     "irrigation"), "farms affected"),
    ("harvest failure", ("agriculture", "food", "inflation"), ("wheat", "grain prices", "farmers", "exports"),
     "tonnes of grain lost"),
    ("stadium plan", ("sport", "football", "cities"), ("club", "supporters", "council vote", "capacity"),
     "seats planned"),
    ("film festival", ("film", "culture", "tourism"), ("premieres", "jury", "red carpet", "audiences"),
     "tickets sold"),
    ("music festival", ("music", "culture", "tourism"), ("headliners", "stages", "organisers", "crowds"),
     "visitors expected"),
    ("vaccine campaign", ("public-health", "health", "science"), ("clinics", "doses", "booster", "uptake"),
     "doses given"),
    ("chip plant", ("technology", "manufacturing", "jobs"), ("semiconductors", "subsidy", "clean rooms",
     "wafers"), "jobs promised"),
    ("ai regulation", ("artificial-intelligence", "technology", "politics"), ("algorithms", "oversight body",
     "fines", "audits"), "companies covered"),
    ("telecom outage", ("telecoms", "technology", "infrastructure"), ("mobile network", "emergency calls",
     "engineers", "fibre"), "customers cut off"),
    ("road toll", ("roads", "transport", "cities"), ("motorists", "congestion charge", "bypass", "traffic"),
     "vehicles a day"),
    ("university funding", ("universities", "education", "economy"), ("tuition fees", "research grants",
     "students", "campus"), "million in grants"),
    ("wildlife survey", ("wildlife", "environment", "science"), ("species", "habitat", "rangers", "census"),
     "animals counted"),
    ("retail slump", ("retail", "economy", "markets"), ("shoppers", "high street", "sales figures", "stores"),
     "stores closing"),
    ("interest rate decision", ("banking", "inflation", "markets"), ("central bank", "borrowing costs",
     "mortgages", "rate setters"), "basis points"),
    ("defence contract", ("defence", "manufacturing", "politics"), ("frigates", "procurement", "shipyard",
     "ministry"), "million in orders"),
)

PLACE_STARTS = ("Mar", "Kel", "Bran", "Tor", "Vel", "Os", "Lin", "Dar", "Hal", "Cor", "Fen", "Ash", "Bel",
                "Mor", "Sel", "Tam", "Ver", "Gal", "Ron", "Ist")
PLACE_ENDS = ("ovia", "mere", "holm", "dale", "ford", "ania", "stad", "wick", "port", "ena", "ara", "berg",
              "ton", "ica", "land")
FIRST_NAMES = (
    "Amara", "Bruno", "Chen", "Dalia", "Elias", "Farah", "Gustav", "Hana", "Ivan", "Jonas", "Kemi", "Lena",
    "Marek", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Samir", "Tilde", "Umar", "Vera", "Wen", "Ximena",
    "Yusuf", "Zora", "Anton", "Beatriz", "Carlos", "Dmitri", "Eva", "Felix", "Greta", "Hugo", "Ines", "Jamal",
    "Katya", "Luis", "Mei", "Nils", "Olga", "Pablo", "Rania", "Sven", "Tomas", "Ulla", "Viktor", "Yara",
)
SURNAMES = (
    "Abara", "Brandt", "Castell", "Dufresne", "Eklund", "Ferraro", "Grieg", "Halvorsen", "Ibarra", "Jansen",
    "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Silva", "Tanaka",
    "Ulrich", "Varga", "Weber", "Yilmaz", "Zeller", "Adeyemi", "Bauer", "Costa", "Dahl", "Eriksen", "Fischer",
    "Garcia", "Horvat", "Ito", "Jovanovic", "Keller", "Lund", "Mendes", "Nakamura", "Ortiz", "Popescu",
    "Renner", "Sato", "Torres", "Urbano", "Vidal", "Wolff", "Zanetti", "Achebe", "Bergstrom", "Chaudhry",
    "Delacroix", "Esposito", "Fontaine", "Gallagher", "Haddad", "Iversen", "Jaramillo", "Kaplan", "Larsen",
    "Mbeki", "Nygaard", "Oyelaran", "Pereira", "Rahman", "Sorensen", "Takahashi", "Valdez", "Whitfield",
    "Yamamoto", "Zielinski", "Moyo", "Novotny", "Ferreira", "Lindgren", "Kruger", "Salazar", "Bianchi",
)
ROLES = ("the minister", "the mayor", "the chief executive", "the union leader", "the spokesperson",
         "the regional governor", "the committee chair", "the director", "the lead investigator",
         "the opposition leader", "the chief economist", "the head of operations")
ORG_KINDS = ("Authority", "Ministry of Transport", "Regional Council", "Workers Union", "Holdings",
             "Development Agency", "Health Service", "Energy Company", "Chamber of Commerce", "Institute")
# Event sites ("the Dorvane Bridge"): a name almost no other event shares, as real events have.
SITE_STARTS = ("Dor", "Ka", "Vel", "Mi", "Tho", "Ra", "Su", "Bel", "Ny", "Qua", "Ze", "Lo", "Ar", "Pe", "Gri",
               "Ul", "Ho", "Sa", "Ti", "Fa")
SITE_ENDS = ("vane", "rith", "lowe", "mont", "drel", "sker", "nath", "bury", "quist", "more", "fell", "gate",
             "wyn", "cott", "vel", "dorn", "lisk", "rane", "thorpe", "mark")
FACILITIES = ("Bridge", "Station", "Reservoir", "Plant", "Terminal", "Hall", "Square", "Depot", "Centre",
              "Works", "Yard", "Estate")
SOURCE_STARTS = ("Daily", "Evening", "Morning", "Northern", "Southern", "Eastern", "Western", "Coastal",
                 "Capital", "Metro", "National", "Global", "City", "Valley", "Harbour", "Highland", "Union",
                 "Continental", "Riverside", "Central")
SOURCE_NOUNS = ("Herald", "Courier", "Post", "Times", "Ledger", "Chronicle", "Gazette", "Observer", "Record",
                "Dispatch", "Tribune", "Sentinel", "Journal", "Review", "Wire", "Bulletin", "Standard",
                "Examiner", "Telegraph", "Mirror")

# Generic vocabulary for the background sentences every article has; shared widely, so it weighs little.
OFFICIALS = ("a government spokesperson", "local officials", "the regional council", "analysts",
             "opposition members", "industry groups", "residents", "economists", "campaigners", "diplomats",
             "business owners", "emergency services", "independent experts", "the auditor", "trade bodies",
             "community leaders", "market watchers", "legal experts", "health officials", "engineers")
# People the coverage quotes once: a name of their own, and what they do ("{voice}").
DESCRIPTORS = ("a shop owner", "a retired teacher", "a nurse", "a local councillor", "a commuter",
               "a researcher at the local university", "a lorry driver", "a student", "a farmer",
               "a union representative", "an engineer", "a pensioner", "a cafe owner", "a parent of two",
               "a taxi driver", "a doctor", "a builder", "a volunteer", "a bus driver", "a pharmacist",
               "a fisherman", "an accountant", "a hotel manager", "a software developer", "a social worker")
GROUPS = ("officials", "analysts", "economists", "campaigners", "diplomats", "engineers", "lawmakers",
          "residents", "investors", "union members", "council members", "experts")
GNOUNS = ("plan", "schedule", "budget", "review", "report", "forecast", "agreement", "proposal", "programme",
          "investigation", "timetable", "framework", "survey", "assessment", "strategy", "reform", "policy",
          "inquiry", "consultation", "deadline", "package", "measure", "scheme", "audit", "settlement",
          "roadmap", "briefing", "statement", "hearing", "response", "overhaul", "compromise", "mandate",
          "bill", "ruling", "tender", "contract", "estimate", "subsidy", "levy", "loan", "grant", "pledge",
          "appeal", "petition", "motion", "charter", "directive", "blueprint", "waiver", "study",
          "panel", "task force", "commission", "ballot", "referendum", "quota", "ceiling", "cap", "ban",
          "moratorium", "freeze", "bailout", "rescue plan", "guideline", "protocol", "treaty", "accord")
GADJS = ("cautious", "significant", "modest", "broader", "temporary", "detailed", "urgent", "independent",
         "long-term", "revised", "limited", "formal", "national", "regional", "fresh", "wider", "initial",
         "careful", "major", "early", "controversial", "ambitious", "costly", "overdue", "vague", "sweeping",
         "bold", "narrow", "binding", "voluntary", "provisional", "comprehensive", "piecemeal", "hasty",
         "unpopular", "welcome", "belated", "substantial", "partial", "unprecedented")
GVERBS = ("review", "delay", "publish", "approve", "question", "extend", "revise", "support", "examine",
          "challenge", "fund", "monitor", "scale back", "speed up", "reconsider", "overturn", "endorse",
          "postpone", "block", "amend", "scrap", "expand", "simplify", "audit", "defend")
TIMEFRAMES = ("by the end of the month", "within weeks", "before the summer", "next year",
              "in the coming days", "by the autumn", "over the next decade", "before the next election",
              "later this year", "within the next quarter")
HEADINGS = ("What happened", "Background", "Reaction", "What comes next", "The numbers", "Local impact",
            "How we got here", "Why it matters", "The response", "Questions remain", "On the ground",
            "The wider picture")
LINK_TEXTS = ("a statement", "the full report", "official figures", "an earlier report", "the announcement",
              "published data", "the court documents", "a briefing note")

# Headlines: the event and its actors; {Noun} is the event noun in title case.
HEADLINES = (
    "{Place} {Noun} Leaves {Figure} {Unit}",
    "{Person} Responds as {Place} {Noun} Deepens",
    "{Org} Faces Questions Over {Place} {Noun}",
    "{Noun} in {Place}: {Person} Promises Action on {Kw}",
    "{Place} Braces for More Disruption After {Noun}",
    "What the {Place} {Noun} Means for {Kw}",
    "{Person} Says {Org} Will Act on {Kw} After {Noun}",
    "{Noun} Hits {Place} as {Kw} Concerns Grow",
    "{Place} Officials Defend Handling of {Noun}",
    "{Org} Under Pressure as {Noun} Continues",
)

# Facts of one event, phrased once per event so that different sources repeat (corroborate) them.
FACTS = (
    "The {noun} began at {site} in {place} on {weekday}, {date}, according to {org}.",
    "{person}, {role}, said the events at {site} had affected {figure} {unit} by {weekday} evening.",
    "{org} said it would publish a full account of what happened at {site} {timeframe}.",
    "Officials in {place} put the number of {unit} at {figure}, up from an earlier estimate.",
    "{person} told reporters that concerns about {site} had been raised with {org} months earlier.",
    "The {org} called an emergency meeting on {weekday} with {person} and {person2}.",
    "{person2} said the response at {site} had been too slow.",
    "It is the largest event of its kind in {place} since {year}, records show.",
    "{org} estimated the cost of the damage and delays at {money} million.",
    "{person2}, {role2}, called for an independent review of the {kw}.",
    "Talks between {org} and {person2} are due to resume on {weekday2}.",
    "Near {site}, the {kw} remained the main concern for {person2}.",
)

# Background sentences; some name the event's site or people, and {voice} quotes someone once.
FILLERS = (
    "{Official} said the {gadj} {gnoun} would be reviewed {timeframe}.",
    "The {gnoun} is expected to {gverb} several earlier decisions, {official} said.",
    "{Official} described the situation around {site} as {gadj} but stable.",
    "Few details of the {gnoun} for {site} had been made public by {weekday}.",
    "It was not immediately clear how the {gnoun} would affect {unit}.",
    "{Official} urged the authorities to {gverb} the {gnoun} {timeframe}.",
    "{A_gadj} {gnoun} published last year had warned of similar risks.",
    "The {org} did not respond to a request for comment on the {gnoun}.",
    "{person} has faced criticism over the {gnoun} in recent months.",
    "Several {officials} said they expected {a_gadj} {gnoun} {timeframe}.",
    "The future of {site} has been a source of tension for years.",
    "Earlier this year, {official} called for {a_gadj} {gnoun} of the {kw}.",
    "Supporters of the {gnoun} say it will bring {gadj} benefits to the area around {site}.",
    "Critics argue the {gnoun} does too little for {site}.",
    "The figures could still change as more information becomes available, {official} cautioned.",
    "Neither side has said publicly what {a_gadj} {gnoun} would look like.",
    "{Official} will {gverb} the {gnoun} at a meeting {timeframe}.",
    "Questions about {site} are likely to dominate the next session of the council.",
    "The {gadj} {gnoun} was first proposed in {year} but never adopted.",
    "People living near {site} said they had heard little from {org} about the {gnoun}.",
    "The {gnoun} follows {a_gadj} {gnoun2} that was abandoned in {year}.",
    "{Official} warned that any {gadj} {gnoun} would take time to show results.",
    "For now, {site} remains at the centre of the debate.",
    "The {org} has promised to {gverb} its {gnoun} {timeframe}.",
    "Local businesses near {site} reported {a_gadj} drop in trade during the week.",
    "The {gnoun} will be discussed again when {officials} meet {timeframe}.",
    "According to {official}, the {gnoun} had been under discussion since {year}.",
    "Some {officials} questioned whether the {gnoun} could be delivered {timeframe}.",
    "The latest {gnoun} comes after {a_gadj} year for {person}.",
    "{person} is expected to set out {a_gadj} {gnoun} {timeframe}.",
    "“We were not told anything until it was too late,” said {voice}.",
    "{Voice}, said the {gnoun} had come as a surprise to most people.",
    "“Nobody has explained what happens now,” said {voice}.",
    "{Voice}, said people had been waiting for news since {weekday}.",
    "“I have lived here for {small} years and never seen anything like this,” said {voice}.",
    "{Voice}, said neighbours had started to organise help themselves.",
    "“We just want a straight answer,” {voice}, told the {source}.",
    "{Voice}, described the past few days as exhausting.",
    "Like many others, {voice}, has been following the news closely.",
    "{Voice}, said the {gnoun} left too many questions unanswered.",
)

# Quotes: one per article, set apart as a block quote.
QUOTES = (
    "We will not accept a {gnoun} that ignores the people around {site}, and we said so from the start.",
    "The people of {place} deserve clear answers, and they deserve them now.",
    "This is {a_gadj} moment, and the {org} intends to act {timeframe}.",
    "Nobody wanted this, but we have to deal with the situation as it is, not as we wish it were.",
)

LIST_ITEMS = (
    "{figure} {unit}, according to {org}",
    "{A_gadj} {gnoun} of the {kw} is due {timeframe}",
    "{person} to appear before the committee on {weekday2}",
    "The {org} has set aside {money} million",
    "Further updates expected {timeframe}",
    "Residents near {site} told to follow official advice",
)
