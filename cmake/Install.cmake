# `cmake --install build --prefix P` lays out:
#   P/bin/{service_framework,sfsup}
#   P/lib/libsf.so.X.Y.Z (+ SONAME link libsf.so.X.Y; libsf.so in the dev part)
#   P/lib/service_framework/services/lib<example>.so
#   P/share/service_framework/{topologies,examples...}
#   P/include/sf/*.hpp, P/lib/cmake/ServiceFramework/, P/lib/pkgconfig/service-framework.pc
# Plain `lib` (not Debian's multiarch folder) so the plugin search path and
# the README read the same for every prefix, /usr included.
include(CMakePackageConfigHelpers)

set(SF_INSTALL_LIBDIR lib)
set(SF_INSTALL_CMAKEDIR ${SF_INSTALL_LIBDIR}/cmake/ServiceFramework)
set(SF_INSTALL_SERVICESDIR ${SF_INSTALL_LIBDIR}/service_framework/services)
set(SF_INSTALL_DATADIR share/service_framework)

# Relocatable: the programs find libsf (and sfsup the worker and plugins)
# relative to themselves, wherever the prefix is.
set_target_properties(service_framework sfsup PROPERTIES INSTALL_RPATH "$ORIGIN/../${SF_INSTALL_LIBDIR}")
# Installed targets are linked with their install RPATH, not rewritten at
# install: for a target it rewrites, CMake links the build RPATH with a
# trailing ':' (room for the new value), and that empty entry makes the loader
# search the current directory. bin/ and lib/ sit side by side in the build
# tree as in the install, so $ORIGIN/../lib is right in both; libsf needs none.
set_target_properties(sf service_framework sfsup PROPERTIES BUILD_WITH_INSTALL_RPATH ON)

install(TARGETS sf EXPORT ServiceFrameworkTargets
  LIBRARY DESTINATION ${SF_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev)
install(TARGETS service_framework sfsup RUNTIME DESTINATION bin COMPONENT runtime)

# Plugins are the exception: build/services/ against lib/service_framework/services/.
# Linked for the build tree ($ORIGIN/../lib), then the installed copy is set to
# $ORIGIN/../.. (shorter, so it fits in place).
get_property(sf_installed_services GLOBAL PROPERTY SF_INSTALLED_SERVICE_TARGETS)
set_target_properties(${sf_installed_services} PROPERTIES BUILD_WITH_INSTALL_RPATH ON INSTALL_RPATH "$ORIGIN/../lib")
install(TARGETS ${sf_installed_services}
  LIBRARY DESTINATION ${SF_INSTALL_SERVICESDIR} COMPONENT runtime)
foreach(service ${sf_installed_services})
  install(CODE "file(RPATH_CHANGE
    FILE \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${SF_INSTALL_SERVICESDIR}/$<TARGET_FILE_NAME:${service}>\"
    OLD_RPATH \"$ORIGIN/../lib\" NEW_RPATH \"$ORIGIN/../..\")" COMPONENT runtime)
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/topologies/
  DESTINATION ${SF_INSTALL_DATADIR}/topologies COMPONENT runtime)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/sf
  DESTINATION include COMPONENT dev)

# CMake package: find_package(ServiceFramework 0.2) -> ServiceFramework::sf, sf_add_service().
install(EXPORT ServiceFrameworkTargets NAMESPACE ServiceFramework::
  DESTINATION ${SF_INSTALL_CMAKEDIR} COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/ServiceFrameworkConfig.cmake.in
  ${PROJECT_BINARY_DIR}/ServiceFrameworkConfig.cmake
  INSTALL_DESTINATION ${SF_INSTALL_CMAKEDIR}
  PATH_VARS SF_INSTALL_SERVICESDIR)
# 0.x: a minor version may change the plugin ABI, so 0.2 accepts 0.2.* only.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ServiceFrameworkConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/ServiceFrameworkConfig.cmake
  ${PROJECT_BINARY_DIR}/ServiceFrameworkConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/ServiceFrameworkService.cmake
  DESTINATION ${SF_INSTALL_CMAKEDIR} COMPONENT dev)

# pkg-config: prefix is computed from the .pc file's own place, so it stays
# right after `cmake --install --prefix` anywhere.
configure_file(${PROJECT_SOURCE_DIR}/cmake/service-framework.pc.in
  ${PROJECT_BINARY_DIR}/service-framework.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/service-framework.pc
  DESTINATION ${SF_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)
