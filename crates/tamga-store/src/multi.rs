//! Multi-row `INSERT ... VALUES` statements for the rows a batch writes by the thousand
//! (paragraphs, events, quotes). One statement for many rows runs its setup once — a step, a
//! set of cursors on the table and each index, a statement journal — where a statement per
//! row paid for each of them every row, and values common to the rows are bound once.

use std::fmt::Write;

/// Cuts `items` into pieces of the row counts multi-row statements are prepared for: the
/// largest power of two up to `max` that fits, then smaller ones for the rest. A handful of
/// statement shapes per table, so they all stay in the prepared-statement cache.
pub fn pieces<T>(items: &[T], max: usize) -> impl Iterator<Item = &[T]> {
    let mut rest = items;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut n = max.max(1);
        while n > rest.len() {
            n /= 2;
        }
        let (piece, tail) = rest.split_at(n);
        rest = tail;
        Some(piece)
    })
}

/// `{head} VALUES (...), (...) {tail}` for `rows` rows: parameters `?1` to `?shared` are
/// common to every row, and row `r` gets `per_row` parameters of its own, numbered from
/// `shared + 1 + r * per_row`. `row` writes one row's parenthesized values given the number
/// of its first parameter.
pub fn values_sql(
    head: &str,
    rows: usize,
    shared: usize,
    per_row: usize,
    row: impl Fn(&mut String, usize),
    tail: &str,
) -> String {
    let mut sql = String::with_capacity(head.len() + tail.len() + rows * (per_row * 5 + 16));
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        row(&mut sql, shared + 1 + r * per_row);
    }
    sql.push(' ');
    sql.push_str(tail);
    sql
}

/// Writes `?{first}, ?{first + 1}, ...` for `n` parameters, each preceded by `, `.
pub fn params(sql: &mut String, first: usize, n: usize) {
    for i in first..first + n {
        // Writing to a String cannot fail.
        let _ = write!(sql, ", ?{i}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_everything_in_order_with_few_shapes() {
        let items: Vec<usize> = (0..43).collect();
        let got: Vec<&[usize]> = pieces(&items, 16).collect();
        let sizes: Vec<usize> = got.iter().map(|p| p.len()).collect();
        assert_eq!(sizes, [16, 16, 8, 2, 1]);
        assert_eq!(got.concat(), items);
        assert_eq!(pieces::<u8>(&[], 16).count(), 0);
        assert_eq!(
            pieces(&[1, 2, 3], 0).map(<[_]>::len).collect::<Vec<_>>(),
            [1, 1, 1]
        );
    }

    #[test]
    fn values_number_shared_and_row_parameters() {
        let sql = values_sql(
            "INSERT INTO t (a, b, c)",
            2,
            1,
            2,
            |s, first| {
                s.push_str("(?1");
                params(s, first, 2);
                s.push(')');
            },
            "ON CONFLICT DO NOTHING",
        );
        assert_eq!(
            sql,
            "INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3), (?1, ?4, ?5) ON CONFLICT DO NOTHING"
        );
    }
}
