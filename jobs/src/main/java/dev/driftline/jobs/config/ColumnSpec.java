package dev.driftline.jobs.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A monitored or slicing column as written in the config: a plain column name ({@code country})
 * or a SQL expression with an alias ({@code amount > 1000 AS high_value}).
 *
 * @param name the name the column has in every output table
 * @param expression the SQL expression that computes it (the quoted name for a plain column)
 * @param key where it stands in the config, e.g. {@code features.numeric[2]}, for error messages
 */
public record ColumnSpec(String name, String expression, String key) {

  private static final Pattern ALIASED = Pattern.compile("^(.+?)\\s+(?i:AS)\\s+`?([A-Za-z_][A-Za-z0-9_]*)`?\\s*$", Pattern.DOTALL);
  private static final Pattern PLAIN = Pattern.compile("^`?([A-Za-z_][A-Za-z0-9_.]*)`?$");

  /** Parses one config entry; {@code key} names its place in the config for error messages. */
  public static ColumnSpec parse(String text, String key) {
    if (text == null || text.isBlank()) {
      throw new ConfigException(key + ": empty column");
    }
    String trimmed = text.strip();
    Matcher plain = PLAIN.matcher(trimmed);
    if (plain.matches()) {
      return new ColumnSpec(plain.group(1), "`" + plain.group(1) + "`", key);
    }
    Matcher aliased = ALIASED.matcher(trimmed);
    if (aliased.matches()) {
      return new ColumnSpec(aliased.group(2), aliased.group(1).strip(), key);
    }
    throw new ConfigException(key + ": '" + trimmed
        + "' is neither a column name nor a SQL expression with an alias ('<expression> AS <name>')");
  }

  /** True when the entry is a plain column of the input rather than an expression. */
  public boolean isPlainColumn() {
    return expression.equals("`" + name + "`");
  }
}
