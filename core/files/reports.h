// Reports and exports as CSV (F15, F16, F32): a group's users, the group report, the membership report.
//
// Every file is written by CsvWriter (csv.h): a UTF-8 byte-order mark, CRLF, quoting where needed and
// no accidental formulas, so Excel opens it as it is. IDs are the records' stable uids (never rowids),
// dates ISO 8601 in UTC ("2026-01-05T09:00:00Z").
//
// Order of rows: groups in the natural order of the tree (pre-order: a group, then its subgroups;
// siblings by name in natural order, F36). The membership report follows the same group order; within
// a group, its direct memberships by person (natural name order), then its inherited staff likewise.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/org/model.h"
#include "core/storage/result.h"
#include "core/storage/store.h"

namespace grove {

// The group report: group_id, group_name, slug, description, created_date, parent_group_id,
// parent_group_name (both empty for a top-level group), then Grove's own columns: member_count (direct
// memberships, any role), subgroup_count, inherit (yes|no: staff of the ancestors reach this group),
// external_ids ("rostering=RSD-0001; partner=P-7", by system), group_path ("District / School / Grade
// 9"), updated_date. Needs Cmd::kReportView.
Result<std::string> group_report_csv(Store& store, Id actor);

// The membership report: membership_id, user_id, first_name, last_name, email, group_id, group_name,
// member_role (member|mentor|admin), group_parent_id, membership_created_date, then Grove's own columns:
// source (direct|inherited|rule), inherited_from_group_id, inherited_from_group_name, user_status
// (active|invited|deactivated), group_slug. Needs Cmd::kReportView.
//
// One row per direct membership. An inherited row (F32) is added for each person whom a staff role
// (mentor, group admin) of an ancestor reaches in a group, unless their direct membership there already
// has that role or a stronger one; it carries the strongest such role (the nearest group on a tie), and
// its membership_created_date is that of the ancestor's membership that carries it, and its membership_id
// its own: the carrying membership's ID and the group's ID joined by '-' ("<membership uid>-<group uid>"),
// unique in the report and the same in every export while that membership carries the role there.
// "rule" is reserved for smart groups (F12), which do not exist yet: today every row is direct or
// inherited. Computed from one sequential read of the memberships and one walk down the tree (what
// reaches a group is what reaches its parent plus the parent's staff), never a query per group: about
// 1.2 s natively for 100,000 people, 10,000 groups and a million memberships (235 MB of CSV).
Result<std::string> membership_report_csv(Store& store, Id actor);

// A group's users (F15), in the people upload's columns so the file can be uploaded again: email,
// first_name, last_name, department (its slug), group (the group's slug), role, then each additional field
// by its name, then status (active|invited|deactivated), source (direct|inherited), inherited_role and
// inherited_from (the slug of the group whose staff role reaches the person, when that role is stronger
// than their direct one, or they have none). One row per person: direct people first (admins, mentors,
// members, each by name), then inherited staff, as the group's page lists them. For a direct person,
// role is their direct role. Needs Cmd::kGroupExport.
Result<std::string> group_users_csv(Store& store, Id actor, Id group);
// The users of several groups in one file (the Groups list's bulk export), one header, each group's
// rows in the order given. Refused as a whole when any one group is refused.
Result<std::string> groups_users_csv(Store& store, Id actor, const std::vector<Id>& groups);

// The same reports written in pieces of about 64 KB as they are produced, so that a report of a million
// rows never needs to be held whole (the command line streams it to a file). Nothing reaches `sink` when
// the report is refused; a database failure may stop it midway (the Error says so).
using CsvSink = std::function<void(std::string_view chunk)>;
Result<void> write_group_report(Store& store, Id actor, const CsvSink& sink);
Result<void> write_membership_report(Store& store, Id actor, const CsvSink& sink);

// The membership report in steps, for a progress bar (a million rows take a second or more). begin() checks the
// permission only; the first steps read the groups, then the people and then the memberships a slice at a time
// (a command committed meanwhile starts the reading again), and the rest write from memory only, so nothing that
// happens to the database once the reading is done changes the report. The text is exactly
// membership_report_csv()'s (which is begin() and every step in one call).
class MembershipReportWriter {
public:
    static Result<std::unique_ptr<MembershipReportWriter>> begin(Store& store, Id actor);
    ~MembershipReportWriter();
    // Reads up to `rows` more people or memberships, or appends about `rows` more rows to `out` (first the
    // byte-order mark and the header); true once the whole report is written. An Error when the database fails.
    Result<bool> step(int rows, std::string& out);
    double progress() const;  // 0..1
    bool reading() const;     // still reading the database (nothing written yet)
    std::size_t rows_written() const;

private:
    MembershipReportWriter();
    struct State;
    std::unique_ptr<State> state_;
};

// Suggested file names: the organisation's slug and today's date from store.now(), e.g.
// "hill-school-groups-2026-11-25.csv", "hill-school-memberships-2026-11-25.csv"; and the group's slug,
// "grade-9-users.csv" ("group-users.csv" for an unknown group).
std::string group_report_file_name(Store& store);
std::string membership_report_file_name(Store& store);
std::string group_users_file_name(Store& store, Id group);

}  // namespace grove
