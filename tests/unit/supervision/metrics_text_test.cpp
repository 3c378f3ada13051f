// What sfsup makes of the workers' stats answers: percentiles from the
// histogram, rates between rounds, top's table and the Prometheus text.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "control/metrics_http.hpp"
#include "control/metrics_summary.hpp"
#include "control/prometheus_text.hpp"
#include "control/status_page.hpp"
#include "control/top_table.hpp"

using nlohmann::json;

namespace {

const std::vector<double> kUpper{1, 2, 5, 10};

// A worker's answer with one replyer that saw `in` messages, `errors`
// invalid requests, and handler times in `counts` (kUpper's buckets + over).
json answer(int in, int errors, std::vector<int> counts) {
  return {{"service", "echo"},
          {"latency_buckets_us", kUpper},
          {"endpoints",
           {{{"kind", "connection"}, {"side", "in"}, {"name", "echo"}, {"type", "replyer"},
             {"messages_in", in}, {"messages_out", in}, {"bytes_in", 10 * in}, {"bytes_out", 12 * in},
             {"errors", {{"malformed", 0}, {"invalid_args", errors}, {"handler_error", 0}, {"timeout", 0}}},
             {"resyncs", 0}, {"latency", {{"counts", counts}, {"sum_us", 42}}}}}}};
}

}  // namespace

TEST_CASE("metrics: histogram quantiles interpolate inside the bucket that holds the rank") {
  // 10 values: 4 in (0,1], 4 in (1,2], 2 in (2,5].
  const std::vector<double> counts{4, 4, 2, 0, 0};
  CHECK(*sfsup::histogram_quantile(kUpper, counts, 0.5) == doctest::Approx(1.25));
  CHECK(*sfsup::histogram_quantile(kUpper, counts, 0.99) == doctest::Approx(4.85));
  CHECK(*sfsup::histogram_quantile(kUpper, counts, 0.2) == doctest::Approx(0.5));
  // Above the last bound: the last bound (the most a bucket can tell).
  CHECK(*sfsup::histogram_quantile(kUpper, {0, 0, 0, 0, 3}, 0.5) == doctest::Approx(10));
  CHECK_FALSE(sfsup::histogram_quantile(kUpper, {0, 0, 0, 0, 0}, 0.5).has_value());
}

TEST_CASE("metrics: a summary has totals - rates and percentiles over the last interval") {
  const json before = answer(100, 1, {50, 50, 0, 0, 0});
  const json now = answer(300, 3, {50, 50, 0, 200, 0});
  const json first = sfsup::summarize_worker(before, nullptr, 0);
  CHECK(first["messages_in"] == 100);
  CHECK(first["messages_in_per_s"].is_null());  // one answer: no rate yet
  CHECK(first["latency_p50_us"].is_null());

  const json s = sfsup::summarize_worker(now, &before, 2.0);
  CHECK(s["messages_in"] == 300);
  CHECK(s["errors"] == 3);
  CHECK(s["bytes_out"] == 3600);
  CHECK(s["messages_in_per_s"].get<double>() == doctest::Approx(100));
  CHECK(s["errors_per_s"].get<double>() == doctest::Approx(1));
  // The 200 handler calls of the interval all took 5-10 us: the earlier,
  // faster ones do not pull the percentiles down.
  CHECK(s["latency_p50_us"].get<double>() == doctest::Approx(7.5));
  CHECK(s["latency_p99_us"].get<double>() > 9.9);

  // A restarted worker counts from zero: its total is the interval's.
  const json restarted = sfsup::summarize_worker(answer(20, 0, {20, 0, 0, 0, 0}), &before, 1.0);
  CHECK(restarted["messages_in_per_s"].get<double>() == doctest::Approx(20));
}

TEST_CASE("metrics: top's table has a row per service sorted by the key") {
  json status = {{"topology", "t"},
                 {"services",
                  {{{"name", "a"}, {"state", "ready"}, {"restarts", 0},
                    {"metrics", {{"cpu_percent", 1.5}, {"rss_bytes", 8 * 1024 * 1024}, {"messages_in_per_s", 3.0},
                                 {"messages_out_per_s", 0.0}, {"errors_per_s", 0.0}, {"latency_p50_us", 12.0},
                                 {"latency_p99_us", 2500.0}}}},
                   {{"name", "b"}, {"state", "exited"}, {"restarts", 2}, {"metrics", nullptr}}}}};
  auto by_restarts = sfsup::format_top_table(status, "restarts");
  REQUIRE(by_restarts);
  CHECK(by_restarts->find("SERVICE  STATE") == 0);
  CHECK(std::regex_search(*by_restarts, std::regex("\nb +exited +- +- +- +- +- +- +- +2\na +ready +1.5 +8.0M +3.0 +0.0 +0.0 +12us +2.5ms +0\n")));
  auto by_name = sfsup::format_top_table(status, "name");
  CHECK(by_name->find("\na ") < by_name->find("\nb "));
  CHECK_FALSE(sfsup::format_top_table(status, "colour").has_value());
  CHECK(sfsup::latency_text(3'400'000) == "3.40s");
}

TEST_CASE("metrics: Prometheus text groups each family under HELP and TYPE with escaped labels") {
  json status = {{"topology", "t"},
                 {"services",
                  {{{"name", "echo"}, {"state", "ready"}, {"restarts", 1},
                    {"metrics", sfsup::summarize_worker(answer(7, 1, {3, 4, 0, 0, 0}), nullptr, 0)}},
                   {{"name", "odd\"name"}, {"state", "fatal"}, {"restarts", 5}, {"metrics", nullptr}}}}};
  status["services"][0]["metrics"]["rss_bytes"] = 1000;
  status["services"][0]["metrics"]["cpu_seconds"] = 0.5;
  const std::string text = sfsup::prometheus_text(status);
  CHECK(text.find("# TYPE sfsup_up gauge\nsfsup_up{topology=\"t\",service=\"echo\"} 1\n"
                  "sfsup_up{topology=\"t\",service=\"odd\\\"name\"} 0\n") != std::string::npos);
  CHECK(text.find("sfsup_service_state{topology=\"t\",service=\"odd\\\"name\",state=\"fatal\"} 1") != std::string::npos);
  CHECK(text.find("sfsup_restarts_total{topology=\"t\",service=\"odd\\\"name\"} 5") != std::string::npos);
  const std::string labels = "topology=\"t\",service=\"echo\",kind=\"connection\",side=\"in\",endpoint=\"echo\",type=\"replyer\"";
  CHECK(text.find("sfsup_messages_received_total{" + labels + "} 7") != std::string::npos);
  CHECK(text.find("sfsup_errors_total{" + labels + ",error=\"invalid_args\"} 1") != std::string::npos);
  // Cumulative buckets in seconds, +Inf holding every call, then sum and count.
  CHECK(text.find("sfsup_handler_latency_seconds_bucket{" + labels + ",le=\"1e-06\"} 3\n"
                  "sfsup_handler_latency_seconds_bucket{" + labels + ",le=\"2e-06\"} 7\n") != std::string::npos);
  CHECK(text.find("sfsup_handler_latency_seconds_bucket{" + labels + ",le=\"+Inf\"} 7\n"
                  "sfsup_handler_latency_seconds_sum{" + labels + "} 4.2e-05\n"
                  "sfsup_handler_latency_seconds_count{" + labels + "} 7\n") != std::string::npos);
  // Every family's samples follow its own TYPE line: no name appears after another family began.
  std::vector<std::string> families;
  std::regex type_line("# TYPE (\\S+) ");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), type_line); it != std::sregex_iterator(); ++it)
    families.push_back((*it)[1]);
  CHECK(families.size() == 12);
  CHECK(std::set<std::string>(families.begin(), families.end()).size() == families.size());
}

TEST_CASE("metrics: the status page escapes what services print") {
  json status = {{"topology", "t<1>"},
                 {"services",
                  {{{"name", "echo"}, {"state", "ready"}, {"restarts", 0}, {"metrics", nullptr},
                    {"log_tail", {"<script>alert(1)</script> & more"}}}}}};
  const std::string html = sfsup::status_page_html(status);
  CHECK(html.find("<title>t&lt;1&gt; - sfsup</title>") != std::string::npos);
  CHECK(html.find("<tr id=\"service-echo\" class=\"service ready\">") != std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more") != std::string::npos);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("http-equiv=\"refresh\"") != std::string::npos);
}

TEST_CASE("metrics: the server's address is loopback unless remote is allowed") {
  CHECK_NOTHROW(sfsup::check_metrics_address("127.0.0.1:9464", false));
  CHECK_NOTHROW(sfsup::check_metrics_address("localhost:0", false));
  CHECK_NOTHROW(sfsup::check_metrics_address("0.0.0.0:9464", true));
  CHECK_THROWS_WITH(sfsup::check_metrics_address("0.0.0.0:9464", false),
                    doctest::Contains("not a loopback address"));
  CHECK_THROWS_WITH(sfsup::check_metrics_address("9464", false), doctest::Contains("write HOST:PORT"));
  CHECK_THROWS_WITH(sfsup::check_metrics_address("127.0.0.1:99999", false), doctest::Contains("0 to 65535"));
  CHECK_THROWS_WITH(sfsup::check_metrics_address("example.org:80", true), doctest::Contains("IPv4 address"));
}
