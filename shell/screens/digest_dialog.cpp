// The weekly digest (F23) in the app: the acting person's pending reviews with their waiting time and each
// member's progress over the last seven days, and Save as HTML (the core's email-ready file, escaped).
#include <algorithm>
#include <string>

#include "core/learning/digest.h"
#include "core/storage/store.h"
#include "core/text/text.h"
#include "imgui.h"
#include "shell/app.h"
#include "shell/screens/review_queue.h"
#include "shell/widgets/buttons.h"
#include "shell/widgets/dialog_buttons.h"
#include "shell/widgets/elided_text.h"
#include "shell/widgets/forms.h"
#include "shell/widgets/table.h"

namespace grove::ui {

namespace {

constexpr const char* kTitle = "Weekly digest";
constexpr const char* kNoProgress = "no progress this week";

std::vector<DigestLine> digest_lines(const Digest& digest) {
    using Kind = DigestLine::Kind;
    std::vector<DigestLine> lines;
    lines.push_back({Kind::kSection, "Waiting for your review (" + std::to_string(digest.pending.size()) + ")"});
    if (digest.pending.empty()) lines.push_back({Kind::kItem, "Nothing is waiting for your review.", true});
    for (const ReviewItem& item : digest.pending) {
        lines.push_back({Kind::kItem, waiting_text(std::max<std::int64_t>(0, digest.to - item.submitted_at)) + "   " +
                                          item.name + "   \xc2\xb7   " + item.course_name + " \xc2\xb7 Step " +
                                          std::to_string(item.step_number) + ": " + item.step_title});
    }
    lines.push_back({Kind::kSection, "Progress this week"});
    if (digest.groups.empty())
        lines.push_back({Kind::kItem, "The digest is off for every group you lead, or you lead none.", true});
    for (const DigestGroup& group : digest.groups) {
        lines.push_back({Kind::kGroup, group.name});
        if (group.members.empty()) lines.push_back({Kind::kMember, "No members.", true});
        for (const DigestMember& member : group.members) {
            lines.push_back({Kind::kMember, member.name});
            if (member.courses.empty()) lines.push_back({Kind::kCourse, "not enrolled in a course", true});
            for (const DigestCourse& course : member.courses) {
                std::string text = course.course + ": " + std::to_string(course.progress_percent) + "% done, ";
                if (course.steps_this_week == 0) {
                    lines.push_back({Kind::kCourse, text + kNoProgress, true});
                } else {
                    lines.push_back({Kind::kCourse, text + std::to_string(course.steps_this_week) +
                                                        (course.steps_this_week == 1 ? " step" : " steps") +
                                                        " this week"});
                }
            }
        }
    }
    return lines;
}

void draw_line(AppState& state, const DigestLine& line, float width) {
    using Kind = DigestLine::Kind;
    const Palette& p = palette(state.theme);
    float indent = 0.0f;
    switch (line.kind) {
        case Kind::kSection: indent = 0.0f; break;
        case Kind::kGroup: indent = state.px(4); break;
        case Kind::kMember:
        case Kind::kItem: indent = state.px(16); break;
        case Kind::kCourse: indent = state.px(32); break;
    }
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
    const bool bold =
        !line.quiet && (line.kind == Kind::kSection || line.kind == Kind::kGroup || line.kind == Kind::kMember);
    if (bold) ImGui::PushFont(state.fonts.bold);
    ImGui::PushStyleColor(ImGuiCol_Text, line.quiet ? p.text_muted : line.kind == Kind::kSection ? p.accent : p.text);
    elided_text(line.text, std::max(1.0f, width - indent));
    ImGui::PopStyleColor();
    if (bold) ImGui::PopFont();
}

}  // namespace

void open_digest(AppState& state) {
    if (state.store == nullptr) return;
    ReviewView& v = state.views.reviews;
    v.digest.reset();
    v.digest_lines.clear();
    v.digest_error.clear();
    v.digest_saved.clear();
    auto digest = weekly_digest(*state.store, state.actor);
    if (digest) {
        v.digest_lines = digest_lines(*digest);
        v.digest = std::move(*digest);
    } else {
        v.digest_error = digest.error().message;
    }
    v.open_digest = true;
    state.request_redraw();
}

void save_digest_html(AppState& state, const Digest& digest) {
    if (state.platform == nullptr) return;
    const std::string html = digest_html(digest);
    const std::string name = "weekly-digest-" + format_iso_day(digest.to) + ".html";
    state.platform->offer_download(name, std::vector<uint8_t>(html.begin(), html.end()), "text/html");
    state.views.reviews.digest_saved = name;
}

void draw_digest_dialog(AppState& state) {
    ReviewView& v = state.views.reviews;
    if (v.open_digest) {
        open_dialog(kTitle);
        v.open_digest = false;
    }
    if (!begin_dialog(state, kTitle, 720)) return;
    const Palette& p = palette(state.theme);
    if (!v.digest) {
        error_text(state, v.digest_error);
    } else {
        const Digest& digest = *v.digest;
        ImGui::PushStyleColor(ImGuiCol_Text, p.text_muted);
        ImGui::TextWrapped(
            "For %s, %s to %s. On for every group you mentor or manage; turn it off for a group "
            "from that group's \xe2\x80\xa6 menu or on Home.",
            digest.person_name.c_str(), format_day(digest.from).c_str(), format_day(digest.to).c_str());
        ImGui::PopStyleColor();
        ImGui::Spacing();
        // Every line is one height: a digest of thousands of lines draws only those in view.
        const float line_h = ImGui::GetTextLineHeightWithSpacing();
        const float max_h = std::max(state.px(160), ImGui::GetMainViewport()->Size.y - state.px(300));
        const float h = std::min(max_h, line_h * static_cast<float>(v.digest_lines.size()) + state.px(20));
        ImGui::PushStyleColor(ImGuiCol_ChildBg, p.panel_bg);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(state.px(14), state.px(10)));
        ImGui::BeginChild("##digest", ImVec2(0, h), ImGuiChildFlags_Border | ImGuiChildFlags_AlwaysUseWindowPadding,
                          ImGuiWindowFlags_NavFlattened);
        const float width = ImGui::GetContentRegionAvail().x;
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(v.digest_lines.size()), line_h);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i)
                draw_line(state, v.digest_lines[static_cast<std::size_t>(i)], width);
        }
        ImGui::EndChild();
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
        if (!v.digest_saved.empty()) success_text(state, "Saved as " + v.digest_saved + ".");
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    if (v.digest) {
        if (button("Save as HTML")) save_digest_html(state, *v.digest);
        ImGui::SameLine();
    }
    // Nothing to lose here: one Close (Escape too), no Cancel beside it.
    align_right({"Close"});
    const bool close = primary_button(state, "Close");
    if (close || escape_for_dialog()) {
        v.digest.reset();
        v.digest_lines.clear();
        close_dialog();
    }
    end_dialog();
}

}  // namespace grove::ui
