package io.sluice.cli.job;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholders in job-file strings, resolved against the run's date and parameters:
 *
 * <ul>
 *   <li>{@code ${date}}: the run date, {@code yyyy-MM-dd};
 *   <li>{@code ${date - 1d}}, {@code ${date + 2w}}, {@code ${date - 1m}}, {@code ${date + 1y}}:
 *       days, weeks, months, years; month and year steps clamp to the month's last day (03-31 - 1m
 *       = 02-28, 2028-02-29 + 1y = 2029-02-28);
 *   <li>{@code ${date:yyyy/MM/dd}}, {@code ${date - 1d:yyyyMMdd}}: any {@link DateTimeFormatter}
 *       pattern;
 *   <li>{@code ${param.NAME}}: a parameter ({@code params:} in the file, {@code --set NAME=VALUE});
 *   <li>{@code $${...}}: a literal {@code ${...}}.
 * </ul>
 *
 * @param date the run date (already in the job's zone)
 * @param params parameter values
 */
public record Templates(LocalDate date, Map<String, String> params) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$?\\$\\{([^}]*)}");
  private static final Pattern DATE =
      Pattern.compile(
          "date\\s*(?:([+-])\\s*(\\d+)\\s*([dwmy]))?\\s*(?::(.+))?", Pattern.CASE_INSENSITIVE);
  private static final Pattern PARAM = Pattern.compile("param\\.([A-Za-z0-9_.-]+)");

  public Templates {
    params = Map.copyOf(params);
  }

  /**
   * {@code text} with every placeholder replaced.
   *
   * @throws IllegalArgumentException naming the placeholder and what is allowed
   */
  public String resolve(String text) {
    if (text.indexOf("${") < 0) {
      return text;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value =
          m.group().startsWith("$$")
              ? m.group().substring(1)
              : evaluate(m.group(1).strip(), m.group());
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private String evaluate(String expr, String whole) {
    Matcher p = PARAM.matcher(expr);
    if (p.matches()) {
      String value = params.get(p.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            whole
                + ": no parameter '"
                + p.group(1)
                + "'; define it under params:"
                + " or pass --set "
                + p.group(1)
                + "=VALUE"
                + (params.isEmpty() ? "" : " (known: " + params.keySet() + ")"));
      }
      return value;
    }
    Matcher d = DATE.matcher(expr);
    if (!d.matches()) {
      throw new IllegalArgumentException(
          whole
              + ": unknown placeholder; expected ${date}, ${date - 1d},"
              + " ${date:yyyy/MM/dd} or ${param.NAME}");
    }
    LocalDate day = date;
    if (d.group(1) != null) {
      long n = Long.parseLong(d.group(2)) * ("-".equals(d.group(1)) ? -1 : 1);
      day =
          switch (d.group(3).toLowerCase(Locale.ROOT)) {
            case "d" -> day.plusDays(n);
            case "w" -> day.plusWeeks(n);
            case "m" -> day.plusMonths(n);
            default -> day.plusYears(n);
          };
    }
    if (d.group(4) == null) {
      return day.toString();
    }
    try {
      return DateTimeFormatter.ofPattern(d.group(4).strip(), Locale.ROOT).format(day);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new IllegalArgumentException(
          whole
              + ": bad date pattern '"
              + d.group(4).strip()
              + "' ("
              + e.getMessage()
              + "); expected a java.time pattern of date fields, e.g. yyyy/MM/dd");
    }
  }
}
