# sf_add_service(<name> SOURCES <file>... [OUTPUT_DIRECTORY <dir>])
#
# Builds lib<name>.so, a service plugin that `service_framework -s` and sfsup load.
# Used by this repository's services/ and installed with the CMake package, so a
# service in its own repository is built exactly as the examples are.
function(sf_add_service name)
  cmake_parse_arguments(PARSE_ARGV 1 SF "" "OUTPUT_DIRECTORY" "SOURCES")
  if(NOT SF_SOURCES)
    message(FATAL_ERROR "sf_add_service(${name}): give its sources: sf_add_service(${name} SOURCES ${name}.cpp)")
  endif()
  # MODULE: a dlopen()ed plugin, never linked against.
  add_library(${name} MODULE ${SF_SOURCES})
  target_link_libraries(${name} PRIVATE ServiceFramework::sf)
  # lib<name>.so is what a topology's bare `service: <name>` looks for; hidden
  # visibility keeps every symbol but SF_SERVICE()'s entry point private.
  set_target_properties(${name} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(SF_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${SF_OUTPUT_DIRECTORY})
  endif()
endfunction()
