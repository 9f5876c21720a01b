// Result<T>: a value or an Error a person can read; how the core reports every failure a user can cause.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace grove {

enum class ErrorCode {
    kForbidden,  // the acting person may not do this
    kNotFound,   // a named person, group, department, field or role does not exist
    kPlanCap,    // the organisation's plan allows no more groups
    kCycle,      // a move would put a group or department inside itself
    kDuplicate,  // an email, slug, name or membership that must be unique already exists
    kBadValue,   // a value of the wrong shape: empty name, bad date, unknown choice, ...
    kConflict,   // the state does not allow it (already initialised, last owner, ...)
    kStorage,    // the database itself failed
};

const char* error_code_name(ErrorCode code);

struct Error {
    ErrorCode code;
    std::string message;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(v_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<1>(v_);
    }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const {
        assert(!ok_);
        return error_;
    }

private:
    Error error_{ErrorCode::kStorage, {}};
    bool ok_ = true;
};

inline Error forbidden(std::string message) { return {ErrorCode::kForbidden, std::move(message)}; }
inline Error not_found(std::string message) { return {ErrorCode::kNotFound, std::move(message)}; }
inline Error bad_value(std::string message) { return {ErrorCode::kBadValue, std::move(message)}; }
inline Error duplicate(std::string message) { return {ErrorCode::kDuplicate, std::move(message)}; }
inline Error conflict(std::string message) { return {ErrorCode::kConflict, std::move(message)}; }

// Propagates an error out of a function returning Result<...>.
#define GROVE_TRY(expr)                                           \
    do {                                                          \
        auto grove_try_result_ = (expr);                          \
        if (!grove_try_result_) return grove_try_result_.error(); \
    } while (0)

// Declares `name` holding the Result of `expr`, and returns its error from the enclosing function when it
// failed; past this line `name` holds a value, read as `*name` or `name->member`. One line instead of
//     auto name = expr;
//     if (!name) return name.error();
#define GROVE_LET(name, expr) \
    auto name = (expr);       \
    if (!name) return name.error()

}  // namespace grove
