// The weekly digest (core/learning/digest.cpp): on by default where one leads directly, off per group, last
// week's progress or the lack of it, and an HTML file that is safe to open and to mail.
#include <doctest/doctest.h>

#include "learning_support.h"

using namespace grove;
using grove::testing::kDayMs;
using grove::testing::kHourMs;
using grove::testing::must;
using grove::testing::School;

namespace {

const DigestGroup* group_named(const Digest& d, const std::string& name) {
    for (const auto& g : d.groups)
        if (g.name == name) return &g;
    return nullptr;
}

const DigestMember* member_named(const DigestGroup& g, const std::string& name) {
    for (const auto& m : g.members)
        if (m.name == name) return &m;
    return nullptr;
}

}  // namespace

TEST_CASE("the digest is on by default for the groups one mentors or manages directly, and off per group") {
    School f;
    Store& s = f.store();
    CHECK(digest_on(s, f.mia, f.klass));
    CHECK(digest_on(s, f.gus, f.school));
    CHECK(digest_on(s, f.dora, f.district));
    CHECK_FALSE(digest_on(s, f.gus, f.klass));  // reached from above, not led directly
    CHECK_FALSE(digest_on(s, f.ann, f.klass));  // a member leads nothing
    CHECK_FALSE(digest_on(s, f.ben, f.klass));

    must(set_digest(s, f.mia, f.klass, false));
    CHECK_FALSE(digest_on(s, f.mia, f.klass));
    CHECK(must(weekly_digest(s, f.mia)).groups.empty());
    must(set_digest(s, f.mia, f.klass, true));
    CHECK(digest_on(s, f.mia, f.klass));
    // One leading from above may turn it on for a subgroup.
    must(set_digest(s, f.gus, f.klass, true));
    CHECK(digest_on(s, f.gus, f.klass));
    CHECK(group_named(must(weekly_digest(s, f.gus)), "Class 9A") != nullptr);

    const auto before = f.bytes();
    auto ben = set_digest(s, f.ben, f.klass, true);
    REQUIRE_FALSE(ben);
    CHECK(ben.error().message.find("Ben Ode") != std::string::npos);
    CHECK(ben.error().message.find("Class 9A") != std::string::npos);
    CHECK_FALSE(set_digest(s, f.ann, f.klass, true));
    CHECK(f.bytes() == before);
}

TEST_CASE("the digest lists pending work oldest first and each member's progress last week per course") {
    School f;
    Store& s = f.store();
    // Ann: a lesson ten days ago (last week's digest, not this one's) and an essay three days ago.
    must(complete_step(s, f.owner, f.ann, f.lesson.id, std::nullopt, f.clock_ms - 10 * kDayMs));
    f.wait(kHourMs);
    Id eli_work = f.submit(f.eli, f.reflection);
    f.wait(kHourMs);
    Id ann_work = f.submit(f.ann, f.essay);
    f.wait(3 * kDayMs);
    Id geometry = must(create_course(s, f.owner, "Geometry")).id;
    must(add_step(s, f.owner, geometry, {"Angles", StepKind::kLesson, false, std::nullopt}));
    must(enrol(s, f.owner, geometry, {f.ann}));

    auto d = must(weekly_digest(s, f.mia));
    CHECK(d.person == f.mia);
    CHECK(d.person_name == "Mia Mentor");
    CHECK(d.to <= s.now());
    CHECK(d.to - d.from == 7 * kDayMs);
    REQUIRE(d.pending.size() == 2);
    CHECK(d.pending[0].work_id == eli_work);
    CHECK(d.pending[1].work_id == ann_work);
    REQUIRE(d.groups.size() == 1);
    const DigestGroup& klass = d.groups[0];
    CHECK(klass.name == "Class 9A");
    REQUIRE(klass.members.size() == 2);
    const DigestMember* ann = member_named(klass, "Ann Lee");
    REQUIRE(ann);
    REQUIRE(ann->courses.size() == 2);
    CHECK(ann->courses[0].course == "Algebra");
    CHECK(ann->courses[0].steps_this_week == 1);  // the essay; the lesson was ten days ago
    CHECK(ann->courses[0].progress_percent == 66);
    CHECK(ann->courses[1].course == "Geometry");
    CHECK(ann->courses[1].steps_this_week == 0);
    const DigestMember* eli = member_named(klass, "Eli Ek");
    REQUIRE(eli);
    CHECK(eli->courses[0].steps_this_week == 1);

    const std::string text = digest_text(d);
    CHECK(text.find("Mia Mentor") != std::string::npos);
    CHECK(text.find("Class 9A") != std::string::npos);
    CHECK(text.find("Proofs") != std::string::npos);
    CHECK(text.find("3d 1h") != std::string::npos);                  // Eli's reflection has waited 3 days and an hour
    CHECK(text.find("no progress this week") != std::string::npos);  // Ann in Geometry

    // A week later nobody has moved: every course says so.
    f.wait(8 * kDayMs);
    d = must(weekly_digest(s, f.mia));
    for (const auto& m : d.groups[0].members)
        for (const auto& c : m.courses) CHECK(c.steps_this_week == 0);
    const std::string quiet = digest_text(d);
    std::size_t count = 0;
    for (std::size_t at = quiet.find("no progress this week"); at != std::string::npos;
         at = quiet.find("no progress this week", at + 1))
        ++count;
    CHECK(count == 3);  // Ann in Algebra and Geometry, Eli in Algebra
}

TEST_CASE("a group admin's digest covers the groups they manage, and members enrolled in nothing show too") {
    School f;
    Store& s = f.store();
    Id newcomer = f.person("neo@hill.edu", "Neo", "Nash");
    f.join(f.school, newcomer);
    auto d = must(weekly_digest(s, f.gus));
    const DigestGroup* school = group_named(d, "Hill School");
    REQUIRE(school);
    const DigestMember* neo = member_named(*school, "Neo Nash");
    REQUIRE(neo);
    CHECK(neo->courses.empty());
    CHECK(member_named(*school, "Gus Grant") == nullptr);
    // Gus reviews what he oversees: Ann's work shows in his digest although he is never notified of it.
    f.submit(f.ann, f.essay);
    CHECK(must(weekly_digest(s, f.gus)).pending.size() == 1);
    // Someone who leads nothing gets an empty digest.
    auto empty = must(weekly_digest(s, f.ann));
    CHECK(empty.groups.empty());
    CHECK(empty.pending.empty());
}

TEST_CASE("the digest's HTML escapes every name, title and answer and needs nothing from outside") {
    School f;
    Store& s = f.store();
    Id evil = f.person("evil@hill.edu", "<img", "src=x onerror=alert(1)>");
    f.join(f.klass, evil);
    must(enrol(s, f.owner, f.course, {evil}));
    must(edit_course(s, f.owner, f.course, {.name = std::string("Algebra & <b>Logic</b>"), .description = {}}));
    must(edit_step(s, f.owner, f.essay.id, {.title = std::string("Proofs \"quoted\" 'single'")}));
    f.submit(evil, f.essay, "<script>alert('answer')</script>");
    f.wait(kDayMs);

    auto d = must(weekly_digest(s, f.mia));
    const std::string html = digest_html(d);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    CHECK(html.find("Algebra &amp; &lt;b&gt;Logic&lt;/b&gt;") != std::string::npos);
    CHECK(html.find("&quot;quoted&quot;") != std::string::npos);
    CHECK(html.find("'single'") == std::string::npos);
    // Self-contained and email-ready: one document, inline styles, no links to anything outside.
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(html.find("</html>") != std::string::npos);
    CHECK(html.find("http:") == std::string::npos);
    CHECK(html.find("https:") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("href=") == std::string::npos);
    CHECK(html.find("src=\"") == std::string::npos);
    CHECK(html.find("style=\"") != std::string::npos);
    CHECK(html.find("Mia Mentor") != std::string::npos);
    CHECK(html.find("Class 9A") != std::string::npos);

    const std::string escaped = html_escape("a&b<c>d\"e'f");
    CHECK(escaped.starts_with("a&amp;b&lt;c&gt;d&quot;e&"));
    CHECK(escaped.find('\'') == std::string::npos);
    CHECK(html_escape("Zoë") == "Zoë");
}

TEST_CASE("turning the digest on or off is in the audit log with names") {
    School f;
    Store& s = f.store();
    const std::size_t before = f.audit_size();
    must(set_digest(s, f.mia, f.klass, false));
    must(set_digest(s, f.mia, f.klass, true));
    auto entries = f.audit_since(before);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].actor_name == "Mia Mentor");
    CHECK(entries[0].group_name == "Class 9A");
    CHECK(entries[0].summary.starts_with("Mia Mentor "));
    CHECK(entries[0].summary.find("Class 9A") != std::string::npos);
    CHECK(entries[0].summary != entries[1].summary);
}
