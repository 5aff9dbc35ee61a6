package dev.shardline.driver.analysis;

import static dev.shardline.driver.analysis.Fixtures.analyze;
import static dev.shardline.driver.analysis.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The key's parameter index must be the JDBC index, i.e. the position of its {@code ?} in the
 * text, whatever clause the other markers are in. Each statement below puts markers before the
 * key in a different clause; {@code |n|k} is the expected marker count and the key's index.
 */
class ParameterNumberingTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "select ?, ? from users where user_id = ?|3|3",
      "select case when a = ? then ? else ? end from users where user_id = ?|4|4",
      "select cast(? as signed), json_extract(doc, ?) from users where user_id = ?|3|3",
      "select * from users u join posts p on p.user_id = u.user_id and p.x = ? where u.user_id = ?|2|2",
      "select * from users u left join (select * from countries where x = ?) p on p.y = ? where u.user_id = ?|3|3",
      "select * from users where (select count(*) from countries where x = ?) > ? and user_id = ?|3|3",
      "select * from users where exists (select 1 from countries where x = ?) and user_id = ? limit ?|3|2",
      "select * from users where user_id = ? limit ?|2|1",
      "select * from users where user_id = ? limit ?, ?|3|1",
      "select * from users where user_id = ? limit ? offset ?|3|1",
      "select * from users where user_id = ? order by field(id, ?, ?) limit ?|4|1",
      "select * from users where a between ? and ? and b like ? escape '!' and user_id = ?|4|4",
      "select * from users where created > date_add(now(), interval ? day) and user_id = ?|2|2",
      "select * from users where name = 'x?' and note = ? and user_id = ?|2|2",
      "select * from users where a in (?, ?, ?) and user_id = ?|4|4",
      "select * from users where a not in (?) and b in (?, ?) and user_id = ?|4|4",
      "select * from users where user_id = ? group by x having count(*) > ?|2|1",
      "select a, row_number() over (partition by b order by ?) from users where user_id = ?|2|2",
      "with x as (select * from countries where y = ?) select * from users where user_id = ?|2|2",
      "select * from users where user_id = ? for update|1|1",
      "update users set a = ?, b = concat(?, ?) where c = ? and user_id = ? order by id limit ?|6|5",
      "update users u join posts p on p.user_id = u.user_id and p.k = ? set p.title = ?, u.n = ? where u.user_id = ?|4|4",
      "delete from users where a = ? and user_id = ? limit ?|3|2",
      "insert into users (a, b, user_id) values (?, ?, ?)|3|3",
      "insert into users (a, user_id) values (concat(?, ?), ?) on duplicate key update a = ?|4|3",
      "insert into users set a = ?, b = ?, user_id = ?|3|3",
      "/* ? */ select ? /* ? */ from users -- ?\\n where user_id = ?|2|2"})
  void keyIndexIsTheTextualPosition(String sql, int markers, int keyIndex) {
    StatementAnalysis a = analyze(sql.replace("\\n", "\n"));
    assertTrue(a.parseError().isEmpty(), a::toString);
    assertTrue(a.refusal().isEmpty(), a::toString);
    assertEquals(markers, a.parameterCount(), a::toString);
    assertEquals(p(keyIndex), a.keys().get(0), a::toString);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "insert into users (user_id, a) values (?, ?), (?, ?), (?, ?)|1,3,5",
      "insert into users (a, user_id) values (?, ?), (?, ?)|2,4",
      "insert into users (a, b, user_id) values (concat(?, ?), (select x from y where z = ?), ?), (?, ?, ?)|4,7",
      "replace into users (a, user_id) values (?, ?), ('x', ?)|2,3"})
  void everyRowKeyIndexIsTheTextualPosition(String sql, String indexes) {
    StatementAnalysis a = analyze(sql);
    List<KeyRef> expected = Arrays.stream(indexes.split(",")).map(i -> p(Integer.parseInt(i))).toList();
    assertEquals(expected, a.keys(), a::toString);
    assertEquals(expected, a.insertRows().orElseThrow().keys());
  }
}
