// One GLFW window with ImGui on OpenGL 3 (desktop) or WebGL 2 (Emscripten's GLFW), drawn on demand.
#include "shell/glfw_host.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

#if defined(__EMSCRIPTEN__)
#include <GLES3/gl3.h>
#include <emscripten/html5.h>
#else
#include <GL/gl.h>
#endif
#include <GLFW/glfw3.h>

namespace grove::ui {
namespace {

GlfwHost* host_of(GLFWwindow* window) { return static_cast<GlfwHost*>(glfwGetWindowUserPointer(window)); }

// GLFW's key codes (Emscripten's GLFW uses the same) as the ImGuiKey values the InputQueue speaks, as ImGui's
// GLFW backend maps them (its table is private to imgui_impl_glfw.cpp).
ImGuiKey imgui_key(int key) {
    if (key >= GLFW_KEY_A && key <= GLFW_KEY_Z) return static_cast<ImGuiKey>(ImGuiKey_A + (key - GLFW_KEY_A));
    if (key >= GLFW_KEY_0 && key <= GLFW_KEY_9) return static_cast<ImGuiKey>(ImGuiKey_0 + (key - GLFW_KEY_0));
    if (key >= GLFW_KEY_F1 && key <= GLFW_KEY_F24) return static_cast<ImGuiKey>(ImGuiKey_F1 + (key - GLFW_KEY_F1));
    if (key >= GLFW_KEY_KP_0 && key <= GLFW_KEY_KP_9)
        return static_cast<ImGuiKey>(ImGuiKey_Keypad0 + (key - GLFW_KEY_KP_0));
    switch (key) {
        case GLFW_KEY_TAB: return ImGuiKey_Tab;
        case GLFW_KEY_LEFT: return ImGuiKey_LeftArrow;
        case GLFW_KEY_RIGHT: return ImGuiKey_RightArrow;
        case GLFW_KEY_UP: return ImGuiKey_UpArrow;
        case GLFW_KEY_DOWN: return ImGuiKey_DownArrow;
        case GLFW_KEY_PAGE_UP: return ImGuiKey_PageUp;
        case GLFW_KEY_PAGE_DOWN: return ImGuiKey_PageDown;
        case GLFW_KEY_HOME: return ImGuiKey_Home;
        case GLFW_KEY_END: return ImGuiKey_End;
        case GLFW_KEY_INSERT: return ImGuiKey_Insert;
        case GLFW_KEY_DELETE: return ImGuiKey_Delete;
        case GLFW_KEY_BACKSPACE: return ImGuiKey_Backspace;
        case GLFW_KEY_SPACE: return ImGuiKey_Space;
        case GLFW_KEY_ENTER: return ImGuiKey_Enter;
        case GLFW_KEY_ESCAPE: return ImGuiKey_Escape;
        case GLFW_KEY_APOSTROPHE: return ImGuiKey_Apostrophe;
        case GLFW_KEY_COMMA: return ImGuiKey_Comma;
        case GLFW_KEY_MINUS: return ImGuiKey_Minus;
        case GLFW_KEY_PERIOD: return ImGuiKey_Period;
        case GLFW_KEY_SLASH: return ImGuiKey_Slash;
        case GLFW_KEY_SEMICOLON: return ImGuiKey_Semicolon;
        case GLFW_KEY_EQUAL: return ImGuiKey_Equal;
        case GLFW_KEY_LEFT_BRACKET: return ImGuiKey_LeftBracket;
        case GLFW_KEY_BACKSLASH: return ImGuiKey_Backslash;
        case GLFW_KEY_RIGHT_BRACKET: return ImGuiKey_RightBracket;
        case GLFW_KEY_GRAVE_ACCENT: return ImGuiKey_GraveAccent;
        case GLFW_KEY_CAPS_LOCK: return ImGuiKey_CapsLock;
        case GLFW_KEY_SCROLL_LOCK: return ImGuiKey_ScrollLock;
        case GLFW_KEY_NUM_LOCK: return ImGuiKey_NumLock;
        case GLFW_KEY_PRINT_SCREEN: return ImGuiKey_PrintScreen;
        case GLFW_KEY_PAUSE: return ImGuiKey_Pause;
        case GLFW_KEY_KP_DECIMAL: return ImGuiKey_KeypadDecimal;
        case GLFW_KEY_KP_DIVIDE: return ImGuiKey_KeypadDivide;
        case GLFW_KEY_KP_MULTIPLY: return ImGuiKey_KeypadMultiply;
        case GLFW_KEY_KP_SUBTRACT: return ImGuiKey_KeypadSubtract;
        case GLFW_KEY_KP_ADD: return ImGuiKey_KeypadAdd;
        case GLFW_KEY_KP_ENTER: return ImGuiKey_KeypadEnter;
        case GLFW_KEY_KP_EQUAL: return ImGuiKey_KeypadEqual;
        case GLFW_KEY_LEFT_SHIFT: return ImGuiKey_LeftShift;
        case GLFW_KEY_LEFT_CONTROL: return ImGuiKey_LeftCtrl;
        case GLFW_KEY_LEFT_ALT: return ImGuiKey_LeftAlt;
        case GLFW_KEY_LEFT_SUPER: return ImGuiKey_LeftSuper;
        case GLFW_KEY_RIGHT_SHIFT: return ImGuiKey_RightShift;
        case GLFW_KEY_RIGHT_CONTROL: return ImGuiKey_RightCtrl;
        case GLFW_KEY_RIGHT_ALT: return ImGuiKey_RightAlt;
        case GLFW_KEY_RIGHT_SUPER: return ImGuiKey_RightSuper;
        case GLFW_KEY_MENU: return ImGuiKey_Menu;
        default: return ImGuiKey_None;
    }
}

// Whether the GL context is alive: textures outliving the window (AppState is destroyed after the
// host) are then left to the driver, which freed them with the context.
bool g_gl_alive = false;

// Group thumbnails (shell/thumbnails.cpp): RGBA pixels into a texture ImGui draws with Image().
// The same calls work in OpenGL 3 and WebGL 2.
ImTextureID create_rgba_texture(int width, int height, const unsigned char* rgba) {
    GLuint texture = 0;
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture));
}

void destroy_rgba_texture(ImTextureID id) {
    if (!g_gl_alive) return;
    const auto texture = static_cast<GLuint>(reinterpret_cast<std::intptr_t>(id));
    glDeleteTextures(1, &texture);
}

void on_glfw_error(int code, const char* description) {
    std::fprintf(stderr, "grove: GLFW error %d: %s\n", code, description);
}

// Before the swap, the back buffer holds the frame just drawn (afterwards its content is undefined).
void read_back_buffer(int width, int height, GlfwHost::Capture& out) {
    out.width = width;
    out.height = height;
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows start at the bottom.
    out.rgba.resize(pixels.size());
    const size_t row = static_cast<size_t>(width) * 4;
    for (int y = 0; y < height; ++y) {
        std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>(row * (height - 1 - y)), row,
                    out.rgba.begin() + static_cast<std::ptrdiff_t>(row * y));
    }
    for (size_t i = 3; i < out.rgba.size(); i += 4) out.rgba[i] = 255;  // the window is opaque
}

}  // namespace

GlfwHost::~GlfwHost() {
    g_gl_alive = false;
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (window_ != nullptr) glfwDestroyWindow(window_);
    glfwTerminate();
}

bool GlfwHost::open(AppState& state, const Options& options) {
    options_ = options;
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) return false;

#if defined(__EMSCRIPTEN__)
    const char* glsl_version = nullptr;  // the backend's default for ES 3: "#version 300 es"
    const int width = options.width;     // the page sizes the canvas in device pixels itself
    const int height = options.height;
#else
    const char* glsl_version = "#version 150";
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);  // windows: size in screen units, grown by the content scale
    const int width = options.width;
    const int height = options.height;
#endif
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    window_ = glfwCreateWindow(width, height, options.title.c_str(), nullptr, nullptr);
    if (window_ == nullptr) return false;
    glfwMakeContextCurrent(window_);
#if !defined(__EMSCRIPTEN__)
    glfwSwapInterval(1);
#endif
    glfwSetWindowUserPointer(window_, this);
    input_ = InputQueue();
    input_.set_owns_pointer(true);  // over the position ImGui_ImplGlfw_NewFrame() polls
    install_callbacks();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui_ImplGlfw_InitForOpenGL(window_, false);
#if defined(__EMSCRIPTEN__)
    // ImGui 1.90's GLFW backend listens to the page's wheel itself in the browser, whatever install_callbacks says;
    // the wheel reaches ImGui through our InputQueue (scaled per notch), so a second listener scrolled twice as far.
    emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
#endif
    ImGui_ImplOpenGL3_Init(glsl_version);
    imgui_ready_ = true;
    g_gl_alive = true;
    state.create_texture = create_rgba_texture;
    state.destroy_texture = destroy_rgba_texture;

    float scale = 1.0f;
#if !defined(__EMSCRIPTEN__)
    float yscale = 1.0f;
    glfwGetWindowContentScale(window_, &scale, &yscale);
#endif
    init_ui(state, options.fonts_dir, scale);
    return true;
}

// ImGui's GLFW backend installs no callbacks (it would write events straight into ImGui, where a
// press and release between two frames are lost): every event goes into the InputQueue instead.
void GlfwHost::install_callbacks() {
#if !defined(__EMSCRIPTEN__)
    // In the browser, web/ listens to the pointer and the wheel itself: Emscripten's GLFW reports
    // touches at the previous pointer position and passes wheel pixels on as notches, upside down.
    glfwSetCursorPosCallback(window_, [](GLFWwindow* w, double x, double y) {
        host_of(w)->input_.mouse_moved(static_cast<float>(x), static_cast<float>(y));
        host_of(w)->note_input();
    });
    glfwSetMouseButtonCallback(window_, [](GLFWwindow* w, int button, int action, int) {
        // GLFW numbers buttons as ImGui does: left, right, middle.
        host_of(w)->input_.mouse_button(button, action == GLFW_PRESS);
        host_of(w)->note_input();
    });
    glfwSetScrollCallback(window_, [](GLFWwindow* w, double x, double y) {
        // GLFW's offsets are notches, positive up, as ImGui counts them.
        host_of(w)->input_.wheel(static_cast<float>(x), static_cast<float>(y));
        host_of(w)->note_input();
    });
    glfwSetCursorEnterCallback(window_, [](GLFWwindow* w, int entered) {
        GlfwHost* host = host_of(w);
        if (entered) {
            double x = 0.0;
            double y = 0.0;
            glfwGetCursorPos(w, &x, &y);
            host->input_.mouse_moved(static_cast<float>(x), static_cast<float>(y));
        } else {
            bool held = false;  // a drag that leaves the window keeps its position
            for (int button = GLFW_MOUSE_BUTTON_1; button <= GLFW_MOUSE_BUTTON_5; ++button)
                held = held || glfwGetMouseButton(w, button) == GLFW_PRESS;
            if (!held) host->input_.mouse_left();
        }
        host->note_input();
    });
    glfwSetWindowRefreshCallback(window_, [](GLFWwindow* w) { host_of(w)->note_input(); });
    glfwSetWindowContentScaleCallback(window_, [](GLFWwindow* w, float, float) { host_of(w)->note_input(); });
#endif
    glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int, int action, int) {
        if (action == GLFW_REPEAT) return;  // ImGui repeats held keys itself
        host_of(w)->input_.key(imgui_key(key), action == GLFW_PRESS);
        host_of(w)->note_input();
    });
#if !defined(__EMSCRIPTEN__)
    // In the browser, text comes from web/'s hidden text field (input methods, pasted-in text), whose
    // input events hand it to the queue: Emscripten's GLFW sees only keypresses, never composed text.
    glfwSetCharCallback(window_, [](GLFWwindow* w, unsigned int c) {
        host_of(w)->input_.character(c);
        host_of(w)->note_input();
    });
#endif
    glfwSetWindowFocusCallback(window_, [](GLFWwindow* w, int focused) {
        host_of(w)->input_.focus(focused != 0);
        host_of(w)->note_input();
    });
    glfwSetWindowSizeCallback(window_, [](GLFWwindow* w, int, int) { host_of(w)->note_input(); });
    glfwSetFramebufferSizeCallback(window_, [](GLFWwindow* w, int, int) { host_of(w)->note_input(); });
}

void GlfwHost::note_input() {
    frames_due_ = kFramesAfterInput;
    if (options_.wake) options_.wake();
}

bool GlfwHost::frame_due(const AppState& state) const {
    if (frames_due_ > 0 || state.redraw_frames > 0 || !input_.empty()) return true;
    if (state.platform != nullptr) {
        const SaveStatus status = state.platform->save_status();
        if (status.state != drawn_status_.state || status.reason != drawn_status_.reason) return true;
    }
    return false;
}

// Glyphs the text engine rasterised into ImGui's atlas this frame (other scripts): the rows they
// changed go to the texture before the frame is drawn, so they show in the frame that first used them.
void GlfwHost::upload_new_glyphs(AppState& state) {
    int y0 = 0;
    int y1 = 0;
    if (state.text == nullptr || !state.text->take_dirty_rows(&y0, &y1)) return;
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    atlas->GetTexDataAsRGBA32(&pixels, &width, &height);
    y0 = std::clamp(y0, 0, height);
    y1 = std::clamp(y1, y0, height);
    if (pixels == nullptr || atlas->TexID == nullptr || y1 == y0) return;
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(atlas->TexID)));
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, y0, width, y1 - y0, GL_RGBA, GL_UNSIGNED_BYTE,
                    pixels + static_cast<size_t>(y0) * static_cast<size_t>(width) * 4);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
}

bool GlfwHost::tick(AppState& state, float pixel_ratio) {
    if (pixel_ratio > 0.0f && pixel_ratio != state.ui_scale) frames_due_ = std::max(frames_due_, 2);
    if (!frame_due(state)) return false;
    if (frames_due_ > 0) --frames_due_;
    if (state.redraw_frames > 0) --state.redraw_frames;
    if (state.platform != nullptr) drawn_status_ = state.platform->save_status();

    if (set_ui_scale(state, pixel_ratio)) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // After the backend, which polls GLFW's mouse: the queue decides what this frame sees.
    WheelPixels wheel;
    wheel.per_notch = kNotchPixels * state.ui_scale;
    wheel.per_unit = std::floor(5.0f * ImGui::GetFontSize());  // ImGui's scroll per wheel unit
    if (input_.apply(ImGui::GetIO(), wheel)) frames_due_ = std::max(frames_due_, kFramesAfterInput);
    ImGui::NewFrame();
    draw_frame(state);
    ImGui::Render();
    upload_new_glyphs(state);
    if (static_cast<int>(state.screen) != titled_screen_) {
        // The window title (the browser tab) names the section: "People — Grove".
        titled_screen_ = static_cast<int>(state.screen);
        const std::string title = std::string(screen_info(state.screen).label) + " \xe2\x80\x94 " + options_.title;
        glfwSetWindowTitle(window_, title.c_str());
    }

    int fb_width = 0;
    int fb_height = 0;
    glfwGetFramebufferSize(window_, &fb_width, &fb_height);
    glViewport(0, 0, fb_width, fb_height);
    const ImVec4 bg = palette(state.theme).content_bg;
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (capture_) {
        capture_ = false;
        read_back_buffer(fb_width, fb_height, captured_);
    }
    glfwSwapBuffers(window_);
    ++frames_drawn_;
    return frame_due(state);
}

}  // namespace grove::ui
