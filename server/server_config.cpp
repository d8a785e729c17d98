#include "server_config.h"
#include "tk/file_path.h"

#include <boost/program_options.hpp>

#include <fstream>

namespace tk {

namespace po = boost::program_options;

Outcome load_server_config(const std::string& path, ServerConfig& c) {
  std::ifstream in(utf8_path(path));
  if (!in) return make_error(ErrorKind::Invalid, "config_unreadable", "No se puede leer la configuración: " + path);
  po::options_description keys;
  std::int64_t p1, p2, p3, p4, soc, onsite, auto_close_hours;
  keys.add_options()("listen", po::value(&c.listen))("db", po::value(&c.db_path))("threads", po::value(&c.threads))(
      "log_dir", po::value(&c.log_dir))("log_level", po::value(&c.log_level))(
      "catalog_file", po::value(&c.catalog_file))("max_request_bytes", po::value(&c.max_request_bytes))(
      "lookup_failures_allowed", po::value(&c.lookup_failures_allowed))("lookup_window_seconds",
                                                                        po::value(&c.lookup_window_seconds))(
      "auto_close_after_hours", po::value(&auto_close_hours))("sla.security_soc_minutes", po::value(&soc))(
      "sla.security_onsite_minutes", po::value(&onsite))("sla.priority1_hours", po::value(&p1))(
      "sla.priority2_hours", po::value(&p2))("sla.priority3_hours", po::value(&p3))("sla.priority4_hours",
                                                                                    po::value(&p4));
  po::variables_map vm;
  try {
    po::store(po::parse_config_file(in, keys, false), vm);
    po::notify(vm);
  } catch (const std::exception& e) {
    return make_error(ErrorKind::Invalid, "config_invalid", path + ": " + e.what());
  }
  if (vm.count("sla.security_soc_minutes")) c.service_levels.security_soc_seconds = soc * 60;
  if (vm.count("sla.security_onsite_minutes")) c.service_levels.security_onsite_seconds = onsite * 60;
  const std::int64_t* hours[] = {&p1, &p2, &p3, &p4};
  for (int i = 0; i < 4; ++i)
    if (vm.count("sla.priority" + std::to_string(i + 1) + "_hours"))
      c.service_levels.priority_seconds[static_cast<std::size_t>(i)] = *hours[i] * 3600;
  if (vm.count("auto_close_after_hours")) c.auto_close_after_seconds = auto_close_hours * 3600;
  return Done{};
}

}  // namespace tk
