package dev.ferrum.proxy.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Our own command-line options; whatever else is given goes to the Vert.x launcher.
 *
 * @param configPath {@code --config FILE}, else {@code FERRUM_CONFIG}, else {@code conf/config.yaml}
 */
record CommandLine(String configPath, boolean checkConfig, boolean help, String logConfig, String[] vertxArgs) {

  static final String USAGE = """
      usage: java -jar ferrum-proxy.jar [--config FILE] [--check-config] [--log-config FILE] [vert.x options]
        --config FILE      the YAML config (default: $FERRUM_CONFIG, else conf/config.yaml)
        --check-config     validate the config and exit: 0 and one line when valid, 1 and every error when not
        --log-config FILE  a logback configuration (default: conf/logback.xml when it exists)
        --help             this text
      signals: SIGHUP re-reads the config now; SIGTERM/SIGINT drain and exit 0 (a second one exits at once)""";

  static CommandLine parse(String[] args, String envConfig) {
    String config = null;
    String logConfig = null;
    boolean check = false;
    boolean help = false;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--config") || a.equals("-c")) {
        config = value(args, ++i, a);
      } else if (a.startsWith("--config=")) {
        config = a.substring("--config=".length());
      } else if (a.equals("--log-config")) {
        logConfig = value(args, ++i, a);
      } else if (a.startsWith("--log-config=")) {
        logConfig = a.substring("--log-config=".length());
      } else if (a.equals("--check-config")) {
        check = true;
      } else if (a.equals("--help") || a.equals("-h")) {
        help = true;
      } else {
        rest.add(a);
      }
    }
    if (config == null || config.isBlank()) {
      config = envConfig != null && !envConfig.isBlank() ? envConfig : FerrumApplication.DEFAULT_CONFIG;
    }
    return new CommandLine(config, check, help, logConfig, rest.toArray(new String[0]));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
