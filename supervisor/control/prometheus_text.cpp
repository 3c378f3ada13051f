#include "control/prometheus_text.hpp"

#include <functional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace sfsup {

using nlohmann::json;

namespace {

// Label values escape backslash, double quote and newline.
std::string label_value(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number_text(double v) { return fmt::format("{}", v); }

class Writer {
 public:
  void family(const char* name, const char* type, const char* help) {
    out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  }
  void sample(std::string_view name, const std::string& labels, double value) {
    out_ += fmt::format("{}{{{}}} {}\n", name, labels, number_text(value));
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

const char* const kStates[] = {"starting", "ready", "backoff", "stopping", "stopped", "exited", "fatal"};
const char* const kErrorKinds[] = {"malformed", "invalid_args", "handler_error", "timeout", "subscription_cap"};

double number(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

struct Endpoint {
  std::string labels;  // service, kind, side, endpoint, type
  const json* counters;
  const json* buckets_us;
};

}  // namespace

std::string prometheus_text(const json& status) {
  Writer w;
  const json services = status.value("services", json::array());
  const std::string topology = label_value(status.value("topology", ""));
  auto service_labels = [&](const json& s) {
    return fmt::format("topology=\"{}\",service=\"{}\"", topology, label_value(s.value("name", "")));
  };

  w.family("sfsup_up", "gauge", "1 when the service's worker is running and ready, else 0.");
  for (const auto& s : services) w.sample("sfsup_up", service_labels(s), s.value("state", "") == "ready" ? 1 : 0);
  w.family("sfsup_service_state", "gauge", "1 for the state the service is in, 0 for the others.");
  for (const auto& s : services)
    for (const char* state : kStates)
      w.sample("sfsup_service_state", fmt::format("{},state=\"{}\"", service_labels(s), state),
               s.value("state", "") == state ? 1 : 0);
  w.family("sfsup_restarts_total", "counter", "Restarts of the service since sfsup started it.");
  for (const auto& s : services) w.sample("sfsup_restarts_total", service_labels(s), s.value("restarts", 0));

  std::vector<std::pair<const json*, std::string>> measured;  // services with metrics
  for (const auto& s : services)
    if (s.value("metrics", json()).is_object()) measured.emplace_back(&s, service_labels(s));
  w.family("sfsup_cpu_seconds_total", "counter", "User and system CPU time of the service's worker.");
  for (const auto& [s, labels] : measured)
    if ((*s)["metrics"].contains("cpu_seconds")) w.sample("sfsup_cpu_seconds_total", labels, number((*s)["metrics"], "cpu_seconds"));
  w.family("sfsup_resident_memory_bytes", "gauge", "Resident set size of the service's worker.");
  for (const auto& [s, labels] : measured)
    if ((*s)["metrics"].contains("rss_bytes")) w.sample("sfsup_resident_memory_bytes", labels, number((*s)["metrics"], "rss_bytes"));

  std::vector<Endpoint> endpoints;
  for (const auto& [s, labels] : measured) {
    const json& m = (*s)["metrics"];
    if (!m.contains("endpoints")) continue;
    for (const auto& e : m["endpoints"])
      endpoints.push_back({fmt::format("{},kind=\"{}\",side=\"{}\",endpoint=\"{}\",type=\"{}\"", labels,
                                       label_value(e.value("kind", "")), label_value(e.value("side", "")),
                                       label_value(e.value("name", "")), label_value(e.value("type", ""))),
                           &e, &m["latency_buckets_us"]});
  }
  auto per_endpoint = [&](const char* name, const char* help, const char* key) {
    w.family(name, "counter", help);
    for (const auto& e : endpoints) w.sample(name, e.labels, number(*e.counters, key));
  };
  per_endpoint("sfsup_messages_received_total", "Messages a connection or state received.", "messages_in");
  per_endpoint("sfsup_messages_sent_total", "Messages a connection or state sent.", "messages_out");
  per_endpoint("sfsup_received_bytes_total", "Bytes of the frames a connection received.", "bytes_in");
  per_endpoint("sfsup_sent_bytes_total", "Bytes of the frames a connection or state sent.", "bytes_out");
  per_endpoint("sfsup_resyncs_total", "Snapshot requests of a delta in-state (start and every gap).", "resyncs");
  w.family("sfsup_errors_total", "counter", "Errors of a connection or state, by kind.");
  for (const auto& e : endpoints) {
    const json errors = e.counters->value("errors", json::object());
    for (const char* kind : kErrorKinds)
      w.sample("sfsup_errors_total", fmt::format("{},error=\"{}\"", e.labels, kind), number(errors, kind));
  }
  w.family("sfsup_handler_latency_seconds", "histogram", "Time the service's handler took per message.");
  for (const auto& e : endpoints) {
    const json latency = e.counters->value("latency", json::object());
    const json counts = latency.value("counts", json::array());
    double cumulative = 0;
    if (counts.empty()) w.sample("sfsup_handler_latency_seconds_bucket", fmt::format("{},le=\"+Inf\"", e.labels), 0);
    for (std::size_t i = 0; i < counts.size(); ++i) {
      cumulative += counts[i].is_number() ? counts[i].get<double>() : 0.0;
      const bool last = i + 1 == counts.size() || i >= e.buckets_us->size();
      const std::string le = last ? "+Inf" : number_text((*e.buckets_us)[i].get<double>() / 1e6);
      w.sample("sfsup_handler_latency_seconds_bucket", fmt::format("{},le=\"{}\"", e.labels, le), cumulative);
      if (last) break;
    }
    w.sample("sfsup_handler_latency_seconds_sum", e.labels, number(latency, "sum_us") / 1e6);
    w.sample("sfsup_handler_latency_seconds_count", e.labels, cumulative);
  }
  return w.take();
}

}  // namespace sfsup
