// The generator of demo and benchmark organisations. It writes rows directly, in one transaction,
// because a realistic organisation has a million memberships and commands audit each one.
#include "core/org/demo.h"

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/learning/work.h"
#include "core/org/lookup.h"
#include "core/org/org.h"
#include "core/rules/rules_internal.h"

namespace grove {

namespace {

const char* const kFirstNames[] = {"Ada",   "Amélie", "Ben",    "Carmen", "Chloé",  "Daniel", "Dmitri", "Elena",
                                   "Émile", "Farah",  "Finn",   "Grace",  "Hannah", "Hugo",   "Ines",   "Isaac",
                                   "Jamal", "Julia",  "Kai",    "Lena",   "Liam",   "Maya",   "Mateo",  "Noah",
                                   "Nora",  "Olivia", "Omar",   "Priya",  "Quinn",  "Rosa",   "Sam",    "Sofia",
                                   "Tariq", "Uma",    "Victor", "Wen",    "Xavier", "Yara",   "Zoë",    "Zeynep"};
const char* const kLastNames[] = {"Abbott",   "Álvarez", "Bauer",   "Chen",     "Dubois",   "Eriksen", "Fischer",
                                  "García",   "Hughes",  "Ibrahim", "Jansen",   "Kowalski", "Larsen",  "Müller",
                                  "Nakamura", "O'Brien", "Petrov",  "Quintero", "Rossi",    "Singh",   "Tanaka",
                                  "Umarov",   "Vargas",  "Walsh",   "Xu",       "Yilmaz",   "Zhang"};
const char* const kSchools[] = {"Riverside High", "Hillcrest Academy", "Lakeview School",     "Northgate College",
                                "Oak Park High",  "Westbrook School",  "Maple Grove Academy", "Southfield High"};
const char* const kSubjects[] = {"Science", "Mathematics", "English", "Arts"};
const char* const kLocations[] = {"North", "South", "East", "West"};

constexpr const char* kInsertDepartment =
    "INSERT INTO departments (uid, name, slug, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertUser =
    "INSERT INTO users (uid, email, first_name, last_name, status, department_id, activated_at, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ?5 = 'active' THEN ?7 END, ?7, ?8)";
constexpr const char* kInsertGroup =
    "INSERT INTO groups (uid, name, slug, description, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertMembership =
    "INSERT OR IGNORE INTO memberships (uid, group_id, user_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
    "?)";
constexpr const char* kInsertRole =
    "INSERT INTO org_roles (uid, user_id, role, department_id, granted_by, created_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertField =
    "INSERT INTO fields (uid, name, type, choices, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertValue =
    "INSERT INTO user_fields (user_id, field_id, value, updated_at) VALUES (?, ?, ?, ?)";
constexpr const char* kInsertExternal = "INSERT INTO group_external_ids (group_id, system, value) VALUES (?, ?, ?)";
constexpr const char* kInsertAudit =
    "INSERT INTO audit (uid, at, actor_uid, actor_name, action, summary) VALUES (?, ?, ?, ?, ?, ?)";

std::string slug_of(std::string text) {
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u))
            out += static_cast<char>(std::tolower(u));
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

std::string ascii_lower(const char* name) {
    // Email local parts stay ASCII: drop the accents the demo names carry.
    std::string out;
    for (const char* p = name; *p; ++p) {
        auto u = static_cast<unsigned char>(*p);
        if (u < 0x80 && std::isalpha(u))
            out += static_cast<char>(std::tolower(u));
        else if (u == 0xC3 && p[1]) {
            unsigned char next = static_cast<unsigned char>(*++p);
            out += (next >= 0xA8 && next <= 0xAB) || (next >= 0x88 && next <= 0x8B)   ? 'e'
                   : (next >= 0xA0 && next <= 0xA5) || (next >= 0x80 && next <= 0x85) ? 'a'
                   : (next >= 0xB2 && next <= 0xB6)                                   ? 'o'
                   : (next >= 0xAC && next <= 0xAF)                                   ? 'i'
                   : (next >= 0xB9 && next <= 0xBC)                                   ? 'u'
                                                                                      : 'x';
        }
    }
    return out;
}

constexpr std::int64_t kDayMs = 86400000;

struct Writer {
    Store& store;
    std::int64_t now;
    std::mt19937 rng;
    int next_person = 0;
    Id owner = 0;
    // The district's history starts here: people are on the books from the first weeks, groups open over
    // the following months, and people join a group when it opens or in the weeks after.
    std::int64_t start = now - 400 * kDayMs;
    std::mt19937 dates{12345};                    // apart from `rng`, so the records drawn stay the same for a seed
    std::unordered_map<Id, std::int64_t> opened;  // group -> when it was created

    // When someone joins `group`: on the day it opened for its staff, within its first weeks for others,
    // never after now.
    std::int64_t joined(Id group, bool staff) {
        const std::int64_t from = opened.count(group) ? opened[group] : start;
        if (staff) return std::min(now, from + 2 * 3600000);
        const std::int64_t span = std::max<std::int64_t>(1, std::min(now - from, 45 * kDayMs));
        return from + static_cast<std::int64_t>(dates() % static_cast<std::uint64_t>(span));
    }

    Id department(const std::string& name, std::optional<Id> parent, const std::string& slug) {
        store.db().prepare(kInsertDepartment)->bind_all(store.new_uid(), name, slug, parent, start, start).run();
        return store.db().last_insert_id();
    }

    Id person(std::optional<Id> department, const char* status = "active") {
        int n = next_person++;
        const char* first = kFirstNames[static_cast<size_t>(n) % std::size(kFirstNames)];
        const char* last = kLastNames[static_cast<size_t>(n / 7 + n * 3) % std::size(kLastNames)];
        std::string email =
            ascii_lower(first) + "." + ascii_lower(last) + "." + std::to_string(n) + "@riverside.example";
        store.db()
            .prepare(kInsertUser)
            ->bind_all(store.new_uid(), email, first, last, status, department, start + n * 60000, start + n * 60000)
            .run();
        return store.db().last_insert_id();
    }

    Id group(const std::string& name, std::optional<Id> parent, const std::string& description, std::int64_t created) {
        // Names are unique by construction (schools carry a number past the eighth), so are slugs.
        std::string slug = slug_of(name);
        store.db()
            .prepare(kInsertGroup)
            ->bind_all(store.new_uid(), name, slug, description, parent, created, created)
            .run();
        Id id = store.db().last_insert_id();
        opened[id] = created;
        return id;
    }

    void join(Id group, Id user, const char* role) {
        const std::int64_t at = joined(group, std::string_view(role) != "member");
        store.db().prepare(kInsertMembership)->bind_all(store.new_uid(), group, user, role, at, at).run();
    }
};

// F19–F24: the demo's courses, so every learning screen has something real in it on first open.
struct DemoStep {
    const char* title;
    const char* kind;
    bool review;
    int points;  // 0: none
};
struct DemoCourse {
    const char* name;
    const char* slug;
    const char* description;
    std::vector<DemoStep> steps;
    std::vector<int> grades;  // who is enrolled: the students of these grades
};
const std::vector<DemoCourse>& demo_courses() {
    static const std::vector<DemoCourse> kCourses = {
        {"Algebra Foundations",
         "algebra-foundations",
         "Expressions, equations and graphs, from the first variable to a straight line.",
         {{"Variables and expressions", "lesson", false, 0},
          {"Solving linear equations", "quiz", true, 10},
          {"Word problems", "assignment", true, 20},
          {"Where do we use algebra?", "discussion", false, 0},
          {"Graphing lines", "assignment", true, 10}},
         {9, 10}},
        {"Scientific Method",
         "scientific-method",
         "Asking a question, testing it, and writing up what happened.",
         {{"Asking a question", "lesson", false, 0},
          {"Designing an experiment", "assignment", true, 15},
          {"Lab safety", "quiz", false, 0},
          {"Lab report", "assignment", true, 0}},
         {9, 11}},
        {"Essay Writing",
         "essay-writing",
         "From a thesis statement to a final essay, with feedback on every draft.",
         {{"The shape of an essay", "lesson", false, 0},
          {"Thesis statements", "discussion", false, 0},
          {"First draft", "assignment", true, 0},
          {"Final essay", "assignment", true, 25}},
         {11, 12}},
        {"Digital Citizenship",
         "digital-citizenship",
         "Privacy, kindness and telling facts from rumours online.",
         {{"Privacy online", "lesson", false, 0},
          {"Spotting misinformation", "lesson", false, 0},
          {"What would you do?", "discussion", false, 0}},
         {9, 10, 11, 12}},
    };
    return kCourses;
}
const char* const kAnswers[] = {
    "I worked through each part and checked my result against the example.",
    "My answer is attached below, with every step written out.",
    "I was not sure about the last part, so I explained my reasoning.",
    "Here is my work. I tried two methods and both agree.",
    "I compared my first attempt with the notes and corrected one mistake.",
};
const char* const kFeedback[] = {
    "Clear and well organised. Well done.", "Good start: show each step next time.",     "Check the second part again.",
    "Excellent reasoning throughout.",      "Nearly there; see my notes on the ending.",
};
const char* const kPosts[] = {
    "I think it matters most when you are planning something with real numbers.",
    "Does anyone have an example from outside school?",
    "I would ask a trusted adult first, then check the source.",
    "We talked about this at home and my family had different views.",
    "My example: splitting the cost of a trip between friends.",
};

constexpr const char* kInsertCourse =
    "INSERT INTO courses (uid, name, slug, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertStep =
    "INSERT INTO course_steps (uid, course_id, position, title, kind, review, points, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertEnrolment =
    "INSERT INTO enrolments (uid, course_id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kInsertWork =
    "INSERT INTO step_work (uid, step_id, user_id, status, completed_at, answer, points, feedback, reviewer_id, "
    "reviewed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertPost =
    "INSERT INTO posts (uid, step_id, user_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertNotification =
    "INSERT INTO notifications (user_id, work_id, created_at, read_at) VALUES (?, ?, ?, ?)";

// A class of the district, as the courses enrol it.
struct DemoClass {
    int grade = 9;
    Id mentor = 0;             // the class's mentor reviews its work
    std::vector<Id> students;  // active students only: an invitation has not started anything
};

// Enrolments about five weeks ago, then each student's own pace through the steps: some finished, some
// in the middle, some who did nothing last week. Work submitted more than a week ago is mostly reviewed by
// the class's mentor; the rest waits, and its mentors were notified.
void write_learning(Store& store, std::int64_t now, std::int64_t opened, const std::vector<DemoClass>& classes) {
    std::mt19937 rng(2026);  // its own generator: the organisation's records stay the same for a seed
    auto below = [&](std::int64_t n) {
        return n > 0 ? static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n)) : 0;
    };
    const std::int64_t hour = 3600000;
    std::unordered_map<Id, std::vector<Id>> notify;  // learner -> mentors_to_notify, asked once each
    int c = 0;
    for (const DemoCourse& course : demo_courses()) {
        const std::int64_t created = opened + (c++) * kDayMs;
        store.db()
            .prepare(kInsertCourse)
            ->bind_all(store.new_uid(), course.name, course.slug, course.description, created, created)
            .run();
        const Id course_id = store.db().last_insert_id();
        std::vector<Id> steps;
        int position = 1;
        for (const DemoStep& step : course.steps) {
            std::optional<std::int64_t> points;
            if (step.points > 0) points = step.points;
            store.db()
                .prepare(kInsertStep)
                ->bind_all(store.new_uid(), course_id, position++, step.title, step.kind, step.review ? 1 : 0, points,
                           created, created)
                .run();
            steps.push_back(store.db().last_insert_id());
        }
        for (const DemoClass& klass : classes) {
            if (std::find(course.grades.begin(), course.grades.end(), klass.grade) == course.grades.end()) continue;
            const std::int64_t enrolled = now - 36 * kDayMs + below(2 * kDayMs);
            for (Id student : klass.students) {
                store.db()
                    .prepare(kInsertEnrolment)
                    ->bind_all(store.new_uid(), course_id, student, enrolled, enrolled)
                    .run();
                // A pace from a step every day or two to one a week; a few have not begun.
                const std::int64_t pace = (1 + below(7)) * kDayMs;
                std::int64_t at = enrolled + below(3 * kDayMs);
                if (rng() % 10 == 0) continue;
                for (std::size_t i = 0; i < course.steps.size(); ++i) {
                    at += pace / 2 + below(pace) + below(hour);
                    if (at >= now - hour) break;
                    const DemoStep& step = course.steps[i];
                    if (!step.review) {
                        store.db()
                            .prepare(kInsertWork)
                            ->bind_all(store.new_uid(), steps[i], student, "completed", at, std::nullopt, std::nullopt,
                                       "", std::nullopt, std::nullopt, at, at)
                            .run();
                        if (std::string_view(step.kind) == "discussion" && rng() % 2 == 0) {
                            store.db()
                                .prepare(kInsertPost)
                                ->bind_all(store.new_uid(), steps[i], student, kPosts[rng() % std::size(kPosts)], at,
                                           at)
                                .run();
                        }
                        continue;
                    }
                    const char* answer = kAnswers[rng() % std::size(kAnswers)];
                    const bool reviewed = at < now - 7 * kDayMs ? rng() % 8 != 0 : rng() % 4 == 0;
                    std::optional<std::int64_t> points, reviewer, reviewed_at;
                    std::string feedback;
                    if (reviewed) {
                        if (step.points > 0) points = step.points / 2 + below(step.points / 2 + 1);
                        if (!points || rng() % 2 == 0) feedback = kFeedback[rng() % std::size(kFeedback)];
                        reviewer = klass.mentor;
                        reviewed_at = std::min(now - hour, at + hour + below(3 * kDayMs));
                    }
                    store.db()
                        .prepare(kInsertWork)
                        ->bind_all(store.new_uid(), steps[i], student, reviewed ? "reviewed" : "pending", at,
                                   std::string(answer), points, feedback, reviewer, reviewed_at, at,
                                   reviewed_at ? *reviewed_at : at)
                        .run();
                    const Id work = store.db().last_insert_id();
                    auto it = notify.find(student);
                    if (it == notify.end()) it = notify.emplace(student, mentors_to_notify(store, student)).first;
                    for (Id mentor : it->second) {
                        // Read once reviewed; what still waits is still unread.
                        store.db().prepare(kInsertNotification)->bind_all(mentor, work, at, reviewed_at).run();
                    }
                }
            }
        }
    }
}

}  // namespace

DemoSize demo_district() { return DemoSize{}; }

// The demo's smart groups (All teachers, Algebra finishers), counted in a large organisation's groups.
constexpr int kDemoSmartGroups = 2;

DemoSize large_organisation(int users, int groups, int memberships) {
    DemoSize size;
    size.schools = 8;
    size.grades_per_school = 4;
    size.classes_per_grade = 4;
    size.students_per_class = 30;
    size.teachers_per_school = 40;
    int district_people = size.schools * (size.grades_per_school * size.classes_per_grade * size.students_per_class +
                                          size.teachers_per_school);
    int district_groups = 1 + size.schools * (1 + size.grades_per_school * (1 + size.classes_per_grade));
    size.extra_people = std::max(0, users - district_people);
    size.extra_groups = std::max(0, groups - district_groups - kDemoSmartGroups);
    size.memberships_per_extra_person = size.extra_people > 0 ? std::max(1, memberships / size.extra_people) : 0;
    return size;
}

Result<Org> generate_demo(Store& store, const DemoSize& size) {
    if (get_org(store)) return conflict("This database already holds an organisation.");
    return store.command<Org>(kChangeAll, [&]() -> Result<Org> {
        Writer w{store, store.now(), std::mt19937(size.seed)};
        std::int64_t now = w.now;
        store.db()
            .prepare(
                "INSERT INTO org (id, uid, name, plan, created_at, updated_at) VALUES (1, ?, ?, 'enterprise', ?, ?)")
            ->bind_all(store.new_uid(), "Riverside School District", w.start, w.start)
            .run();

        // Fields, as the reference articles list them.
        const char* choices = "North\nSouth\nEast\nWest\n";
        store.db().prepare(kInsertField)->bind_all(store.new_uid(), "Job Title", "text", "", now, now).run();
        Id job = store.db().last_insert_id();
        store.db().prepare(kInsertField)->bind_all(store.new_uid(), "Hire Date", "date", "", now, now).run();
        Id hire = store.db().last_insert_id();
        store.db().prepare(kInsertField)->bind_all(store.new_uid(), "Location", "choice", choices, now, now).run();
        Id location = store.db().last_insert_id();
        store.db().prepare(kInsertField)->bind_all(store.new_uid(), "Institutional ID", "text", "", now, now).run();
        Id institutional = store.db().last_insert_id();

        Id office = w.department("District Office", std::nullopt, "district-office");
        Id schools_dept = w.department("Schools", std::nullopt, "schools");

        // The owner and the district's staff.
        store.db()
            .prepare(kInsertUser)
            ->bind_all(store.new_uid(), "owner@riverside.example", "Olivia", "Owens", "active", office, w.start,
                       w.start)
            .run();
        w.owner = store.db().last_insert_id();
        store.db()
            .prepare(kInsertRole)
            ->bind_all(store.new_uid(), w.owner, "owner", std::nullopt, std::nullopt, w.start)
            .run();
        auto staff = [&](const char* first, const char* last, const char* email, const char* role,
                         std::optional<Id> dept_scope) {
            store.db()
                .prepare(kInsertUser)
                ->bind_all(store.new_uid(), email, first, last, "active", office, w.start, w.start)
                .run();
            Id id = store.db().last_insert_id();
            store.db().prepare(kInsertRole)->bind_all(store.new_uid(), id, role, dept_scope, w.owner, w.start).run();
            store.db().prepare(kInsertValue)->bind_all(id, job, "District staff", now).run();
            return id;
        };
        const Id office_staff[] = {
            staff("Adam", "Adler", "admin@riverside.example", "admin", std::nullopt),
            staff("Greta", "Gruber", "groups@riverside.example", "org-group-manager", std::nullopt),
            staff("Ulla", "Umber", "people@riverside.example", "group-user-manager", std::nullopt),
        };

        std::int64_t created = w.start + 14 * kDayMs;
        Id district = w.group("Riverside District", std::nullopt, "Everyone in the district.", created);
        std::int64_t smart_created = created;  // the smart groups below date from the district's first day
        store.db().prepare(kInsertExternal)->bind_all(district, "rostering", "RSD-0001").run();
        // The district office belongs to the district's group (as members: their reach comes from org roles).
        for (Id person : office_staff) w.join(district, person, "member");
        std::vector<Id> all_groups{district};
        std::vector<Id> all_people;
        std::vector<DemoClass> classes;

        for (int s = 0; s < size.schools; ++s) {
            std::string school_name = kSchools[static_cast<size_t>(s) % std::size(kSchools)];
            if (s >= static_cast<int>(std::size(kSchools)))
                school_name += " " + std::to_string(s / std::size(kSchools) + 1);
            Id school_dept = w.department(school_name, schools_dept, slug_of(school_name));
            std::vector<Id> subject_depts;
            for (const char* subject : kSubjects) {
                subject_depts.push_back(
                    w.department(std::string(subject), school_dept, slug_of(school_name) + "-" + slug_of(subject)));
            }
            created += 86400000;
            Id school = w.group(school_name, district, "Staff and students of " + school_name + ".", created);
            all_groups.push_back(school);
            store.db().prepare(kInsertExternal)->bind_all(school, "rostering", "SCH-" + std::to_string(100 + s)).run();

            std::vector<Id> teachers;
            for (int t = 0; t < size.teachers_per_school; ++t) {
                Id teacher = w.person(subject_depts[static_cast<size_t>(t) % subject_depts.size()]);
                teachers.push_back(teacher);
                all_people.push_back(teacher);
                store.db().prepare(kInsertValue)->bind_all(teacher, job, t == 0 ? "Principal" : "Teacher", now).run();
                store.db()
                    .prepare(kInsertValue)
                    ->bind_all(teacher, hire, "20" + std::to_string(10 + t % 15) + "-08-" + (t % 2 ? "19" : "26"), now)
                    .run();
                store.db().prepare(kInsertValue)->bind_all(teacher, location, kLocations[s % 4], now).run();
            }
            // The principal leads the school; one teacher per school is its department admin.
            w.join(school, teachers[0], "admin");
            if (teachers.size() > 1) {
                store.db()
                    .prepare(kInsertRole)
                    ->bind_all(store.new_uid(), teachers[1], "department-admin", school_dept, w.owner, now)
                    .run();
            }
            for (int g = 0; g < size.grades_per_school; ++g) {
                int grade_number = 9 + g;
                created += 3600000;
                Id grade = w.group(school_name + " · Grade " + std::to_string(grade_number), school,
                                   "Grade " + std::to_string(grade_number) + " at " + school_name + ".", created);
                all_groups.push_back(grade);
                if (!teachers.empty()) {
                    w.join(grade, teachers[static_cast<size_t>(1 + g) % teachers.size()], "mentor");
                }
                for (int c = 0; c < size.classes_per_grade; ++c) {
                    std::string class_name = "Class " + std::to_string(grade_number) + static_cast<char>('A' + c % 26);
                    created += 60000;
                    Id klass = w.group(school_name + " · " + class_name, grade, "", created);
                    all_groups.push_back(klass);
                    DemoClass demo_class;
                    demo_class.grade = grade_number;
                    if (!teachers.empty()) {
                        demo_class.mentor =
                            teachers[static_cast<size_t>(2 + g * size.classes_per_grade + c) % teachers.size()];
                        w.join(klass, demo_class.mentor, "mentor");
                    }
                    for (int p = 0; p < size.students_per_class; ++p) {
                        const bool invited = p == 0 && c == 0;
                        Id student = w.person(school_dept, invited ? "invited" : "active");
                        all_people.push_back(student);
                        if (!invited) demo_class.students.push_back(student);
                        w.join(klass, student, "member");
                        store.db().prepare(kInsertValue)->bind_all(student, job, "Student", now).run();
                        store.db()
                            .prepare(kInsertValue)
                            ->bind_all(student, institutional, std::string("S") += std::to_string(100000 + student),
                                       now)
                            .run();
                    }
                    if (demo_class.mentor) classes.push_back(std::move(demo_class));
                }
            }
        }

        // Benchmark bulk: more groups spread over the tree, more people with several memberships.
        std::uniform_int_distribution<size_t> pick_group(0, 0);
        for (int i = 0; i < size.extra_groups; ++i) {
            pick_group = std::uniform_int_distribution<size_t>(0, all_groups.size() - 1);
            std::optional<Id> parent;
            if (w.rng() % 3 != 0) parent = all_groups[pick_group(w.rng)];
            created += 1000;
            all_groups.push_back(w.group("Cohort " + std::to_string(i + 1), parent, "", created));
        }
        pick_group = std::uniform_int_distribution<size_t>(0, all_groups.size() - 1);
        for (int i = 0; i < size.extra_people; ++i) {
            Id person = w.person(schools_dept);
            for (int k = 0; k < size.memberships_per_extra_person; ++k) {
                w.join(all_groups[pick_group(w.rng)], person, k == 0 && i % 50 == 0 ? "mentor" : "member");
            }
        }

        write_learning(store, now, w.start + 300 * kDayMs, classes);

        // Two smart groups (F12): every teacher and principal, by job title; everyone who completed Algebra
        // Foundations. Stored as rules are (names replaced by uids); the rule engine fills them before this
        // command commits, as it does after any change.
        auto uid_of = [&](const char* sql) {
            auto q = store.db().prepare(sql);
            return q->step() ? q->col_text(0) : std::string();
        };
        const std::string job_uid = uid_of("SELECT uid FROM fields WHERE name = 'Job Title'");
        const std::string algebra_uid = uid_of("SELECT uid FROM courses WHERE slug = 'algebra-foundations'");
        auto smart = [&](const std::string& name, const std::string& description, const std::string& rule) {
            smart_created += 60000;
            const std::int64_t at = smart_created;
            Id group = w.group(name, district, description, at);
            store.db()
                .prepare(
                    "INSERT INTO smart_rules (group_id, uid, rule, set_by, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)")
                ->bind_all(group, store.new_uid(), rule, w.owner, at, at)
                .run();
        };
        smart("All teachers", "Every teacher and principal of the district, by job title.",
              "field \"" + job_uid + "\" is one of (\"Teacher\", \"Principal\")");
        if (!algebra_uid.empty()) {
            smart("Algebra finishers", "Everyone who completed Algebra Foundations.",
                  "course \"" + algebra_uid + "\" is completed");
        }
        // Filled now rather than by the commit hook, so that their members can have joined in the past like
        // everyone else's (an hour after the later of the group and the person).
        rules::Engine& engine = rules::engine_of(store);
        engine.forget();
        std::vector<const rules::Compiled*> rules_now;
        for (const rules::Compiled& c : engine.compiled()) rules_now.push_back(&c);
        engine.evaluate({rules::Population::Kind::kAll, 0}, rules_now, true);
        store.db().exec(
            "UPDATE memberships SET created_at = joined, updated_at = joined FROM (SELECT m.id AS mid, "
            "max(g.created_at, u.created_at) + 3600000 AS joined FROM memberships m JOIN groups g ON g.id = m.group_id "
            "JOIN users u ON u.id = m.user_id WHERE m.group_id IN (SELECT group_id FROM smart_rules)) WHERE id = mid");

        store.db()
            .prepare(kInsertAudit)
            ->bind_all(store.new_uid(), now, user_uid(store, w.owner), "Olivia Owens", "org.create",
                       "Olivia Owens created the demo organisation Riverside School District.")
            .run();
        return *get_org(store);
    });
}

}  // namespace grove
