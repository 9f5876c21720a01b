// The passphrase lock of org roles (F41): on a shared computer, acting as a person who holds an org role needs the
// organisation's passphrase. Kept only as an Argon2id hash in this database (table org_lock), never exported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

// Argon2id's cost, OWASP's recommended minimum (docs/security.md says why): 2 passes over 19 MiB, one lane, a
// 16-byte random salt and a 32-byte hash. They travel inside the stored form, so a later Grove that raises them
// still verifies a passphrase set today.
struct LockParams {
    std::uint32_t passes = 2;
    std::uint32_t memory_kib = 19456;
    std::uint32_t lanes = 1;
    std::uint32_t salt_bytes = 16;
    std::uint32_t hash_bytes = 32;
};
inline constexpr LockParams kLockParams{};

// A passphrase has at least this many characters (Unicode code points), and at most kMaxPassphraseBytes bytes.
inline constexpr int kMinPassphraseChars = 8;
inline constexpr std::size_t kMaxPassphraseBytes = 1024;

// Whether the organisation has a passphrase lock.
bool lock_is_set(Store& store);

// Whether acting as `person` needs the passphrase now: a lock is set and they hold an org role (Owner, Admin, the
// manager roles, Department Admin, a custom role). Members, mentors and group admins act without it.
bool needs_passphrase(Store& store, Id person);

// Checks a passphrase against the lock (with no lock every passphrase passes). A wrong one is refused (kForbidden)
// and makes the next try wait, longer after each wrong one in a row (1 s, 2 s, 4 s, ... up to 5 minutes); a try
// during the wait is refused (kConflict) without being checked. The count lives with the lock in this database, so
// reloading the page or running the command line again does not reset it; a right passphrase does.
Result<void> verify_passphrase(Store& store, std::string_view passphrase);

// When the next try is allowed, if that is still to come (milliseconds since the epoch, the store's clock).
std::optional<std::int64_t> lock_retry_at(Store& store);
// "3 seconds", "2 minutes": how long until `at`, rounded up, for people.
std::string wait_words(std::int64_t from_ms, std::int64_t at_ms);

// Sets the lock, or changes it when one is set: then `current` must be the passphrase now (checked as
// verify_passphrase checks it, wrong tries counting). Needs Cmd::kOrgSettings. One transaction, audited without the
// passphrase or its hash.
Result<void> set_lock(Store& store, Id actor, std::string_view passphrase,
                      std::optional<std::string_view> current = std::nullopt);
// Removes the lock; `current` must be the passphrase. Needs Cmd::kOrgSettings.
Result<void> clear_lock(Store& store, Id actor, std::string_view current);

// The Argon2id hash of `passphrase` with `salt` in its encoded form ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash"),
// and the check of a passphrase against such a form. For tests and the lock above; the salt is random there.
Result<std::string> hash_passphrase(std::string_view passphrase, std::string_view salt,
                                    const LockParams& params = kLockParams);
Result<bool> passphrase_matches(std::string_view encoded, std::string_view passphrase);

}  // namespace grove
