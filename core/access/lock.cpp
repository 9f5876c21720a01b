// The passphrase lock of org roles (F41): its Argon2id hash (the reference implementation, argon2.h), who needs it,
// and the growing wait after wrong passphrases.
#include "core/access/lock.h"

#include <algorithm>
#include <argon2.h>
#include <charconv>
#include <exception>
#include <random>
#include <vector>

#include "core/access/access.h"
#include "core/org/audit.h"
#include "core/text/text.h"

namespace grove {

namespace {

// One row at most (id 1), written only here; core/exchange/ knows nothing of it, so no Grove file carries it.
constexpr const char* kSelectLock = "SELECT hash, failures, retry_at FROM org_lock WHERE id = 1";
constexpr const char* kSaveLock =
    "INSERT INTO org_lock (id, hash, set_by, set_at, failures, retry_at) VALUES (1, ?, ?, ?, 0, 0) "
    "ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, set_by = excluded.set_by, set_at = excluded.set_at, "
    "failures = 0, retry_at = 0";
constexpr const char* kDeleteLock = "DELETE FROM org_lock WHERE id = 1";
constexpr const char* kSaveTries = "UPDATE org_lock SET failures = ?, retry_at = ? WHERE id = 1";
constexpr const char* kHoldsOrgRole = "SELECT EXISTS (SELECT 1 FROM org_roles WHERE user_id = ?)";

// The longest wait between tries, and the first: each wrong passphrase in a row doubles it.
constexpr std::int64_t kFirstWaitMs = 1000;
constexpr std::int64_t kLongestWaitMs = 5 * 60 * 1000;

// What verifying reads from a stored form before it runs Argon2 on it: a form that asks for more than this (a
// damaged or planted row) is refused instead of allocating gigabytes.
constexpr std::uint32_t kMaxMemoryKib = 256 * 1024;
constexpr std::uint32_t kMaxPasses = 16;
constexpr std::uint32_t kMaxLanes = 8;

struct StoredLock {
    std::string hash;
    int failures = 0;
    std::int64_t retry_at = 0;
};

std::optional<StoredLock> read_lock(Store& store) {
    auto s = store.db().prepare(kSelectLock);
    if (!s->step()) return std::nullopt;
    return StoredLock{s->col_text(0), static_cast<int>(s->col_int(1)), s->col_int(2)};
}

std::int64_t wait_after(int failures) {
    std::int64_t wait = kFirstWaitMs;
    for (int i = 1; i < failures && wait < kLongestWaitMs; ++i) wait *= 2;
    return std::min(wait, kLongestWaitMs);
}

std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::optional<std::string> passphrase_error(std::string_view passphrase) {
    if (passphrase.find_first_of("\r\n") != std::string_view::npos) return "A passphrase is one line of text.";
    if (passphrase.size() > kMaxPassphraseBytes)
        return "The passphrase is too long: at most " + std::to_string(kMaxPassphraseBytes) + " bytes.";
    if (code_points(passphrase) < static_cast<std::size_t>(kMinPassphraseChars))
        return "The passphrase needs at least " + std::to_string(kMinPassphraseChars) + " characters.";
    return std::nullopt;
}

// "m=19456,t=2,p=1" from "$argon2id$v=19$m=19456,t=2,p=1$salt$hash", each within the limits above.
bool stored_costs_sane(std::string_view encoded) {
    constexpr std::string_view kPrefix = "$argon2id$v=19$";
    if (encoded.substr(0, kPrefix.size()) != kPrefix) return false;
    std::string_view rest = encoded.substr(kPrefix.size());
    std::uint32_t m = 0, t = 0, p = 0;
    for (auto [key, out] : {std::pair<std::string_view, std::uint32_t*>{"m=", &m}, {"t=", &t}, {"p=", &p}}) {
        if (rest.substr(0, key.size()) != key) return false;
        rest.remove_prefix(key.size());
        auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), *out);
        if (ec != std::errc()) return false;
        rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
        if (!rest.empty() && (rest.front() == ',' || rest.front() == '$')) rest.remove_prefix(1);
    }
    return m >= 8 && m <= kMaxMemoryKib && t >= 1 && t <= kMaxPasses && p >= 1 && p <= kMaxLanes;
}

// A salt from the operating system's source of randomness: std::random_device, the source the store seeds its
// record IDs from (Store::open), read directly here (the /dev/urandom or getrandom of Linux, crypto.getRandomValues in
// the browser and Node) so that no test seed and nothing the exported uids reveal reaches it.
Result<std::string> random_salt(std::size_t bytes) {
    try {
        std::random_device device;
        std::string salt;
        while (salt.size() < bytes) {
            const unsigned int word = device();
            for (std::size_t i = 0; i < sizeof word && salt.size() < bytes; ++i)
                salt.push_back(static_cast<char>((word >> (8 * i)) & 0xFF));
        }
        return salt;
    } catch (const std::exception& e) {
        return Error{ErrorCode::kStorage,
                     std::string("This computer gave Grove no random numbers for the passphrase's salt: ") + e.what()};
    }
}

// The try counter's write: committed even though the try failed (a command that failed would roll it back). A copy
// that may not write (another tab saves) still refuses the try; it only cannot remember it.
void save_tries(Store& store, int failures, std::int64_t retry_at) {
    auto saved = store.command<void>(kChangeLocal, [&]() -> Result<void> {
        store.db().prepare(kSaveTries)->bind_all(static_cast<std::int64_t>(failures), retry_at).run();
        return {};
    });
    (void)saved;
}

// verify_passphrase, naming the passphrase as `what` in its refusals ("The current passphrase is wrong").
Result<void> check(Store& store, std::string_view passphrase, const std::string& what) {
    GROVE_LET(lock, store.query<std::optional<StoredLock>>([&] { return read_lock(store); }));
    if (!*lock) return {};
    const std::int64_t now = store.now();
    if ((*lock)->retry_at > now) {
        return conflict("Too many wrong passphrases: try again in " + wait_words(now, (*lock)->retry_at) + ".");
    }
    GROVE_LET(matches, passphrase_matches((*lock)->hash, passphrase));
    if (*matches) {
        if ((*lock)->failures != 0) save_tries(store, 0, 0);
        return {};
    }
    const int failures = (*lock)->failures + 1;
    const std::int64_t retry_at = now + wait_after(failures);
    save_tries(store, failures, retry_at);
    return forbidden(what + " is wrong; try again in " + wait_words(now, retry_at) + ".");
}

}  // namespace

bool lock_is_set(Store& store) { return read_lock(store).has_value(); }

bool needs_passphrase(Store& store, Id person) {
    if (!lock_is_set(store)) return false;
    auto s = store.db().prepare(kHoldsOrgRole);
    s->bind(1, person);
    return s->step() && s->col_int(0) != 0;
}

Result<void> verify_passphrase(Store& store, std::string_view passphrase) {
    return check(store, passphrase, "The passphrase");
}

std::optional<std::int64_t> lock_retry_at(Store& store) {
    auto lock = read_lock(store);
    if (!lock || lock->retry_at <= store.now()) return std::nullopt;
    return lock->retry_at;
}

std::string wait_words(std::int64_t from_ms, std::int64_t at_ms) {
    const std::int64_t seconds = std::max<std::int64_t>(1, (at_ms - from_ms + 999) / 1000);
    if (seconds < 60) return counted(seconds, "second", "seconds");
    return counted((seconds + 59) / 60, "minute", "minutes");
}

Result<std::string> hash_passphrase(std::string_view passphrase, std::string_view salt, const LockParams& params) {
    const std::size_t size = argon2_encodedlen(params.passes, params.memory_kib, params.lanes,
                                               static_cast<std::uint32_t>(salt.size()), params.hash_bytes, Argon2_id);
    std::vector<char> encoded(size);
    const int status =
        argon2id_hash_encoded(params.passes, params.memory_kib, params.lanes, passphrase.data(), passphrase.size(),
                              salt.data(), salt.size(), params.hash_bytes, encoded.data(), encoded.size());
    if (status != ARGON2_OK) {
        return Error{ErrorCode::kStorage,
                     std::string("Grove could not hash the passphrase: ") + argon2_error_message(status) + "."};
    }
    return std::string(encoded.data());
}

Result<bool> passphrase_matches(std::string_view encoded, std::string_view passphrase) {
    if (!stored_costs_sane(encoded)) {
        return Error{ErrorCode::kStorage,
                     "The stored passphrase lock is damaged; someone with the organisation's settings can set it anew "
                     "once it is cleared."};
    }
    const std::string text(encoded);
    const int status = argon2id_verify(text.c_str(), passphrase.data(), passphrase.size());
    if (status == ARGON2_OK) return true;
    if (status == ARGON2_VERIFY_MISMATCH) return false;
    return Error{ErrorCode::kStorage,
                 std::string("Grove could not check the passphrase: ") + argon2_error_message(status) + "."};
}

Result<void> set_lock(Store& store, Id actor, std::string_view passphrase, std::optional<std::string_view> current) {
    GROVE_TRY(can(store, actor, Cmd::kOrgSettings));
    if (auto e = passphrase_error(passphrase)) return bad_value(*e);
    GROVE_LET(changing, store.query<bool>([&] { return lock_is_set(store); }));
    if (*changing) {
        if (!current || current->empty()) return bad_value("Give the current passphrase to change it.");
        GROVE_TRY(check(store, *current, "The current passphrase"));
    }
    GROVE_LET(salt, random_salt(kLockParams.salt_bytes));
    GROVE_LET(encoded, hash_passphrase(passphrase, *salt));
    return store.command<void>(kChangeOrg | kChangeAudit, [&]() -> Result<void> {
        GROVE_TRY(authorize(store, actor, Cmd::kOrgSettings));
        if (lock_is_set(store) != *changing) return conflict("The passphrase lock changed meanwhile; try again.");
        store.db().prepare(kSaveLock)->bind_all(*encoded, actor, store.now()).run();
        // The entry says what happened and who did it: never the passphrase, nor its hash.
        record_audit(store, actor,
                     {*changing ? "org.lock.change" : "org.lock.set",
                      *changing ? "changed the passphrase for org roles." : "set a passphrase for org roles.",
                      std::nullopt, std::nullopt});
        return {};
    });
}

Result<void> clear_lock(Store& store, Id actor, std::string_view current) {
    GROVE_TRY(can(store, actor, Cmd::kOrgSettings));
    GROVE_LET(set, store.query<bool>([&] { return lock_is_set(store); }));
    if (!*set) return conflict("The organisation has no passphrase lock.");
    if (current.empty()) return bad_value("Give the current passphrase to clear the lock.");
    GROVE_TRY(check(store, current, "The current passphrase"));
    return store.command<void>(kChangeOrg | kChangeAudit, [&]() -> Result<void> {
        GROVE_TRY(authorize(store, actor, Cmd::kOrgSettings));
        if (!lock_is_set(store)) return conflict("The organisation has no passphrase lock.");
        store.db().prepare(kDeleteLock)->run();
        record_audit(store, actor,
                     {"org.lock.clear", "cleared the passphrase for org roles.", std::nullopt, std::nullopt});
        return {};
    });
}

}  // namespace grove
