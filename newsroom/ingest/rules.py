"""Boilerplate and metadata rules as data: patterns plus the shape and position a line must have."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where a rule may fire: anywhere, or only at an edge of the article's main text (peeled off its
# start or end), where the same words in the middle of the prose would be the article's own.
ANYWHERE = "anywhere"
EDGE = "edge"


@dataclass(frozen=True)
class LineRule:
    """One boilerplate rule: a named pattern and the shape a matching line must have."""

    name: str  # the reason shown by `ingest --explain`
    pattern: re.Pattern[str]  # searched in the cleaned line, case-insensitively
    max_words: int = 12  # longer lines are prose that merely uses the words
    where: str = ANYWHERE
    # "links": the link-like lines after it go too; "note": one paragraph after it and the short lines
    # around it; "caption": the next line, unless it is prose; "tail": everything after it.
    starts_block: str | None = None
    requires: tuple[re.Pattern[str], ...] = ()  # further patterns that must all be found too

    def matches(self, text: str, words: int) -> bool:
        """True when the line has this rule's words and shape."""
        return (words <= self.max_words and self.pattern.search(text) is not None
                and all(p.search(text) for p in self.requires))


def rule(name: str, regex: str, max_words: int = 12, where: str = ANYWHERE,
         starts_block: str | None = None, requires: tuple[str, ...] = ()) -> LineRule:
    """Build a LineRule from case-insensitive regular expressions."""
    return LineRule(name, re.compile(regex, re.IGNORECASE), max_words, where, starts_block,
                    tuple(re.compile(r, re.IGNORECASE) for r in requires))


READER = r"\b(?:you|your|we|our|us)\b"
CONSENT = (r"\b(?:consent|accept|agree|polic(?:y|ies)|settings|preferences|brows|continu|staying|experience|"
           r"use of|we use|uses|analytics|personali[sz]|third[- ]part|track)")
SHARE_SITES = (r"facebook|twitter|x|linkedin|whatsapp|messenger|telegram|reddit|pinterest|tumblr|email|e-mail"
               r"|print|copy link|copy|flipboard|pocket|sms|threads|bluesky|mastodon|instagram|youtube"
               r"|tiktok")
LANGUAGES = (r"english|español|espanol|français|francais|deutsch|italiano|português|portugues|polski|русский"
             r"|українська|nederlands|svenska|türkçe|中文|日本語|한국어|العربية|עברית|हिन्दी|ελληνικά|čeština")

# Order matters only for the reason shown: the first rule that matches names the line.
LINE_RULES: tuple[LineRule, ...] = (
    # Labels whose value is missing ("Publication date" with no date).
    rule("empty_label", r"^(?:publication date|published(?: on)?|date(?: published)?|posted(?: on| by)?|"
         r"updated(?: on)?|last updated|author|authors|written by|by|source|sources|tags?|topics?|"
         r"categor(?:y|ies)|filed under|section|reading time|min read|\d+ min(?:ute)?s? read)\s*:?$"),
    # Cookie and consent notices address the reader about cookies, tracking or privacy choices.
    rule("cookie_notice", r"\bcookies?\b", max_words=70, requires=(READER, CONSENT)),
    rule("cookie_notice", r"^(?:accept|reject|allow|decline)(?: all| necessary| essential)?(?: cookies)?$"
         r"|^(?:manage|customi[sz]e|cookie|privacy) (?:settings|preferences|options|choices)$"
         r"|^(?:i agree|i accept|got it|ok, ?got it|agree and close)[.!]?$"),
    rule("cookie_notice", r"\b(?:privacy|cookie) (?:policy|notice|statement)\b", max_words=8, where=EDGE),
    # Language switchers offer the page in another language or edition.
    rule("language_switcher", r"\b(?:version|edition) of (?:our|this|the) (?:web ?site|site|page)\b"
         r"|\bwould you like to switch\b|\bswitch to (?:the )?\w+ (?:version|edition|site)\b"
         r"|^(?:select|choose|change) (?:your |a )?(?:language|region|edition|country)\b", max_words=40),
    rule("language_switcher", rf"^(?:{LANGUAGES})(?:\s*[|/·•,]?\s*(?:{LANGUAGES}))*$"),
    # Comment widgets: counters, prompts to join, forms and their field labels.
    rule("comments_widget", r"^(?:\d+\s+)?comments?(?:\s*\(\d+\))?:?$|^(?:show|view|load|read|hide|add|post)"
         r" (?:all |more |the )?(?:\d+ )?comments?\b|^(?:leave|post|write|add) a (?:reply|comment)\b"
         r"|^comments are (?:closed|open)|^(?:no|\d+) (?:comments?|responses?|replies)(?: yet)?\b"
         r"|^(?:be the first to (?:comment|share|reply|review))|^join the (?:discussion|conversation"
         r"|debate)\b"
         r"|^(?:sign|log) ?in to (?:comment|reply|share|join|post)|^you must be logged in to post"
         r"|\byour email address will not be published\b|^required fields are marked"
         r"|^notify me of (?:new|follow-up)|^save my name, email|^what do you think\?$"
         r"|^(?:reply|report|like|share your thoughts)$", max_words=20,
         starts_block="tail"),
    # Share and subscribe prompts, social links, app and newsletter pitches.
    rule("share_prompt", rf"^(?:share|tweet|pin|email|post)(?: this| the)?(?: article| story| post| page)?"
         rf"(?: on| via| with| to)?\s*(?:{SHARE_SITES})?\s*:?$"
         rf"|^(?:share|click to share|opens?) (?:on|in|to|via) (?:{SHARE_SITES})\b"
         rf"|^(?:{SHARE_SITES})$|^follow us(?: on \w+)?\b|\bopens? in (?:a )?new (?:window|tab)\b"
         r"|^(?:these are external links|share this with)\b", max_words=14),
    rule("subscribe_prompt", r"^(?:subscribe|sign up|signup|register|join)\b.{0,60}\b(?:newsletter|"
         r"updates|inbox|alerts|free|now|today|daily|weekly|digest|briefing)\b|\bin your inbox\b"
         r"|^(?:enter your email|your email address)\b|^(?:subscribe|sign up|newsletter)(?: now)?[.!]?$"
         r"|\bdownload (?:our|the) (?:free )?app\b|^get (?:the|our) (?:latest|best|top)\b.*\b(?:news|stories)"
         r"|\bsupport (?:our|independent) journalism\b|^already (?:a subscriber|have an account)",
         max_words=30),
    # Calls to action addressed to the reader: subscribe, sign in, donate, follow, pay-wall notices.
    rule("reader_prompt", r"\b(?:subscribe|subscriptions?|subscribers?|newsletters?|sign(?:ing)? up|sign in"
         r"|log in|donate|donation|membership|inbox|notifications|(?:news|email|our|breaking) alerts"
         r"|becom(?:e|ing) a (?:member|subscriber|supporter))\b", max_words=45,
         # addressed to the reader, or a sentence that starts with a call to act
         requires=(r"\b(?:you|your|you're|please)\b|(?:^|[.!?]\s+)(?:get|join|enter|sign|subscribe|support"
                   r"|follow|click|tap|download|register|become|never miss|receive|send me)\b",)),
    rule("reader_prompt", rf"^follow\b.{{0,80}}\b(?:{SHARE_SITES})\b", max_words=40),
    rule("comments_widget", r"\bcomments?\b", max_words=45,
         requires=(r"\b(?:moderat\w*|civil|guidelines|policy|abusive|libel\w*|off-topic|community standards|"
                   r"publish\w*|submit\w*|posting)\b", r"\b(?:we|you|your|please)\b")),
    rule("legal_footer", r"\b(?:some|all) rights reserved\b|\bterms (?:of (?:use|service)|and conditions)\b"
         r".*\bprivacy\b", max_words=80),
    # Disclosures and notices about the site rather than the story.
    rule("disclosure", r"\baffiliate (?:commission|links?|program|partner)|\bwe (?:may )?(?:earn"
                       r"|receive) (?:a )?"
         r"(?:small )?(?:commission|compensation)|\bsupported by (?:its|our) (?:audience|readers)|"
         r"\bamazon (?:services )?(?:llc )?associates?\b|\b(?:advertising|affiliate) disclosure\b"
         r"|^disclaimer\b|"
         r"\bthis (?:post|article|page) (?:may )?contains? (?:affiliate )?(?:links|references to products)|"
         r"^our standards:|\bis not responsible for (?:the )?(?:opinions|views|statements|content)\b"
         r"|\b(?:views|opinions) expressed (?:here|in this \w+|by (?:the )?"
         r"(?:authors?|contributors?|writers?))\b",
         max_words=90),
    rule("browser_notice", r"\b(?:your|this) browser\b|\bbrowser version\b|\benable javascript\b|"
         r"\bjavascript (?:is )?(?:disabled|required)\b", max_words=60,
         requires=(r"\b(?:support|update|upgrade|enable|disabled|required|switch|best experience"
                   r"|outdated)",)),
    rule("tag_list", r"^(?:filed under|tagged(?: with)?|tags|topics|categories|related topics)\s*:?\s*\S",
         max_words=25, requires=(r"^(?!.*[.!?]\s+[A-Z])",)),
    rule("teaser_link", r"^(?:read|see|watch|listen|more|also read|related|recommended|read next|read also|"
         r"opinion|analysis|explainer|factbox|live|video)(?: more| also| next| now)?\s*[:"
         r"|]\s*\S", max_words=25),
    # A video player's label; the short line under it is the video's title, not the article's heading.
    rule("video_label", r"^(?:watch|play)(?: the)? video\b|^video\s*\d{1,2}:\d{2}$|^\d{1,2}:\d{2}$",
         starts_block="caption"),
    rule("photo_credit", r"(?:\s|\()[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}\s?/\s?(?:Reuters|AP|AFP"
                         r"|Getty Images|"
         r"Getty|EPA(?:-EFE)?|Bloomberg|Shutterstock|Alamy|Xinhua|Anadolu|Pool|File)\b|"
         r"\((?:photo|image|picture|credit)s?(?: by| credit)?:? [^)]{2,60}\)\.?$", max_words=70),
    rule("reader_prompt", r"\bdownload\b.{0,50}\bapps?\b|^stay (?:up[- ]to[- ]date|informed|in touch"
                          r"|connected|"
         r"tuned)\b|\bletters? to the editor\b.*\b(?:submit|write|send)\b|\b(?:submit|write"
         r"|send)\b.*\bletters? to "
         r"the editor\b", max_words=45),
    # Author notes after the story: "Jane Doe is a senior writer for ...", "Jane Doe writes about ...".
    rule("author_bio", r"^(?:about the author:?\s*)?[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3},? (?:is|was"
                       r"|has been) "
         r"(?:a|an|the)\b[^.]{0,80}\b(?:writer|editor|reporter|journalist|correspondent|columnist"
         r"|contributor|"
         r"professor|founder|co-founder|author|expert|consultant|developer|analyst|blogger|producer|"
         r"photographer|fellow|director|researcher)\b|^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} (?:writes"
         r"|covers|"
         r"reports|has (?:covered|written|worked|reported))\b", max_words=90, where=EDGE),
    rule("author_bio", r"^about the (?:author|writer|reporter)s?\b[:.]?$", starts_block="note"),
    rule("author_bio", r"^about the author\b|^(?:more|articles|posts|stories) (?:by|from) (?:the "
                       r"|this )?author\b"),
    # "Popular/related posts" headers: the teaser links that follow them go too.
    rule("related_posts", r"^(?:popular|related|recommended|trending|latest|recent|top|more|most "
         r"(?:read|popular|viewed|shared)|editor'?s? picks?)(?: \w+){0,3}? (?:posts?|stories|articles?|news|"
         r"reads?|content|videos?|links|from [\w .'&-]{1,40}|in [\w .'&-]{1,30}|on [\w .'&-]{1,30})\b[:.]?$"
         r"|^(?:you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|read (?:next|more|also)|see also|"
         r"further reading|also read|related|recommended(?: for you)?|more to explore|don'?t miss|"
         r"also on [\w .'&-]{1,40}|in case you missed it|most read|trending now|what to read next"
         r"|keep reading|explore further|"
         r"related (?:coverage|content|reading|topics|links|videos?)|more (?:coverage|on this story)"
         # "DW recommends", "We recommend"; not a heading such as "What the panel recommends"
         r"|(?!(?:what|how|why|who|which|the|this|it)\b)(?:[\w.&'’-]+ ){1,2}recommends?)[:.!]?$",
         max_words=8, starts_block="links"),
    # Navigation: breadcrumbs, skip links, menus and page furniture.
    rule("breadcrumbs", r"^(?:[^.!?>»›|]{1,40}\s?[>»›]\s?)+[^.!?>»›|]{1,40}$"
         r"|^(?:[^.!?|/]{1,30}\s[|/]\s){2,}[^.!?|/]{1,30}$", max_words=14),
    rule("navigation", r"^(?:skip to (?:main )?(?:content|navigation)|toggle navigation|main menu|menu|"
         r"search|close|open|home|back to top|go to top|next|previous|next (?:article|post|story)|"
         r"previous (?:article|post|story)|sign in|log ?in|log ?out|my account|sign out|loading\.*|"
         r"accessibility links|jump to|continue reading|read more|show more|see more|load more|view all|"
         r"see all|more|print|listen(?: to (?:this|the) article)?|font size|a\+|a-|contact us|about us|"
         r"terms(?: of (?:use|service))?|privacy|sitemap|rss|faq|help|careers|advertise(?: with us)?|"
         r"newsletters?|podcasts?|videos?|photos?|live|watch|subscribe|register|donate)[.:]?$"),
    rule("advertising", r"^(?:advertisement|advertising|ad|ads|sponsored(?: content)?|promoted|"
         r"paid (?:content|partner)|story continues below(?: advertisement)?|article continues below"
         r"(?: advertisement)?|continue reading below|scroll to (?:continue|read))[.:]?$"),
    rule("legal_footer", r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b", max_words=30),
    # Photo and video credits and caption labels.
    rule("photo_credit", r"^(?:photo|image|picture|photograph|illustration|video|graphic|credit|source)s?"
         r"(?: credit| by| courtesy)?\s*[:/|]|\b(?:getty images|shutterstock|istock(?:photo)?|ap photo|"
         r"afp via getty|reuters/|epa-efe|alamy)\b|\((?:photo|image|picture)[^)]*\)$"
         r"|^(?:photo|image|picture|video)s? (?:by|courtesy of|credit)\b", max_words=16),
)

# Short words that carry grammar, not topic: prose is full of them, menus and headlines are not.
FUNCTION_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me more
most my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves said says say may might must shall upon however although
though whether yet since already still even also many much would
""".split())

# Small words that stay lower-case in Title Case headings.
MINOR_WORDS = frozenset("a an and as at but by for from in into nor of on or per the to vs via with".split())

# List markers a dump uses for bullet lines; the item text follows.
LIST_MARKER = re.compile(r"^(?:[•·▪▫◦‣⁃●○■□►▶➤✓✔☐☑\-–—*+]|(?P<number>\d{1,3})[.)])\s+(?=\S)")
# Lines that only separate: dashes, rules, asterisks, bullets or dots alone.
SEPARATOR = re.compile(r"^[\s\-–—_=*•·~#.|/\\+<>]+$")

# Metadata lines. Each pattern captures the value in the group "value".
SOURCE_LINE = (
    re.compile(r"^(?:source|sources|via|from|originally published (?:by|in|on|at))\s*[:"
               r"|]\s*(?P<value>.{2,80})$",
               re.IGNORECASE),
    re.compile(r"^(?:this|the) (?:article|story|report|post|piece) (?:is|was) (?:written|prepared|produced|"
               r"brought to you|published|provided|created) by (?:the (?:team|staff|editors"
               r"|newsroom) (?:of|at) )?"
               r"(?P<value>.{2,80}?)[.!]?$", re.IGNORECASE),
    re.compile(r"^(?:written|prepared|produced|published) by the (?:team|staff|editors|newsroom) (?:of|at) "
               r"(?P<value>.{2,80}?)[.!]?$", re.IGNORECASE),
)
BYLINE = re.compile(r"^(?:by|written by|words by|reporting by|story by|text by"
                    r"|author:)\s+(?P<value>[^\d]{2,120}?)"
                    r"(?:,?\s+(?:published|posted|updated|on)\b.*|\s*[|•·]\s*.*\d.*)?$", re.IGNORECASE)
# "By Jane Doe, Reuters" / "By Jane Doe | CNN": a byline that also names the outlet.
BYLINE_OUTLET = re.compile(r"\s*(?:,|\||—|–| - | for | of )\s*")
DATE_LABEL = re.compile(r"^(?:(?P<label>published|posted|publication date|date|first published|updated|"
                        r"last updated|last modified|modified)(?: on"
                        r"| at)?\s*:?\s*)?(?P<value>.+)$", re.IGNORECASE)
UPDATED_LABELS = frozenset({"updated", "last updated", "last modified", "modified"})

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: n for m, n in list(MONTHS.items())})
MONTHS["sept"] = 9
MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
         r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
TIME = r"(?:\s*(?:,|at|-|–|\||•|·)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?"
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"(?P<year>\d{4})"
DATE_FORMS = (
    re.compile(rf"^{WEEKDAY}{MONTH}\s+{DAY},?\s+{YEAR}{TIME}$", re.I),
    re.compile(rf"^{WEEKDAY}{DAY}\s+{MONTH},?\s+{YEAR}{TIME}$", re.I),
    re.compile(rf"^{YEAR}-(?P<mnum>\d{{2}})-(?P<day>\d{{2}})(?:[T ]\d{{2}}:\d{{2}}\S*)?{TIME}$", re.I),
)

# "apnews.com reported, The ..." / "Reuters noted, The ...": an outlet glued before a sentence.
# A named speaker before a quotation ("The minister said, “We ...”") is the article's own sentence, so
# after a name only an unquoted capital may follow; after a domain name, a quotation may too.
ATTRIBUTION_VERBS = (r"(?:reported|reports|noted|notes|said|says|wrote|writes|added|adds|stated|states"
                     r"|observed|highlighted|explained|claimed|confirmed|announced)\s*[,:]\s+")
ATTRIBUTION = re.compile(
    rf"^(?:(?:[a-z0-9-]+\.)+[a-z]{{2,}}\s+{ATTRIBUTION_VERBS}(?=[A-Z\"“‘'])"
    rf"|(?:[A-Z][\w&'.-]*\s){{0,3}}[A-Z][\w&'.-]*\s+{ATTRIBUTION_VERBS}(?=[A-Z]))")

# "Historical Context: The relationship ..." - a Title Case lead-in that names a section.
SECTION_LEAD_IN = re.compile(r"^(?P<head>[A-Z0-9][^:.!?;,\"“”]{2,80}?):\s+(?P<rest>[A-Z\"“‘'0-9].*)$")
