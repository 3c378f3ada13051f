// echo: the smallest replyer. Answers {"text"} with the same text, prefixed by
// the optional config key `prefix`. Shows: a replyer, its argument and return
// models, optional config, and the workflow id every log line carries.
#include <sf/service.hpp>

namespace {

sf::Json on_echo(const sf::Json& args, sf::ToSend& to_send, const sf::Json& /*states*/,
                 const sf::Json& config) {
  std::string text = config.value("prefix", std::string()) + args["text"].get<std::string>();
  // The workflow id is also in every line's prefix; naming it here makes the
  // line self-contained for anyone grepping one request through the logs.
  sf::get_logger()->info("echo: workflow {} text '{}'", to_send.workflow_id(), text);
  return {{"text", text}};
}

}  // namespace

SF_SERVICE() {
  sf::Definition d;
  d.config_model.optional = {{"prefix", "str"}};
  d.connection_models.in["echo"] = sf::replyer(on_echo)
                                       .required_arguments({{"text", "str"}})
                                       .required_return_arguments({{"text", "str"}});
  return d;
}
