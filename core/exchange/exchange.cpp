// The organisation as one JSON file (F17) and merging two planners' work (F18): permissions, transactions
// and the plan a person sees. The format itself is in core/exchange/ and docs/exchange-format.md.
#include "core/exchange/exchange.h"

#include <new>

#include "core/access/access.h"
#include "core/access/permissions.h"
#include "core/exchange/internal.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/org/org.h"
#include "core/rules/rules_internal.h"
#include "core/storage/transaction.h"
#include "core/text/text.h"

namespace grove {

namespace {

Result<void> authorize_merge(Store& store, Id actor) {
    GROVE_TRY(authorize(store, actor, Cmd::kOrgImport));
    if (!covers(store, power_of(store, actor), role_power(OrgRole::kAdmin, 0, std::nullopt))) {
        return forbidden(user_name(store, actor) + " may not " + cmd_def(Cmd::kOrgImport).doing +
                         ": it needs the power of an Admin (every permission, org-wide).");
    }
    return {};
}

ImportPlan restore_plan(const exchange::RestoreCounts& counts) {
    ImportPlan plan;
    plan.into_empty = true;
    plan.org_name = counts.org_name;
    plan.changes.push_back("restore the organisation " + counts.org_name);
    for (int k = 1; k < exchange::kKindCount; ++k) {
        size_t n = counts.records[static_cast<size_t>(k)];
        if (n == 0) continue;
        auto kind = static_cast<exchange::Kind>(k);
        plan.changes.push_back("add " + exchange::counted_records(kind, n));
        if (kind != exchange::Kind::kAudit) plan.added += static_cast<int>(n);
    }
    return plan;
}

}  // namespace

std::string conflict_text(const Conflict& c) {
    std::string head = c.kind + " " + c.label;
    if (!c.field.empty()) {
        return head + ": " + c.field + " is '" + c.ours + "' here and '" + c.theirs + "' in the file";
    }
    auto side = [](const std::string& v) { return v == "(deleted)" || v == "(none)" ? std::string("deleted") : v; };
    return head + ": " + side(c.ours) + " here, " + side(c.theirs) + " in the file";
}

std::string settled_text(const Conflict& c) {
    if (!c.kept) return conflict_text(c);
    const std::string& kept = *c.kept == Side::kOurs ? c.ours : c.theirs;
    std::string how;
    if (!c.field.empty())
        how = "kept '" + kept + "'";
    else if (kept == "(deleted)")
        how = "kept it deleted";
    else if (kept == "(none)")
        how = "kept it cleared";
    else
        how = "kept the change";
    return conflict_text(c) + ", " + how;
}

Result<void> export_json(Store& store, Id actor, std::ostream& out) {
    try {
        GROVE_TRY(authorize(store, actor, Cmd::kOrgExport));
        ReadTransaction read(store.db());
        exchange::Output w(out);
        exchange::write_organisation(store, w);
        if (!w.flush()) return Error{ErrorCode::kStorage, "The export could not be written."};
        return {};
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

Result<std::string> export_json(Store& store, Id actor) {
    try {
        GROVE_TRY(authorize(store, actor, Cmd::kOrgExport));
        ReadTransaction read(store.db());
        std::string text;
        exchange::Output w(text);
        exchange::write_organisation(store, w);
        return text;
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

namespace {

// A file larger than the memory Grove may use (a browser tab's WebAssembly memory ends at 2 GB) is refused in
// words; the transaction it was read in rolled back as the exception left it, so nothing changed.
Error too_large_for_memory(std::string_view file_name) {
    return bad_value(std::string(file_name) +
                     ": this file is too large for the memory available here (in a browser, the tab's 2 GB); "
                     "nothing was changed. The command line (grove import json) reads it with the computer's memory.");
}

Result<ImportPlan> plan_import_in_memory(Store& store, Id actor, std::string_view file_name, std::string_view bytes,
                                         const ImportChoices& choices);
Result<ImportPlan> import_json_in_memory(Store& store, Id actor, std::string_view file_name, std::string_view bytes,
                                         const ImportChoices& choices);

}  // namespace

Result<ImportPlan> plan_import(Store& store, Id actor, std::string_view file_name, std::string_view bytes,
                               const ImportChoices& choices) {
    try {
        return plan_import_in_memory(store, actor, file_name, bytes, choices);
    } catch (const std::bad_alloc&) {
        return too_large_for_memory(file_name);
    }
}

Result<ImportPlan> import_json(Store& store, Id actor, std::string_view file_name, std::string_view bytes,
                               const ImportChoices& choices) {
    try {
        return import_json_in_memory(store, actor, file_name, bytes, choices);
    } catch (const std::bad_alloc&) {
        return too_large_for_memory(file_name);
    }
}

namespace {

Result<ImportPlan> plan_import_in_memory(Store& store, Id actor, std::string_view file_name, std::string_view bytes,
                                         const ImportChoices& choices) {
    try {
        if (!get_org(store)) {
            // The restore itself, rolled back: every check the real one makes, and nothing kept.
            ForeignKeysOff checked_here(store.db());
            Transaction tx(store.db());
            GROVE_LET(counts, exchange::restore(store, file_name, bytes));
            return restore_plan(*counts);
        }
        GROVE_TRY(authorize_merge(store, actor));
        ReadTransaction read(store.db());
        return exchange::merge(store, file_name, bytes, choices, false);
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

Result<ImportPlan> import_json_in_memory(Store& store, Id actor, std::string_view file_name, std::string_view bytes,
                                         const ImportChoices& choices) {
    bool empty;
    try {
        empty = !get_org(store);
    } catch (const DbError& e) {
        return storage_error(e);
    }
    LargerCache cache(store.db());
    if (empty) {
        ForeignKeysOff checked_here(store.db());
        Store::NoUndo nothing_to_go_back_to(store);  // the whole file: a restore is not undone, it is deleted
        return store.command<ImportPlan>(kChangeAll, [&]() -> Result<ImportPlan> {
            rules::name_cause(store, std::nullopt, "restored " + std::string(file_name) + ".");
            GROVE_LET(counts, exchange::restore(store, file_name, bytes));
            return restore_plan(*counts);
        });
    }
    return store.command<ImportPlan>(kChangeAll, [&]() -> Result<ImportPlan> {
        GROVE_TRY(authorize_merge(store, actor));
        // One undo step (F28), also when it settles nothing and so writes no audit entry of its own; undoing it
        // puts the sync state back too, so the next merge sees the other planner's records as new again.
        if (auto uid = user_uid(store, actor))
            store.note_step({*uid, "org.import", "merged " + std::string(file_name), std::nullopt, std::nullopt});
        // Rule joins and leaves the merge causes name it, not the first of the other planner's audit entries.
        rules::name_cause(store, actor, "merged " + std::string(file_name) + ".");
        GROVE_LET(plan, exchange::merge(store, file_name, bytes, choices, true));
        // One entry for the merge when it settled conflicts, saying how. A merge with nothing to settle writes
        // none, so that two planners who keep exchanging files end with equal files (docs/exchange-format.md).
        if (!plan->conflicts.empty()) {
            std::string summary = "merged " + std::string(file_name) + " and settled " +
                                  counted(static_cast<std::int64_t>(plan->conflicts.size()), "conflict", "conflicts") +
                                  ": ";
            for (size_t i = 0; i < plan->conflicts.size(); ++i)
                summary += (i ? "; " : "") + settled_text(plan->conflicts[i]);
            record_audit(store, actor, {"org.merge", summary + ".", std::nullopt, std::nullopt});
        }
        return *plan;
    });
}

}  // namespace

}  // namespace grove
