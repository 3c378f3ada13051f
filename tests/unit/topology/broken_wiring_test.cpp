// Broken topologies, wiring side: references, types, models, main mode,
// unwired or doubly wired connectors, explicit addresses, cycles. Each
// mistake is one diagnostic at the offending line.
#include "topology_fixtures.hpp"

using namespace topotest;

TEST_CASE("wiring references") {
  Project project;
  const std::string head = R"(services:
  echo:
    service: ../build/services/libecho.so
  pinger:
    service: ../build/services/libpinger.so
    main: true
    connections:
)";  // the next line is line 8
  SUBCASE("unknown service") {
    auto d = only(project, head + "      out: {echo: {to: ecoh.echo}}\n", "unknown service 'ecoh' in 'ecoh.echo'; did you mean 'echo'?");
    CHECK(d.line == 8);
    CHECK(d.column == 24);
  }
  SUBCASE("unknown connection on the peer") {
    auto d = only(project, head + "      out: {echo: {to: echo.eco}}\n",
                  "service 'echo' has no in-connection 'eco'; did you mean 'echo'?");
    CHECK(d.line == 8);
  }
  SUBCASE("unknown connection on the service itself") {
    auto d = only(project, head + "      out: {ping: {to: echo.echo}}\n",
                  "service 'pinger' (libpinger.so) has no out-connection 'ping'");
    CHECK(d.line == 8);
  }
  SUBCASE("endpoint listed under the wrong direction") {
    auto d = only(project, head + "      in: {echo: {}}\n",
                  "'echo' of service 'pinger' is an out-connection, not an in-connection; move it under out:");
    CHECK(d.line == 8);
  }
  SUBCASE("reference to an endpoint of the wrong direction") {
    // A subscriber pointed at another in-connection (a replyer).
    auto d = only(project, R"(services:
  echo:
    service: ../build/services/libecho.so
  counter:
    service: ../build/services/libtick_counter.so
    connections:
      in: {ticks: {from: echo.echo}}
)", "'from: echo.echo' names an in-connection; 'from' must name an out-connection of 'echo'");
    CHECK(d.line == 7);
  }
  SUBCASE("connection linked to a state") {
    auto d = only(project, R"(services:
  builder:
    service: ../build/services/libbook_builder.so
  counter:
    service: ../build/services/libtick_counter.so
    connections:
      in: {ticks: {from: builder.book}}
)", "'builder.book' is a state, but 'ticks' is a connection");
    CHECK(d.line == 7);
  }
  SUBCASE("incompatible types") {
    auto d = only(project, R"(services:
  counter:
    service: ../build/services/libtick_counter.so
  pinger:
    service: ../build/services/libpinger.so
    main: true
    connections:
      out: {echo: {to: counter.ticks}}
)", "pinger.echo (requester) cannot feed counter.ticks (subscriber); a requester links only to a replyer");
    CHECK(d.line == 8);
  }
  SUBCASE("external targets take no link") {
    auto d = only(project, R"(services:
  echo:
    service: ../build/services/libecho.so
  quote:
    service: ../build/services/libquote.so
    connections: {out: {price_source: {to: echo.echo}}}
)", "quote.price_source is an external_target and takes no link");
    CHECK(d.line == 6);
  }
}

TEST_CASE("socket roles must pair up across a link") {
  Project project;
  const std::string yaml = R"(services:
  counter:
    service: ../build/services/libtick_counter.so
  ticker:
    service: ../build/services/libticker.so
    main: true
    config: {count: 1}
    connections:
      out: {ticks: {to: counter.ticks}}
)";
  auto& sub = project.descriptions()["libtick_counter.so"]["connections"]["in"]["ticks"]["sockets"];
  SUBCASE("both sides bind") {
    sub["subscriber"] = json{{"role", "bind"}};
    auto d = only(project, yaml, "the publisher socket 'publisher' binds but nothing on the subscriber side connects to it");
    CHECK(d.line == 9);
  }
  SUBCASE("a binding subscriber and a connecting publisher (is_binder) link fine") {
    sub["subscriber"] = json{{"role", "bind"}};
    project.descriptions()["libticker.so"]["connections"]["out"]["ticks"]["sockets"]["publisher"] =
        json{{"role", "connect"}};
    CHECK(project.check(yaml).empty());
  }
}

TEST_CASE("requester and replyer models must agree") {
  Project project;
  const std::string yaml = R"(services:
  echo:
    service: ../build/services/libecho.so
  pinger:
    service: ../build/services/libpinger.so
    main: true
    connections:
      out:
        echo: {to: echo.echo}
)";
  auto& pinger_echo = project.descriptions()["libpinger.so"]["connections"]["out"]["echo"];
  SUBCASE("requester sends a key the replyer does not declare") {
    pinger_echo["arguments"]["optional"]["loud"] = "bool";
    auto d = only(project, yaml, "argument 'loud' may be sent but echo.echo does not declare it");
    CHECK(d.line == 9);
    CHECK(d.message.find("pinger.echo (requester) does not fit echo.echo (replyer)") == 0);
  }
  SUBCASE("types differ") {
    pinger_echo["arguments"]["required"]["text"] = "int";
    auto d = only(project, yaml, "argument 'text' is int here but str in echo.echo");
    CHECK(d.line == 9);
  }
  SUBCASE("replyer requires what the requester only may send") {
    pinger_echo["arguments"] = args(json::object(), {{"text", "str"}});
    auto d = only(project, yaml, "echo.echo requires 'text' but it is only optional here");
    CHECK(d.line == 9);
  }
  SUBCASE("reply model differs") {
    pinger_echo["returns"] = args({{"text", "str"}, {"n", "int"}});
    auto d = only(project, yaml, "the reply of echo.echo does not fit pinger.echo: pinger.echo requires 'n'");
    CHECK(d.line == 9);
  }
  SUBCASE("notation compared without spacing") {
    pinger_echo["arguments"]["required"]["text"] = "str ";
    CHECK(project.check(yaml).empty());
  }
}

// Types are judged by the runtime's own model code (Schema::accepts_all_of),
// by what they accept rather than how they are spelled.
TEST_CASE("argument types are compared by meaning not spelling") {
  Project project;
  const std::string yaml = R"(services:
  echo:
    service: ../build/services/libecho.so
  pinger:
    service: ../build/services/libpinger.so
    main: true
    connections:
      out:
        echo: {to: echo.echo}
)";
  auto& sent = project.descriptions()["libpinger.so"]["connections"]["out"]["echo"]["arguments"];
  auto& received = project.descriptions()["libecho.so"]["connections"]["in"]["echo"]["arguments"];
  SUBCASE("union order does not matter") {
    sent["required"]["text"] = "int | none";
    received["required"]["text"] = "none | int";
    const auto diagnostics = project.check(yaml);
    CHECK_MESSAGE(diagnostics.empty(), all(diagnostics));
  }
  SUBCASE("an int sender fits a float | int receiver") {
    sent["required"]["text"] = "int";
    received["required"]["text"] = "float | int";
    const auto diagnostics = project.check(yaml);
    CHECK_MESSAGE(diagnostics.empty(), all(diagnostics));
  }
  SUBCASE("a wider sender does not fit a narrower receiver") {
    sent["required"]["text"] = "float | int";
    received["required"]["text"] = "int";
    only(project, yaml, "argument 'text' is float | int here but int in echo.echo");
  }
  SUBCASE("a sender that may send none does not fit a receiver that never takes it") {
    sent["required"]["text"] = "none | str";
    only(project, yaml, "argument 'text' is none | str here but str in echo.echo");
  }
}

TEST_CASE("main mode - unwired connectors - double wiring") {
  Project project;
  SUBCASE("main mode with in-connections") {
    project.descriptions()["libecho.so"]["has_main"] = true;
    auto d = only(project, R"(services:
  echo:
    service: ../build/services/libecho.so
    main: true
)", "is set to main mode but has in-connection 'echo'; main mode forbids");
    CHECK(d.line == 4);
  }
  SUBCASE("main mode without a main function") {
    project.descriptions()["libbroker.so"]["connections"]["in"] = json::object();
    auto d = only(project, "services:\n  b:\n    service: ../build/services/libbroker.so\n    main: true\n",
                  "has no main function; remove main: true");
    CHECK(d.line == 4);
  }
  SUBCASE("connector with no peer and no address, not listed") {
    auto d = only(project, "services:\n  counter:\n    service: ../build/services/libtick_counter.so\n",
                  "in-connection 'ticks' (subscriber) of service 'counter' is not wired");
    CHECK(d.line == 2);
    CHECK(d.message.find("add connections: {in: {ticks: {from: <service>.<out-connection>}}}") != std::string::npos);
  }
  SUBCASE("connector listed but unwired") {
    auto d = only(project, R"(services:
  counter:
    service: ../build/services/libtick_counter.so
    connections:
      in:
        ticks: {}
)", "is not wired");
    CHECK(d.line == 6);
  }
  SUBCASE("a state connector half addressed") {
    auto d = only(project, R"(services:
  strategy:
    service: ../build/services/libstrategy.so
    connections: {out: {orders: {address: "tcp://127.0.0.1:5000"}}}
    states:
      in:
        book: {address: {subscriber: "tcp://127.0.0.1:5001"}}
)", "in-state 'book' (full_update_in) of service 'strategy' is not wired");
    CHECK(d.line == 7);
  }
  SUBCASE("connector wired to two peers") {
    auto d = only(project, R"(services:
  a: {service: ../build/services/libecho.so}
  b: {service: ../build/services/libecho.so}
  pinger:
    service: ../build/services/libpinger.so
    main: true
    connections:
      out:
        echo: {to: [a.echo, b.echo]}
)", "pinger.echo (requester) is wired to both a.echo and b.echo");
    CHECK(d.line == 9);
  }
  SUBCASE("connector with a peer and an address") {
    auto d = only(project, R"(services:
  echo: {service: ../build/services/libecho.so}
  pinger:
    service: ../build/services/libpinger.so
    main: true
    connections:
      out:
        echo: {to: echo.echo, address: "tcp://127.0.0.1:9"}
)", "is wired to a peer and also has an explicit address");
    CHECK(d.line == 8);
  }
  SUBCASE("the link may be declared on either side, or both") {
    CHECK(project.check(R"(services:
  echo:
    service: ../build/services/libecho.so
    connections: {in: {echo: {from: pinger.echo}}}
  pinger:
    service: ../build/services/libpinger.so
    main: true
    connections: {out: {echo: {to: echo.echo}}}
)").empty());
  }
}

TEST_CASE("explicit address mistakes") {
  Project project;
  SUBCASE("duplicate binding address") {
    auto d = only(project, R"(services:
  a:
    service: ../build/services/libecho.so
    connections: {in: {echo: {address: "tcp://127.0.0.1:5555"}}}
  b:
    service: ../build/services/libecho.so
    connections: {in: {echo: {address: "127.0.0.1:5555"}}}
)", "b.echo.replyer binds tcp://127.0.0.1:5555, which a.echo.replyer already binds");
    CHECK(d.line == 7);
  }
  SUBCASE("one address for a two-socket state") {
    auto d = only(project, R"(services:
  builder:
    service: ../build/services/libbook_builder.so
    states: {out: {book: {address: "tcp://127.0.0.1:5555"}}}
)", "builder.book (full_update_out) has 2 sockets; give each its own address: address: {publisher: ..., replyer: ...}");
    CHECK(d.line == 4);
  }
  SUBCASE("unknown socket name") {
    auto d = only(project, R"(services:
  echo:
    service: ../build/services/libecho.so
    connections: {in: {echo: {address: {replier: "tcp://127.0.0.1:5555"}}}}
)", "echo.echo (replyer) has no socket 'replier'; did you mean 'replyer'?");
    CHECK(d.line == 4);
  }
  SUBCASE("not an address") {
    auto d = only(project, R"(services:
  echo:
    service: ../build/services/libecho.so
    connections:
      in:
        echo: {address: "inproc://echo"}
)", "bad address 'inproc://echo': inproc:// only reaches threads of one process");
    CHECK(d.line == 6);
  }
}

TEST_CASE("startup dependency cycles") {
  Project project;
  // A service that both asks and answers: two of them asking each other is a cycle.
  project.descriptions()["libloop.so"] = service(
      "loop", false, args(json::object()), {{"ask", endpoint("replyer", args({}))}},
      {{"tell", endpoint("requester", args({}))}});
  write_file(project.root() / "build/services/libloop.so", "");
  auto d = only(project, R"(services:
  x:
    service: ../build/services/libloop.so
    connections: {out: {tell: {to: y.ask}}}
  y:
    service: ../build/services/libloop.so
    connections: {out: {tell: {to: x.ask}}}
)", "startup dependency cycle x -> y -> x");
  CHECK(d.line == 4);

  SUBCASE("a service talking to itself is not a cycle") {
    CHECK(project.check(R"(services:
  x:
    service: ../build/services/libloop.so
    connections: {out: {tell: {to: x.ask}}}
)").empty());
  }
}
