// A smart group's members on its page (F12, F33, F38): each member marked "By rule" or "Pinned", "Why?" for
// anyone (a row's link, or a search over the whole organisation), the Pins & exclusions tab, and the Pin and
// Exclude dialogs that the person menu, the tab and "Remove from group" open. The rule editor is not here.
#pragma once

#include <optional>
#include <string>

#include "core/org/memberships.h"
#include "shell/screens/smart_members_view.h"

namespace grove::ui {

struct AppState;
struct GroupPageModel;

// The group's marks, read again only when its data changed.
const SmartMarks& smart_marks(AppState& state, Id group);

// How a row of a smart group's people came to be there: a member-role row is kept by the rule or pinned;
// staff (and every row of a manual group) are direct.
MemberSource member_source(const SmartMarks& marks, const GroupPerson& person);
// "By rule", "Pinned", "Direct".
const char* member_source_label(MemberSource source);

// A small "Why?" link (found by tests as "Why is NAME in?" / "... out?"); a click shows why_member's line
// in a popup under it. `on_line`: on the text baseline of a row of framed widgets (link_button_on_line).
void why_link(AppState& state, Id group, Id user, const std::string& name, bool in, bool on_line = false);
// The popup of the last "Why?" clicked; drawn once per frame on the group's page.
void draw_why_popup(AppState& state);

// The people toolbar's "Why is… in or out?" button (opens a search over the whole organisation).
void why_search_button(AppState& state, Id group);

// The Pins & exclusions tab: every pinned and excluded person, with the reason, who did it and when.
void draw_rule_exceptions(AppState& state, const GroupPageModel& model);

// The person menu's items for a member-role row of a smart group, in place of "Remove from group": Pin… and
// Exclude… for a rule member, Unpin and Exclude… for a pinned one. False when the row is not one of those
// (the menu then offers "Remove from group" as for any group).
bool smart_person_items(AppState& state, const GroupPageModel& model, const GroupPerson& person);

// The dialogs (the groups screen draws them with its own, once per frame).
void start_rule_exception(AppState& state, Id group, RuleException kind, std::optional<Id> user = std::nullopt,
                          const std::string& person = {}, bool instead_of_remove = false);
void draw_smart_dialogs(AppState& state);

}  // namespace grove::ui
