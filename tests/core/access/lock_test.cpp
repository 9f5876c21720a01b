// The passphrase lock of org roles (core/access/lock.cpp, F41): who needs it, how it is kept, the growing wait after
// wrong passphrases, who may set it, and that no Grove file, merge or restore touches it.
#include <doctest/doctest.h>
#include <string>

#include "exchange/exchange_support.h"

using namespace grove;
using namespace grove::testing;

namespace {

constexpr const char* kPassphrase = "correct horse battery";

std::string stored_hash(Store& s) {
    auto q = s.db().prepare("SELECT hash FROM org_lock WHERE id = 1");
    return q->step() ? q->col_text(0) : std::string();
}

}  // namespace

TEST_CASE("the Argon2id hash is the reference implementation's: its own test vector, and a wrong passphrase fails") {
    // From the reference code's src/test.c (Argon2id, version 19, t=2, m=256 KiB, p=1, "password", "somesalt").
    const LockParams small{.passes = 2, .memory_kib = 256, .lanes = 1, .salt_bytes = 8, .hash_bytes = 32};
    const std::string encoded = must(hash_passphrase("password", "somesalt", small));
    CHECK(encoded == "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4");
    CHECK(must(passphrase_matches(encoded, "password")));
    CHECK_FALSE(must(passphrase_matches(encoded, "Password")));
    // A stored form asking for absurd costs (a damaged or planted row) is refused before Argon2 allocates anything.
    auto absurd = passphrase_matches(
        "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4", "password");
    REQUIRE_FALSE(absurd);
    CHECK(absurd.error().message.find("damaged") != std::string::npos);
}

TEST_CASE("with a lock, people holding an org role need the passphrase; members, mentors and group admins do not") {
    Fixture f;
    Id science = f.department("Science");
    Id admin = f.person("ada@x.org", "Ada", "Admin");
    Id ogm = f.person("otto@x.org", "Otto", "Groups");
    Id gum = f.person("gina@x.org", "Gina", "Users");
    Id dept = f.person("dana@x.org", "Dana", "Science", science);
    Id registrar = f.person("rita@x.org", "Rita", "Registrar");
    Id member = f.person("mo@x.org", "Mo", "Member");
    Id mentor = f.person("mia@x.org", "Mia", "Mentor");
    Id leader = f.person("lena@x.org", "Lena", "Leader");
    f.grant(admin, OrgRole::kAdmin);
    f.grant(ogm, OrgRole::kOrgGroupManager);
    f.grant(gum, OrgRole::kGroupUserManager);
    f.grant(dept, OrgRole::kDepartmentAdmin, science);
    auto role = must(define_custom_role(f.store(), f.owner, "Registrar", kPermReports));
    must(grant_role(f.store(), f.owner, registrar, {OrgRole::kCustom, role.id, std::nullopt}));
    Id grade9 = f.group("Grade 9");
    f.join(grade9, member);
    f.join(grade9, mentor, GroupRole::kMentor);
    f.join(grade9, leader, GroupRole::kAdmin);

    const Id everyone[] = {f.owner, admin, ogm, gum, dept, registrar, member, mentor, leader};
    CHECK_FALSE(lock_is_set(f.store()));
    for (Id person : everyone) CHECK_FALSE(needs_passphrase(f.store(), person));

    REQUIRE(set_lock(f.store(), f.owner, kPassphrase));
    CHECK(lock_is_set(f.store()));
    for (Id person : {f.owner, admin, ogm, gum, dept, registrar}) CHECK(needs_passphrase(f.store(), person));
    for (Id person : {member, mentor, leader}) CHECK_FALSE(needs_passphrase(f.store(), person));

    // Granting a role brings the lock with it; revoking it takes it away.
    f.grant(member, OrgRole::kGroupUserManager);
    CHECK(needs_passphrase(f.store(), member));
    must(revoke_role(f.store(), f.owner, member, {OrgRole::kGroupUserManager, std::nullopt, std::nullopt}));
    CHECK_FALSE(needs_passphrase(f.store(), member));

    CHECK(verify_passphrase(f.store(), kPassphrase));
    REQUIRE(clear_lock(f.store(), f.owner, kPassphrase));
    CHECK_FALSE(lock_is_set(f.store()));
    for (Id person : everyone) CHECK_FALSE(needs_passphrase(f.store(), person));
}

TEST_CASE("the lock is kept only as an Argon2id hash carrying its random salt and its costs") {
    Fixture f;
    REQUIRE(set_lock(f.store(), f.owner, kPassphrase));
    const std::string first = stored_hash(f.store());
    // $argon2id$v=19$m=19456,t=2,p=1$<16 bytes of salt: 22 base64 characters>$<32 bytes of hash: 43 characters>
    const std::string prefix = "$argon2id$v=19$m=19456,t=2,p=1$";
    REQUIRE(first.rfind(prefix, 0) == 0);
    const std::string salt_and_hash = first.substr(prefix.size());
    const size_t dollar = salt_and_hash.find('$');
    CHECK(dollar == 22);
    CHECK(salt_and_hash.size() - dollar - 1 == 43);
    CHECK(first.find(kPassphrase) == std::string::npos);

    // The same passphrase set again (a change) gets a new salt, so a new hash; it still verifies.
    REQUIRE(set_lock(f.store(), f.owner, kPassphrase, std::string_view(kPassphrase)));
    const std::string second = stored_hash(f.store());
    CHECK(second != first);
    CHECK(second.substr(prefix.size(), 22) != first.substr(prefix.size(), 22));
    CHECK(verify_passphrase(f.store(), kPassphrase));
}

TEST_CASE("setting, changing and clearing the lock are audited, never with the passphrase or its hash") {
    Fixture f;
    REQUIRE(set_lock(f.store(), f.owner, kPassphrase));
    const std::string hash = stored_hash(f.store());
    REQUIRE(set_lock(f.store(), f.owner, "a new passphrase", std::string_view(kPassphrase)));
    REQUIRE(clear_lock(f.store(), f.owner, "a new passphrase"));
    auto entries = must(read_audit(f.store(), f.owner, {.with_details = true}));
    REQUIRE(entries.size() >= 3);
    // Newest first.
    CHECK(entries[0].action == "org.lock.clear");
    CHECK(entries[0].summary == "Olive Owner cleared the passphrase for org roles.");
    CHECK(entries[1].action == "org.lock.change");
    CHECK(entries[1].summary == "Olive Owner changed the passphrase for org roles.");
    CHECK(entries[2].action == "org.lock.set");
    CHECK(entries[2].summary == "Olive Owner set a passphrase for org roles.");
    const std::string csv = audit_csv(entries);
    CHECK(csv.find("passphrase for org roles") != std::string::npos);
    for (const char* secret : {kPassphrase, "a new passphrase", "$argon2id", hash.c_str()}) {
        INFO(secret);
        CHECK(csv.find(secret) == std::string::npos);
    }
}

TEST_CASE("only people who may change the organisation's settings set or clear the lock") {
    Fixture f;
    Id admin = f.person("ada@x.org", "Ada", "Admin");
    Id ogm = f.person("otto@x.org", "Otto", "Groups");
    Id member = f.person("mo@x.org", "Mo", "Member");
    f.grant(admin, OrgRole::kAdmin);
    f.grant(ogm, OrgRole::kOrgGroupManager);
    auto before = f.bytes();
    auto refused = set_lock(f.store(), ogm, kPassphrase);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::kForbidden);
    CHECK(refused.error().message.rfind("Otto Groups may not change the organisation settings.", 0) == 0);
    CHECK_FALSE(set_lock(f.store(), member, kPassphrase));
    CHECK(f.bytes() == before);

    REQUIRE(set_lock(f.store(), admin, kPassphrase));
    auto not_theirs = clear_lock(f.store(), ogm, kPassphrase);
    REQUIRE_FALSE(not_theirs);
    CHECK(not_theirs.error().code == ErrorCode::kForbidden);
    CHECK(lock_is_set(f.store()));
}

TEST_CASE("a passphrase has at least 8 characters on one line; changing and clearing need the current one") {
    Fixture f;
    auto before = f.bytes();
    auto short_one = set_lock(f.store(), f.owner, "seven77");
    REQUIRE_FALSE(short_one);
    CHECK(short_one.error().message == "The passphrase needs at least 8 characters.");
    // Characters, not bytes: eight letters with accents are enough, seven are not.
    CHECK(set_lock(f.store(), f.owner, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9").error().message ==
          "The passphrase needs at least 8 characters.");
    CHECK(set_lock(f.store(), f.owner, "two\nlines here").error().message == "A passphrase is one line of text.");
    CHECK(f.bytes() == before);

    REQUIRE(set_lock(f.store(), f.owner, kPassphrase));
    const std::string hash = stored_hash(f.store());
    auto no_current = set_lock(f.store(), f.owner, "another passphrase");
    REQUIRE_FALSE(no_current);
    CHECK(no_current.error().message == "Give the current passphrase to change it.");
    auto wrong = set_lock(f.store(), f.owner, "another passphrase", std::string_view("not the one"));
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == ErrorCode::kForbidden);
    CHECK(wrong.error().message == "The current passphrase is wrong; try again in 1 second.");
    CHECK(stored_hash(f.store()) == hash);

    f.clock_ms += 60 * 1000;  // past the wait
    auto wrong_clear = clear_lock(f.store(), f.owner, "not the one either");
    REQUIRE_FALSE(wrong_clear);
    CHECK(wrong_clear.error().message == "The current passphrase is wrong; try again in 2 seconds.");
    CHECK(lock_is_set(f.store()));

    f.clock_ms += 60 * 1000;
    REQUIRE(clear_lock(f.store(), f.owner, kPassphrase));
    CHECK_FALSE(lock_is_set(f.store()));
    auto nothing = clear_lock(f.store(), f.owner, kPassphrase);
    REQUIRE_FALSE(nothing);
    CHECK(nothing.error().message == "The organisation has no passphrase lock.");
}

TEST_CASE("each wrong passphrase in a row doubles the wait before the next try, which a right one ends") {
    Fixture f;
    REQUIRE(set_lock(f.store(), f.owner, kPassphrase));
    // The fixture's clock moves a second per reading: at(t) makes the next reading t.
    auto at = [&f](std::int64_t t) { f.clock_ms = t - 1000; };
    const std::int64_t t0 = f.clock_ms + 100000;
    at(t0);
    CHECK_FALSE(lock_retry_at(f.store()));

    at(t0);
    auto first = verify_passphrase(f.store(), "guess one");
    REQUIRE_FALSE(first);
    CHECK(first.error().code == ErrorCode::kForbidden);
    CHECK(first.error().message == "The passphrase is wrong; try again in 1 second.");
    at(t0 + 500);
    CHECK(lock_retry_at(f.store()) == t0 + 1000);

    // During the wait even the right passphrase is not checked.
    at(t0 + 500);
    auto early = verify_passphrase(f.store(), kPassphrase);
    REQUIRE_FALSE(early);
    CHECK(early.error().code == ErrorCode::kConflict);
    CHECK(early.error().message == "Too many wrong passphrases: try again in 1 second.");

    at(t0 + 1000);
    CHECK(verify_passphrase(f.store(), "guess two").error().message ==
          "The passphrase is wrong; try again in 2 seconds.");
    at(t0 + 1000);
    CHECK(verify_passphrase(f.store(), kPassphrase).error().message ==
          "Too many wrong passphrases: try again in 2 seconds.");
    at(t0 + 3000);
    CHECK(verify_passphrase(f.store(), "guess three").error().message ==
          "The passphrase is wrong; try again in 4 seconds.");
    at(t0 + 3000);
    CHECK(lock_retry_at(f.store()) == t0 + 7000);

    at(t0 + 7000);
    CHECK(verify_passphrase(f.store(), kPassphrase));
    at(t0 + 7000);
    CHECK_FALSE(lock_retry_at(f.store()));
    // The count starts again: the next wrong one waits a second.
    at(t0 + 7000);
    CHECK(verify_passphrase(f.store(), "guess four").error().message ==
          "The passphrase is wrong; try again in 1 second.");

    CHECK(wait_words(0, 1) == "1 second");
    CHECK(wait_words(0, 59000) == "59 seconds");
    CHECK(wait_words(0, 60000) == "1 minute");
    CHECK(wait_words(0, 300000) == "5 minutes");
}

TEST_CASE("the Grove file never carries the lock, and a merge or a restore leaves each planner's lock alone") {
    Planners p;
    Store& a = *p.a;
    Store& b = *p.b;
    REQUIRE(set_lock(a, p.owner_a(), kPassphrase));
    const std::string hash = stored_hash(a);
    const std::string salt = hash.substr(std::string("$argon2id$v=19$m=19456,t=2,p=1$").size(), 22);

    const std::string file = exported(a);
    CHECK(file.find("argon2") == std::string::npos);
    CHECK(file.find(salt) == std::string::npos);
    CHECK(file.find(hash.substr(hash.rfind('$') + 1)) == std::string::npos);
    CHECK(file.find("org_lock") == std::string::npos);
    CHECK(file.find("passphrase") != std::string::npos);  // the audit entry, in words

    // b merges a's file: b gets no lock. a merges b's file back: a keeps its own.
    must(import_json(b, p.owner_b(), "a.json", file));
    CHECK_FALSE(lock_is_set(b));
    must(import_json(a, p.owner_a(), "b.json", exported(b)));
    CHECK(stored_hash(a) == hash);
    CHECK(verify_passphrase(a, kPassphrase));

    // A restore of a's file into an empty database brings no lock either.
    auto copy = restored(file, 303);
    CHECK_FALSE(lock_is_set(*copy));
    CHECK_FALSE(needs_passphrase(*copy, owner_of(*copy)));
}
