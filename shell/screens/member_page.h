// A member's page (F22), opened from a group's page: the person's activity across the organisation and one
// progress card per course; a submission opens its review through MemberView::open_review (member_view.h).
#pragma once

#include <string>

#include "core/org/model.h"

namespace grove::ui {

struct AppState;

// Shows `person`'s page in place of the people of `group`'s page (a name clicked there); close returns to them.
void open_member_page(AppState& state, Id group, Id person);
void close_member_page(AppState& state);
// Draws views.member's page; group_page.cpp calls it while it is open for that group.
void draw_member_page(AppState& state, const std::string& group_name);

// Opens a submission read-only (the answer, points and feedback): what open_review does without the review
// dialog. The panel is drawn by draw_work_panel(), once per frame, wherever the page that opened it is drawn.
void open_work_panel(AppState& state, Id work);
void draw_work_panel(AppState& state);

}  // namespace grove::ui
