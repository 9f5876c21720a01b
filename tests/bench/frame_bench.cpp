// The frame benchmark (F39): CPU time per frame of every screen over a generated organisation of
// 100,000 people, 10,000 groups and about 1,000,000 memberships, plus 50 courses and 200,000 submissions
// waiting for review (F19–F24: a mentor's home and a review queue of 10,000), against an empty frame
// measured in the same run; then the People screen with everyone named in one of 12 scripts (issue 16). Prints
// figures; never fails on a timing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#if defined(__EMSCRIPTEN__)
#include <emscripten.h>
#endif

#include "core/access/roles.h"
#include "core/learning/courses.h"
#include "core/learning/digest.h"
#include "core/learning/reviews.h"
#include "core/org/demo.h"
#include "core/org/groups.h"
#include "core/org/memberships.h"
#include "core/org/org.h"
#include "core/org/people.h"
#include "core/storage/store.h"
#include "core/storage/transaction.h"
#include "fake_platform.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "shell/app.h"
#include "shell/screens/review_queue.h"
#include "shell/session.h"
#include "shell/store_link.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kGoalMs = 2.0;  // a steady frame's share of a 60 fps budget, leaving the rest to the GPU and browser

struct Options {
    int users = 100000;
    int groups = 10000;
    int memberships = 1000000;
    int audit = 5000;  // commands run after generation, so the audit log has history to show
    int courses = 50;
    int pending = 200000;  // submissions waiting for review, spread over everyone
    int queue = 10000;     // of which one mentor's group holds this many
    int frames = 200;
    int scroll_pages = 0;  // names in every script: pages scrolled (0: the whole list)
    int warmup = 10;
    float width = 1440;
    float height = 900;
    std::string fonts_dir = GROVE_TEST_FONTS_DIR;
};

void usage() {
    std::printf(
        "Usage: grove_frame_bench [--users N] [--groups N] [--memberships N] [--audit N] [--frames N]\n"
        "                         [--courses N] [--pending N] [--queue N] [--size WxH] [--fonts DIR]\n"
        "                         [--scroll-pages N]\n"
        "Generates an organisation in memory and prints the CPU time per frame of every screen; then renames\n"
        "everyone with names in 12 scripts and measures the People screen again: cold and steady at each\n"
        "script's first row, and scrolled page by page (--scroll-pages pages, 0: the whole list).\n"
        "Defaults: 100000 users, 10000 groups, 1000000 memberships, 5000 audited commands, 50 courses,\n"
        "200000 submissions waiting for review (10000 of them in one mentor's group), 200 frames, 1440x900.\n");
}

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* value = nullptr;
        if (arg == "--help" || arg == "-h") {
            usage();
            std::exit(0);
        } else if (arg == "--size") {
            if (!(value = next()) || std::sscanf(value, "%fx%f", &o.width, &o.height) != 2) return false;
        } else if (arg == "--fonts") {
            if (!(value = next())) return false;
            o.fonts_dir = value;
        } else {
            int* target = arg == "--users"          ? &o.users
                          : arg == "--groups"       ? &o.groups
                          : arg == "--memberships"  ? &o.memberships
                          : arg == "--audit"        ? &o.audit
                          : arg == "--frames"       ? &o.frames
                          : arg == "--courses"      ? &o.courses
                          : arg == "--pending"      ? &o.pending
                          : arg == "--queue"        ? &o.queue
                          : arg == "--scroll-pages" ? &o.scroll_pages
                                                    : nullptr;
            if (target == nullptr || !(value = next())) return false;
            *target = std::atoi(value);
        }
    }
    return o.frames > 0 && o.courses > 0;
}

// Characters, not bytes, so that names with accents or "·" line up in the table.
int columns_of(const std::string& text) {
    int n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Figures {
    std::string name;
    std::string note;  // "placeholder" when the screen's file does not exist yet
    double first = 0;  // the first frame: builds the screen's view models
    double mean = 0, p50 = 0, p95 = 0, max = 0;
};

double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    size_t index = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(index, sorted.size() - 1)];
}

struct Scenario {
    std::string name;
    std::function<void(AppState&)> enter;                // puts the app on the screen, views fresh
    std::function<void(AppState&, int)> each = nullptr;  // if set: before every frame (its number), as a click would
};

Figures measure(testing::UiDriver& ui, AppState& state, const Scenario& scenario, const Options& o) {
    Figures f;
    f.name = scenario.name;
    state.views = Views{};  // every screen starts cold: its first frame builds its view models
    scenario.enter(state);
    // The pointer rests over the content, as a person's would, so hovering costs are included.
    ImGui::GetIO().MousePos = ImVec2(o.width * 0.55f, o.height * 0.5f);

    Clock::time_point start = Clock::now();
    ui.frame();
    f.first = ms_since(start);
    if (ui.has_text("This screen is not built yet.")) f.note = "placeholder";

    ui.frame(o.warmup);  // windows settle their sizes; scrollbars appear
    std::vector<double> times;
    times.reserve(static_cast<size_t>(o.frames));
    for (int i = 0; i < o.frames; ++i) {
        if (scenario.each) scenario.each(state, i);
        start = Clock::now();
        ui.frame();
        times.push_back(ms_since(start));
    }
    double sum = 0;
    for (double t : times) sum += t;
    f.mean = sum / static_cast<double>(times.size());
    std::sort(times.begin(), times.end());
    f.p50 = percentile(times, 0.50);
    f.p95 = percentile(times, 0.95);
    f.max = times.back();
    return f;
}

// The group with the most direct members: the heaviest page a person can open.
std::optional<GroupRow> largest_group(Store& store, long long* memberships) {
    std::optional<GroupRow> best;
    *memberships = 0;
    for (const GroupRow& row : group_tree(store, GroupSort::kNewest)) {
        *memberships += row.user_count;
        if (!best || row.user_count > best->user_count) best = row;
    }
    return best;
}

// The learning side at scale, written with plain SQL inserts (a command per row would take minutes): courses
// of 8 steps (steps 2, 4, 6 and 8 for review, 2 and 6 with 10 points), every person enrolled in one course
// with up to four answers waiting, and "Bench cohort", a group whose mentor has `queue` answers to review.
struct Learning {
    Id mentor = 0;
    Id cohort = 0;
    std::string cohort_name = "Bench cohort";
    int pending = 0;
    int cohort_members = 0;
    int cohort_pending = 0;
};

Result<Learning> generate_learning(Store& store, Id owner, const Options& o) {
    Learning out;
    auto mentor = add_user(store, owner, {"mentor.bench@riverside.example", "Maya", "Bench", std::nullopt, {}});
    if (!mentor) return mentor.error();
    out.mentor = mentor->id;
    auto cohort = create_group(store, owner, {out.cohort_name, "", std::nullopt, {}, std::nullopt});
    if (!cohort) return cohort.error();
    out.cohort = cohort->id;
    if (auto added = add_people(store, owner, out.cohort, {{out.mentor}, {}, GroupRole::kMentor}); !added)
        return added.error();

    Db& db = store.db();
    std::vector<Id> people;
    {
        auto s = db.prepare("SELECT id FROM users WHERE id <> ? ORDER BY id");
        s->bind(1, out.mentor);
        while (s->step()) people.push_back(s->col_int(0));
    }
    if (people.empty()) return out;
    const std::int64_t now = store.now();
    constexpr std::int64_t kDay = 24LL * 3600 * 1000;
    constexpr int kSteps = 8;
    constexpr int kReviewSteps = 4;
    const int per_person =
        std::clamp(static_cast<int>((static_cast<long long>(o.pending) + static_cast<long long>(people.size()) - 1) /
                                    static_cast<long long>(people.size())),
                   0, kReviewSteps);
    Transaction tx(db);
    std::vector<std::vector<Id>> review_steps(static_cast<std::size_t>(o.courses));
    {
        auto course = db.prepare(
            "INSERT INTO courses (uid, name, slug, description, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?)");
        auto step = db.prepare(
            "INSERT INTO course_steps (uid, course_id, position, title, kind, review, points, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (int c = 0; c < o.courses; ++c) {
            const std::string name = "Course " + std::to_string(c + 1);
            course->bind_all(store.new_uid(), name, "course-" + std::to_string(c + 1), now, now);
            course->run();
            course->reset();
            const Id course_id = db.last_insert_id();
            for (int k = 1; k <= kSteps; ++k) {
                const bool review = k % 2 == 0;
                step->bind_all(store.new_uid(), course_id, k, "Step " + std::to_string(k) + " of " + name,
                               review ? "assignment" : "lesson", review ? 1 : 0);
                if (review && (k == 2 || k == 6)) {
                    step->bind(7, 10);
                } else {
                    step->bind(7, std::nullopt);
                }
                step->bind(8, now);
                step->bind(9, now);
                step->run();
                step->reset();
                if (review) review_steps[static_cast<std::size_t>(c)].push_back(db.last_insert_id());
            }
        }
    }
    {
        auto enrol = db.prepare(
            "INSERT INTO enrolments (uid, course_id, user_id, created_at, updated_at) "
            "SELECT ?, course_id, ?, ?, ? FROM course_steps WHERE id = ?");
        auto work = db.prepare(
            "INSERT INTO step_work (uid, step_id, user_id, status, completed_at, answer, created_at, updated_at) "
            "VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)");
        for (std::size_t i = 0; i < people.size() && out.pending < o.pending; ++i) {
            const auto& steps = review_steps[i % review_steps.size()];
            enrol->bind_all(store.new_uid(), people[i], now - 30 * kDay, now - 30 * kDay, steps[0]);
            enrol->run();
            enrol->reset();
            for (int k = 0; k < per_person && out.pending < o.pending; ++k) {
                // Submitted over the last four weeks, a few minutes apart.
                const std::int64_t at =
                    now -
                    (static_cast<std::int64_t>(i * 7 + static_cast<std::size_t>(k) * 3) % (28 * 24 * 60)) * 60 * 1000;
                work->bind_all(store.new_uid(), steps[static_cast<std::size_t>(k)], people[i], at,
                               "My answer to step " + std::to_string(k * 2 + 2) + ".", at, at);
                work->run();
                work->reset();
                ++out.pending;
            }
        }
    }
    {
        // The cohort: enough people with answers waiting that its queue holds `queue` items, taken from the last
        // people with work (the generated ones, after the demo district's own learners and their own work).
        auto member = db.prepare(
            "INSERT INTO memberships (uid, group_id, user_id, role, created_at, updated_at) "
            "VALUES (?, ?, ?, 'member', ?, ?)");
        const std::size_t with_work =
            std::min(people.size(), per_person == 0 ? 0 : static_cast<std::size_t>(o.pending / per_person));
        for (std::size_t n = 0; n < with_work && out.cohort_pending < o.queue; ++n) {
            member->bind_all(store.new_uid(), out.cohort, people[with_work - 1 - n], now, now);
            member->run();
            member->reset();
            ++out.cohort_members;
            out.cohort_pending += per_person;
        }
    }
    tx.commit();
    return out;
}

// ---- Names in every script (issue 16) ------------------------------------------------------------

// Small per-script lists of given and family names; a person's name combines one or two of each, so
// 100,000 people carry thousands of different strings in every script (each one shaped once).
struct ScriptNames {
    const char* script;
    const char* first[8];
    const char* last[8];
};

const ScriptNames kScriptNames[] = {
    {"Latin",
     {"Ana", "Lukas", "Sofía", "Mateo", "Chloé", "Jonas", "Thảo", "Søren"},
     {"García", "Müller", "Rossi", "Novák", "Dubois", "Nguyễn", "Jensen", "Kowalski"}},
    {"Greek",
     {"Νίκος", "Ελένη", "Γιώργος", "Μαρία", "Δημήτρης", "Σοφία", "Κώστας", "Αθηνά"},
     {"Παπαδόπουλος", "Καραγιάννης", "Οικονόμου", "Γεωργίου", "Νικολάου", "Βλάχος", "Αλεξίου", "Μαυρίδης"}},
    {"Cyrillic",
     {"Дмитрий", "Анна", "Сергей", "Ольга", "Иван", "Наталья", "Алексей", "Мария"},
     {"Иванов", "Петрова", "Смирнов", "Кузнецова", "Попов", "Соколова", "Лебедев", "Морозова"}},
    {"Arabic",
     {"محمد", "فاطمة", "أحمد", "مريم", "علي", "ليلى", "يوسف", "نور"},
     {"العلي", "حسن", "الخطيب", "منصور", "السيد", "حداد", "الأحمد", "عثمان"}},
    {"Hebrew",
     {"דוד", "שרה", "יוסף", "רחל", "משה", "נועה", "אברהם", "מיכל"},
     {"כהן", "לוי", "מזרחי", "פרץ", "ביטון", "דהן", "אזולאי", "פרידמן"}},
    {"Devanagari",
     {"प्रिया", "राहुल", "अनन्या", "विक्रम", "सीता", "अर्जुन", "कविता", "आदित्य"},
     {"शर्मा", "वर्मा", "गुप्ता", "सिंह", "पटेल", "त्रिपाठी", "मिश्रा", "चौधरी"}},
    {"Thai",
     {"สมชาย", "สุดา", "ประเสริฐ", "มาลี", "วิชัย", "นภา", "ธนากร", "กมลา"},
     {"ใจดี", "ศรีสุข", "วงศ์ไทย", "บุญมา", "สุขใจ", "ทองดี", "แสงทอง", "พรหมมา"}},
    {"Chinese", {"伟", "芳", "娜", "敏", "静", "磊", "秀英", "建国"}, {"王", "李", "张", "刘", "陈", "杨", "黄", "赵"}},
    {"Japanese",
     {"太郎", "花子", "さくら", "ゆうき", "健太", "美咲", "アンナ", "翔太"},
     {"田中", "佐藤", "鈴木", "高橋", "渡辺", "山本", "中村", "小林"}},
    {"Korean",
     {"민준", "서연", "지후", "하은", "도윤", "수아", "예준", "지우"},
     {"김", "이", "박", "최", "정", "강", "조", "윤"}},
    {"Armenian",
     {"Արամ", "Անի", "Դավիթ", "Նարե", "Տիգրան", "Լուսինե", "Հայկ", "Մարիամ"},
     {"Պետրոսյան", "Հակոբյան", "Սարգսյան", "Գրիգորյան", "Կարապետյան", "Մկրտչյան", "Հովհաննիսյան", "Վարդանյան"}},
    {"Georgian",
     {"ნინო", "გიორგი", "თამარ", "დავით", "ანა", "ლევან", "ნიკა", "მარიამ"},
     {"ბერიძე", "კაპანაძე", "გელაშვილი", "ლომიძე", "ჯაფარიძე", "ხარაიშვილი", "მაისურაძე", "ნოზაძე"}},
};
constexpr int kScripts = static_cast<int>(std::size(kScriptNames));

// The n-th name of a script: one or two given names, one or two family names (8 x 9 x 8 x 9 = 5,184).
std::pair<std::string, std::string> script_name(const ScriptNames& s, int n) {
    const int first = n % 8, second = (n / 8) % 9, last = (n / 72) % 8, second_last = (n / 576) % 9;
    std::string given = s.first[first];
    if (second < 8 && second != first) given += std::string(" ") + s.first[second];
    std::string family = s.last[last];
    if (second_last < 8 && second_last != last) family += std::string(" ") + s.last[second_last];
    return {given, family};
}

// Which script list a displayed name came from (by its first letter), or -1.
int script_of(const std::string& name) {
    for (int s = 0; s < kScripts; ++s) {
        for (const char* first : kScriptNames[s].first) {
            const size_t n = std::strlen(first);
            if (name.compare(0, n, first) == 0 && (name.size() == n || name[n] == ' ')) return s;
        }
    }
    return -1;
}

// Renames every person but the owner, script after script in turn (person i gets script i % 12), in one
// transaction of plain SQL updates (the sort and search keys follow: they are generated columns).
int rename_in_every_script(Store& store, Id owner) {
    Db& db = store.db();
    std::vector<Id> people;
    {
        auto s = db.prepare("SELECT id FROM users WHERE id <> ? ORDER BY id");
        s->bind(1, owner);
        while (s->step()) people.push_back(s->col_int(0));
    }
    Transaction tx(db);
    auto update = db.prepare("UPDATE users SET first_name = ?, last_name = ? WHERE id = ?");
    for (size_t i = 0; i < people.size(); ++i) {
        const ScriptNames& s = kScriptNames[i % kScripts];
        const auto [first, last] = script_name(s, static_cast<int>(i / kScripts));
        update->bind_all(first, last, people[i]);
        update->run();
        update->reset();
    }
    tx.commit();
    return static_cast<int>(people.size());
}

// The People table's scrolling child window (ImGui names it "<parent>/##people_<id>").
ImGuiWindow* people_table() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    for (ImGuiWindow* window : g.Windows) {
        if ((window->Flags & ImGuiWindowFlags_ChildWindow) != 0 && window->Active &&
            std::strstr(window->Name, "/##people_") != nullptr)
            return window;
    }
    return nullptr;
}

struct Series {
    double mean = 0, p50 = 0, p95 = 0, max = 0;
    int over = 0;  // frames above the goal
};

Series series_of(std::vector<double> times) {
    Series s;
    if (times.empty()) return s;
    for (double t : times) {
        s.mean += t;
        s.over += t > kGoalMs ? 1 : 0;
    }
    s.mean /= static_cast<double>(times.size());
    std::sort(times.begin(), times.end());
    s.p50 = percentile(times, 0.50);
    s.p95 = percentile(times, 0.95);
    s.max = times.back();
    return s;
}

// ---- The People screen after a change, and search as one types (issue 11) -------------------------------

// This thread's CPU time: on a machine shared with other work, what the frame itself cost (the wall clock
// also counts the time others ran, and a frame the scheduler preempts looks slow). Under node, the process's
// CPU time (node 20 has no per-thread figure): it also counts V8's own threads, compiling and collecting.
double cpu_now_ms() {
#if defined(__EMSCRIPTEN__)
    return EM_ASM_DOUBLE({
        if (typeof process == 'object' && process.cpuUsage) {
            const u = process.cpuUsage();
            return (u.user + u.system) / 1000;
        }
        return performance.now();
    });
#elif defined(CLOCK_THREAD_CPUTIME_ID)
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
#else
    return std::chrono::duration<double, std::milli>(Clock::now().time_since_epoch()).count();
#endif
}

// One frame, timed both ways.
struct Timed {
    double wall = 0, cpu = 0;
};
Timed timed_frame(testing::UiDriver& ui) {
    const double cpu = cpu_now_ms();
    const Clock::time_point start = Clock::now();
    ui.frame();
    return {ms_since(start), cpu_now_ms() - cpu};
}

double mean_of(const std::vector<double>& times) {
    double sum = 0;
    for (double t : times) sum += t;
    return times.empty() ? 0 : sum / static_cast<double>(times.size());
}

// The People screen shown (sorted by name): a change made by a core command, as another screen, an upload or
// a second person would make it, then the frame that shows it, timed; `repeat` times per kind of change. Then
// a name typed into the search box letter by letter and erased again, the frame of each keystroke timed.
void people_after_changes(testing::UiDriver& ui, AppState& state, Store& store, Id owner, const Options& o) {
    constexpr int kRepeat = 20;
    if (state.actor != owner) set_actor(state, owner);
    state.views = Views{};
    state.screen = Screen::People;
    ImGui::GetIO().MousePos = ImVec2(o.width * 0.55f, o.height * 0.5f);
    ui.frame(o.warmup);
    std::vector<Id> people;
    {
        auto s = store.db().prepare("SELECT id FROM users WHERE id <> ? ORDER BY id");
        s->bind(1, owner);
        while (s->step()) people.push_back(s->col_int(0));
    }
    if (people.size() < 4 * kRepeat) return;
    auto someone = [&](int kind, int i) {  // a different person for every change, spread over the list
        return people[(static_cast<size_t>(kind) * 7919 + static_cast<size_t>(i) * 104729) % people.size()];
    };
    struct Kind {
        const char* name;
        std::function<bool(int)> change;  // the i-th change of this kind; false if refused
    };
    const std::vector<Kind> kinds = {
        {"a person renamed",
         [&](int i) {
             UserEdit edit;
             edit.first_name = "Renamed" + std::to_string(i);
             return static_cast<bool>(edit_user(store, owner, someone(0, i), edit));
         }},
        {"a person added",
         [&](int i) {
             const std::string n = std::to_string(i);
             return static_cast<bool>(
                 add_user(store, owner, {"added" + n + "@bench.example", "Added" + n, "Person", std::nullopt, {}}));
         }},
        {"a person deactivated",
         [&](int i) {
             UserEdit edit;
             edit.status = UserStatus::kDeactivated;
             return static_cast<bool>(edit_user(store, owner, someone(2, i), edit));
         }},
        {"an org role granted",
         [&](int i) {
             return static_cast<bool>(
                 grant_role(store, owner, someone(3, i), {OrgRole::kOrgGroupManager, std::nullopt, std::nullopt}));
         }},
    };
    std::printf("\nThe People screen (by name) after a change made elsewhere, %d changes of each kind; then search\n",
                kRepeat);
    std::printf("%-24s  %11s  %27s  %27s\n", "first frame after", "command", "CPU ms: mean, p50, max",
                "wall ms: mean, p50, max");
    for (const Kind& kind : kinds) {
        std::vector<double> cpu, wall, commands;
        for (int i = 0; i < kRepeat; ++i) {
            const Clock::time_point start = Clock::now();
            if (!kind.change(i)) {
                std::printf("%-24s  refused\n", kind.name);
                break;
            }
            commands.push_back(ms_since(start));
            const Timed t = timed_frame(ui);
            cpu.push_back(t.cpu);
            wall.push_back(t.wall);
            ui.frame(2);
        }
        if (cpu.empty()) continue;
        const Series c = series_of(cpu), w = series_of(wall);
        std::printf("%-24s  %8.2f ms  %8.2f  %8.2f  %8.2f  %8.2f  %8.2f  %8.2f\n", kind.name, mean_of(commands), c.mean,
                    c.p50, c.max, w.mean, w.p50, w.max);
        std::printf("%-24s  each (CPU):", "");
        for (double t : cpu) std::printf(" %.2f", t);
        std::printf("\n");
    }

    // Search: the name of someone in the middle of the list typed letter by letter, then erased, each keystroke
    // the frame that applies it (the box's text set as typing would).
    const std::vector<PersonRow> rows = people_rows(store);
    const std::string name = rows[rows.size() / 2].name;
    std::vector<double> typing, erasing, typing_wall, erasing_wall;
    std::string typed;
    ui.frame(2);
    for (size_t i = 0; i < name.size(); ++i) {
        typed.push_back(name[i]);
        if ((static_cast<unsigned char>(name[i]) & 0xC0) == 0x80 ||
            (i + 1 < name.size() && (static_cast<unsigned char>(name[i + 1]) & 0xC0) == 0x80))
            continue;  // a whole character at a time
        state.views.people.filters.query = typed;
        const Timed t = timed_frame(ui);
        typing.push_back(t.cpu);
        typing_wall.push_back(t.wall);
    }
    const std::size_t found = state.views.people.shown.visible.size();
    while (!typed.empty()) {
        while (!typed.empty() && (static_cast<unsigned char>(typed.back()) & 0xC0) == 0x80) typed.pop_back();
        if (!typed.empty()) typed.pop_back();  // the character's first byte
        state.views.people.filters.query = typed;
        const Timed t = timed_frame(ui);
        erasing.push_back(t.cpu);
        erasing_wall.push_back(t.wall);
    }
    auto line = [](const char* what, const std::vector<double>& cpu, const std::vector<double>& wall) {
        const Series c = series_of(cpu), w = series_of(wall);
        std::printf("%-24s  %2zu keys  CPU mean %.3f ms, p50 %.3f, max %.3f (wall mean %.3f, max %.3f); each (CPU):",
                    what, cpu.size(), c.mean, c.p50, c.max, w.mean, w.max);
        for (double t : cpu) std::printf(" %.2f", t);
        std::printf("\n");
    };
    std::printf("Search for \"%s\" (%zu people match it) among %zu people:\n", name.c_str(), found, rows.size());
    line("typed letter by letter", typing, typing_wall);
    line("erased letter by letter", erasing, erasing_wall);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) {
        usage();
        return 2;
    }
#ifdef __EMSCRIPTEN__
    const char* where = "WebAssembly (node)";
#else
    const char* where = "native";
#endif
    std::printf("Grove frame benchmark, %s, %s build\n", where, GROVE_BENCH_BUILD_TYPE);

    auto opened = Store::open(":memory:");
    if (!opened) {
        std::fprintf(stderr, "grove_frame_bench: %s\n", opened.error().message.c_str());
        return 1;
    }
    std::unique_ptr<Store> store = std::move(opened).value();

    Clock::time_point start = Clock::now();
    auto org = generate_demo(*store, large_organisation(o.users, o.groups, o.memberships));
    if (!org) {
        std::fprintf(stderr, "grove_frame_bench: %s\n", org.error().message.c_str());
        return 1;
    }
    const double generation_ms = ms_since(start);
    long long memberships = 0;
    const std::optional<GroupRow> big = largest_group(*store, &memberships);
    std::printf("Generated %d people, %d groups, %lld memberships in %.0f ms\n", user_count(*store),
                group_count(*store), memberships, generation_ms);

    // History for the audit log: real commands, each checked and audited like a person's.
    const Id owner = *owner_id(*store);
    const std::vector<GroupRow> tree = group_tree(*store, GroupSort::kNewest);
    start = Clock::now();
    for (int i = 0; i < o.audit && !tree.empty(); ++i) {
        const GroupRow& row = tree[static_cast<size_t>(i) % tree.size()];
        GroupEdit edit;
        edit.description = "Reviewed in round " + std::to_string(i / static_cast<int>(tree.size()) + 1) + ".";
        if (!edit_group(*store, owner, row.id, edit)) break;
    }
    if (o.audit > 0) std::printf("Ran %d audited commands in %.0f ms\n", o.audit, ms_since(start));

    start = Clock::now();
    auto learning = generate_learning(*store, owner, o);
    if (!learning) {
        std::fprintf(stderr, "grove_frame_bench: %s\n", learning.error().message.c_str());
        return 1;
    }
    std::printf("Generated %d courses and %d submissions waiting for review (%d in %s, %d members) in %.0f ms\n",
                o.courses, learning->pending, learning->cohort_pending, learning->cohort_name.c_str(),
                learning->cohort_members, ms_since(start));
    start = Clock::now();
    auto digest = weekly_digest(*store, learning->mentor);
    const double digest_ms = ms_since(start);
    if (digest) {
        std::printf("The cohort mentor's weekly digest: %zu pending, %zu groups, in %.1f ms\n", digest->pending.size(),
                    digest->groups.size(), digest_ms);
    }

    // What the queue's and the home's first frames wait for: the core's reads.
    QueueFilter cohort_filter;
    cohort_filter.group = learning->cohort;
    start = Clock::now();
    auto cohort_queue = review_queue(*store, learning->mentor, cohort_filter);
    const double queue_ms = ms_since(start);
    start = Clock::now();
    const auto led = led_groups(*store, learning->mentor);
    const double led_ms = ms_since(start);
    std::printf("The core's reads: review_queue of %s %.1f ms (%zu items), led_groups %.1f ms\n",
                learning->cohort_name.c_str(), queue_ms, cohort_queue ? cohort_queue->size() : 0, led_ms);

    AppState state;
    testing::FakePlatform platform;
    state.platform = &platform;
    attach_store(state, *store);
    testing::UiDriver::Options window;
    window.width = o.width;
    window.height = o.height;
    window.fonts_dir = o.fonts_dir;
    testing::UiDriver ui(state, window);

    auto on = [owner](Screen screen) {
        return [screen, owner](AppState& s) {
            if (s.actor != owner) set_actor(s, owner);
            s.screen = screen;
        };
    };
    std::vector<Scenario> scenarios = {
        {"Baseline: About", on(Screen::About)},
        {"Groups", on(Screen::Groups)},
    };
    if (big) {
        const Id id = big->id;
        scenarios.push_back(
            {"Group page: " + big->name + " (" + std::to_string(big->user_count) + " members)", [id](AppState& s) {
                 s.screen = Screen::Groups;
                 s.views.groups.open_group = id;
             }});
    }
    scenarios.push_back({"People", on(Screen::People)});
    // Issue 18: sorted by a column other than the name (its first frame also ranks every row by that column),
    // and sorted anew every frame, as if a header were clicked each frame (the ranks kept, the indices sorted).
    scenarios.push_back({"People by email, descending", [owner](AppState& s) {
                             if (s.actor != owner) set_actor(s, owner);
                             s.screen = Screen::People;
                             s.views.people.sort = {PeopleColumn::kEmail, true};
                         }});
    scenarios.push_back({"People re-sorted every frame", on(Screen::People), [](AppState& s, int frame) {
                             static constexpr PeopleColumn kColumns[] = {PeopleColumn::kEmail, PeopleColumn::kStatus,
                                                                         PeopleColumn::kDepartment,
                                                                         PeopleColumn::kRoles};
                             s.views.people.sort = {kColumns[frame % 4], (frame / 4) % 2 == 1};
                         }});
    scenarios.push_back({"People filtered anew every frame", on(Screen::People), [](AppState& s, int frame) {
                             s.views.people.filters.role.kind =
                                 frame % 2 == 0 ? RoleFilter::Kind::kNone : RoleFilter::Kind::kAll;
                         }});
    scenarios.push_back({"Departments", on(Screen::Departments)});
    scenarios.push_back({"Roles", on(Screen::Roles)});
    // F19, F22: the courses, the course with the most people (its Enrolled tab), and one of them on a member's page.
    scenarios.push_back({"Courses", [owner](AppState& s) {
                             if (s.actor != owner) set_actor(s, owner);
                             s.screen = Screen::Courses;
                         }});
    const std::vector<Course> courses = list_courses(*store);
    if (!courses.empty()) {
        const Course course = *std::max_element(
            courses.begin(), courses.end(), [](const Course& a, const Course& b) { return a.enrolled < b.enrolled; });
        const Id id = course.id;
        scenarios.push_back({"Course page: " + course.name + " (" + std::to_string(course.enrolled) + " enrolled)",
                             [id, owner](AppState& s) {
                                 if (s.actor != owner) set_actor(s, owner);
                                 s.screen = Screen::Courses;
                                 s.views.courses.open_course = id;
                                 s.views.courses.select_people = true;
                             }});
        const std::vector<User> people = enrolled_people(*store, id);
        if (big && !people.empty()) {
            const Id group = big->id;
            const Id person = people.front().id;
            scenarios.push_back(
                {"Member page: " + people.front().display_name() + " (courses)", [group, person, owner](AppState& s) {
                     if (s.actor != owner) set_actor(s, owner);
                     s.screen = Screen::Groups;
                     s.views.groups.open_group = group;
                     s.views.member.person = person;
                     s.views.member.group = group;
                     s.views.member.tab = MemberTab::kCourses;
                     s.views.member.select_tab = true;
                 }});
        }
    }
    scenarios.push_back({"Audit log", on(Screen::AuditLog)});
    scenarios.push_back({"Settings", on(Screen::Settings)});
    // The learning side, as the cohort's mentor (F21, F24, F37).
    const Id mentor = learning->mentor;
    const Id cohort = learning->cohort;
    const std::string cohort_name = learning->cohort_name;
    // As the core counts it (the demo district's own learners may add to what was generated).
    const std::string waiting = std::to_string(cohort_queue ? cohort_queue->size() : 0);
    scenarios.push_back(
        {"Mentor home (" + std::to_string(learning->cohort_members) + " members, " + waiting + " waiting)",
         [mentor](AppState& s) {
             if (s.actor != mentor) set_actor(s, mentor);
             s.screen = Screen::Home;
         }});
    scenarios.push_back(
        {"Review queue: " + cohort_name + " (" + waiting + " items)", [mentor, cohort, cohort_name](AppState& s) {
             if (s.actor != mentor) set_actor(s, mentor);
             open_group_reviews(s, cohort, cohort_name);
         }});
    scenarios.push_back({"Review queue by step (" + waiting + " items)", [mentor, cohort, cohort_name](AppState& s) {
                             if (s.actor != mentor) set_actor(s, mentor);
                             open_group_reviews(s, cohort, cohort_name);
                             s.views.reviews.by_step = true;
                         }});

    std::printf("Window %.0fx%.0f, %d steady frames per screen after %d to settle; goal: steady frame <= %.1f ms\n\n",
                o.width, o.height, o.frames, o.warmup, kGoalMs);
    // One unmeasured round first: code paths get hot (in the browser, compiled by the optimising
    // tier) before any screen is timed, so the first screen measured is not the slowest by accident.
    for (const Scenario& scenario : scenarios) {
        state.views = Views{};
        scenario.enter(state);
        ui.frame(o.warmup);
    }
    std::vector<Figures> results;
    for (const Scenario& scenario : scenarios) results.push_back(measure(ui, state, scenario, o));

    // The ratio compares medians: a single pause of the machine (a collection in node) moves a mean.
    const double baseline = std::max(results.front().p50, 1e-6);
    int name_w = 6;
    for (const Figures& f : results) name_w = std::max(name_w, columns_of(f.name));
    auto padded = [&](const std::string& name) {
        return name + std::string(static_cast<size_t>(name_w - columns_of(name)), ' ');
    };
    std::printf("%s  %11s  %8s  %8s  %8s  %8s  %9s  %s\n", padded("screen").c_str(), "first (ms)", "mean", "p50", "p95",
                "max", "p50/base", "goal");
    for (const Figures& f : results) {
        const char* verdict = f.mean <= kGoalMs && f.p95 <= kGoalMs ? "ok" : "OVER";
        std::string note = f.note.empty() ? "" : " (" + f.note + ")";
        std::printf("%s  %11.2f  %8.3f  %8.3f  %8.3f  %8.3f  %8.1fx  %s%s\n", padded(f.name).c_str(), f.first, f.mean,
                    f.p50, f.p95, f.max, f.p50 / baseline, verdict, note.c_str());
    }
    std::printf(
        "\nTimes are CPU milliseconds of one ImGui frame (NewFrame, the app's drawing, Render), without the GPU;\n"
        "\"first\" is the frame that builds the screen's view models, p50/base its median over the baseline's.\n");
    people_after_changes(ui, state, *store, owner, o);

    // Names in every script (issue 16): everyone renamed, then the People screen again: cold at the first
    // row of each script (its font fetched, its glyphs rasterised, its names shaped), steady there, and
    // scrolled page by page through the whole list (every frame new names to shape).
    start = Clock::now();
    const int renamed = rename_in_every_script(*store, owner);
    const std::vector<PersonRow> rows = people_rows(*store);
    std::printf("\nPeople in every script: renamed %d people in %.0f ms, a name each from %d scripts in turn (",
                renamed, ms_since(start), kScripts);
    for (int s = 0; s < kScripts; ++s) std::printf("%s%s", s == 0 ? "" : ", ", kScriptNames[s].script);
    std::printf(")\n");
    std::vector<int> block(kScripts, -1);  // each script's first row in the list's order
    for (size_t i = 0; i < rows.size(); ++i) {
        const int s = script_of(rows[i].name);
        if (s >= 0 && block[static_cast<size_t>(s)] < 0) block[static_cast<size_t>(s)] = static_cast<int>(i);
    }
    state.views = Views{};
    on(Screen::People)(state);
    ImGui::GetIO().MousePos = ImVec2(o.width * 0.55f, o.height * 0.5f);
    start = Clock::now();
    ui.frame();
    const double top_first = ms_since(start);
    ui.frame(o.warmup);
    ImGuiWindow* table = people_table();
    if (table == nullptr) {
        std::printf("The People table was not found; no figures for names in every script.\n");
        return 0;
    }
    // Rows are of one height; the header row stays on top.
    const float pitch = table->ContentSize.y / static_cast<float>(rows.size() + 1);
    const int rows_per_page = std::max(1, static_cast<int>(table->InnerRect.GetHeight() / pitch) - 1);
    auto scroll_to_row = [&](int row) { ImGui::SetScrollY(table, static_cast<float>(row) * pitch); };

    struct ScriptFigures {
        std::string name;
        int row = 0;
        double cold[3] = {0, 0, 0};  // the first three frames there
        Series steady;
        std::vector<std::string> fonts;  // fetched by those frames
    };
    std::vector<ScriptFigures> per_script;
    for (int s = 0; s < kScripts; ++s) {
        if (block[static_cast<size_t>(s)] < 0) continue;
        ScriptFigures f;
        f.name = std::string("People at ") + kScriptNames[s].script + " names";
        f.row = block[static_cast<size_t>(s)];
        const size_t fetched_before = platform.fetched_fonts().size();
        scroll_to_row(f.row);
        for (double& t : f.cold) {
            start = Clock::now();
            ui.frame();
            t = ms_since(start);
        }
        const auto& fetched = platform.fetched_fonts();
        f.fonts.assign(fetched.begin() + static_cast<long>(fetched_before), fetched.end());
        ui.frame(o.warmup);
        std::vector<double> times;
        for (int i = 0; i < o.frames; ++i) {
            start = Clock::now();
            ui.frame();
            times.push_back(ms_since(start));
        }
        f.steady = series_of(std::move(times));
        per_script.push_back(std::move(f));
    }

    // Page by page from the top: every frame shows rows never drawn before.
    scroll_to_row(0);
    ui.frame(o.warmup);
    std::vector<double> scrolling;
    std::vector<std::vector<double>> scrolling_by_script(kScripts);  // by the script of the page's first row
    std::vector<std::pair<double, int>> slowest;                     // (ms, first row)
    int row = 0;
    while (row + rows_per_page < static_cast<int>(rows.size()) &&
           (o.scroll_pages == 0 || static_cast<int>(scrolling.size()) < o.scroll_pages)) {
        row += rows_per_page;
        scroll_to_row(row);
        start = Clock::now();
        ui.frame();
        const double t = ms_since(start);
        scrolling.push_back(t);
        const int s = script_of(rows[static_cast<size_t>(row)].name);
        if (s >= 0) scrolling_by_script[static_cast<size_t>(s)].push_back(t);
        slowest.push_back({t, row});
    }
    const Series scroll = series_of(scrolling);
    std::sort(slowest.begin(), slowest.end(), std::greater<>());
    slowest.resize(std::min<size_t>(slowest.size(), 5));
    const int missing = ui.snapshot().missing_glyphs;

    const std::string header = "screen (cold: frames 1, 2, 3)";
    int script_w = columns_of(header);
    for (const ScriptFigures& f : per_script) script_w = std::max(script_w, columns_of(f.name));
    auto pad = [&](const std::string& name) {
        return name + std::string(static_cast<size_t>(script_w - columns_of(name)), ' ');
    };
    std::printf("The list's top (first frame, fonts not yet fetched): %.2f ms\n", top_first);
    std::printf("%s  %7s  %11s  %8s  %8s  %8s  %8s  %8s  %9s  %s\n", pad(header).c_str(), "row", "first (ms)", "2nd",
                "3rd", "mean", "p50", "p95", "p50/base", "goal");
    for (const ScriptFigures& f : per_script) {
        const char* verdict = f.steady.mean <= kGoalMs && f.steady.p95 <= kGoalMs ? "ok" : "OVER";
        std::string fonts;
        for (const std::string& font : f.fonts) fonts += (fonts.empty() ? " (fetched " : ", ") + font;
        if (!fonts.empty()) fonts += ")";
        std::printf("%s  %7d  %11.2f  %8.2f  %8.2f  %8.3f  %8.3f  %8.3f  %8.1fx  %s%s\n", pad(f.name).c_str(), f.row,
                    f.cold[0], f.cold[1], f.cold[2], f.steady.mean, f.steady.p50, f.steady.p95, f.steady.p50 / baseline,
                    verdict, fonts.c_str());
    }
    std::printf(
        "Scrolling page by page (%d rows a page, %zu frames, every frame new names): mean %.3f ms, p50 %.3f, "
        "p95 %.3f, max %.3f; %d frames over %.1f ms\n",
        rows_per_page, scrolling.size(), scroll.mean, scroll.p50, scroll.p95, scroll.max, scroll.over, kGoalMs);
    for (int s = 0; s < kScripts; ++s) {
        const Series by = series_of(scrolling_by_script[static_cast<size_t>(s)]);
        if (scrolling_by_script[static_cast<size_t>(s)].empty()) continue;
        std::printf("  %-10s pages: %5zu frames, mean %.3f ms, p50 %.3f, p95 %.3f, max %.3f; %d over\n",
                    kScriptNames[s].script, scrolling_by_script[static_cast<size_t>(s)].size(), by.mean, by.p50, by.p95,
                    by.max, by.over);
    }
    std::printf("  slowest:");
    for (const auto& [t, first_row] : slowest) std::printf(" %.2f ms (row %d)", t, first_row);
    std::printf("\n");
    std::printf("Characters drawn without a glyph in the last frame: %d\n", missing);
    return 0;
}
