// import canvas-groups, export canvas-groups: a Canvas LMS's groups as its SIS files (issue 13, F30).
//
// Output as `import oneroster` prints it: with --dry-run, one line per change ("add group Project Teams"). Then every
// problem as FILE:LINE: reason, one a line, and the command fails with one `grove: error:` line counting them
// (exit 1, nothing applied). Without problems, the last line says what was done ("add 3 groups, add 40
// memberships"), after "Dry run, nothing was changed: " with --dry-run.
#include <cstdio>
#include <fstream>

#include "cli_spec.h"

namespace grove::cli {

Result<void> cmd_import_canvas_groups(Context& ctx) {
    const std::string& path = ctx.args.positionals.at(0);
    const bool dry_run = ctx.args.has("dry-run");
    GROVE_LET(files, read_roster(path));
    GROVE_LET(done, import_canvas_groups(ctx.store, ctx.actor, path, *files, dry_run));
    if (dry_run)
        for (const auto& line : done->changes) ctx.out << line << "\n";
    for (const auto& line : done->errors) ctx.out << line << "\n";
    if (!done->ok()) {
        return bad_value(path + " has " + counted(static_cast<int>(done->errors.size()), "error", "errors") +
                         "; nothing was applied.");
    }
    ctx.out << (dry_run ? "Dry run, nothing was changed: " : "") << done->counts.summary() << "\n";
    return {};
}

Result<void> cmd_export_canvas_groups(Context& ctx) {
    const std::string path = *ctx.args.get("o");
    GROVE_LET(zip, export_canvas_groups(ctx.store, ctx.actor));
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file || !file.write(zip->data(), static_cast<std::streamsize>(zip->size()))) {
        file.close();
        std::remove(path.c_str());
        return bad_value("Cannot write " + path + ".");
    }
    file.close();
    ctx.out << "Exported the groups of " << get_org(ctx.store)->name << " as Canvas SIS files to " << path << ".\n";
    return {};
}

}  // namespace grove::cli
