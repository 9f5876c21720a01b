// export json, import json: the whole organisation as a Grove file (F17) and merging another planner's (F18).
#include <cstdio>
#include <fstream>
#include <iterator>

#include "cli_spec.h"

namespace grove::cli {

namespace {

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return bad_value("Cannot read " + path + ".");
    // The size before a byte is read (<filesystem> would bring std::quoted in beside grove's).
    if (const auto size = in.tellg(); size > 0)
        GROVE_TRY(check_grove_file_size(path, static_cast<std::uint64_t>(size)));
    in.seekg(0);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return bad_value("Cannot read " + path + ".");
    return bytes;
}

Result<ImportChoices> choices_arg(const Args& args) {
    ImportChoices choices;
    if (auto prefer = args.get("prefer")) {
        std::string side = lower_ascii(trim(*prefer));
        if (side == "ours")
            choices.prefer = Side::kOurs;
        else if (side == "theirs")
            choices.prefer = Side::kTheirs;
        else
            return bad_value("--prefer takes ours or theirs, not " + quoted(*prefer) + ".");
    }
    return choices;
}

std::string conflict_line(const Conflict& c, const ImportChoices& choices) {
    std::string line = "conflict: " + conflict_text(c);
    if (choices.prefer) line += choices.prefer == Side::kOurs ? " (keeping ours)" : " (taking theirs)";
    return line;
}

std::string counts(const ImportPlan& plan) {
    return counted(plan.added, "added", "added") + ", " + counted(plan.changed, "changed", "changed") + ", " +
           counted(plan.removed, "removed", "removed");
}

std::string places(size_t n) { return counted(static_cast<std::int64_t>(n), "place", "places"); }

}  // namespace

Result<void> cmd_export_json(Context& ctx) {
    auto path = ctx.args.get("o");
    if (!path) return export_json(ctx.store, ctx.actor, ctx.out);
    // Refused before the file is made, so that a refusal leaves nothing behind.
    GROVE_TRY(authorize(ctx.store, ctx.actor, Cmd::kOrgExport));
    std::ofstream file(*path, std::ios::binary | std::ios::trunc);
    if (!file) return bad_value("Cannot write " + *path + ".");
    auto done = export_json(ctx.store, ctx.actor, file);
    file.close();
    if (!done || !file) {
        std::remove(path->c_str());
        if (!done) return done.error();
        return bad_value("Cannot write " + *path + ".");
    }
    ctx.out << "Exported " << get_org(ctx.store)->name << " to " << *path << ".\n";
    return {};
}

Result<void> cmd_import_json(Context& ctx) {
    const std::string& path = ctx.args.positionals.at(0);
    GROVE_LET(choices, choices_arg(ctx.args));
    GROVE_LET(bytes, read_file(path));
    const bool dry_run = ctx.args.has("dry-run");
    auto org = get_org(ctx.store);

    if (dry_run) {
        GROVE_LET(plan, plan_import(ctx.store, ctx.actor, path, *bytes, *choices));
        ctx.out << (plan->into_empty ? "Would restore " + plan->org_name + " from " + path
                                     : "Would merge " + path + " into " + plan->org_name)
                << ":\n";
        for (const auto& line : plan->changes) ctx.out << "  " << line << "\n";
        for (const auto& c : plan->conflicts) ctx.out << "  " << conflict_line(c, *choices) << "\n";
        for (const auto& c : plan->settled_before) ctx.out << "  settled before: " << settled_text(c) << "\n";
        ctx.out << "Dry run: nothing was changed";
        if (!plan->into_empty) ctx.out << " (" << counts(*plan) << ")";
        ctx.out << ".\n";
        if (!plan->conflicts.empty() && !choices->prefer) {
            return Error{ErrorCode::kConflict,
                         path + " conflicts with " + plan->org_name + " in " + places(plan->conflicts.size()) +
                             " (listed above); give --prefer ours or --prefer theirs to settle them."};
        }
        return {};
    }

    auto done = import_json(ctx.store, ctx.actor, path, *bytes, *choices);
    if (!done) {
        // Refused for its conflicts: list them, one a line, before the one-line error.
        if (org && done.error().code == ErrorCode::kConflict && !choices->prefer) {
            auto plan = plan_import(ctx.store, ctx.actor, path, *bytes);
            if (plan && !plan->conflicts.empty()) {
                for (const auto& c : plan->conflicts) ctx.out << "conflict: " << conflict_text(c) << "\n";
                return Error{ErrorCode::kConflict,
                             path + " conflicts with " + org->name + " in " + places(plan->conflicts.size()) +
                                 " (listed above); nothing was imported. Give --prefer ours or --prefer theirs to "
                                 "settle them."};
            }
        }
        return done.error();
    }
    for (const auto& line : done->changes) ctx.out << line << "\n";
    for (const auto& c : done->settled_before) ctx.out << "settled before: " << settled_text(c) << "\n";
    if (done->into_empty) {
        ctx.out << "Restored " << done->org_name << " from " << path << ".\n";
    } else {
        ctx.out << "Merged " << path << " into " << done->org_name << ": " << counts(*done);
        if (!done->conflicts.empty()) {
            ctx.out << "; " << counted(static_cast<int>(done->conflicts.size()), "conflict", "conflicts")
                    << (choices->prefer == Side::kOurs ? " kept as ours" : " taken from theirs");
        }
        ctx.out << ".\n";
    }
    return {};
}

}  // namespace grove::cli
