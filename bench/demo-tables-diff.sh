#!/usr/bin/env bash
# Compares the demo's output tables of two warehouses row by row, to show that a change to the
# code leaves them identical (for example the demo of a base commit against the demo of a refactor).
#
# Usage: bench/demo-tables-diff.sh WAREHOUSE_A WAREHOUSE_B
#   e.g. bench/demo-tables-diff.sh /work/demo-base/warehouse demo-out/warehouse
#
# For each of drift_metrics, feature_profiles, data_quality and performance_metrics it prints one
# line: the table, its rows in A, its rows in B, the rows only in A and the rows only in B, and it
# exits 1 if any table differs (2 on a usage error or a failed query).
#
# What is compared:
# - The columns both warehouses' tables have (a column only one side has is named on stderr and
#   left out), less those that differ between two runs of the same code on the same data:
#   - run_id and every TIMESTAMP column (created_at, started_at, finished_at, ...);
#   - reference_id and reference_fingerprint: lineage fingerprints that include the input's
#     location, so two demos in two directories never share them.
#   DIFF_EXCLUDE="col1 col2 ..." replaces that list of names (TIMESTAMP columns stay excluded).
# - Rows as multisets, with EXCEPT ALL in both directions: a row repeated twice in A and once in B
#   counts once in "only in A". EXCEPT ALL treats NULL as equal to NULL and NaN as equal to NaN,
#   and doubles must match exactly (the job's output is bit-identical for the same input).
# - Map columns cannot be compared by EXCEPT ALL: a top-level map is compared as the JSON of its
#   entries sorted by key (to_json(array_sort(map_entries(c)))), so entry order does not matter;
#   a column with a map nested inside an array or struct is compared as its to_json text. None of
#   the four tables has a map column today; the runs table, which has, is not compared.
# - A table missing from one warehouse is a difference (its rows in the other are all "only in");
#   a table missing from both is "absent" on both sides and also a difference: the demo writes all four.
#
# It runs `./driftline sql` twice (one query reads every table's schema, one counts the rows), so it
# builds the CLI first if needed and takes about a minute. Tables are read by path as
# delta.`/abs/path/table`; the --warehouse of the sql command is A, which must hold at least one
# Driftline table.
set -euo pipefail

tables=(drift_metrics feature_profiles data_quality performance_metrics)
excluded_columns=" ${DIFF_EXCLUDE-run_id reference_id reference_fingerprint} "

if [ $# -ne 2 ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
abs() { (cd "$1" && pwd); }
a="$(abs "$1")" || { echo "no such directory: $1" >&2; exit 2; }
b="$(abs "$2")" || { echo "no such directory: $2" >&2; exit 2; }

# Runs one query and prints its result rows as tab-separated fields (the sql command prints
# Spark's show() table: +---+ rules and | separated, padded cells).
sql() {
  local out
  if ! out="$("$here/driftline" sql --warehouse "$a" --max-rows 100000 "$1" 2>/tmp/demo-tables-diff.$$.log)"; then
    cat /tmp/demo-tables-diff.$$.log >&2
    rm -f /tmp/demo-tables-diff.$$.log
    echo "demo-tables-diff: query failed: $1" >&2
    exit 2
  fi
  rm -f /tmp/demo-tables-diff.$$.log
  printf '%s\n' "$out" | grep '^|' | tail -n +2 |
    sed -e 's/^| *//' -e 's/ *|$//' -e 's/ *| */\t/g'
}

has_table() { [ -d "$1/$2/_delta_log" ]; }

# Top-level fields of a struct type string, one "name<TAB>type" a line:
# struct<a:int,b:array<struct<x:int,y:string>>,c:decimal(10,2)> -> a int, b array<...>, c decimal(10,2).
fields() {
  awk -v s="$1" 'BEGIN {
    s = substr(s, 8, length(s) - 8); depth = 0; start = 1
    for (i = 1; i <= length(s) + 1; i++) {
      ch = (i <= length(s)) ? substr(s, i, 1) : ","
      if (ch == "<" || ch == "(") depth++
      else if (ch == ">" || ch == ")") depth--
      else if (ch == "," && depth == 0) {
        f = substr(s, start, i - start); start = i + 1
        colon = index(f, ":")
        printf "%s\t%s\n", substr(f, 1, colon - 1), substr(f, colon + 1)
      }
    }
  }'
}

# The SQL expression that compares a column of this type.
comparable() {
  local name="$1" type="$2"
  case "$type" in
    map\<*) echo "to_json(array_sort(map_entries(\`$name\`))) AS \`$name\`" ;;
    *map\<*) echo "to_json(\`$name\`) AS \`$name\`" ;;
    *) echo "\`$name\`" ;;
  esac
}

# 1. The schemas: typeof(first(struct(*))) is the row type even for an empty table.
schema_query=""
for t in "${tables[@]}"; do
  for side in a b; do
    dir="${!side}"
    has_table "$dir" "$t" || continue
    [ -z "$schema_query" ] || schema_query+=" UNION ALL "
    schema_query+="SELECT '$t' AS t, '$side' AS side, typeof(first(struct(*))) AS type FROM delta.\`$dir/$t\`"
  done
done
declare -A schema=()
if [ -n "$schema_query" ]; then
  result="$(sql "$schema_query")"
  while IFS=$'\t' read -r t side type; do
    schema["$t.$side"]="$type"
  done <<< "$result"
fi

# 2. One row of counts per table present on both sides.
count_query=""
for t in "${tables[@]}"; do
  has_table "$a" "$t" && has_table "$b" "$t" || continue
  declare -A type_in_b=()
  while IFS=$'\t' read -r name type; do type_in_b["$name"]="$type"; done < <(fields "${schema[$t.b]}")
  columns=()
  left_out=()
  while IFS=$'\t' read -r name type; do
    if [ -z "${type_in_b[$name]+set}" ]; then
      echo "$t: column $name is only in A, not compared" >&2
    elif [ "${type_in_b[$name]}" != "$type" ]; then
      echo "$t: column $name is $type in A and ${type_in_b[$name]} in B, compared as text" >&2
      columns+=("CAST(\`$name\` AS STRING) AS \`$name\`")
    elif [[ "$excluded_columns" == *" $name "* || "$type" == timestamp* ]]; then
      left_out+=("$name")
    else
      columns+=("$(comparable "$name" "$type")")
    fi
    unset "type_in_b[$name]"
  done < <(fields "${schema[$t.a]}")
  for name in "${!type_in_b[@]}"; do echo "$t: column $name is only in B, not compared" >&2; done
  unset type_in_b
  echo "$t: comparing ${#columns[@]} columns, leaving out ${left_out[*]:-none}" >&2
  cols="$(IFS=,; echo "${columns[*]}")"
  ta="delta.\`$a/$t\`"
  tb="delta.\`$b/$t\`"
  [ -z "$count_query" ] || count_query+=" UNION ALL "
  count_query+="SELECT '$t',
    (SELECT count(*) FROM $ta), (SELECT count(*) FROM $tb),
    (SELECT count(*) FROM (SELECT $cols FROM $ta EXCEPT ALL SELECT $cols FROM $tb)),
    (SELECT count(*) FROM (SELECT $cols FROM $tb EXCEPT ALL SELECT $cols FROM $ta))"
done
# A table on one side only: all its rows differ.
for t in "${tables[@]}"; do
  if has_table "$a" "$t" && ! has_table "$b" "$t"; then
    echo "$t: only in A" >&2
    [ -z "$count_query" ] || count_query+=" UNION ALL "
    count_query+="SELECT '$t', count(*), 'absent', count(*), 0 FROM delta.\`$a/$t\`"
  elif has_table "$b" "$t" && ! has_table "$a" "$t"; then
    echo "$t: only in B" >&2
    [ -z "$count_query" ] || count_query+=" UNION ALL "
    count_query+="SELECT '$t', 'absent', count(*), 0, count(*) FROM delta.\`$b/$t\`"
  fi
done
declare -A counts=()
if [ -n "$count_query" ]; then
  result="$(sql "$count_query")"
  while IFS=$'\t' read -r t rows_a rows_b only_a only_b; do
    counts["$t"]="$rows_a $rows_b $only_a $only_b"
  done <<< "$result"
fi

# 3. One line per table.
differs=0
printf '%-20s %10s %10s %10s %10s\n' table rows_in_A rows_in_B only_in_A only_in_B
for t in "${tables[@]}"; do
  if [ -z "${counts[$t]+set}" ]; then
    echo "$t: in neither warehouse" >&2
    counts["$t"]="absent absent 0 0"
  fi
  # shellcheck disable=SC2086
  set -- ${counts[$t]}
  printf '%-20s %10s %10s %10s %10s\n' "$t" "$1" "$2" "$3" "$4"
  if [ "$3" != 0 ] || [ "$4" != 0 ] || [ "$1" = absent ] || [ "$2" = absent ]; then
    differs=1
  fi
done
exit "$differs"
