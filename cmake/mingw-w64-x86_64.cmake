# Cross-compiling for 64-bit Windows with Debian's mingw-w64 (posix threads, so that
# std::thread and std::mutex work). TK_WINDOWS_PREFIX is the folder where
# scripts/windows/thirdparty.sh installed the libraries built from Debian's sources.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(TK_MINGW_TRIPLET x86_64-w64-mingw32)

set(CMAKE_C_COMPILER ${TK_MINGW_TRIPLET}-gcc-posix)
set(CMAKE_CXX_COMPILER ${TK_MINGW_TRIPLET}-g++-posix)
set(CMAKE_RC_COMPILER ${TK_MINGW_TRIPLET}-windres)

if(NOT TK_WINDOWS_PREFIX AND DEFINED ENV{TK_WINDOWS_PREFIX})
  set(TK_WINDOWS_PREFIX $ENV{TK_WINDOWS_PREFIX})
endif()
# Only the prefix and the compiler's own sysroot are searched: never the build machine's
# /usr, whose headers and libraries are for Linux.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES TK_WINDOWS_PREFIX)
set(CMAKE_FIND_ROOT_PATH ${TK_WINDOWS_PREFIX} /usr/${TK_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# wx-config and pkg-config files of the prefix, not the build machine's (GTK) ones.
set(wxWidgets_CONFIG_EXECUTABLE ${TK_WINDOWS_PREFIX}/bin/wx-config CACHE FILEPATH "wx-config of the msw build")
set(ENV{PKG_CONFIG_LIBDIR} ${TK_WINDOWS_PREFIX}/lib/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# Windows 10 is the oldest system the product supports.
add_compile_definitions(_WIN32_WINNT=0x0A00 WINVER=0x0A00 UNICODE _UNICODE)
# Static programs: nothing to ship beside the .exe but the program itself.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
# Release programs ship without symbols (16 MB to 10 MB for tk-tray.exe).
set(CMAKE_EXE_LINKER_FLAGS_RELEASE_INIT "-s")

# Tests run under Wine. The wine64 loader itself, not the wrapper script, which would
# first complain that no 32-bit Wine is installed.
set(CMAKE_CROSSCOMPILING_EMULATOR /usr/lib/wine/wine64)
