package io.sluice.benchmarks.inference;

import io.sluice.api.Sluice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ablation's corpus: {@code (id, text)} rows of 5-45 words (uniform), in sentences of 4-12
 * words, from a fixed vocabulary and seed, so every run and machine sees the same tokens. No nulls
 * and nothing over the 256-token cut: the benchmark isolates batching and padding.
 */
final class AblationCorpus {

  private static final String[] WORDS =
      ("time year people way day man thing woman life child world school"
              + " state family student group country problem hand part place case week company system program"
              + " question work government number night point home water room mother area money story fact month"
              + " lot right study book eye job word business issue side kind head house service friend father power"
              + " hour game line end member law car city community name president team minute idea kid body"
              + " information back parent face others level office door health person art war history party result"
              + " change morning reason research girl guy moment air teacher force education foot boy age policy"
              + " music market sense nation plan college interest death experience effect class control care field"
              + " development role effort rate heart drug show leader light voice wife police mind price report"
              + " decision son view relationship town road arm difference value building action model season society"
              + " tax director position player record paper space ground form event official matter center couple"
              + " site project activity star table need court oil situation cost industry figure street image phone"
              + " data picture practice piece land product doctor wall patient worker news test movie north love"
              + " bring write provide sit stand lose pay meet include continue set learn lead understand watch follow"
              + " stop create speak read allow add spend grow open walk win offer remember consider appear buy wait"
              + " serve die send expect build stay fall cut reach kill remain suggest raise pass sell require report"
              + " quickly slowly quietly suddenly carefully really almost always never often together already early"
              + " new good high old great big small large national young different long little important political"
              + " bad white real best right social only public sure low early able human local late hard major better"
              + " economic strong possible whole free military true federal international full special easy clear"
              + " recent certain personal open red difficult available likely short single medical current wrong"
              + " private past foreign fine common poor natural significant similar hot dead central happy serious"
              + " ready simple left physical general environmental financial blue democratic dark various entire"
              + " close legal religious cold final main green nice huge popular traditional cultural")
          .split(" ");

  private AblationCorpus() {}

  /** The text of row {@code id}: 5-45 words. */
  static String text(long seed, long id) {
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
    int words = rnd.nextInt(5, 46);
    StringBuilder sb = new StringBuilder(words * 7);
    int left = words;
    while (left > 0) {
      int n = Math.min(left, rnd.nextInt(4, 13));
      for (int i = 0; i < n; i++) {
        String w = WORDS[rnd.nextInt(WORDS.length)];
        sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
        sb.append(i == n - 1 ? ". " : rnd.nextInt(12) == 0 ? ", " : " ");
      }
      left -= n;
    }
    return sb.toString().trim();
  }

  /** Writes {@code rows} rows as Parquet under {@code dir}. */
  static void write(Sluice sluice, String dir, int rows, long seed) {
    List<Map<String, Object>> items = new ArrayList<>(rows);
    for (long id = 0; id < rows; id++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", id);
      row.put("text", text(seed, id));
      items.add(row);
    }
    sluice.fromItems(items).writeParquet(dir);
  }
}
