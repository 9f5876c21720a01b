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

#include "csv.h"
#include "model.h"
#include "result.h"
#include "store.h"

namespace grove {

enum class UploadKind {
    kUsers,        // email, first name, last name; optional department, group, role, additional fields
    kMemberships,  // email, group (slug or name), optional role; the user file is accepted too
};

constexpr std::size_t kMembershipUploadLimit = 3 * 1024 * 1024;  // bytes

// Where a column of the file goes. `field` is "email", "first_name", "last_name", "department", "group",
// "role", or the name of an additional field; empty when the column is unknown (an error unless mapped).
struct UploadColumn {
    std::string header;  // as written in the file
    std::string field;
    bool mapped = false;  // set by the person (a mapping), not recognised from the header
};

// A mapping the person chose: the column with this header goes to `field` (same names as above).
struct ColumnMapping {
    std::string header;
    std::string field;
};
// "Header=field" as given on the command line.
Result<ColumnMapping> parse_column_mapping(std::string_view text);

struct UploadCounts {
    int people_added = 0;
    int people_updated = 0;
    int people_unchanged = 0;
    int memberships_added = 0;
    int memberships_changed = 0;  // an existing membership's role changed
    int memberships_unchanged = 0;
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
    std::vector<std::string> changes; // what applying does, one line each ("line 4: add Grace Hopper <grace@hill.org>")
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
                               std::string_view bytes, const std::vector<ColumnMapping>& mappings = {});

// Applies a plan without errors in steps inside one transaction, so the UI can draw a progress bar.
class UploadApply {
public:
    // Refuses a plan with errors, or one made against an older state of the database.
    static Result<std::unique_ptr<UploadApply>> begin(Store& store, Id actor, const UploadPlan& plan);
    ~UploadApply();
    // Applies up to `rows` more rows; true once everything is applied and committed. An Error rolls
    // everything back.
    Result<bool> step(int rows);
    double progress() const;  // 0..1
    const UploadCounts& counts() const;

private:
    UploadApply();
    struct State;
    std::unique_ptr<State> state_;
};

// plan + apply in one call, for the command line and tests.
Result<UploadCounts> apply_upload(Store& store, Id actor, const UploadPlan& plan);

// The downloadable examples of the formats.
std::string user_upload_template();        // users.csv: the header and two example rows
std::string membership_upload_sample();    // memberships.csv: the header and example rows

}  // namespace grove
