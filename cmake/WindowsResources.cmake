# tk_windows_resources(TARGET DESCRIPTION [WX]): the Windows program TARGET gets the
# product's icon, a manifest (common controls 6, per-monitor DPI awareness v2, UTF-8 code
# page, no elevation) and a version resource. WX adds wxWidgets' own resources. Nothing
# on other systems.
if(WIN32)
  find_program(TK_RSVG_CONVERT rsvg-convert REQUIRED)
  find_program(TK_IMAGEMAGICK_CONVERT convert REQUIRED)
  set(TK_WINDOWS_ICON ${CMAKE_BINARY_DIR}/windows/tk.ico)
  set(tk_icon_pngs)
  foreach(size 16 20 24 32 40 48 64 256)
    set(png ${CMAKE_BINARY_DIR}/windows/icon-${size}.png)
    add_custom_command(OUTPUT ${png}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/windows
      COMMAND ${TK_RSVG_CONVERT} -w ${size} -h ${size} -o ${png} ${PROJECT_SOURCE_DIR}/assets/icons/tk-tray.svg
      DEPENDS ${PROJECT_SOURCE_DIR}/assets/icons/tk-tray.svg)
    list(APPEND tk_icon_pngs ${png})
  endforeach()
  add_custom_command(OUTPUT ${TK_WINDOWS_ICON}
    COMMAND ${TK_IMAGEMAGICK_CONVERT} ${tk_icon_pngs} ${TK_WINDOWS_ICON}
    DEPENDS ${tk_icon_pngs}
    COMMENT "Windows icon from assets/icons/tk-tray.svg")
  add_custom_target(tk_windows_icon DEPENDS ${TK_WINDOWS_ICON})
endif()

function(tk_windows_resources target description)
  if(NOT WIN32)
    return()
  endif()
  cmake_parse_arguments(ARG "WX" "" "" ${ARGN})
  set(TK_RC_NAME ${target})
  set(TK_RC_FILE ${target}.exe)
  set(TK_RC_DESCRIPTION ${description})
  set(TK_RC_ICON ${TK_WINDOWS_ICON})
  set(TK_RC_MANIFEST ${CMAKE_BINARY_DIR}/windows/${target}.manifest)
  set(TK_RC_WX 0)
  if(ARG_WX)
    set(TK_RC_WX 1)
  endif()
  configure_file(${PROJECT_SOURCE_DIR}/assets/windows/program.manifest.in ${TK_RC_MANIFEST} @ONLY)
  set(rc ${CMAKE_BINARY_DIR}/windows/${target}.rc)
  configure_file(${PROJECT_SOURCE_DIR}/assets/windows/program.rc.in ${rc} @ONLY)
  set_source_files_properties(${rc} PROPERTIES OBJECT_DEPENDS "${TK_WINDOWS_ICON};${TK_RC_MANIFEST}")
  target_sources(${target} PRIVATE ${rc})
  add_dependencies(${target} tk_windows_icon)
  if(ARG_WX)
    # windres finds wx/msw/wx.rc through the same include folders as the compiler.
    target_include_directories(${target} PRIVATE ${wxWidgets_INCLUDE_DIRS})
  endif()
endfunction()
