// The weekly digest (F23): for a mentor or group admin, the work waiting for them and each member's progress
// over the last seven days, viewable in the app and saved as one self-contained, email-ready HTML file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/learning/reviews.h"
#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

struct DigestCourse {
    std::string course;
    int steps_this_week = 0;  // steps completed in the last seven days
    int progress_percent = 0;
};
struct DigestMember {
    Id user_id = 0;
    std::string name;
    std::string email;
    std::vector<DigestCourse> courses;  // every course they started (enrolled in)
};
struct DigestGroup {
    Id group_id = 0;
    std::string name;
    std::vector<DigestMember> members;
};
struct Digest {
    Id person = 0;
    std::string person_name;
    std::int64_t from = 0;            // now - 7 days
    std::int64_t to = 0;              // now
    std::vector<ReviewItem> pending;  // oldest first
    std::vector<DigestGroup> groups;  // the groups with the digest on, by name
};

// Whether the digest is on for `person` and `group`: on by default where they are a direct mentor or group
// admin, until they turn it off.
bool digest_on(Store& store, Id person, Id group);
// Turns one's own digest on or off for a group one mentors or manages (directly or through a group above).
Result<void> set_digest(Store& store, Id actor, Id group, bool on);

Result<Digest> weekly_digest(Store& store, Id person);
// As text (the command line's stdout) and as one HTML document with inline styles, no scripts, no external
// links, and every name, title and answer escaped.
std::string digest_text(const Digest& digest);
std::string digest_html(const Digest& digest);
// HTML's five special characters escaped.
std::string html_escape(std::string_view text);

}  // namespace grove
