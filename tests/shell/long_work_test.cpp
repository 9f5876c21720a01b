// Long work in the app (issue 11): checking a large upload and writing the membership report go on a slice per
// frame under a progress bar (on screen from the first frame, its value rising), and end with what the one-call
// core functions give.
#include "shell/long_work.h"

#include <chrono>
#include <doctest/doctest.h>
#include <string>
#include <vector>

#include "core/files/reports.h"
#include "core/files/upload.h"
#include "core/org/lookup.h"
#include "fake_platform.h"
#include "shell/screens/group_upload.h"
#include "shell_fixture.h"
#include "ui_driver.h"

using namespace grove;
using namespace grove::ui;
using grove::ui::testing::ShellFixture;
using grove::ui::testing::UiDriver;

namespace {

// `count` new people, each into Grade 9: a people file of one row per person.
std::string people_file(int count) {
    std::string csv = "email,first name,last name,group,role\r\n";
    for (int i = 1; i <= count; ++i) {
        const std::string n = std::to_string(i);
        csv += "learner" + n + "@riverside.example,Lee,Learner " + n + ",Grade 9,member\r\n";
    }
    return csv;
}

struct District : ShellFixture {
    Id grade9 = 0;
    District() : ShellFixture({.owner_email = "owner@riverside.example", .seed = 11}) {
        grade9 = group("Grade 9");
        attach(Screen::Exchange);
    }
};

// The value of the progress bar labelled `label` in the last frame, or -1 when there is none.
float progress_of(const UiDriver& ui, const char* label) {
    const auto* item = ui.find(label);
    return item != nullptr ? item->value : -1.0f;
}

// Values seen frame after frame: each at least the last, and more than one distinct value.
void check_rising(const std::vector<float>& values) {
    for (std::size_t i = 1; i < values.size(); ++i) CHECK(values[i] >= values[i - 1]);
    REQUIRE_FALSE(values.empty());
    CHECK(values.back() > values.front());
}

}  // namespace

TEST_CASE("checking a large upload draws its progress frame by frame and ends with the same check as at once") {
    District org;
    const std::string csv = people_file(5000);
    auto expected = plan_upload(*org.store, org.owner, UploadKind::kUsers, "learners.csv", csv);
    REQUIRE(expected);
    REQUIRE(expected->ok());

    org.state.views.exchange.upload.check_budget_ms = 0.0;  // one step a frame, as a slow machine would take it
    org.platform.queue_file("learners.csv", csv);
    UiDriver ui(org.state, {.height = 1000.0f});
    REQUIRE(ui.click("Choose a CSV file"));
    // The frame of the click drew the bar before any work; the click's last frame (the driver draws one after the
    // release) did the first step: the file is read, nothing more.
    REQUIRE(ui.find("Check progress") != nullptr);
    CHECK(progress_of(ui, "Check progress") > 0.0f);
    CHECK(progress_of(ui, "Check progress") < 0.1f);
    CHECK(ui.has_text("Checking learners.csv: 0 of 5000 rows"));
    int progress_frames = 0;
    bool saw_rows = false;
    std::vector<float> values;
    for (int i = 0; i < 50 && !ui.has_text("Every row is right"); ++i) {
        if (ui.find("Check progress") != nullptr && ui.has_text("Checking learners.csv")) {
            ++progress_frames;
            values.push_back(progress_of(ui, "Check progress"));
        }
        saw_rows |= ui.has_text("2000 of 5000 rows");
        CHECK_FALSE(ui.has_text("Apply the upload"));
        ui.frame();
    }
    // The file, the people, the other records and columns, the facts, then the rows 500 at a time.
    CHECK(progress_frames >= 10);
    CHECK(saw_rows);
    check_rising(values);
    CHECK(ui.find("Check progress") == nullptr);
    CHECK(ui.has_text("Every row is right. " + expected->counts.summary(true)));
    REQUIRE(ui.click("Apply the upload"));
    for (int i = 0; i < 200 && org.state.views.exchange.upload.apply; ++i) ui.frame();
    ui.frame(2);
    CHECK(ui.has_text("learners.csv: Added 5000 people"));
    CHECK(find_user_by_email(*org.store, "learner4999@riverside.example"));
}

TEST_CASE("a file that fails its check shows its problems after the progress, as at once") {
    District org;
    std::string csv = people_file(4500);
    csv += "not an email,Bad,Row,Grade 9,member\r\n";
    auto expected = plan_upload(*org.store, org.owner, UploadKind::kUsers, "learners.csv", csv);
    REQUIRE(expected);
    REQUIRE(expected->errors.size() == 1);

    org.state.views.exchange.upload.check_budget_ms = 0.0;
    org.platform.queue_file("learners.csv", csv);
    UiDriver ui(org.state, {.height = 1000.0f});
    REQUIRE(ui.click("Choose a CSV file"));
    CHECK(ui.find("Check progress") != nullptr);
    for (int i = 0; i < 50 && ui.find("Check progress") != nullptr; ++i) ui.frame();
    CHECK(ui.has_text("1 problem in learners.csv"));
    CHECK(ui.has_text(expected->errors[0]));
}

TEST_CASE("a group's own upload checks a large file under a progress bar in its dialog") {
    District org;
    std::string csv = "email,role\r\n";
    for (int i = 1; i <= 4500; ++i) csv += "guest" + std::to_string(i) + "@riverside.example,member\r\n";
    org.state.screen = Screen::Groups;
    UiDriver ui(org.state, {.height = 1000.0f});
    start_group_upload(org.state, org.grade9, OpenedFile{"guests.csv", std::vector<uint8_t>(csv.begin(), csv.end())});
    org.state.views.groups.upload.check_budget_ms = 0.0;  // the dialog's form is new: one step a frame
    ui.frame(2);  // the dialog opens and draws its bar before any work; then the file is read
    CHECK(progress_of(ui, "Check progress") > 0.0f);
    CHECK(progress_of(ui, "Check progress") < 0.1f);
    int progress_frames = 0;
    std::vector<float> values;
    for (int i = 0; i < 50 && !ui.has_text("Every row is right"); ++i) {
        if (ui.find("Check progress") != nullptr) {
            ++progress_frames;
            values.push_back(progress_of(ui, "Check progress"));
        }
        ui.frame();
    }
    CHECK(progress_frames >= 8);
    check_rising(values);
    // The same plan as at once.
    UploadOptions options;
    options.group = org.grade9;
    options.invite = true;
    auto expected = plan_upload(*org.store, org.owner, UploadKind::kMemberships, "guests.csv", csv, options);
    REQUIRE(expected);
    CHECK(expected->counts.summary(true) == "Would invite 4500 people; add 4500 memberships.");
    CHECK(ui.has_text("Every row is right. " + expected->counts.summary(true)));
    CHECK(ui.find("Check progress") == nullptr);
}

TEST_CASE("the membership report is written over frames under a progress bar and downloads whole, as at once") {
    District org;
    auto plan = plan_upload(*org.store, org.owner, UploadKind::kUsers, "learners.csv", people_file(6000));
    REQUIRE(plan);
    REQUIRE(apply_upload(*org.store, org.owner, *plan));
    auto expected = membership_report_csv(*org.store, org.owner);
    REQUIRE(expected);

    org.state.views.exchange.report_budget_ms = 0.0;  // one slice of 2,000 rows a frame
    UiDriver ui(org.state);
    REQUIRE(ui.click("Reports"));
    ui.frame(2);
    REQUIRE(ui.click("Membership report"));
    // The dialog is measured in its first frame, then drawn: the bar is on screen before any work.
    REQUIRE(ui.find("Report progress") != nullptr);
    CHECK(progress_of(ui, "Report progress") == 0.0f);
    CHECK(ui.has_text("Reading the people and their memberships"));
    int reading_frames = 0;
    int writing_frames = 0;
    std::vector<float> values;
    int covered_frames = 0;
    for (int i = 0; i < 50 && org.state.views.exchange.report; ++i) {
        // Once the dialog is up, it is drawn alone: no sidebar, no tabs nor buttons behind it.
        if (i > 0) {
            CHECK(ui.find("People") == nullptr);
            CHECK(ui.find("Membership report") == nullptr);
            CHECK_FALSE(ui.has_text("Import & export"));
            ++covered_frames;
        }
        if (ui.find("Report progress") != nullptr) {
            values.push_back(progress_of(ui, "Report progress"));
            if (ui.has_text("Reading the people and their memberships")) ++reading_frames;
            if (ui.has_text("rows written")) ++writing_frames;
        }
        CHECK(org.platform.downloads().empty());  // offered once, whole, at the end
        ui.frame();
    }
    ui.frame();
    // 6,001 people and 6,000 memberships read 2,000 a frame, then 6,000 rows written 2,000 a frame.
    CHECK(reading_frames >= 8);
    CHECK(writing_frames >= 3);
    check_rising(values);
    REQUIRE(org.platform.downloads().size() == 1);
    const auto& download = org.platform.downloads()[0];
    CHECK(download.file_name == membership_report_file_name(*org.store));
    CHECK(download.mime_type == "text/csv");
    CHECK(std::string(download.bytes.begin(), download.bytes.end()) == *expected);
    CHECK(ui.has_text("Downloaded " + download.file_name));
    CHECK(ui.find("Report progress") == nullptr);
    // The screen is back as it was.
    CHECK(covered_frames >= 10);
    CHECK(ui.find("People") != nullptr);
    CHECK(ui.find("Membership report") != nullptr);
}

TEST_CASE("a long job's slices grow while the frames between them are slow, and the bar is still drawn often") {
    using Clock = LongWorkPacer::Clock;
    using std::chrono::milliseconds;
    LongWorkPacer pace;
    Clock::time_point now{};
    // Work a slice, then spend `gap_ms` outside it (drawing, the browser presenting the frame); the next slice.
    auto after_gap = [&](double slice_ms, int gap_ms) {
        now += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(slice_ms));
        pace.end_slice(now);
        now += milliseconds(gap_ms);
        return pace.begin_slice(kLongWorkBudgetMs, now);
    };

    // The first slice knows nothing of the frames yet.
    double slice = pace.begin_slice(kLongWorkBudgetMs, now);
    CHECK(slice == kLongWorkBudgetMs);
    // Frames that cost 5 ms (a GPU): the slices stay at the base budget, well over 80% of the time.
    for (int i = 0; i < 5; ++i) slice = after_gap(slice, 5);
    CHECK(slice == kLongWorkBudgetMs);
    // Frames that cost 40 ms: four times that, 80% of the time in the work; a frame every 200 ms.
    for (int i = 0; i < 8; ++i) slice = after_gap(slice, 40);
    CHECK(slice == doctest::Approx(160.0).epsilon(0.02));
    // Frames that cost 100 ms: 80% would mean a frame every 500 ms, so the slice is held to a frame every 250 ms.
    for (int i = 0; i < 8; ++i) slice = after_gap(slice, 100);
    CHECK(slice == doctest::Approx(kLongWorkFrameMs - 100.0).epsilon(0.02));
    CHECK(slice + pace.gap_ms() <= kLongWorkFrameMs + 1.0);
    // Frames slower than that: never less than the base budget.
    for (int i = 0; i < 8; ++i) slice = after_gap(slice, 400);
    CHECK(slice == kLongWorkBudgetMs);

    // A new job starts afresh; a budget of 0 (tests) means one step a frame, whatever the frames cost.
    pace.reset();
    CHECK(pace.begin_slice(kLongWorkBudgetMs, now) == kLongWorkBudgetMs);
    pace.end_slice(now);
    now += milliseconds(100);
    CHECK(pace.begin_slice(0.0, now) == 0.0);
}
