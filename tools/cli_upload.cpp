// `grove import users|memberships FILE`: CSV uploads (F13, F14), all or nothing, with --dry-run.
//
// Output: with --dry-run, one line per change ("line 4: add Grace Hopper <grace@hill.org>"). Then every
// problem as FILE:LINE: reason, one a line, on standard output (the report of the file), and the command
// fails with one `grove: error:` line counting them (exit 1, nothing applied). Without problems, the last
// line sums up what was done ("Added 3 people, updated 1; added 5 memberships.") or would be done.
#include <filesystem>
#include <fstream>

#include "cli_spec.h"

namespace grove::cli {

namespace {

namespace fs = std::filesystem;

// The file's bytes; a membership file over the limit is refused before it is read.
Result<std::string> read_upload(const std::string& path, UploadKind kind) {
    std::error_code ec;
    std::uintmax_t size = fs::file_size(path, ec);
    if (ec) return bad_value("Cannot read " + path + ": " + ec.message() + ".");
    GROVE_TRY(check_upload_size(kind, size));
    std::ifstream in(path, std::ios::binary);
    std::string bytes(static_cast<size_t>(size), '\0');
    if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size))) {
        return bad_value("Cannot read " + path + ".");
    }
    return bytes;
}

Result<void> import(Context& ctx, UploadKind kind) {
    const std::string& path = ctx.args.positionals[0];
    UploadOptions options;
    for (const auto& text : ctx.args.all("map")) {
        GROVE_LET(mapping, parse_column_mapping(text));
        options.mappings.push_back(*mapping);
    }
    options.invite = ctx.args.has("invite");
    if (auto slug = ctx.args.get("group")) {
        GROVE_LET(group, group_arg(ctx.store, *slug));
        options.group = group->id;
    }
    GROVE_LET(bytes, read_upload(path, kind));
    GROVE_LET(plan, plan_upload(ctx.store, ctx.actor, kind, path, *bytes, options));
    const bool dry_run = ctx.args.has("dry-run");
    if (dry_run)
        for (const auto& line : plan->changes) ctx.out << line << "\n";
    for (const auto& line : plan->errors) ctx.out << line << "\n";
    if (!plan->ok()) {
        return bad_value(path + " has " + counted(static_cast<int>(plan->errors.size()), "error", "errors") +
                         "; nothing was applied.");
    }
    if (dry_run) {
        ctx.out << plan->counts.summary(true) << "\n";
        return {};
    }
    GROVE_LET(counts, apply_upload(ctx.store, ctx.actor, *plan));
    ctx.out << counts->summary() << "\n";
    return {};
}

}  // namespace

Result<void> cmd_import_users(Context& ctx) { return import(ctx, UploadKind::kUsers); }

Result<void> cmd_import_memberships(Context& ctx) { return import(ctx, UploadKind::kMemberships); }

}  // namespace grove::cli
