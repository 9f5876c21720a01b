// Grove's Dear ImGui configuration, included by imgui.h through IMGUI_USER_CONFIG.
#pragma once

// Turns on ImGui's item hooks; shell/ui_snapshot.cpp implements them so that tests (C++ and the
// browser's window.groveUi) can find widgets by their labels.
#define IMGUI_ENABLE_TEST_ENGINE

// Keep our code on the current API only.
#define IMGUI_DISABLE_OBSOLETE_FUNCTIONS

// The demo window is not built into the app.
#define IMGUI_DISABLE_DEMO_WINDOWS
