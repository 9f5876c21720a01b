// The command table of `grove`: what each command takes, its help, and the handler that runs it.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/grove.h"

namespace grove::cli {

// Wrong usage (unknown command or option, missing argument): exit 2, pointing to `grove help TOPIC`.
struct UsageError {
    std::string message;
    std::string topic;  // "group create", "group", or empty for the overview
};

struct OptionSpec {
    const char* name;   // without the dashes: "parent"
    const char* value;  // what its value is called ("SLUG"); nullptr for a flag
    const char* help;
    bool repeat = false;
    bool required = false;
};

enum class Arity { kOne, kOptional, kMany };
struct PositionalSpec {
    const char* name;
    Arity arity = Arity::kOne;
};

// Options that go together: between `min` and `max` of them must be given.
struct ChoiceSpec {
    std::vector<const char*> names;
    int min = 0;
    int max = 1;
};

// The arguments of one command after parsing, in the order given.
struct Args {
    std::vector<std::string> positionals;
    std::vector<std::pair<std::string, std::string>> options;  // a flag has an empty value

    bool has(std::string_view name) const;
    std::optional<std::string> get(std::string_view name) const;
    std::vector<std::string> all(std::string_view name) const;
};

struct CommandSpec;

// What a handler runs with: the open database, the acting person, its arguments and where to print.
struct Context {
    Store& store;
    const Args& args;
    std::ostream& out;
    const CommandSpec& command;
    std::string db_path;
    Id actor = 0;                // 0 for `init`, which runs before anybody exists
    std::istream* in = nullptr;  // standard input (`org lock set` and `clear` read passphrases from it)
};

using Handler = Result<void> (*)(Context&);

// kCreate: the command makes the database (init); kEither: it also works on a new file, acting for nobody
// while the file holds no organisation (import json restores into an empty database).
enum class DbUse { kExisting, kCreate, kEither };

struct CommandSpec {
    std::vector<std::string> words;  // {"group", "create"}
    std::vector<PositionalSpec> positionals;
    std::vector<OptionSpec> options;
    std::vector<ChoiceSpec> choices;
    const char* summary;  // one line for `grove help`
    const char* details;  // a paragraph for `grove help COMMAND`
    std::vector<const char*> examples;
    Handler handler;
    DbUse db = DbUse::kExisting;
    bool needs_as = false;  // the command acts as the person named by --as, never the owner by default
    bool reads = false;     // only reads: open to every active person (core authorize_read)
    // The command reads the organisation's passphrase from standard input itself and checks it (`org lock set` and
    // `clear`): acting as a person with an org role then needs no GROVE_PASSPHRASE or --passphrase-file besides.
    bool proves_passphrase = false;

    std::string name() const;  // "group create"
    const OptionSpec* option(std::string_view name) const;
};

const std::vector<CommandSpec>& commands();

// What the command line asked for.
struct Invocation {
    enum class Kind { kCommand, kHelp, kVersion };
    Kind kind = Kind::kCommand;
    const CommandSpec* command = nullptr;
    std::vector<std::string> help_topic;
    Args args;
    std::optional<std::string> db;
    std::optional<std::string> as;
    std::optional<std::string> passphrase_file;  // --passphrase-file FILE: the organisation's passphrase (F41)
};

// Throws UsageError.
Invocation parse_invocation(const std::vector<std::string>& argv);

// `grove help [TOPIC...]`; throws UsageError for an unknown topic.
void print_help(const std::vector<std::string>& topic, std::ostream& out);
std::string synopsis(const CommandSpec& command);

// Helpers shared by the handlers: lookups whose errors name what was asked for, and formats.
std::string person_label(const User& user);  // "Ada Lovelace <ada@x.org>", or "<ada@x.org>" for a new invitation
std::string quoted(std::string_view text);   // "'Grade 9'"
Result<Group> group_arg(Store& store, std::string_view slug);
Result<User> user_arg(Store& store, std::string_view email);
Result<Department> department_arg(Store& store, std::string_view slug);
Result<GroupRole> group_role_arg(std::string_view text);
Result<Plan> plan_arg(std::string_view text);
Result<std::pair<std::string, std::string>> key_value_arg(std::string_view option, std::string_view text);
Result<int> count_arg(std::string_view option, std::string_view text);
std::vector<std::string> split_list(std::string_view text);  // "a, b,,c" -> {"a", "b", "c"}
// A roster's files (OneRoster, Canvas): a .zip's, or a folder's (cli_rosters.cpp).
Result<std::vector<ZipEntry>> read_roster(const std::string& path);

// Handlers, one per command.
Result<void> cmd_init(Context& ctx);
Result<void> cmd_org_show(Context& ctx);
Result<void> cmd_org_plan(Context& ctx);
Result<void> cmd_org_rename(Context& ctx);
Result<void> cmd_org_lock_set(Context& ctx);
Result<void> cmd_org_lock_clear(Context& ctx);
Result<void> cmd_user_add(Context& ctx);
Result<void> cmd_user_edit(Context& ctx);
Result<void> cmd_user_list(Context& ctx);
Result<void> cmd_user_show(Context& ctx);
Result<void> cmd_invitation_accept(Context& ctx);
Result<void> cmd_field_add(Context& ctx);
Result<void> cmd_field_list(Context& ctx);
Result<void> cmd_field_rename(Context& ctx);
Result<void> cmd_field_choices(Context& ctx);
Result<void> cmd_field_delete(Context& ctx);
Result<void> cmd_department_create(Context& ctx);
Result<void> cmd_department_rename(Context& ctx);
Result<void> cmd_department_move(Context& ctx);
Result<void> cmd_department_delete(Context& ctx);
Result<void> cmd_department_list(Context& ctx);
Result<void> cmd_role_grant(Context& ctx);
Result<void> cmd_role_revoke(Context& ctx);
Result<void> cmd_role_define(Context& ctx);
Result<void> cmd_role_rename(Context& ctx);
Result<void> cmd_role_edit(Context& ctx);
Result<void> cmd_role_delete(Context& ctx);
Result<void> cmd_role_list(Context& ctx);
Result<void> cmd_audit(Context& ctx);
Result<void> cmd_undo(Context& ctx);
Result<void> cmd_redo(Context& ctx);
Result<void> cmd_history(Context& ctx);
Result<void> cmd_group_create(Context& ctx);
Result<void> cmd_group_edit(Context& ctx);
Result<void> cmd_group_move(Context& ctx);
Result<void> cmd_group_delete(Context& ctx);
Result<void> cmd_group_list(Context& ctx);
Result<void> cmd_group_show(Context& ctx);
Result<void> cmd_group_inherit(Context& ctx);
Result<void> cmd_group_copy(Context& ctx);
Result<void> cmd_group_rule_set(Context& ctx);
Result<void> cmd_group_rule_show(Context& ctx);
Result<void> cmd_group_rule_clear(Context& ctx);
Result<void> cmd_group_rule_copy(Context& ctx);
Result<void> cmd_group_pin(Context& ctx);
Result<void> cmd_group_unpin(Context& ctx);
Result<void> cmd_group_exclude(Context& ctx);
Result<void> cmd_group_unexclude(Context& ctx);
Result<void> cmd_group_why(Context& ctx);
Result<void> cmd_rule_check(Context& ctx);
Result<void> cmd_member_add(Context& ctx);
Result<void> cmd_member_role(Context& ctx);
Result<void> cmd_member_remove(Context& ctx);
Result<void> cmd_member_list(Context& ctx);
Result<void> cmd_import_users(Context& ctx);
Result<void> cmd_import_memberships(Context& ctx);
Result<void> cmd_export_json(Context& ctx);
Result<void> cmd_import_json(Context& ctx);
Result<void> cmd_import_oneroster(Context& ctx);
Result<void> cmd_export_oneroster(Context& ctx);
Result<void> cmd_import_moodle_users(Context& ctx);
Result<void> cmd_export_moodle_users(Context& ctx);
Result<void> cmd_export_moodle_cohorts(Context& ctx);
Result<void> cmd_import_canvas_groups(Context& ctx);
Result<void> cmd_export_canvas_groups(Context& ctx);
Result<void> cmd_report(Context& ctx);
Result<void> cmd_export_group_users(Context& ctx);
Result<void> cmd_course_create(Context& ctx);
Result<void> cmd_course_list(Context& ctx);
Result<void> cmd_course_show(Context& ctx);
Result<void> cmd_course_step_add(Context& ctx);
Result<void> cmd_course_enrol(Context& ctx);
Result<void> cmd_step_complete(Context& ctx);
Result<void> cmd_discuss(Context& ctx);
Result<void> cmd_review_list(Context& ctx);
Result<void> cmd_review_give(Context& ctx);
Result<void> cmd_notifications(Context& ctx);
Result<void> cmd_progress(Context& ctx);
Result<void> cmd_activity(Context& ctx);
Result<void> cmd_digest(Context& ctx);
Result<void> cmd_group_digest(Context& ctx);
Result<void> cmd_import_progress(Context& ctx);

}  // namespace grove::cli
