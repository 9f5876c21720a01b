// Every screen's view state and view models, gathered into AppState::views. Each screen's own
// struct lives beside it (screens/<key>_view.h); view models are recomputed only when the kinds of
// data they show changed, never per frame.
#pragma once

#include "shell/cached.h"
#include "shell/screens/audit_log_view.h"
#include "shell/screens/courses_view.h"
#include "shell/screens/departments_view.h"
#include "shell/screens/exchange_view.h"
#include "shell/screens/groups_view.h"
#include "shell/screens/member_view.h"
#include "shell/screens/people_view.h"
#include "shell/screens/review_view.h"
#include "shell/screens/roles_view.h"
#include "shell/screens/settings_view.h"
#include "shell/screens/welcome_view.h"
#include "shell/widgets/person_search.h"

namespace grove::ui {

// The Act as list as drawn, rebuilt when the search's results change: the owner first (when they match),
// then the people found, each with their org roles ("Admin, Department Admin of Science"; "" for none).
struct ActAsList {
    struct Row {
        User user;
        std::string roles;
        bool owner = false;
    };
    std::vector<Row> rows;
    std::string query;
    std::uint64_t stamp = std::numeric_limits<std::uint64_t>::max();
};

// The passphrase asked before acting as a person who holds an org role while the organisation has a lock (F41):
// opened by Act as, or at start for the person remembered. Closed while `person` is 0.
struct UnlockView {
    Id person = 0;
    std::string name;           // "Ada Admin", in the dialog's words
    std::string passphrase;     // as typed; cleared after every try
    std::string error;          // the core's refusal of the last try
    bool wrong = false;         // ... which said the passphrase was wrong
    std::int64_t retry_at = 0;  // the store's clock: no try before it (the button waits, counting down)
    bool open = false;          // asked this frame: the dialog opens on the next draw
};

struct Views {
    WelcomeView welcome;
    PersonSearch acting_search;  // the top bar's acting-person switcher
    ActAsList acting_list;       // what it lists: the owner first, each person with their org roles
    UnlockView unlock;           // the passphrase dialog of Act as
    GroupsView groups;
    PeopleView people;
    DepartmentsView departments;
    CoursesView courses;
    MemberView member;  // a member's page, opened from a group's page
    RolesView roles;
    ExchangeView exchange;
    AuditLogView audit_log;
    SettingsView settings;
    ReviewView reviews;  // the review queue and dialog, the bell, the mentor's home, the digest
};

}  // namespace grove::ui
