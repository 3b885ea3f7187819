# The default theme's words in English. Keys are shared by every language's catalogue
# (strings/<language>.ftl); a site overrides any of them in site.toml, under [strings] for
# its default language and [languages.<code>.strings] for another (see docs/i18n.md).
# Values are Project Fluent messages: `{ $name }` inserts an argument the template passes,
# and `{ $count -> [one] … *[other] … }` picks the plural form by CLDR rules.

## Header, navigation and footer
skip-to-content = Skip to main content
call-phone = Call { $phone }
nav-main = Main
home = Home
breadcrumb = Breadcrumb
language-switcher = Language
language-not-translated = This page is not available in { $language }: the link goes to the home page in { $language }.
in-language-en = (in English)
in-language-es = (in Spanish)
search-label = Search the site
search-placeholder = Search
search-button = Search
phone-label = Phone:
email-label = Email:
hours-label = Hours:

## Pages of a list
page-of-title = Page { $current } of { $total }
page-of = page { $current } of { $total }
pages = Pages
pages-of = Pages of { $name }
previous = Previous
next = Next
page-word = page
page-number = Page { $number }
nothing-yet = Nothing here yet.
topics-in = Topics in { $name }

## Articles
byline = By
published = Published
last-updated = Last updated
reading-time = { $minutes } min read
reviewed-by = Medically reviewed by
reviewed-on = on
on-this-page = On this page
references = References
treatments-in-article = Treatments discussed in this article
conditions-in-article = Conditions discussed in this article
related-articles = Related articles
article-count = { $count ->
    [one] { $count } article
   *[other] { $count } articles
}
treatment-count = { $count ->
    [one] { $count } treatment
   *[other] { $count } treatments
}
newest-first-back-to = newest first. Back to

## Home page
directions = Directions
directions-to = to { $clinic }
opening-hours = Opening hours
# One line of opening hours: "Monday to Friday: 8 AM to 6 PM" (days and times from CLDR).
hours-days = { $from } to { $to }
hours-times = { $from } to { $to }
hours-line = { $days }: { $times }
treatments-we-explain = Treatments we explain
compare-all-therapies = Compare all therapies and procedures
latest-articles = Latest articles

## Therapies and conditions
kind-therapy = Therapy
kind-procedure = Procedure
therapy-group-therapy = Therapies
therapy-group-procedure = Procedures
invasiveness-non-invasive = Non invasive
invasiveness-minimally-invasive = Minimally invasive
invasiveness-surgical = Surgical
compare-options = Compare the options
compare-caption = Every therapy and procedure at a glance
column-name = Name
column-kind = Kind
column-invasiveness = Invasiveness
column-recovery = Typical recovery
also-known-as = Also known as
also-known-as-colon = Also known as:
invasiveness = Invasiveness
typical-recovery = Typical recovery
recovery = Recovery: { $recovery }
conditions-used-for = Conditions it is used for
often-discussed-together = Often discussed together
condition = Condition
part-of-spine = Part of the spine
region-cervical = cervical
region-thoracic = thoracic
region-lumbar = lumbar
region-sacral = sacral
region-group-cervical = Neck (cervical spine)
region-group-thoracic = Upper and middle back (thoracic spine)
region-group-lumbar = Lower back (lumbar spine)
region-group-sacral = Base of the spine (sacrum)
region-group-other = Other conditions
common-symptoms = Common symptoms
treatments = Treatments
least-to-most-invasive = From the least to the most invasive.
no-treatments-yet = No treatment pages name this condition yet.
articles-about = Articles about { $topic }
all-articles-about = All { $count } articles about { $topic }
no-articles-yet = No articles discuss this yet.

## Authors and full lists of articles
more-about = More about { $name }
articles-by = Articles by { $name }
all-articles-by = All { $count } articles by { $name }
articles-reviewed-by = Articles medically reviewed by { $name }
all-articles-reviewed-by = All { $count } articles reviewed by { $name }
list-reviewed-by = Articles reviewed by { $name }
list-description = { $title }, newest first.
no-articles-published = No published articles yet.

## Callouts in articles (> [!NOTE] and the like; > [!URGENT] takes seek-urgent-care)
callout-note = Note
callout-tip = Tip
callout-important = Important
callout-warning = Warning
callout-caution = Caution

## Call to action and urgent care
book-online = Book online
seek-urgent-care = Seek urgent care
urgent-intro = Get medical help the same day if you have any of these:
urgent-call = For advice the same day, call us at

## Search
search-title = Search
search-kinds = Show
search-kind-all = Everything
search-kind-article = Articles
search-kind-therapy = Therapies
search-kind-procedure = Procedures
search-kind-condition = Conditions
search-kind-section = Sections
search-kind-author = Authors
search-one-article = Article
search-one-therapy = Therapy
search-one-procedure = Procedure
search-one-condition = Condition
search-one-section = Section
search-one-author = Author
search-results-one = 1 result for “{ $query }”
search-results-other = { $count } results for “{ $query }”
search-no-results = No results for “{ $query }”. Try another word, or browse the lists of therapies and conditions.
search-searching = Searching…
search-failed = Search could not load. Check your connection and try again.
search-needs-javascript = Search needs JavaScript, which is turned off or not available in this browser. You can browse these lists instead:

## Not found
page-not-found = Page not found
page-not-found-text = Sorry, we could not find that page. It may have moved.

## Footer and emergencies (shown when site.toml sets no text of its own for the language)
disclaimer = This site offers general information, not medical advice. It cannot diagnose you or replace a visit to a clinician who can examine you. In an emergency, call 911.
emergency = If you think you have a medical emergency, call 911 or go to the nearest emergency room.
