// The weekly digest: what waits for a mentor or group admin and how their members moved last week.
#include "core/learning/digest.h"

#include <algorithm>
#include <unordered_set>

#include "core/access/access.h"
#include "core/learning/learning_internal.h"
#include "core/learning/work.h"
#include "core/org/audit.h"
#include "core/org/lookup.h"
#include "core/org/oversight.h"
#include "core/text/text.h"

namespace grove {

namespace {

constexpr std::int64_t kWeekMs = 7LL * 24 * 60 * 60 * 1000;

std::optional<bool> digest_choice(Store& store, Id person, Id group) {
    auto s = store.db().prepare("SELECT enabled FROM digest_choices WHERE user_id = ? AND group_id = ?");
    s->bind(1, person).bind(2, group);
    if (!s->step()) return std::nullopt;
    return s->col_int(0) != 0;
}

}  // namespace

bool digest_on(Store& store, Id person, Id group) {
    if (auto choice = digest_choice(store, person, group)) return *choice;
    auto s = store.db().prepare("SELECT role FROM memberships WHERE group_id = ? AND user_id = ?");
    s->bind(1, group).bind(2, person);
    return s->step() && s->col_text(0) != "member";
}

Result<void> set_digest(Store& store, Id actor, Id group_id, bool on) {
    return store.command<void>(kChangeLearning | kChangeAudit, [&]() -> Result<void> {
        GROVE_LET(group, group_by_id(store, group_id));
        GROVE_TRY(authorize(store, actor, Cmd::kDigestChoose, {.person = actor}));
        auto staff = staff_role(store, actor, group_id);
        if (!staff || staff->role == GroupRole::kMember) {
            return forbidden(user_name(store, actor) + " does not mentor or manage " + group->name +
                             ": the weekly digest is for its mentors and group admins.");
        }
        if (digest_on(store, actor, group_id) == on) return {};
        std::int64_t now = store.now();
        store.db()
            .prepare(
                "INSERT INTO digest_choices (uid, user_id, group_id, enabled, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, group_id) DO UPDATE SET enabled = excluded.enabled, "
                "updated_at = excluded.updated_at")
            ->bind_all(store.new_uid(), actor, group_id, on ? 1 : 0, now, now)
            .run();
        record_audit(store, actor,
                     {"digest.choose",
                      std::string("turned the weekly digest ") + (on ? "on" : "off") + " for " + group->name + ".",
                      group_id, std::nullopt});
        return {};
    });
}

Result<Digest> weekly_digest(Store& store, Id person) {
    try {
        GROVE_TRY(authorize_read(store, person));
        Digest d;
        d.person = person;
        d.person_name = user_name(store, person);
        d.to = store.now();
        d.from = d.to - kWeekMs;

        // The groups: every group the person leads with the digest on, and groups they turned it on for.
        std::vector<std::pair<Id, GroupRole>> groups;
        for (const auto& m : memberships_of(store, person)) {
            if (m.role != GroupRole::kMember && digest_on(store, person, m.group_id))
                groups.emplace_back(m.group_id, m.role);
        }
        {
            auto s = store.db().prepare("SELECT group_id FROM digest_choices WHERE user_id = ? AND enabled = 1");
            s->bind(1, person);
            std::vector<Id> chosen;
            while (s->step()) chosen.push_back(s->col_int(0));
            for (Id g : chosen) {
                if (std::any_of(groups.begin(), groups.end(), [&](const auto& p) { return p.first == g; })) continue;
                auto staff = staff_role(store, person, g);
                if (staff && staff->role != GroupRole::kMember) groups.emplace_back(g, staff->role);
            }
        }
        std::unordered_set<Id> everyone;
        learning::CourseCache courses(store);
        auto steps_since = store.db().prepare(
            "SELECT count(*) FROM step_work w JOIN course_steps s ON s.id = w.step_id "
            "WHERE w.user_id = ? AND s.course_id = ? AND w.completed_at >= ? AND w.completed_at <= ?");
        for (const auto& [group_id, role] : groups) {
            auto g = find_group(store, group_id);
            if (!g) continue;
            DigestGroup dg;
            dg.group_id = group_id;
            dg.name = g->name;
            for (Id p : learning::people_below(store, learning::reached_groups(store, group_id), role, person)) {
                auto u = find_user(store, p);
                if (!u || u->status == UserStatus::kDeactivated) continue;
                everyone.insert(p);
                DigestMember dm;
                dm.user_id = p;
                dm.name = u->display_name();
                dm.email = u->email;
                for (const auto& cp : learning::progress_of(store, p, std::nullopt, false, courses)) {
                    DigestCourse dc;
                    dc.course = cp.course.name;
                    dc.progress_percent = cp.progress_percent;
                    steps_since->bind(1, p).bind(2, cp.course.id).bind(3, d.from).bind(4, d.to);
                    steps_since->step();
                    dc.steps_this_week = static_cast<int>(steps_since->col_int(0));
                    steps_since->reset();
                    dm.courses.push_back(std::move(dc));
                }
                dg.members.push_back(std::move(dm));
            }
            std::sort(dg.members.begin(), dg.members.end(), [](const DigestMember& a, const DigestMember& b) {
                int c = natural_compare(a.name, b.name);
                return c != 0 ? c < 0 : a.user_id < b.user_id;
            });
            d.groups.push_back(std::move(dg));
        }
        std::sort(d.groups.begin(), d.groups.end(), [](const DigestGroup& a, const DigestGroup& b) {
            int c = natural_compare(a.name, b.name);
            return c != 0 ? c < 0 : a.group_id < b.group_id;
        });
        GROVE_LET(queue, review_queue(store, person));
        for (auto& item : *queue)
            if (everyone.count(item.user_id)) d.pending.push_back(std::move(item));
        return d;
    } catch (const DbError& e) {
        return storage_error(e);
    }
}

namespace {

std::string progress_words(const DigestCourse& c) {
    std::string out = c.course + ": ";
    out += c.steps_this_week ? counted(c.steps_this_week, "step", "steps") + " this week"
                             : std::string("no progress this week");
    return out + " (" + std::to_string(c.progress_percent) + "% done)";
}

}  // namespace

std::string digest_text(const Digest& d) {
    std::string out =
        "Weekly digest for " + d.person_name + ", " + format_iso_day(d.from) + " to " + format_iso_day(d.to) + "\n\n";
    out += "Waiting for review (" + std::to_string(d.pending.size()) + ")\n";
    if (d.pending.empty()) out += "  Nothing waits for review.\n";
    for (const auto& it : d.pending) {
        out += "  " + waiting_text(d.to - it.submitted_at) + "  " + it.name + "  " + it.course_name + ", step " +
               std::to_string(it.step_number) + ": " + it.step_title + "\n";
    }
    for (const auto& g : d.groups) {
        out += "\n" + g.name + "\n";
        if (g.members.empty()) out += "  No members.\n";
        for (const auto& m : g.members) {
            if (m.courses.empty()) {
                out += "  " + m.name + ": not enrolled in any course\n";
                continue;
            }
            for (const auto& c : m.courses) out += "  " + m.name + ": " + progress_words(c) + "\n";
        }
    }
    if (d.groups.empty()) out += "\nThe digest is off for every group, or you lead no group.\n";
    return out;
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string digest_html(const Digest& d) {
    auto e = [](std::string_view t) { return html_escape(t); };
    const char* cell = "padding:6px 10px;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top";
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
    h += "<meta name=\"viewport\" content=\"width=device-width\">";
    h += "<title>Weekly digest for " + e(d.person_name) + "</title></head>\n";
    h += "<body style=\"margin:0;padding:24px;background:#f5f6f8;font-family:Inter,Segoe UI,Helvetica,Arial,"
         "sans-serif;color:#1d2430\">\n";
    h += "<div style=\"max-width:680px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px\">\n";
    h += "<h1 style=\"font-size:22px;margin:0 0 4px\">Weekly digest</h1>\n";
    h += "<p style=\"margin:0 0 20px;color:#5b6472\">For " + e(d.person_name) + ", " + e(format_iso_day(d.from)) +
         " to " + e(format_iso_day(d.to)) + "</p>\n";
    h += "<h2 style=\"font-size:17px;margin:20px 0 8px\">Waiting for review (" + std::to_string(d.pending.size()) +
         ")</h2>\n";
    if (d.pending.empty()) {
        h += "<p style=\"color:#5b6472\">Nothing waits for review.</p>\n";
    } else {
        h += "<table style=\"border-collapse:collapse;width:100%;font-size:14px\">\n<tr>";
        for (const char* head : {"Waiting", "Member", "Course", "Step"})
            h += std::string("<th style=\"") + cell + ";color:#5b6472\">" + head + "</th>";
        h += "</tr>\n";
        for (const auto& it : d.pending) {
            h += std::string("<tr><td style=\"") + cell + ";color:#b42318;font-weight:600\">" +
                 e(waiting_text(d.to - it.submitted_at)) + "</td><td style=\"" + cell + "\">" + e(it.name) +
                 "<br><span style=\"color:#5b6472\">" + e(it.email) + "</span></td><td style=\"" + cell + "\">" +
                 e(it.course_name) + "</td><td style=\"" + cell + "\">" + std::to_string(it.step_number) + ". " +
                 e(it.step_title) + "</td></tr>\n";
        }
        h += "</table>\n";
    }
    for (const auto& g : d.groups) {
        h += "<h2 style=\"font-size:17px;margin:24px 0 8px\">" + e(g.name) + "</h2>\n";
        if (g.members.empty()) {
            h += "<p style=\"color:#5b6472\">No members.</p>\n";
            continue;
        }
        h += "<table style=\"border-collapse:collapse;width:100%;font-size:14px\">\n";
        for (const auto& m : g.members) {
            h += std::string("<tr><td style=\"") + cell + ";width:40%\">" + e(m.name) + "</td><td style=\"" + cell +
                 "\">";
            if (m.courses.empty()) h += "<span style=\"color:#5b6472\">Not enrolled in any course</span>";
            for (size_t i = 0; i < m.courses.size(); ++i) {
                const auto& c = m.courses[i];
                if (i) h += "<br>";
                h += e(c.course) + ": ";
                h += c.steps_this_week ? e(counted(c.steps_this_week, "step", "steps")) + " this week"
                                       : std::string("<span style=\"color:#b42318\">no progress this week</span>");
                h += " <span style=\"color:#5b6472\">(" + std::to_string(c.progress_percent) + "% done)</span>";
            }
            h += "</td></tr>\n";
        }
        h += "</table>\n";
    }
    if (d.groups.empty()) {
        h += "<p style=\"color:#5b6472\">The digest is off for every group, or you lead no group.</p>\n";
    }
    h += "<p style=\"margin-top:28px;font-size:12px;color:#8a93a0\">Sent by Grove. Turn this digest off for a group "
         "from the group's menu.</p>\n";
    h += "</div></body></html>\n";
    return h;
}

}  // namespace grove
