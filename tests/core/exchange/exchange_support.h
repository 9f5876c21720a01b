// What the exchange tests share: databases of their own, a rich organisation, two planners and the file.
#pragma once

#include <doctest/doctest.h>
#include <memory>
#include <string>
#include <vector>

#include "must.h"
#include "test_support.h"

namespace grove::testing {

inline std::unique_ptr<Store> empty_store(std::uint64_t seed, std::int64_t start_ms = 1767700000000) {
    auto clock = std::make_shared<std::int64_t>(start_ms);
    StoreOptions options;
    options.clock = [clock] { return *clock += 1000; };
    options.seed = seed;
    return must(Store::open(":memory:", options));
}

inline Id owner_of(Store& s) { return *owner_id(s); }

inline std::string exported(Store& s) { return must(export_json(s, owner_of(s))); }

inline std::unique_ptr<Store> restored(const std::string& file, std::uint64_t seed) {
    auto s = empty_store(seed);
    auto plan = must(import_json(*s, 0, "hill.json", file));
    CHECK(plan.into_empty);
    return s;
}

inline Id person_id(Store& s, const std::string& email) {
    auto u = find_user_by_email(s, email);
    REQUIRE(u);
    return u->id;
}

inline Id department_id(Store& s, const std::string& slug) { return must(department_by_slug(s, slug)).id; }

inline Id group_id(Store& s, const std::string& slug) {
    auto g = find_group_by_slug(s, slug);
    REQUIRE(g);
    return g->id;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// An organisation with something of every kind: fields of each type, nested departments, a custom role,
// scoped and custom grants, nested groups with external IDs and an image, inheritance off, invitations,
// an accepted invitation, a deactivated person, text that needs escaping, and a deleted group.
inline void build_rich(Fixture& f) {
    Store& s = f.store();
    Id owner = f.owner;
    must(add_field(s, owner, "Job Title", FieldType::kText));
    must(add_field(s, owner, "Location", FieldType::kChoice, {"North", "South"}));
    must(add_field(s, owner, "Hire Date", FieldType::kDate));
    must(add_field(s, owner, "Badge", FieldType::kNumber));
    Id science = f.department("Science");
    Id biology = f.department("Biology", science);
    f.department("Arts");
    Id grace = must(add_user(s, owner,
                             {"grace@hill.org",
                              "Grace",
                              "Hopper",
                              biology,
                              {{"Job Title", "Teacher"}, {"Location", "north"}, {"Hire Date", "2020-08-19"}}}))
                   .id;
    Id alan = must(add_user(s, owner, {"alan@hill.org", "Alan", "Turing", science, {{"Badge", "3.50"}}})).id;
    Id ada = f.person("ada@hill.org", "Ada", "Lovelace");
    f.grant(ada, OrgRole::kAdmin);
    f.grant(grace, OrgRole::kDepartmentAdmin, science);
    auto registrar = must(define_custom_role(s, owner, "Registrar", kPermManageUsers | kPermReports));
    must(grant_role(s, owner, alan, {OrgRole::kCustom, registrar.id, std::nullopt}));

    GroupImage png{"image/png", {0x89, 'P', 'N', 'G', 0, 1, 2, 3, 250, 251}};
    Id grade9 = must(create_group(s, owner,
                                  {"Grade 9",
                                   "Ninth grade: \"all\" of it\nline two — ü 😀\t",
                                   std::nullopt,
                                   {{"rostering", "R-9"}, {"partner", "P9"}},
                                   png}))
                    .id;
    Id class9a = must(create_group(s, owner, {"Class 9A", "", grade9, {}, std::nullopt})).id;
    must(edit_group(s, owner, class9a, {.inherit = false}));
    Id gone = f.group("Old Club");
    f.join(grade9, grace, GroupRole::kMentor);
    f.join(class9a, alan);
    f.join(gone, alan);
    must(add_people(s, owner, grade9, {{}, {"newbie@hill.org", "joiner@hill.org"}, GroupRole::kMember}));
    must(accept_invitation(s, person_id(s, "joiner@hill.org"), "Jo", "Iner"));
    Id leaver = f.person("leaver@hill.org", "Lee", "Ver");
    f.join(class9a, leaver);
    must(edit_user(s, owner, leaver, {.status = UserStatus::kDeactivated}));
    must(delete_group(s, owner, gone, SubgroupFate::kLiftThem));
}

// Both planners start from the same file, each in an empty database.
struct Planners {
    Fixture origin;
    std::unique_ptr<Store> a, b;
    Planners() {
        build_rich(origin);
        std::string start = exported(origin.store());
        a = restored(start, 101);
        b = restored(start, 202);
    }
    Id owner_a() { return owner_of(*a); }
    Id owner_b() { return owner_of(*b); }
};

inline ImportPlan merge_into(Store& s, const std::string& file, ImportChoices choices = {}) {
    return must(import_json(s, owner_of(s), "other.json", file, choices));
}

// A merge that settled conflicts writes an audit entry on each side; one more exchange, which has nothing to
// settle and changes no record, brings each planner the other's entry, and then their files are equal.
inline void exchange_again(Store& a, Store& b) {
    auto to_a = must(import_json(a, owner_of(a), "b.json", exported(b)));
    CHECK(to_a.conflicts.empty());
    CHECK(to_a.added + to_a.changed + to_a.removed == 0);
    auto to_b = must(import_json(b, owner_of(b), "a.json", exported(a)));
    CHECK(to_b.conflicts.empty());
    CHECK(to_b.added + to_b.changed + to_b.removed == 0);
}

// The audit log's summaries, oldest first.
inline std::vector<std::string> audit_summaries(Store& s) {
    std::vector<std::string> out;
    auto entries = must(read_audit(s, owner_of(s), {.limit = 0}));
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) out.push_back(it->summary);
    return out;
}

inline std::vector<AuditEntry> audit_with_action(Store& s, const std::string& action) {
    std::vector<AuditEntry> out;
    for (auto& e : must(read_audit(s, owner_of(s), {.limit = 0})))
        if (e.action == action) out.push_back(e);
    return out;
}

}  // namespace grove::testing
