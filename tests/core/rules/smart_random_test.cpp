// Randomised test of smart groups (issue 10): the engine keeps every smart group's members incrementally, in
// the transaction of whatever changed them; here a seeded random organisation (people with four additional
// fields, a department tree, a course, clubs, and smart groups whose random rules read each other) goes through
// a few hundred random commands of the real core (people added and edited, fields, departments moved, enrolments
// and steps done, manual memberships, pins and exclusions, rules set, cleared and copied, uploads, days
// passing), and after every command each smart group's members (role member) must equal a full re-evaluation,
// rule_members_from_scratch. A mismatch names the seed, the command and who is missing or extra.
// GROVE_RULES_SEED=N runs one seed (N) instead of the fixed ones; GROVE_RULES_TRACE=1 prints every command.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../must.h"
#include "core/rules/smart.h"
#include "test_support.h"

using namespace grove;
using grove::testing::Fixture;
using grove::testing::must;

namespace {

constexpr std::int64_t kDayMs = 86400000;

const char* const kFirst[] = {"Ana", "Bo", "Zoë", "Zoe", "Élise", "elise", "José", "Jose", "Mia", "Tom"};
const char* const kLast[] = {"Lee", "Chen", "Müller", "Muller", "Abbott", "Ray", "Núñez", "Hill"};
const char* const kTitles[] = {"Teacher", "Head Teacher", "teacher of Music", "Coach", "Nurse", "Librarian"};
const char* const kCampuses[] = {"North", "South", "East"};
const char* const kDomains[] = {"hill.edu", "x.org"};

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// YYYY-MM-DD of a day since 1970-01-01.
std::string day_text(std::int64_t days) { return format_iso_day(days * kDayMs); }

struct World : Fixture {
    explicit World(std::uint32_t seed) : Fixture(Plan::kEnterprise, seed), rng(seed) {}

    std::mt19937 rng;
    std::vector<Id> people;
    std::vector<Id> departments;
    std::vector<Id> clubs;    // manual groups
    std::vector<Id> smart;    // groups given rules (one may be cleared and become manual again)
    std::vector<Id> courses;  // one, sometimes two
    int next_person = 0;
    int next_name = 0;

    std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng() % static_cast<std::uint32_t>(n)); }
    template <class T>
    const T& any(const std::vector<T>& list) {
        return list[pick(list.size())];
    }
    template <class T, std::size_t N>
    std::string any(const T (&list)[N]) {
        return list[pick(N)];
    }
    bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }
    std::int64_t today() { return clock_ms / kDayMs; }

    std::string group_name(Id group) { return must(group_by_id(store(), group)).name; }
    std::string department_name(Id department) {
        auto s = store().db().prepare("SELECT name FROM departments WHERE id = ?");
        s->bind(1, department);
        return s->step() ? s->col_text(0) : "?";
    }
    std::string person_name(Id person) {
        auto s = store().db().prepare(
            "SELECT first_name || ' ' || last_name || ' <' || email || '>' FROM users "
            "WHERE id = ?");
        s->bind(1, person);
        return s->step() ? s->col_text(0) : "?";
    }

    // A value of each additional field, sometimes empty.
    std::string field_value(const std::string& field) {
        if (chance(15)) return "";
        if (field == "Title") return any(kTitles);
        if (field == "Grade") return chance(20) ? "3.5" : std::to_string(1 + pick(12));
        if (field == "Start") return day_text(today() - 400 + static_cast<std::int64_t>(pick(430)));
        return any(kCampuses);
    }

    NewUser new_user() {
        const int n = next_person++;
        NewUser u{"p" + std::to_string(n) + "@" + any(kDomains), any(kFirst), any(kLast), std::nullopt, {}};
        if (chance(80)) u.department_id = any(departments);
        for (const char* f : {"Title", "Grade", "Start", "Campus"}) {
            std::string v = field_value(f);
            if (!v.empty()) u.fields.emplace_back(f, v);
        }
        return u;
    }

    // One condition of every kind the language has; `self` is the group the rule is for (its own name may come
    // up in "group ... has member": a cycle, which set_rule must refuse).
    std::string condition() {
        switch (pick(11)) {
            case 0: {
                const char* ops[] = {"contains \"o\"", "ends with \"@x.org\"", "starts with \"p1\"",
                                     "does not contain \"2\"", "is one of (\"p3@hill.edu\", \"p4@x.org\")"};
                return std::string("email ") + ops[pick(5)];
            }
            case 1: {
                const std::size_t k = pick(4);
                if (k == 0) return "first name is " + quoted(any(kFirst));
                if (k == 1) return "first name contains \"e\"";
                if (k == 2) return "first name is one of (\"zoe\", \"ELISE\")";
                return "first name starts with " + quoted(any(kFirst).substr(0, 1));
            }
            case 2: {
                const std::size_t k = pick(3);
                if (k == 0) return "last name is " + quoted(any(kLast));
                if (k == 1) return "last name is not \"muller\"";
                return "last name ends with \"ez\"";
            }
            case 3: {
                const char* statuses[] = {"active", "invited", "deactivated"};
                return std::string("status is ") + statuses[pick(3)];
            }
            case 4:
                return std::string("department ") + (chance(50) ? "is under " : "is ") +
                       quoted(department_name(any(departments)));
            case 5: {
                const std::size_t k = pick(5);
                if (k == 0) return "field \"Title\" contains \"teacher\"";
                if (k == 1) return "field \"Title\" is empty";
                if (k == 2) return "field \"Title\" does not contain \"head\"";
                if (k == 3) return "field \"Title\" is one of (\"coach\", \"NURSE\")";
                return "field \"Title\" is not empty";
            }
            case 6: {
                const char* ops[] = {"=", "!=", "<", "<=", ">", ">="};
                return std::string("field \"Grade\" ") + ops[pick(6)] + " " + std::to_string(1 + pick(12));
            }
            case 7: {
                const std::size_t k = pick(5);
                const std::string day = day_text(today() - 300 + static_cast<std::int64_t>(pick(330)));
                if (k == 0) return "field \"Start\" before " + day;
                if (k == 1) return "field \"Start\" after " + day;
                if (k == 2) return "field \"Start\" on " + day;
                if (k == 3) return "field \"Start\" within last " + std::to_string(1 + pick(120)) + " days";
                return "field \"Start\" is empty";
            }
            case 8:
                return "field \"Campus\" " +
                       std::string(chance(50) ? "is " + quoted(any(kCampuses)) : "is not " + quoted(any(kCampuses)));
            case 9: {
                const char* states[] = {"enrolled", "in progress", "completed"};
                std::string c =
                    "course " + quoted(must(course_by_id(store(), any(courses))).name) + " is " + states[pick(3)];
                if (chance(30))
                    c += std::string(chance(50) ? " before " : " after ") +
                         day_text(today() - 5 + static_cast<std::int64_t>(pick(10)));
                return c;
            }
            default: {
                const bool club = smart.empty() || chance(40);
                return "group " + quoted(group_name(club ? any(clubs) : any(smart))) + " has member";
            }
        }
    }

    std::string rule(int depth = 0) {
        if (depth >= 2 || chance(depth == 0 ? 10 : 45)) return condition();
        const std::size_t k = pick(5);
        if (k == 0) return "not (" + rule(depth + 1) + ")";
        const char* op = k < 3 ? " and " : " or ";
        std::string out = "(" + rule(depth + 1) + ")";
        const std::size_t n = 1 + pick(3);
        for (std::size_t i = 0; i < n; ++i) out += op + ("(" + rule(depth + 1) + ")");
        return out;
    }

    std::vector<Id> some_people(std::size_t most) {
        std::vector<Id> out;
        const std::size_t n = 1 + pick(most);
        for (std::size_t i = 0; i < n; ++i) out.push_back(any(people));
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

    std::string names(const std::vector<Id>& ids) {
        std::string out;
        for (Id id : ids) out += (out.empty() ? "" : ", ") + person_name(id);
        return out;
    }
};

// What a command did, for the message: "refused: ..." or "ok".
template <class T>
std::string outcome(const Result<T>& r) {
    return r ? std::string("ok") : "refused: " + r.error().message;
}

std::vector<Id> members_with_role_member(Store& store, Id group) {
    std::vector<Id> out;
    auto s = store.db().prepare("SELECT user_id FROM memberships WHERE group_id = ? AND role = 'member' ORDER BY 1");
    s->bind(1, group);
    while (s->step()) out.push_back(s->col_int(0));
    return out;
}

// Every smart group's members equal a full re-evaluation; otherwise fails naming the command and the difference.
bool matches_full(World& w, std::uint32_t seed, int step, const std::string& command) {
    for (const SmartRule& rule : smart_rules(w.store())) {
        const auto expected = rule_members_from_scratch(w.store(), rule.group);
        const auto actual = members_with_role_member(w.store(), rule.group);
        if (expected == actual) continue;
        std::vector<Id> missing, extra;
        std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                            std::back_inserter(missing));
        std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(), std::back_inserter(extra));
        FAIL_CHECK("seed " << seed << ", command " << step << ": " << command << "\n  group "
                           << w.group_name(rule.group) << " (rule: " << rule.text
                           << ")\n  missing (a full re-evaluation has them): " << w.names(missing)
                           << "\n  extra (the engine has them): " << w.names(extra));
        return false;
    }
    return true;
}

// One random command through the core; returns what it was, for the message.
std::string random_command(World& w) {
    Store& store = w.store();
    const Id owner = w.owner;
    const std::size_t kind = w.pick(100);
    std::ostringstream what;
    if (kind < 8) {
        NewUser u = w.new_user();
        auto r = add_user(store, owner, u);
        if (r) w.people.push_back(r->id);
        what << "add_user " << u.first_name << " " << u.last_name << " <" << u.email << ">: " << outcome(r);
    } else if (kind < 26) {
        const Id person = w.any(w.people);
        UserEdit edit;
        what << "edit_user " << w.person_name(person) << ":";
        if (w.chance(20)) {
            edit.first_name = w.any(kFirst);
            what << " first name " << *edit.first_name;
        }
        if (w.chance(15)) {
            edit.last_name = w.any(kLast);
            what << " last name " << *edit.last_name;
        }
        if (w.chance(10)) {
            edit.email = "q" + std::to_string(w.next_name++) + "@" + w.any(kDomains);
            what << " email " << *edit.email;
        }
        if (w.chance(20)) {
            edit.department_id = w.chance(20) ? std::optional<Id>{} : std::optional<Id>{w.any(w.departments)};
            what << " department " << (*edit.department_id ? w.department_name(**edit.department_id) : "none");
        }
        if (w.chance(10)) {
            edit.status = w.chance(50) ? UserStatus::kDeactivated : UserStatus::kActive;
            what << " status " << user_status_key(*edit.status);
        }
        for (const char* f : {"Title", "Grade", "Start", "Campus"})
            if (w.chance(35)) {
                edit.fields.emplace_back(f, w.field_value(f));
                what << " " << f << "=\"" << edit.fields.back().second << "\"";
            }
        what << ": " << outcome(edit_user(store, owner, person, edit));
    } else if (kind < 31) {
        const Id department = w.any(w.departments);
        std::optional<Id> parent;
        if (w.chance(75)) parent = w.any(w.departments);
        what << "move_department " << w.department_name(department) << " under "
             << (parent ? w.department_name(*parent) : "the top") << ": "
             << outcome(move_department(store, owner, department, parent));
    } else if (kind < 33) {
        const Id department = w.any(w.departments);
        const std::string name = "Unit " + std::to_string(w.next_name++);
        what << "rename_department " << w.department_name(department) << " to " << name << ": "
             << outcome(rename_department(store, owner, department, name));
    } else if (kind < 35) {
        std::optional<Id> parent;
        if (w.chance(70)) parent = w.any(w.departments);
        auto r = create_department(store, owner, "Unit " + std::to_string(w.next_name++), parent);
        if (r) w.departments.push_back(r->id);
        what << "create_department: " << outcome(r);
    } else if (kind < 41) {
        const Id course = w.any(w.courses);
        const auto people = w.some_people(3);
        what << "enrol " << w.names(people) << ": " << outcome(enrol(store, owner, course, people));
    } else if (kind < 50) {
        const Id course = w.any(w.courses);
        const auto steps = course_steps(store, course);
        auto enrolled = enrolled_people(store, course);
        if (enrolled.empty() || steps.empty()) return "nothing to complete (no command)";
        const Id learner = enrolled[w.pick(enrolled.size())].id;
        const Step& step = steps[w.pick(steps.size())];
        std::optional<std::string> answer;
        if (step.review) answer = "An answer";
        std::optional<std::int64_t> at;
        if (w.chance(30)) at = w.clock_ms - static_cast<std::int64_t>(w.pick(20)) * kDayMs;
        what << "complete_step " << step.number << " of course " << course << " for " << w.person_name(learner) << ": "
             << outcome(complete_step(store, owner, learner, step.id, answer, at));
    } else if (kind < 53) {
        const Id course = w.any(w.courses);
        what << "add_step to course " << course << ": "
             << outcome(add_step(store, owner, course, {"More", StepKind::kLesson, false, std::nullopt}));
    } else if (kind < 61) {
        const bool into_smart = w.chance(40);
        const Id group = into_smart ? w.any(w.smart) : w.any(w.clubs);
        const auto people = w.some_people(3);
        const GroupRole role = w.chance(60)   ? GroupRole::kMember
                               : w.chance(50) ? GroupRole::kMentor
                                              : GroupRole::kAdmin;
        AddPeople add;
        add.users = people;
        add.role = role;
        what << "add_people " << w.names(people) << " to " << w.group_name(group) << " as " << group_role_key(role)
             << ": " << outcome(add_people(store, owner, group, add));
    } else if (kind < 67) {
        auto s = store.db().prepare("SELECT group_id, user_id FROM memberships ORDER BY id");
        std::vector<std::pair<Id, Id>> rows;
        while (s->step()) rows.emplace_back(s->col_int(0), s->col_int(1));
        if (rows.empty()) return "nobody to remove (no command)";
        const auto [group, user] = rows[w.pick(rows.size())];
        what << "remove_member " << w.person_name(user) << " from " << w.group_name(group) << ": "
             << outcome(remove_member(store, owner, group, user));
    } else if (kind < 77) {
        const Id group = w.any(w.smart);
        const auto people = w.some_people(2);
        const std::string reason = w.chance(50) ? "covers for Ms Ray" : "";
        const std::size_t k = w.pick(4);
        const char* verbs[] = {"pin_people", "unpin_people", "exclude_people", "unexclude_people"};
        Result<int> r = k == 0   ? pin_people(store, owner, group, people, reason)
                        : k == 1 ? unpin_people(store, owner, group, people)
                        : k == 2 ? exclude_people(store, owner, group, people, reason)
                                 : unexclude_people(store, owner, group, people);
        what << verbs[k] << " " << w.names(people) << " in " << w.group_name(group) << ": " << outcome(r);
    } else if (kind < 85) {
        const Id group = w.any(w.smart);
        const std::string text = w.rule();
        what << "set_rule " << w.group_name(group) << ": " << text << ": "
             << outcome(set_rule(store, owner, group, text));
    } else if (kind < 87) {
        const Id group = w.any(w.smart);
        what << "clear_rule " << w.group_name(group) << ": " << outcome(clear_rule(store, owner, group));
    } else if (kind < 89) {
        const Id from = w.any(w.smart), to = w.any(w.smart);
        what << "copy_rule " << w.group_name(from) << " to " << w.group_name(to) << ": "
             << outcome(copy_rule(store, owner, from, to));
    } else if (kind < 94) {
        // A people file: some existing people changed, some new.
        std::string csv;
        CsvWriter out(csv);
        out.row({"email", "first_name", "last_name", "department", "Title", "Grade", "Start", "Campus"});
        const std::size_t rows = 2 + w.pick(5);
        for (std::size_t i = 0; i < rows; ++i) {
            std::string email, first = w.any(kFirst), last = w.any(kLast);
            if (w.chance(50)) {
                auto u = must(user_by_id(store, w.any(w.people)));
                email = u.email;
            } else {
                email = "p" + std::to_string(w.next_person++) + "@" + w.any(kDomains);
            }
            out.cell(email).cell(first).cell(last);
            out.cell(w.chance(70) ? w.department_name(w.any(w.departments)) : "");
            for (const char* f : {"Title", "Grade", "Start", "Campus"}) out.cell(w.field_value(f));
            out.end_row();
        }
        auto plan = plan_upload(store, owner, UploadKind::kUsers, "people.csv", csv);
        what << "upload people.csv:\n" << csv << "  ";
        if (!plan) {
            what << outcome(plan);
        } else if (!plan->ok()) {
            what << "refused: " << plan->errors.front();
        } else {
            auto r = apply_upload(store, owner, *plan);
            what << (r ? r->summary() : outcome(r));
            if (r) {
                // Pick up the new people.
                auto s = store.db().prepare("SELECT id FROM users WHERE id > ? ORDER BY id");
                s->bind(1, w.people.back());
                while (s->step()) w.people.push_back(s->col_int(0));
            }
        }
    } else if (kind < 97) {
        // A membership file: people into clubs and smart groups, in any role.
        std::string csv;
        CsvWriter out(csv);
        out.row({"email", "group", "role"});
        const std::size_t rows = 1 + w.pick(4);
        for (std::size_t i = 0; i < rows; ++i) {
            auto u = must(user_by_id(store, w.any(w.people)));
            const Id group = w.chance(70) ? w.any(w.clubs) : w.any(w.smart);
            const char* roles[] = {"member", "member", "mentor", "admin"};
            out.cell(u.email).cell(w.group_name(group)).cell(roles[w.pick(4)]).end_row();
        }
        auto plan = plan_upload(store, owner, UploadKind::kMemberships, "memberships.csv", csv);
        what << "upload memberships.csv:\n" << csv << "  ";
        if (!plan) {
            what << outcome(plan);
        } else if (!plan->ok()) {
            what << "refused: " << plan->errors.front();
        } else {
            auto r = apply_upload(store, owner, *plan);
            what << (r ? r->summary() : outcome(r));
        }
    } else {
        // Days pass, then someone is edited (a committed command, after which date rules are up to date).
        const std::int64_t days = 1 + static_cast<std::int64_t>(w.pick(20));
        w.clock_ms += days * kDayMs;
        const Id person = w.any(w.people);
        UserEdit edit;
        edit.fields.emplace_back("Title", w.field_value("Title"));
        what << days << " days pass (today " << day_text(w.today()) << "), then edit_user " << w.person_name(person)
             << " Title=\"" << edit.fields.back().second << "\": " << outcome(edit_user(store, owner, person, edit));
    }
    return what.str();
}

// The random organisation: departments three deep, four fields, a course of four steps (one for review),
// two clubs with members, about 60 people, and 5 to 8 smart groups whose rules may read the clubs and each
// other, with a few pins and exclusions.
void build(World& w) {
    Store& store = w.store();
    for (int i = 0; i < 8; ++i) {
        std::optional<Id> parent;
        if (i >= 2) parent = w.departments[w.pick(static_cast<std::size_t>(i))];
        w.departments.push_back(
            must(create_department(store, w.owner, "Unit " + std::to_string(w.next_name++), parent)).id);
    }
    must(add_field(store, w.owner, "Title", FieldType::kText));
    must(add_field(store, w.owner, "Grade", FieldType::kNumber));
    must(add_field(store, w.owner, "Start", FieldType::kDate));
    must(add_field(store, w.owner, "Campus", FieldType::kChoice, {std::begin(kCampuses), std::end(kCampuses)}));
    for (const char* name : {"Algebra", "Geometry"}) {
        const Id course = must(create_course(store, w.owner, name)).id;
        w.courses.push_back(course);
        for (int s = 1; s <= 4; ++s)
            must(add_step(store, w.owner, course,
                          {"Step " + std::to_string(s), s == 3 ? StepKind::kAssignment : StepKind::kLesson, s == 3,
                           std::nullopt}));
    }
    for (const char* name : {"Chess Club", "Choir"}) w.clubs.push_back(w.group(name));
    const int people = 55 + static_cast<int>(w.pick(10));
    for (int i = 0; i < people; ++i) w.people.push_back(must(add_user(store, w.owner, w.new_user())).id);
    for (Id club : w.clubs) {
        AddPeople add;
        add.users = w.some_people(12);
        must(add_people(store, w.owner, club, add));
    }
    must(enrol(store, w.owner, w.courses[0], w.some_people(20)));
    const int smart = 5 + static_cast<int>(w.pick(4));
    for (int i = 0; i < smart; ++i) {
        const Id group = w.group("Smart " + std::to_string(i + 1));
        // A rule that reads a later group, or itself, is refused (a cycle or, for a later one, a group that is
        // not smart yet reads as a manual group); draw again until one is taken.
        for (int attempt = 0; attempt < 20; ++attempt)
            if (set_rule(store, w.owner, group, w.rule())) break;
        w.smart.push_back(group);
    }
    for (int i = 0; i < 4; ++i) {
        const Id group = w.any(w.smart);
        if (w.chance(50))
            must(pin_people(store, w.owner, group, w.some_people(2), "covers for Ms Ray"));
        else
            must(exclude_people(store, w.owner, group, w.some_people(2)));
    }
}

void run_seed(std::uint32_t seed, int commands) {
    const bool trace = std::getenv("GROVE_RULES_TRACE") != nullptr;
    World w(seed);
    build(w);
    if (!matches_full(w, seed, 0, "building the organisation")) return;
    int refused = 0;
    for (int step = 1; step <= commands; ++step) {
        const std::string command = random_command(w);
        if (trace) std::fprintf(stderr, "%u/%d %s\n", seed, step, command.c_str());
        refused += command.find("refused") != std::string::npos;
        if (!matches_full(w, seed, step, command)) return;
    }
    // Most commands must go through, or the test would prove little (GROVE_RULES_TRACE=1 shows why not).
    INFO("seed " << seed << ": " << refused << " of " << commands << " commands refused");
    CHECK(refused * 4 < commands);
    // And the rules must have moved people: joins and leaves audited.
    // (one entry per person, or one per group listing several: a line of details each)
    auto s = w.store().db().prepare(
        "SELECT sum(CASE WHEN details = '' THEN 1 ELSE length(details) - length(replace(details, char(10), '')) END) "
        "FROM audit WHERE action IN ('rule.join', 'rule.leave', 'rule.members')");
    s->step();
    CHECK(s->col_int(0) > commands / 2);
}

}  // namespace

TEST_CASE("after every random command, each smart group's members equal a full re-evaluation") {
    if (const char* env = std::getenv("GROVE_RULES_SEED")) {
        run_seed(static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10)), 400);
        return;
    }
    for (std::uint32_t seed : {1u, 2u, 3u, 4u}) run_seed(seed, 150);
}
