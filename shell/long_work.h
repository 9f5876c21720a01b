// How long each frame's slice of long work runs (checking an upload, writing the membership report), so that the
// work gets most of the time and its progress bar is still drawn a few times a second.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>

namespace grove::ui {

// The first slice of a job, and the least any slice gets: a frame under 100 ms still answers a click at once.
constexpr double kLongWorkBudgetMs = 90.0;
// The longest the progress bar should go without being drawn again: a slice and the frame around it.
constexpr double kLongWorkFrameMs = 250.0;
// The share of the wall time the work aims at while its dialog is up.
constexpr double kLongWorkShare = 0.8;

// The frames between two slices cost what they cost: drawing the dialog, and the browser presenting the frame,
// which headless Chromium's software WebGL makes 50-150 ms where a GPU takes a few. The pacer measures that gap
// (from the end of one slice to the start of the next) and sizes the next slice to aim at kLongWorkShare of the
// wall time in the work, but no longer than leaves the bar drawn every kLongWorkFrameMs, and never under
// kLongWorkBudgetMs. A fast machine thus gets slices of kLongWorkBudgetMs (the frames take little), a slow one
// slices of up to kLongWorkFrameMs less its gap.
class LongWorkPacer {
public:
    using Clock = std::chrono::steady_clock;

    // A new job: the next slice is the first.
    void reset() {
        last_end_.reset();
        gap_ms_ = 0.0;
    }

    // This frame's slice in ms, as it starts. `base_ms` is the job's base budget (kLongWorkBudgetMs); 0 or less
    // means one step a frame, unpaced (tests).
    double begin_slice(double base_ms, Clock::time_point now = Clock::now()) {
        if (base_ms <= 0.0) return 0.0;
        if (!last_end_) return base_ms;
        const double gap = std::chrono::duration<double, std::milli>(now - *last_end_).count();
        // Smoothed, so one slow frame (a collection, a resize) does not swing the next slice.
        gap_ms_ = gap_ms_ > 0.0 ? 0.5 * gap_ms_ + 0.5 * gap : gap;
        const double aimed = gap_ms_ * kLongWorkShare / (1.0 - kLongWorkShare);
        return std::max(base_ms, std::min(aimed, kLongWorkFrameMs - gap_ms_));
    }

    // The slice ended (the frame then draws the progress).
    void end_slice(Clock::time_point now = Clock::now()) { last_end_ = now; }

    double gap_ms() const { return gap_ms_; }  // the smoothed gap between slices, 0 before the second slice

private:
    std::optional<Clock::time_point> last_end_;
    double gap_ms_ = 0.0;
};

}  // namespace grove::ui
