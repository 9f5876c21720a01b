// The screens' entry points, one per file in shell/screens/; app.cpp's kScreens lists them with their labels.
#pragma once

namespace grove::ui {

struct AppState;

void draw_groups_screen(AppState& state);        // groups_screen.cpp (a group's page: group_page.cpp)
void draw_people_screen(AppState& state);        // people_screen.cpp
void draw_departments_screen(AppState& state);   // departments_screen.cpp
void draw_courses_screen(AppState& state);       // courses_screen.cpp
void draw_roles_screen(AppState& state);         // roles_screen.cpp
void draw_exchange_screen(AppState& state);      // exchange_screen.cpp
void draw_audit_log_screen(AppState& state);     // audit_log_screen.cpp
void draw_settings_screen(AppState& state);      // settings_screen.cpp
void draw_about_screen(AppState& state);         // about_screen.cpp
void draw_home_screen(AppState& state);          // home_screen.cpp (the mentor's home)
void draw_review_queue_screen(AppState& state);  // review_queue.cpp (the review dialog: review_dialog.cpp)

// True while a long job runs under its modal dialog (the membership report, exchange_screen.cpp): the frame then
// draws the dialog alone, not the top bar, the sidebar nor the screen it covers: nothing behind it can change
// meanwhile, so the frame spends nothing on them.
bool long_work_covers_screen(const AppState& state);

}  // namespace grove::ui
