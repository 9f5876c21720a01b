// The learning side's view state (AppState::views.reviews): the review queue (F21, F37), the review dialog,
// the top bar's bell (F20), the mentor's home (F24) and the weekly digest (F23), with their view models.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/learning/digest.h"
#include "core/learning/reviews.h"
#include "core/learning/work.h"
#include "shell/cached.h"
#include "shell/widgets/notice.h"
#include "shell/widgets/popup.h"

namespace grove::ui {

// Whose work the queue shows: everything the acting person may review, one group's members, or one member.
enum class QueueScope { kAll, kGroup, kMember };

// One line of the queue as drawn: an item, or (by step) the heading of a step's run of items. All lines are
// the same height, so the list is clipped to what is visible however long it is.
struct QueueLine {
    int item = -1;        // index into items; -1: a heading
    std::string heading;  // "Algebra · Step 2: Proofs · 3 waiting"
    std::string where;    // an item's "Algebra · Step 2: Proofs"
};

struct ReviewQueueModel {
    std::vector<ReviewItem> items;
    std::vector<QueueLine> lines;
    std::string error;  // the core's refusal (the acting person may not see this queue)
};

// The review dialog: one submission, its answer, and the fields of the review.
struct ReviewForm {
    Id work = 0;
    bool loaded = false;
    ReviewItem item;
    std::optional<Work> done;  // the work as stored: reviewed already, when status is kReviewed
    std::string points;        // as typed
    std::string feedback;
    std::string error;  // the core's refusal or an unreadable number
    // By step: after this review, the next waiting answer to the same step opens.
    std::optional<QueueFilter> chain;
    int reviewed_in_row = 0;
    int more_in_step = 0;  // other answers to this step waiting in that queue
};

struct BellModel {
    int unread = 0;
    std::vector<Notification> items;  // newest first
};

struct HomeLine {
    int group = -1;   // index into groups
    int member = -1;  // index into that group's members; -1: the group's own line
};
struct HomeModel {
    std::vector<LedGroup> groups;
    std::vector<HomeLine> lines;
    int waiting = 0;  // each person's waiting work once, though they may be in two of the groups
};

// One line of the digest as the dialog draws it (all one height, so a long digest is clipped to the view).
struct DigestLine {
    enum class Kind { kSection, kGroup, kMember, kItem, kCourse };
    Kind kind = Kind::kItem;
    std::string text;
    bool quiet = false;  // muted: nothing to report
};

struct ReviewView {
    // ---- The queue (screens/review_queue.cpp) ----
    QueueScope scope = QueueScope::kAll;
    Id scope_id = 0;
    std::string scope_name;  // the group's or the member's name
    bool by_step = false;
    Cached<ReviewQueueModel> queue;
    std::string queue_key;  // actor, scope and by_step the model was read for
    Notice notice;

    // ---- A group page's badges: pending work per member of the open group ----
    Cached<std::unordered_map<Id, int>> badges;
    Id badges_group = 0;

    // ---- The review dialog (screens/review_dialog.cpp), drawn by the frame over any screen ----
    ReviewForm form;
    bool open_form = false;

    // ---- The bell (shell/bell.cpp) ----
    Cached<BellModel> bell;
    Id bell_actor = 0;
    bool open_bell = false;
    PopupAnchor bell_anchor;

    // ---- The mentor's home (screens/home_screen.cpp) ----
    Cached<HomeModel> home;
    Id home_actor = 0;
    Notice home_notice;

    // ---- The weekly digest (screens/digest_dialog.cpp) ----
    bool open_digest = false;
    std::optional<Digest> digest;
    std::vector<DigestLine> digest_lines;
    std::string digest_error;
    std::string digest_saved;  // the file it was last saved as
};

}  // namespace grove::ui
