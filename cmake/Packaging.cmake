# `cpack -G DEB` (run in the build folder) makes two Debian packages into /usr:
#   service-framework      the worker, sfsup, libsf, the example services and topologies;
#                          depends only on the Debian libraries these link (dpkg-shlibdeps)
#   service-framework-dev  headers, the CMake package and the pkg-config file
set(CPACK_PACKAGE_NAME service-framework)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "ZeroMQ microservice framework (C++) and its supervisor, sfsup")
set(CPACK_PACKAGE_CONTACT "Service Framework (C++) maintainers <maintainers@service-framework.invalid>")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME service-framework)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION net)
# Depends: computed from what the binaries link (libzmq5, libyaml-cpp0.7,
# libspdlog1.10, libfmt9, libstdc++6, libc6 ...) and nothing else.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
# libsf itself ships in this package: let dpkg-shlibdeps find it there.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS
  ${PROJECT_BINARY_DIR}/_CPack_Packages/Linux/DEB/${CPACK_PACKAGE_NAME}-${PROJECT_VERSION}-Linux/runtime/usr/lib)

set(CPACK_DEBIAN_DEV_PACKAGE_NAME service-framework-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "service-framework (= ${PROJECT_VERSION}), nlohmann-json3-dev, libspdlog-dev, libfmt-dev")
# `sfsup new service` writes a doctest unit test.
set(CPACK_DEBIAN_DEV_PACKAGE_RECOMMENDS "doctest-dev, cmake, g++")

include(CPack)
