// Text helpers: natural, case- and accent-insensitive ordering (F36), slugs, emails, dates, decimal numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grove {

// Lower-cases ASCII and maps common Latin accented letters to their base letter ("Émile" -> "emile").
std::string fold(std::string_view text);

// Natural order: case and accents ignored, digit runs compared as numbers ("Grade 9" < "Grade 10").
// Returns <0, 0 or >0; ties are broken by the raw bytes so the order is total.
int natural_compare(std::string_view a, std::string_view b);
inline bool natural_less(std::string_view a, std::string_view b) { return natural_compare(a, b) < 0; }

// A key whose plain byte order is the natural order above (up to ties): folded text, each digit
// run without leading zeros and prefixed by a character giving its length. For indexed sorting.
std::string natural_key(std::string_view text);

// True when `needle` occurs in `haystack`, ignoring case and accents.
bool contains_folded(std::string_view haystack, std::string_view needle);

// "Grade 9 — Science!" -> "grade-9-science"; empty input gives "group".
std::string slugify(std::string_view text, std::string_view fallback = "group");

std::string trim(std::string_view text);
// A name as it is kept: trim()med, every run of spaces inside made one ("Grade    9 " -> "Grade 9").
// Tabs and line breaks are left for one_line_error() to refuse.
std::string clean_name(std::string_view text);
// trim() without a copy: a view into `text`.
std::string_view trim_view(std::string_view text);
std::string lower_ascii(std::string_view text);

// "1 group", "3 groups": a count with the noun that fits it.
std::string counted(std::int64_t n, std::string_view one, std::string_view many);

// A person as messages name them: "Ada Lovelace", or the email when they have no name.
std::string person_name(std::string_view first, std::string_view last, std::string_view email);
// A person as the command line and change lists label them: "Ada Lovelace <ada@hill.org>", or
// "<ada@hill.org>" when they have no name.
std::string person_label(std::string_view first, std::string_view last, std::string_view email);

// The longest name (of a person, group, department, field, role or organisation) or external ID, in characters.
inline constexpr size_t kNameMaxCharacters = 200;
// Characters (Unicode code points) in UTF-8 text.
size_t character_count(std::string_view text);

// Names, emails, slugs and IDs are one line of at most kNameMaxCharacters. Why `text` is not: "has a line
// break" (LF, CR, NEL, U+2028, U+2029), "has a tab", "has a control character" or "is 300 characters long; the
// most is 200"; nullopt when it is a good one-line name. Descriptions may break and be longer.
std::optional<std::string> one_line_problem(std::string_view text);
// The message a command refuses such a value with: "The first name has a line break; it must be one line.",
// "The group's name is 300 characters long; the most is 200."
std::optional<std::string> one_line_error(std::string_view what, std::string_view text);

// The identity of an email: two addresses are one person's when their keys are equal. NFC-normalised and
// fully case-folded (Unicode's CaseFolding.txt, utf8proc): "JÜRGEN@EXÄMPLE.DE", "jürgen@exämple.de" and the
// same with a decomposed "u" + U+0308 share a key. ASCII needs no tables: its key is the lower case.
// Bytes that are not UTF-8 fall back to lower-casing ASCII only.
std::string email_key(std::string_view email);
// True when `a` and `b` are the same email (equal keys), without allocating for plain ASCII.
bool same_email(std::string_view a, std::string_view b);
// Hash and equality over email keys, for unordered containers keyed by emails as written.
struct EmailHash {
    size_t operator()(std::string_view email) const;
};
struct EmailEq {
    bool operator()(std::string_view a, std::string_view b) const { return same_email(a, b); }
};

// The look-alike key of a name: two sibling names are too alike when their keys are equal. Compatibility
// decomposition (NFKD), full case folding, accents and other combining marks dropped, and every space removed:
// "Science", "science ", "Sciénce", "SCIENCE" and "Sci ence" share the key "science".
std::string lookalike_key(std::string_view name);

// A plausible address: one @, something before it, a dot in the domain, no spaces or control characters.
bool is_valid_email(std::string_view email);

// A number as a person writes it in decimal, in the one form Grove stores: an optional sign, digits, and
// optionally a point followed by digits (".5" is taken as "0.5"). No exponent, hex, inf, nan, spaces or
// thousands separators. Normalised without a '+', leading zeros, trailing zeros after the point (or a point
// with nothing after it), and "-0" is "0": "+007.50" -> "7.5". The digits are kept as text, never rounded
// through a double, so every accepted value comes back exactly. Empty when `text` is not such a number.
std::optional<std::string> normalise_decimal(std::string_view text);

// Days since 1970-01-01 of a civil date (proleptic Gregorian), and back (Howard Hinnant's algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
void civil_from_days(std::int64_t days, std::int64_t& y, unsigned& m, unsigned& d);

// Days since 1970-01-01 for an ISO date "YYYY-MM-DD", if it is a real calendar date.
std::optional<std::int64_t> parse_iso_date(std::string_view text);
// Milliseconds since the epoch -> "2026-11-25T09:30:00Z".
std::string format_iso_time(std::int64_t ms);
// The same text in a buffer of its own, for a writer that copies it straight into a larger text (a report writes
// one a row; in wasm a 20-character std::string is an allocation).
struct IsoTimeText {
    char text[40];
    std::size_t size = 0;
    std::string_view view() const { return {text, size}; }
};
IsoTimeText iso_time_text(std::int64_t ms);
// Milliseconds since the epoch -> "2026-11-25".
std::string format_iso_day(std::int64_t ms);

}  // namespace grove
