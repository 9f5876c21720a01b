// Uploads from spreadsheets (F13, F14): people, and people into groups, from CSV. An upload is planned
// first (every bad row found, nothing written), then applied all or nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/files/csv.h"
#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

enum class UploadKind {
    kUsers,        // email, first name, last name; optional department, group, role, additional fields
    kMemberships,  // email, group (slug or name), optional role; the user file is accepted too
};

constexpr std::size_t kMembershipUploadLimit = 3 * 1024 * 1024;  // bytes
// A people file of 100,000 people with a dozen additional fields is about 20 MB; more is not a roster.
constexpr std::size_t kUserUploadLimit = 50 * 1024 * 1024;  // bytes

// Refuses a file larger than its kind's limit before anything reads it: "The file is 3.4 MB; the limit
// is 3 MB." (MB = 1024 * 1024 bytes, rounded up to one decimal so that a file over the limit never reads as
// 3.0 MB). plan_upload calls it too; the CSV reader's own limits (core/files/csv.h) hold for both kinds.
Result<void> check_upload_size(UploadKind kind, std::uint64_t bytes);

// What the cells mean (both kinds):
// - Headers match ignoring case, accents, spaces, underscores and hyphens ("First Name", "first_name",
//   "firstname"); aliases: "E-mail"/"Email address" for email, "Given name" for first name, "Surname"/"Family
//   name" for last name. An additional field's column is headed by the field's name, matched the same way.
// - A person whose email exists (any case) is updated, never duplicated. For an existing person an empty
//   cell leaves that value as it is (an upload never clears a value, never changes an email or a status);
//   a new person needs a first name and becomes an active user, as with `user add` (no invitation).
// - department and group are the exact slug, or a name (case ignored); a name shared by several needs the slug.
//   No group or department is ever created: one that does not exist is a row error.
// - role is member, mentor or admin (also "group admin", "leader"); empty means member for a new membership
//   and leaves an existing membership's role as it is. A role needs a group on its row.
// - An email may appear on several rows only to put the person into several groups: the later rows'
//   other cells must be empty or the same as on the first row.
// - Every row is authorised like the command it stands for (user add, user edit, member add/role) against
//   the database as planned, with the row's own change of department applied first.

// A header as uploads compare it: folded (case and accents), without spaces, underscores, hyphens and dots
// ("First Name", "first_name" and "firstname" are one). Every CSV upload matches its headers this way.
std::string upload_header_key(std::string_view header);

// Where a column of the file goes. `field` is "email", "first_name", "last_name", "department", "group",
// "role", the name of an additional field, or "ignore" (a column the person chose to skip); empty when the
// column is unknown (an error unless mapped).
struct UploadColumn {
    std::string header;  // as written in the file
    std::string field;
    bool mapped = false;  // set by the person (a mapping), not recognised from the header
};

// A mapping the person chose: the column with this header goes to `field` (same names as above, matched
// like headers; "ignore" or an empty field skips the column). A header the file lacks, or a field that does
// not exist, is reported in plan.errors at the header's line.
struct ColumnMapping {
    std::string header;
    std::string field;
};
// "Header=field" as given on the command line (split at the last '=').
Result<ColumnMapping> parse_column_mapping(std::string_view text);

// What a column can be mapped to, for the mapping step: the standard fields, then the additional fields
// by name, then "ignore".
std::vector<std::string> upload_targets(Store& store);

// The choices made beside the file.
struct UploadOptions {
    std::vector<ColumnMapping> mappings;
    // Membership uploads: an email nobody has yet becomes an invitation into the row's group, as Add
    // members does (authorised as member.invite; the invited person gives their name when accepting). A
    // people file's row that names the person still adds them as active. Off: such a row is an error.
    bool invite = false;
    // A group's own upload (membership uploads): every row goes into this group, and the file needs no
    // group column; a group cell, where there is one, must be empty or name this group.
    std::optional<Id> group;
};

struct UploadCounts {
    int people_added = 0;
    int people_invited = 0;
    int people_updated = 0;
    int people_unchanged = 0;
    int memberships_added = 0;
    int memberships_changed = 0;  // an existing membership's role changed
    int memberships_unchanged = 0;

    // "Added 3 people, updated 1; added 5 memberships." (would: "Would add 3 people, ...").
    std::string summary(bool would = false) const;
};

// What an upload would do, and everything wrong with it.
struct UploadPlan {
    std::string file_name;
    UploadKind kind = UploadKind::kUsers;
    char separator = ',';
    std::vector<UploadColumn> columns;
    std::vector<CsvRecord> preview;   // the first rows after the header, as read
    int row_count = 0;                // rows after the header
    std::vector<std::string> errors;  // every problem, "FILE:LINE: reason", in file order
    std::vector<std::string>
        changes;  // what applying does, one line each ("line 4: add Grace Hopper <grace@hill.org>")
    UploadCounts counts;

    bool ok() const { return errors.empty(); }
    // The private work list that apply() replays.
    struct Work;
    std::shared_ptr<const Work> work;
};

// Reads and checks the file against the database as `actor` (each row is authorised like the command it
// stands for). Never writes. An Error only for what stops planning altogether (too large, not CSV at all,
// no header); row problems go into plan.errors.
Result<UploadPlan> plan_upload(Store& store, Id actor, UploadKind kind, std::string_view file_name,
                               std::string_view bytes, const UploadOptions& options);
Result<UploadPlan> plan_upload(Store& store, Id actor, UploadKind kind, std::string_view file_name,
                               std::string_view bytes, const std::vector<ColumnMapping>& mappings = {});

// plan_upload in steps, so that the UI can draw a progress bar while a large file is checked: reading the
// file, its columns, the facts authorize() asks, then the rows a slice at a time. The plan is exactly
// plan_upload's. Nothing may change the database between begin() and the last step (stale() says when
// something did; plan again then).
class UploadPlanner {
public:
    // Refuses a file over the size limit at once; everything else is found by the steps.
    static Result<std::unique_ptr<UploadPlanner>> begin(Store& store, Id actor, UploadKind kind,
                                                        std::string_view file_name, std::string_view bytes,
                                                        const UploadOptions& options);
    ~UploadPlanner();
    // One phase, or up to `rows` rows; true once the plan is complete (take() it). An Error is what stops
    // planning altogether, as plan_upload returns it.
    Result<bool> step(int rows);
    double progress() const;  // 0..1
    int row_count() const;    // rows after the header, once the file is read
    int rows_checked() const;
    bool stale() const;  // a command changed the database since begin()
    UploadPlan take();

private:
    UploadPlanner();
    struct State;
    std::unique_ptr<State> state_;
};

// Applies a plan without errors in steps inside one transaction (Store::LongCommand), so the UI can draw a
// progress bar; one audit entry sums the upload up. Nothing else may run on the store until it is done.
class UploadApply {
public:
    // Refuses a plan with errors, one made for another acting person, or one made against an older state
    // of the database (any committed command since planning, except this planner's local settings).
    static Result<std::unique_ptr<UploadApply>> begin(Store& store, Id actor, const UploadPlan& plan);
    ~UploadApply();
    // Applies up to `rows` more changes (a person added or updated, a membership added or re-roled: a row of
    // the file may hold two); true once everything is applied and committed. An Error rolls everything back.
    Result<bool> step(int rows);
    double progress() const;             // 0..1
    const UploadCounts& counts() const;  // what has been applied so far (the plan's counts once done)

private:
    UploadApply();
    struct State;
    std::unique_ptr<State> state_;
};

// begin + every step in one call, for the command line and tests.
Result<UploadCounts> apply_upload(Store& store, Id actor, const UploadPlan& plan);

// The downloadable examples of the formats.
// CSV as CsvWriter writes it (byte-order mark, CRLF), accepted as is by plan_upload.
std::string user_upload_template();  // users.csv: the header and two example rows
// The same with a column for each of the organisation's additional fields, and the second example row in
// the organisation's first department and group (when it has them).
std::string user_upload_template(Store& store);
std::string membership_upload_sample();  // memberships.csv: the header and example rows
// A group's own upload (UploadOptions::group): email and role, no group column.
std::string group_upload_sample();

}  // namespace grove
