// The files every kind of scaffolded service shares: the build, the README,
// the test's main.
#include "scaffold/service_templates.hpp"

namespace sfsup::scaffold {

std::vector<TemplateFile> common_templates() {
  return {
      {"CMakeLists.txt", R"~~(cmake_minimum_required(VERSION 3.20)
project(@NAME@ LANGUAGES CXX)

# The installed Service Framework: ServiceFramework::sf and sf_add_service().
# Installed elsewhere than /usr? cmake -DCMAKE_PREFIX_PATH=<its prefix> ...
find_package(ServiceFramework 0.2 REQUIRED)

# The handlers are their own library so the plugin and the unit test share them.
add_library(@NAME@_handlers STATIC src/@NAME@_handlers.cpp)
target_link_libraries(@NAME@_handlers PUBLIC ServiceFramework::sf)
set_target_properties(@NAME@_handlers PROPERTIES
  POSITION_INDEPENDENT_CODE ON CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)

# build/lib@NAME@.so: what topology.yaml's `service: @NAME@` finds through service_path.
sf_add_service(@NAME@ SOURCES src/@NAME@_service.cpp)
target_link_libraries(@NAME@ PRIVATE @NAME@_handlers)

include(CTest)
if(BUILD_TESTING)
  find_package(doctest REQUIRED)   # Debian: doctest-dev
  add_executable(@NAME@_test test/@NAME@_test.cpp)
  target_link_libraries(@NAME@_test PRIVATE @NAME@_handlers doctest::doctest)
  add_test(NAME @NAME@_test COMMAND @NAME@_test)
endif()
)~~"},
      {".gitignore", "build/\n.sfsup/\n"},
      {"README.md", R"~~(# @NAME@

A Service Framework (C++) service, made by `sfsup new service`.

| file | what |
|---|---|
| `src/@NAME@_service.cpp` | the service's models: config, connections, and which handler serves what |
| `src/@NAME@_handlers.cpp` | the handlers: the code that does the work |
| `test/@NAME@_test.cpp` | a unit test of the handlers (doctest, `sf::testing::RecordingToSend`) |
| `topology.yaml` | a topology that runs it under `sfsup` |

Build, test, check, run:

```sh
cmake -S . -B build && cmake --build build -j2
ctest --test-dir build --output-on-failure
sfsup check topology.yaml
sfsup up -d topology.yaml
sfsup status
@TRY_IT@
sfsup down
```

`sfsup logs @NAME@` shows its log; `service_framework --describe -s build/lib@NAME@.so` prints its
models as JSON.
)~~"},
  };
}

}  // namespace sfsup::scaffold
