//! Bulk rows to a server with `COPY … FROM STDIN` (text or binary), with the server's
//! reason when it refuses some of them (a failed write only says the stream broke).

use std::io::Write as _;

use super::Result;
use super::pg::PgConn;

impl PgConn {
    /// Sends `data` (in the format `sql` names: COPY text, tab-separated with `\N` for
    /// NULL, unless it says binary) with `sql`; the number of rows the server took.
    pub fn copy_in(&self, sql: &str, data: &[u8]) -> Result<u64> {
        self.settle()?;
        copy_with(&mut self.client(), sql, data)
    }
}

/// [`PgConn::copy_in`] on a client of its own (a helper thread's).
pub(super) fn copy_with(client: &mut postgres::Client, sql: &str, data: &[u8]) -> Result<u64> {
    let mut w = client.copy_in(sql)?;
    // In pieces, so the server starts on the rows while the rest are on their way (one
    // write copies the whole batch into the client's buffer first, the server idle).
    let written = data
        .chunks(256 * 1024)
        .try_for_each(|piece| w.write_all(piece));
    // The server's error, when there is one, comes with the end of the stream.
    let finished = w.finish();
    match (written, finished) {
        (_, Err(e)) => Err(e.into()),
        (Err(e), Ok(_)) => Err(e.into()),
        (Ok(()), Ok(n)) => Ok(n),
    }
}
