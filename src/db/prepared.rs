//! A hand-written statement that the connection prepares once and keeps, like diesel's own
//! queries. diesel's `sql_query` is never kept (it cannot know that its text is fixed), so each
//! use costs a round trip to parse and plan it before the one that runs it; the one-statement
//! writes are long CTEs sent on every request, and that was most of their cost beyond the
//! statement itself.
//!
//! [`Prepared`] takes text built once (a `static`, so the connection's statement cache, keyed by
//! the text and the parameters' types, holds one entry per statement) with its own `$1 … $n`
//! placeholders, each usable many times, and the values for them in order. diesel numbers the
//! parameters as it writes them, one placeholder per value; they are written first, inside a
//! comment, so the numbering is the text's own and the text is sent as it is:
//! `/*$1$2$3*/ WITH …`.
//!
//! [`Statement`] is such text made at first use (from the schema's words, or other statements'
//! parts) and kept for the life of the process.

use std::marker::PhantomData;
use std::sync::LazyLock;

use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{HasSqlType, Untyped};

/// A statement's fixed text with its `$n` parameters' values, bound in order.
pub struct Prepared<'f> {
    sql: &'static str,
    binds: Vec<Box<dyn QueryFragment<Pg> + Send + 'f>>,
}

/// One value, written as the next placeholder.
struct Bind<ST, V> {
    value: V,
    sql_type: PhantomData<ST>,
}

impl<ST, V> QueryFragment<Pg> for Bind<ST, V>
where
    Pg: HasSqlType<ST>,
    V: ToSql<ST, Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_bind_param::<ST, V>(&self.value)
    }
}

impl<'f> Prepared<'f> {
    /// The statement `sql`: fixed text, so that it is prepared once per connection.
    pub fn new(sql: &'static str) -> Self {
        Prepared { sql, binds: Vec::new() }
    }

    /// The value of the next parameter (`$1`, then `$2`, …) as the SQL type `ST`.
    pub fn bind<ST, V>(mut self, value: V) -> Self
    where
        Pg: HasSqlType<ST>,
        V: ToSql<ST, Pg> + Send + 'f,
        ST: Send + 'f,
    {
        self.binds.push(Box::new(Bind { value, sql_type: PhantomData::<ST> }));
        self
    }
}

/// A statement's fixed text, made once at first use:
/// `static SAVE: Statement = Statement::new(|| format!(…));` then `SAVE.prepared().bind…`.
pub struct Statement(LazyLock<String>);

impl Statement {
    /// The statement that `make` writes (called once, at first use).
    pub const fn new(make: fn() -> String) -> Self {
        Statement(LazyLock::new(make))
    }

    /// The statement, to bind its values to.
    pub fn prepared<'f>(&'static self) -> Prepared<'f> {
        Prepared::new(self.0.as_str())
    }
}

impl QueryFragment<Pg> for Prepared<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        // never `unsafe_to_cache_prepared`: the text is fixed and the values are parameters
        out.push_sql("/*");
        for b in &self.binds {
            b.walk_ast(out.reborrow())?;
        }
        out.push_sql("*/ ");
        out.push_sql(self.sql);
        Ok(())
    }
}

impl QueryId for Prepared<'_> {
    type QueryId = ();
    // one Rust type for every statement: the cache keys them by their text
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Prepared<'_> {
    type SqlType = Untyped;
}

impl<Conn> diesel::RunQueryDsl<Conn> for Prepared<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::sql_types::{Integer, Text};

    #[test]
    fn the_values_are_numbered_in_a_comment_and_the_text_is_sent_as_it_is() {
        let q = Prepared::new("SELECT $2 || $1, $1").bind::<Text, _>("a").bind::<Integer, _>(2);
        let sql = diesel::debug_query::<Pg, _>(&q).to_string();
        assert!(sql.starts_with("/*$1$2*/ SELECT $2 || $1, $1"), "{sql}");
    }

    #[test]
    fn a_prepared_statement_may_be_kept_by_the_connection() {
        let q = Prepared::new("SELECT $1").bind::<Text, _>("a");
        assert!(q.is_safe_to_cache_prepared(&Pg).unwrap());
        let raw = diesel::sql_query("SELECT $1").bind::<Text, _>("a");
        assert!(!raw.is_safe_to_cache_prepared(&Pg).unwrap());
    }
}
