// The learning side's entry points other screens use: the review queue (review_queue.cpp), the review
// dialog (review_dialog.cpp), the red badge of waiting work, and the weekly digest (digest_dialog.cpp).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/learning/digest.h"
#include "core/learning/reviews.h"
#include "core/org/memberships.h"

namespace grove::ui {

struct AppState;

// Opens the review dialog on a submission, over whatever screen shows (the bell, the mentor's home, a
// member's page, the queue). With `chain` (a by-step queue), each review done opens the next answer to the
// same step waiting in that queue.
void open_review(AppState& state, Id work, std::optional<QueueFilter> chain = std::nullopt);
// Draws the review dialog when open; the frame calls it once, after the screen.
void draw_review_dialog(AppState& state);

// The Reviews screen on one group's members, on one member (and, with `review_first`, their oldest
// waiting answer in the dialog), or on all the work the acting person may review.
void open_group_reviews(AppState& state, Id group, const std::string& name);
void open_member_reviews(AppState& state, Id member, const std::string& name, bool review_first = false);
void open_all_reviews(AppState& state);

// A red pill with the count of waiting work, centred in a row from `row_top` `row_h` tall (row_h 0: at the
// cursor, on the text's line); nothing for 0. Found by tests as `label`; true when clicked.
bool review_badge(const AppState& state, int count, const std::string& label, float row_top = 0.0f, float row_h = 0.0f);
// The waiting work of each person in `people` (a group's page), read again when work or members change.
const std::unordered_map<Id, int>& pending_badges(AppState& state, Id group, const std::vector<GroupPerson>& people);

// The acting person's weekly digest in a dialog, with Save as HTML; the frame draws it.
void open_digest(AppState& state);
void draw_digest_dialog(AppState& state);
// Saves the digest as one HTML file through the platform (in the browser: a download).
void save_digest_html(AppState& state, const Digest& digest);

}  // namespace grove::ui
