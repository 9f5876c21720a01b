// Natural order, folding, slugs, dates and decimal numbers (core/text/text.cpp).
#include "core/text/text.h"

#include <algorithm>
#include <doctest/doctest.h>
#include <vector>

using namespace grove;

TEST_CASE("natural order puts Grade 9 before Grade 10") {
    std::vector<std::string> names = {"Grade 10", "grade 2", "Grade 9", "Grade 1", "Grade 10b", "Grade 10a"};
    std::sort(names.begin(), names.end(), natural_less);
    CHECK(names == std::vector<std::string>{"Grade 1", "grade 2", "Grade 9", "Grade 10", "Grade 10a", "Grade 10b"});
}

TEST_CASE("natural order ignores case and accents") {
    CHECK(natural_compare("émile", "Emile") != 0);  // total order: raw bytes break the tie
    CHECK(natural_less("Élodie", "Frank"));
    CHECK(natural_less("ana", "Ángel"));  // "ana" < "angel" once folded
    CHECK(natural_less("Zoë", "zz"));
    CHECK(natural_compare("Science 007", "science 7") != 0);
    CHECK(natural_less("Science 7", "Science 8"));
}

TEST_CASE("folding maps accented letters to their base letters") {
    CHECK(fold("Émile Zoë Ångström Straße Łódź") == "emile zoe angstrom strasse lodz");
    CHECK(contains_folded("Amélie Poulain", "amelie"));
    CHECK_FALSE(contains_folded("Amélie Poulain", "bob"));
}

TEST_CASE("slugs are lower case words joined by dashes") {
    CHECK(slugify("Grade 9 — Science!") == "grade-9-science");
    CHECK(slugify("  Élèves de 1ère  ") == "eleves-de-1ere");
    CHECK(slugify("!!!") == "group");
}

TEST_CASE("emails and dates are checked") {
    CHECK(is_valid_email("ada@school.edu"));
    CHECK_FALSE(is_valid_email("ada@school"));
    CHECK_FALSE(is_valid_email("ada school@x.org"));
    CHECK(parse_iso_date("2024-02-29").has_value());
    CHECK_FALSE(parse_iso_date("2023-02-29").has_value());
    CHECK_FALSE(parse_iso_date("2023-13-01").has_value());
    CHECK(format_iso_time(0) == "1970-01-01T00:00:00Z");
    CHECK(format_iso_time(1767603600000) == "2026-01-05T09:00:00Z");
    CHECK(*parse_iso_date("1970-01-02") == 1);
}

TEST_CASE("times are written to the second in UTC, before 1970 and past 9999 too") {
    CHECK(format_iso_time(1767603600999) == "2026-01-05T09:00:00Z");
    CHECK(format_iso_time(951782399000) == "2000-02-28T23:59:59Z");
    CHECK(format_iso_time(-1) == "1969-12-31T23:59:59Z");
    CHECK(format_iso_time(-62135596800000) == "0001-01-01T00:00:00Z");
    CHECK(format_iso_time(253402300800000) == "10000-01-01T00:00:00Z");
    // The report's allocation-free form writes the same text, in range and out of it.
    for (std::int64_t ms :
         {std::int64_t{0}, std::int64_t{1767603600999}, std::int64_t{-1}, std::int64_t{-62135596800000},
          std::int64_t{253402300800000}, std::int64_t{-9000000000000000}, std::int64_t{9000000000000000}}) {
        CHECK(std::string(iso_time_text(ms).view()) == format_iso_time(ms));
    }
    CHECK(format_iso_time(-9000000000000000).size() > 20);
}

TEST_CASE("the natural key's byte order agrees with natural order") {
    std::vector<std::string> names = {"Grade 10",     "grade 2",   "Grade 9",  "Émile Zola", "Emma",
                                      "emile abbott", "Class 007", "Class 7b", "Class 10",   "Zoë",
                                      "zed",          "Ångström",  "Grade 0"};
    for (const auto& a : names) {
        for (const auto& b : names) {
            INFO(a << " vs " << b);
            int by_compare = natural_compare(fold(a), fold(b));
            int by_key = natural_key(a).compare(natural_key(b));
            if (by_compare < 0) CHECK(by_key <= 0);  // equal keys are allowed: ties are broken by ID
            if (by_compare > 0) CHECK(by_key >= 0);
        }
    }
    CHECK(natural_key("Grade 9") < natural_key("Grade 10"));
    CHECK(natural_key("Class 007") == natural_key("class 7"));
}

TEST_CASE("a decimal number is kept as written, normalised, never rounded") {
    CHECK(normalise_decimal("12") == "12");
    CHECK(normalise_decimal("+007.50") == "7.5");
    CHECK(normalise_decimal("-3.25") == "-3.25");
    CHECK(normalise_decimal(".5") == "0.5");
    CHECK(normalise_decimal("-.50") == "-0.5");
    CHECK(normalise_decimal("2.000") == "2");
    CHECK(normalise_decimal("000") == "0");
    CHECK(normalise_decimal("-0") == "0");
    CHECK(normalise_decimal("-0.00") == "0");
    CHECK(normalise_decimal("99999999999999999999999") == "99999999999999999999999");
    CHECK(normalise_decimal("0.1000000000000000000000001") == "0.1000000000000000000000001");
}

TEST_CASE("anything but a decimal number is refused") {
    for (const char* text :
         {"",      "-",   "+",     ".",   "5.",   "-0x10", "0x20",     "0x1p3", "1e3", "1E3", " 12", "12 ",   "1 2",
          "1,000", "1,5", "1.2.3", "inf", "-inf", "nan",   "infinity", "--1",   "+-1", "1-",  "١٢",  "12abc", "\t12"}) {
        INFO('\'' << text << '\'');
        CHECK_FALSE(normalise_decimal(text).has_value());
    }
}

TEST_CASE("a name is one line: line breaks, tabs and control characters are named") {
    CHECK_FALSE(one_line_problem("Grade 9 · Ünal").has_value());
    CHECK(one_line_problem("Evil\nName") == "has a line break");
    CHECK(one_line_problem("Evil\r\nName") == "has a line break");
    CHECK(one_line_problem("Evil\xC2\x85Name") == "has a line break");      // NEL
    CHECK(one_line_problem("Evil\xE2\x80\xA8Name") == "has a line break");  // U+2028
    CHECK(one_line_problem("R-2\tTAB") == "has a tab");
    CHECK(one_line_problem("bell\x07") == "has a control character");
    CHECK(one_line_problem("tab\there\nand a break") == "has a line break");  // the break is the worse news
    CHECK(one_line_error("first name", "Evil\nName") == "The first name has a line break; it must be one line.");
    CHECK_FALSE(is_valid_email("ada\x01@x.org"));
}

TEST_CASE("an email's identity ignores case in every script and how an accent is encoded") {
    // Precomposed ü (U+00FC) and ä, the same letters decomposed (u + U+0308), and upper case.
    const std::string composed = "j\xC3\xBCrgen@ex\xC3\xA4mple.de";
    const std::string decomposed = "ju\xCC\x88rgen@exa\xCC\x88mple.de";
    const std::string upper = "J\xC3\x9CRGEN@EX\xC3\x84MPLE.DE";
    CHECK(email_key(composed) == composed);
    CHECK(email_key(upper) == composed);
    CHECK(email_key(decomposed) == composed);
    CHECK(same_email(upper, decomposed));
    CHECK(same_email("Ada@Hill.org", "ada@hill.ORG"));
    CHECK_FALSE(same_email("ada@hill.org", "adb@hill.org"));
    CHECK_FALSE(same_email(composed, "jurgen@example.de"));  // accents are not ignored: another address
    // Full folding: Greek final sigma and capital sigma, Cyrillic, and ß with SS.
    CHECK(same_email("\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91@x.gr", "\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1@x.gr"));
    CHECK(same_email("\xD0\x94\xD0\x9C\xD0\x98\xD0\xA2\xD0\xA0\xD0\x98\xD0\x99@x.ru",
                     "\xD0\xB4\xD0\xBC\xD0\xB8\xD1\x82\xD1\x80\xD0\xB8\xD0\xB9@x.ru"));
    CHECK(same_email("STRASSE@x.de",
                     "stra\xC3\x9F"
                     "e@x.de"));
    // The hash agrees with equality, including a non-ASCII address whose key is plain ASCII (the Kelvin sign).
    EmailHash hash;
    CHECK(hash(upper) == hash(decomposed));
    CHECK(hash("\xE2\x84\xAA"
               "im@x.org") == hash("kim@x.org"));
    CHECK(
        same_email("\xE2\x84\xAA"
                   "im@x.org",
                   "KIM@x.org"));
    // Bytes that are not UTF-8 still have a key (ASCII lower-cased), never a failure.
    CHECK(email_key("A\xFF@x.org") == "a\xFF@x.org");
}

TEST_CASE("look-alike names share a key: case, accents and spaces ignored") {
    CHECK(lookalike_key("Science") == "science");
    CHECK(lookalike_key("science ") == "science");
    CHECK(lookalike_key("Sci\xC3\xA9nce") == "science");
    CHECK(lookalike_key("  Grade  9 ") == "grade9");
    CHECK(lookalike_key("G\xC3\xA4"
                        "de 9") == lookalike_key("gade 9"));
    CHECK(lookalike_key("Grade\xC2\xA0"
                        "9") == "grade9");  // a no-break space is a space
    CHECK(lookalike_key("Grade 9") != lookalike_key("Grade 10"));
    CHECK(lookalike_key("\xD0\x94\xD0\x9C\xD0\x98\xD0\xA2\xD0\xA0\xD0\x98\xD0\x99") ==
          lookalike_key("\xD0\xB4\xD0\xBC\xD0\xB8\xD1\x82\xD1\x80\xD0\xB8\xD0\xB9"));
}

TEST_CASE("clean_name trims and keeps one space where several were, leaving tabs for the line check") {
    CHECK(grove::clean_name("  Grade    9  ") == "Grade 9");
    CHECK(grove::clean_name("Ann Marie") == "Ann Marie");
    CHECK(grove::clean_name("   ") == "");
    CHECK(grove::clean_name("a\t b") == "a\t b");
    CHECK(grove::clean_name("Зоя   Ødegård") == "Зоя Ødegård");
}
